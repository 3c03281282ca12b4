package dev.ampsync.internal.engine;

import dev.ampsync.internal.engine.RowMapper.Mapped;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.RecordValidator;
import dev.ampsync.record.Violation;
import dev.ampsync.source.Row;
import java.util.List;

/**
 * The part of a row's way that depends on the row alone: with a state, the row's lookup key and
 * digest; and the row's record with its violations, when the row will be mapped. Done on the reader
 * thread ({@link ReadAhead}) while the run's thread is the slower side, so that it overlaps with the
 * rest, and on the run's thread ({@link RowPipeline}) for the rows the reader left it; the run's
 * thread also does whatever a prepared row is missing, so the outcome of a row never depends on which
 * thread prepared it; only the time does.
 *
 * <p>With a state, whether a row is mapped at all depends on the state (an unchanged row is not), so
 * rows are mapped ahead only while most recent rows needed mapping ({@link #observe}): a first run or
 * a run with many changes maps them here; an unchanged re-run does not map rows only to drop them.
 * With stored digests, a row that is not mapped ahead is not prepared on the reader at all ({@link
 * #prepareAhead}).
 */
final class RowPreparation {
  /** How many rows the run's thread counts before it tells the reader whether to map ahead. */
  static final int WINDOW = 256;

  /**
   * What the reader prepared for one row. A missing part ({@code keyed} false, or
   * {@code mapped} null) is left to the run's thread.
   *
   * @param key the key to look the row up with (null: none, or nothing is looked up in this run)
   * @param digest the row's values hash, as {@link RowPipeline} would compute it
   * @param mapped the row's mapping, or null when it was not mapped ahead
   * @param record what is sent for a {@link Mapped.Ready} row (its record, less the user-properties
   *     sync when the job skips it), else null
   * @param violations what the validator found in {@code record}, else null
   * @param stored what the stored digests read before the run ({@link StoredDigests}) say of the
   *     row's key: this very digest (the row is unchanged, with no state read), no such key (nothing
   *     to read either), or read the state
   * @param keyHash the key's hash ({@link KeySet#hash}), when {@code storedSlot} is not {@link #UNPROBED}
   * @param storedSlot the key's slot in the stored digests' table ({@link SeenKeys#NO_SLOT} when it
   *     has none), or {@link #UNPROBED} when the table was not probed for it
   */
  record Prepared(String key, boolean keyed, long digest, Mapped mapped, AmplitudeRecord record,
      List<Violation> violations, StoredDigests.Answer stored, long keyHash, int storedSlot) {
    /** A {@link #storedSlot} for a row whose key was not looked for in the stored digests. */
    static final int UNPROBED = -2;

    Prepared(String key, boolean keyed, long digest, Mapped mapped, AmplitudeRecord record,
        List<Violation> violations) {
      this(key, keyed, digest, mapped, record, violations, StoredDigests.Answer.READ_STATE, 0, UNPROBED);
    }

    /** Whether {@link #keyHash} and {@link #storedSlot} tell where the key is in the stored digests. */
    boolean probed() {
      return storedSlot != UNPROBED;
    }

    /** Whether the stored digests hold this row's digest for its key. */
    boolean storedUnchanged() {
      return stored == StoredDigests.Answer.UNCHANGED;
    }

    /** Whether the stored digests know the state holds no such key. */
    boolean notStored() {
      return stored == StoredDigests.Answer.NOT_STORED;
    }
  }

  private final RowMapper mapper;
  /** Null without the unchanged-row shortcut: the digest is then the mapper's own. */
  private final KeyAndDigest keyAndDigest;
  private final RecordValidator validator;
  /** Null unless the stored digests were read up front (a whole-model re-run). */
  private final StoredDigests storedDigests;
  private final boolean skipUserPropertiesSync;
  /** Whether the reader maps every row ahead (no state: every row is mapped). */
  private final boolean alwaysMap;
  /** Set by the run's thread, read by the reader: whether most recent rows needed mapping. */
  private volatile boolean mapAhead;
  // The run's thread's count of the current window (not shared).
  private int observed;
  private int neededMapping;
  // The run's thread's work space for a chunk's rows (prepareRest; not shared).
  private String[] chunkKeys = new String[0];
  private long[] chunkDigests = new long[0];
  private long[] chunkHashes = new long[0];
  private int[] chunkSlots = new int[0];

  private RowPreparation(RowMapper mapper, KeyAndDigest keyAndDigest, RecordValidator validator,
      StoredDigests storedDigests, boolean skipUserPropertiesSync, boolean alwaysMap) {
    this.storedDigests = storedDigests;
    this.mapper = mapper;
    this.keyAndDigest = keyAndDigest;
    this.validator = validator;
    this.skipUserPropertiesSync = skipUserPropertiesSync;
    this.alwaysMap = alwaysMap;
    this.mapAhead = alwaysMap;
  }

  /**
   * The preparation of a declarative mapping's rows, or null for a row function (user code runs on
   * the run's thread, as it always has).
   *
   * @param keyAndDigest the unchanged-row shortcut's stage, or null without one: then every row is
   *     mapped, so every row is mapped ahead
   * @param storedDigests the digests stored with the keys, read before the run, or null
   */
  static RowPreparation of(RowMapper mapper, KeyAndDigest keyAndDigest, RecordValidator validator,
      StoredDigests storedDigests, boolean skipUserPropertiesSync) {
    if (!mapper.hasDigest()) {
      return null;
    }
    return new RowPreparation(mapper, keyAndDigest, validator, keyAndDigest == null ? null : storedDigests,
        skipUserPropertiesSync, keyAndDigest == null);
  }

