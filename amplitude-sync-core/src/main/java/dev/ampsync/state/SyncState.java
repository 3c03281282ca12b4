package dev.ampsync.state;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The state of one sync: opaque values by record key (the engine stores property fingerprints of
 * users, devices and groups, and an empty value per acknowledged event), plus a few named metadata
 * entries (the mapping's fingerprint, the watermark).
 *
 * <p>Thread-safe. Writes may be buffered until {@link #commit()}.
 */
public interface SyncState extends AutoCloseable {

  /**
   * Returns the value stored for a key.
   *
   * @param key the record key
   * @return the value, or null when the key was never acknowledged
   */
  byte[] get(String key);

  /**
   * Stores a value for a key.
   *
   * @param key the record key
   * @param value the value
   */
  void put(String key, byte[] value);

  /**
   * Stores a value for a key acknowledged from a row that a {@link WarehousePlanner} returned, with
   * the row's digest, which the planner compares next time. A plain {@link #put(String, byte[])}
   * leaves no digest, so the planner returns that key's row again. The default ignores the digest.
   *
   * @param key the record key
   * @param value the value
   * @param rowDigest the digest the planner computed for the row
   */
  default void put(String key, byte[] value, String rowDigest) {
    put(key, value);
  }

  /**
   * Logs a row's problem (invalid, rejected or failed) with the run, for stores that keep sync logs;
   * written with the next {@link #commit()}. The default keeps nothing.
   *
   * @param runId the run's id
   * @param key the row's key, or null when it has none
   * @param outcome the outcome's name ({@code INVALID}, {@code REJECTED}, {@code FAILED})
   * @param reason why
   */
  default void logProblem(String runId, String key, String outcome, String reason) {}

  /**
   * Logs a finished run, for stores that keep sync logs; written with the next {@link #commit()}. The
   * default keeps nothing.
   *
   * @param run the run
   */
  default void logRun(RunLogEntry run) {}

  /**
   * Removes a key.
   *
   * @param key the record key
   */
  void remove(String key);

  /**
   * Calls {@code action} for every stored key, in no particular order. Keys put or removed during the
   * iteration may or may not be seen.
   *
   * @param action what to do with each key
   */
  void forEachKey(Consumer<String> action);

  /**
   * Calls {@code action} for every stored key and its value, in no particular order: what a run
   * reads once, up front, instead of one {@link #get} per row. Keys put or removed during the
   * iteration may or may not be seen. The default gets each key's value; a store that can read its
   * entries in one pass (a file in key order, one query) should override it.
   *
   * @param action what to do with each key and its value
   */
  default void forEachEntry(BiConsumer<String, byte[]> action) {
    forEachKey(key -> {
      byte[] value = get(key);
      if (value != null) {
        action.accept(key, value);
      }
    });
  }

  /**
   * Returns how many keys are stored.
   *
   * @return the count
   */
  long size();

  /**
   * Returns a metadata entry.
   *
   * @param name the entry's name
   * @return its value, or null
   */
  String meta(String name);

  /**
   * Sets a metadata entry.
   *
   * @param name the entry's name
   * @param value its value, or null to remove it
   */
  void meta(String name, String value);

  /** Removes every key (not the metadata). */
  void clear();

  /** Makes every change so far durable. */
  void commit();

  /** Commits and releases the state. */
  @Override
  void close();
}
