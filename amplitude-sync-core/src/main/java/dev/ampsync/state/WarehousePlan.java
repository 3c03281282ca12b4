package dev.ampsync.state;

import dev.ampsync.internal.util.Arguments;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the engine asks a {@link WarehousePlanner} for: the model rows of one sync that must be sent,
 * found where the data is. Immutable.
 *
 * @param syncName the name the sync's state is kept under (see {@link StateStore#open})
 * @param key how a row's key is made from the model's columns: the parts, joined with {@link
 *     #KEY_SEPARATOR} (a user, device or event key has one part; a group key its type, its value and,
 *     for a membership, the member's user id)
 * @param digestColumns the labels of every model column the mapping reads: a row whose values in
 *     them did not change since they were acknowledged is not sent
 * @param seed mixed into every row digest: the mapping and the settings that change what a row
 *     becomes, so that a digest stored under another mapping never matches
 * @param everyRow whether every model row is wanted (a resync, which trusts nothing stored)
 * @param watermarkColumn the label of the watermark column, or null
 * @param after the watermark's exclusive lower bound, or null: rows at or before it may be left out
 */
public record WarehousePlan(
    String syncName, List<KeyPart> key, List<String> digestColumns, String seed, boolean everyRow,
    String watermarkColumn, Instant after) {

  /** Separates a key's parts (U+001F, a control character): the engine joins a group's key with it. */
  public static final char KEY_SEPARATOR = '\u001f';

  /**
   * Checks the plan.
   *
   * @throws NullPointerException if the sync name, key, digest columns or seed is null
   * @throws IllegalArgumentException if the key has no part
   */
  public WarehousePlan {
    Arguments.required(syncName, "syncName", "pass the sync's name, as SyncJob.builder(name) gave it");
    key = List.copyOf(Arguments.required(key, "key", "pass the key's parts, e.g. List.of(KeyPart.column(\"id\"))"));
    digestColumns = List.copyOf(Arguments.required(digestColumns, "digestColumns",
        "pass the labels of the columns the row's digest covers, in order"));
    Arguments.required(seed, "seed", "pass the text the digests start from (the mapping's fingerprint)");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("a key needs at least one part");
    }
  }

  /** Returns the watermark column, when the rows are read incrementally. */
  public Optional<String> watermark() {
    return Optional.ofNullable(watermarkColumn);
  }

  /**
   * One part of a key: a model column (its value as text) or a constant text.
   *
   * @param column the column's label, or null
   * @param constant the constant text, or null
   */
  public record KeyPart(String column, String constant) {
    /**
     * Checks that exactly one of the two is given.
     *
     * @throws IllegalArgumentException if both or neither is given
     */
    public KeyPart {
      if ((column == null) == (constant == null)) {
        throw new IllegalArgumentException("a key part is a column or a constant, exactly one");
      }
    }

    /** A part read from a column. */
    public static KeyPart column(String label) {
      return new KeyPart(Arguments.required(label, "label", "pass the model column's label, e.g. \"id\""), null);
    }

    /** A constant part. */
    public static KeyPart constant(String text) {
      return new KeyPart(null, Arguments.required(text, "text", "pass the constant text of the key part, e.g. \"company\""));
    }
  }
}