  /**
   * What the reader prepares for a row while the run's thread is behind ({@link ReadAhead}), or null
   * to leave the row to that thread. With stored digests, a row is left unless rows are being mapped
   * ahead: the reader's work between two fetches is a round trip the database waits for (a JDBC
   * fetch is synchronous, so the database and the reader take turns), and the key, digest and probe
   * that are all an unchanged row needs cost the run's thread less, with the probes of a chunk made
   * together ({@link #prepareRest}). Measured on an unchanged re-run of a million rows: wall 0.95 ×,
   * CPU 0.97 × (BENCHMARKS.md, "Seventh session").
   */
  Prepared prepareAhead(Row row) {
    return storedDigests != null && !mapAhead ? null : prepare(row);
  }

  /**
   * Prepares one row, on either thread (at once for different rows); null if anything went wrong
   * (the run's thread then does it all, and meets the failure where it is handled).
   */
  Prepared prepare(Row row) {
    try {
      String key = null;
      long digest;
      if (keyAndDigest != null) {
        key = keyAndDigest.keyOf(row);
        digest = keyAndDigest.digest(row);
      } else {
        digest = mapper.digest(row);
      }
      long keyHash = 0;
      int slot = Prepared.UNPROBED;
      if (storedDigests != null && key != null) { // one probe: the answer, and where the run marks the key seen
        keyHash = KeySet.hash(key);
        slot = storedDigests.slotOf(keyHash);
      }
      return finish(row, key, digest, keyHash, slot);
    } catch (RuntimeException e) {
      return null; // the run's thread does the work again and meets the same failure where it is handled
    }
  }

  /**
   * Prepares, on the run's thread, the rows of a chunk that the reader left ({@code prepared[i]}
   * null), with the stored-digest probes of all of them made together: each is a random access into
   * a table of tens of megabytes, and made one after another, with no other work of the row's
   * between them, they overlap in the processor instead of each waiting for memory in turn. Without
   * stored digests the rows are prepared as they come.
   */
  void prepareRest(Row[] rows, Object[] prepared, int size) {
    if (storedDigests == null) {
      return;
    }
    if (chunkKeys.length < size) {
      chunkKeys = new String[size];
      chunkDigests = new long[size];
      chunkHashes = new long[size];
      chunkSlots = new int[size];
    }
    for (int i = 0; i < size; i++) {
      chunkSlots[i] = Prepared.UNPROBED;
      if (prepared[i] != null) {
        continue;
      }
      try {
        String key = keyAndDigest.keyOf(rows[i]);
        chunkDigests[i] = keyAndDigest.digest(rows[i]);
        chunkKeys[i] = key;
        chunkHashes[i] = key == null ? 0 : KeySet.hash(key);
        chunkSlots[i] = key == null ? Prepared.UNPROBED : SeenKeys.NO_SLOT; // to probe
      } catch (RuntimeException e) {
        chunkKeys[i] = null; // left to the row's own turn, which meets the failure where it is handled
      }
    }
    for (int i = 0; i < size; i++) {
      if (chunkSlots[i] == SeenKeys.NO_SLOT) {
        chunkSlots[i] = storedDigests.slotOf(chunkHashes[i]);
      }
    }
    for (int i = 0; i < size; i++) {
      if (prepared[i] == null && chunkKeys[i] != null) {
        try {
          prepared[i] = finish(rows[i], chunkKeys[i], chunkDigests[i], chunkHashes[i], chunkSlots[i]);
        } catch (RuntimeException e) {
          prepared[i] = null;
        }
        chunkKeys[i] = null;
      }
    }
  }

  /** The rest of a row's preparation, once its key, digest and place in the stored digests are known. */
  private Prepared finish(Row row, String key, long digest, long keyHash, int slot) {
    StoredDigests.Answer stored = slot == Prepared.UNPROBED
        ? StoredDigests.Answer.READ_STATE : storedDigests.answer(keyHash, slot, digest);
    if (stored == StoredDigests.Answer.UNCHANGED) {
      return new Prepared(key, true, digest, null, null, null, stored, keyHash, slot);
    }
    if (!mapAhead) {
      return new Prepared(key, keyAndDigest != null, digest, null, null, null, stored, keyHash, slot);
    }
    Mapped mapped = mapper.map(row, key);
    if (mapped instanceof Mapped.Ready ready) {
      AmplitudeRecord record = skipUserPropertiesSync ? withoutUserPropertiesSync(ready.record()) : ready.record();
      return new Prepared(key, keyAndDigest != null, digest, mapped, record, validator.validate(record), stored,
          keyHash, slot);
    }
    return new Prepared(key, keyAndDigest != null, digest, mapped, null, null, stored, keyHash, slot);
  }

  /**
   * Counts, on the run's thread, whether a row needed mapping; every {@link #WINDOW} rows tells the
   * reader whether to map ahead.
   */
  void observe(boolean rowNeededMapping) {
    if (alwaysMap) {
      return;
    }
    if (rowNeededMapping) {
      neededMapping++;
    }
    if (++observed == WINDOW) {
      boolean ahead = neededMapping * 2 > WINDOW;
      if (ahead != mapAhead) {
        mapAhead = ahead;
      }
      observed = 0;
      neededMapping = 0;
    }
  }

  static AmplitudeRecord withoutUserPropertiesSync(AmplitudeRecord record) {
    return record instanceof EventRecord event ? event.toBuilder().skipUserPropertiesSync(true).build() : record;
  }
}
