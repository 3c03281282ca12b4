package dev.ampsync.internal.engine;

/**
 * The keys one run saw, each with the values hash of its first row (for {@link DuplicateCheck}), and
 * for {@link RemovedKeys} and the end of a resync whether a key was seen at all.
 *
 * <p>A whole-model re-run has the stored digests' table ({@link StoredDigests}), which holds nearly
 * every key the rows will have, and the run has already probed it for each row: for a key there, a
 * bit beside its slot says it was seen, with no table of its own to fill (a million keys cost a
 * 32 MB table and a random probe into it per row; the bits take 256 KB). A first row whose values
 * differ from the stored digest (a changed row) has its values kept aside, for a later duplicate's
 * message. Every other key (a new one, or every key without stored digests) goes to a {@link KeySet}
 * as before, made on first use: sized for every key the run expects without stored digests, and
 * only for those the table lacks with them (a re-run whose table holds every key makes no 32 MB
 * table, nor the temporary file it would be mapped from, for the keys it will not hold). Which way a key goes depends only on the table, which does not change during the run,
 * so each key is always looked for where it was put.
 *
 * <p>Not thread-safe: the run's thread alone adds. Owns the stored digests given to {@link
 * #markStored} only when told to ({@code owned}); closing frees the key set (and them).
 */
final class SeenKeys implements AutoCloseable {
  /** Where a key's hash has no slot in the stored digests' table. */
  static final int NO_SLOT = -1;

  /** How many keys the run expects (the keys its state holds), for the key set's first size. */
  private final long expectedKeys;
  /** The keys without a slot in the stored digests' table; null until first used. */
  private KeySet unstored;
  private StoredDigests stored;
  private boolean ownsStored;
  /** One bit per slot of the stored digests' table: set once a row with that slot's key was seen. */
  private long[] marks;
  /**
   * The values of the first row of a stored key when they differ from its stored digest, or 0 for a
   * key kept without values ({@link #keep}): what a later duplicate is compared with.
   */
  private KeySet firstValues;

  /** Seen keys for a run that expects about {@code expectedKeys} keys (0: unknown; the key set grows). */
  SeenKeys(long expectedKeys) {
    this.expectedKeys = expectedKeys;
  }

  /**
   * From here on, keys in {@code digests}' table are marked beside their slot, not added to the key
   * set; called before the first key.
   *
   * @param owned whether closing this closes them (else their owner does, after this is done with)
   */
  void markStored(StoredDigests digests, boolean owned) {
    if (unstored != null && unstored.size() > 0) {
      throw new IllegalStateException("the stored digests come before the first key");
    }
    stored = digests;
    ownsStored = owned;
    marks = new long[(int) ((digests.slots() + 63) / 64)];
  }

  /** The slot of a key hash in the stored digests' table, or {@link #NO_SLOT}. */
  int slotOf(long keyHash) {
    return stored == null ? NO_SLOT : stored.slotOf(keyHash);
  }

  /** The key set of the keys without a slot, which {@link GroupConflicts} shares for its hashes. */
  KeySet unstored() {
    if (unstored == null) {
      unstored = new KeySet(stored == null ? expectedKeys : Math.max(0, expectedKeys - stored.size()));
    }
    return unstored;
  }

  /**
   * Adds a key's hash with its row's values hash; when the key was seen before, keeps the first
   * values and returns false (then {@link #firstValuesOf} tells them).
   *
   * @param slot {@link #slotOf} the hash, as the run's probe of the stored digests found it
   */
  boolean add(long keyHash, int slot, long values) {
    if (slot == NO_SLOT) {
      return unstored().add(keyHash, values);
    }
    if (!mark(slot)) {
      return false;
    }
    if (values != stored.digestAt(slot)) {
      firstValues().put(keyHash, values);
    }
    return true;
  }

  /** The values hash the first row of a seen key came with. */
  long firstValuesOf(long keyHash, int slot) {
    if (slot == NO_SLOT) {
      return unstored().valueOf(keyHash);
    }
    return firstValues != null && firstValues.contains(keyHash) ? firstValues.valueOf(keyHash) : stored.digestAt(slot);
  }

  /** Remembers a key with no values (a row that is invalid but still in the model), unless seen already. */
  void keep(String key) {
    long keyHash = KeySet.hash(key);
    int slot = slotOf(keyHash);
    if (slot == NO_SLOT) {
      unstored().add(keyHash);
    } else if (mark(slot)) {
      firstValues().put(keyHash, 0);
    }
  }

  /** Tells whether a row of the run had this key. */
  boolean contains(String key) {
    long keyHash = KeySet.hash(key);
    int slot = slotOf(keyHash);
    return slot == NO_SLOT ? unstored().contains(keyHash) : (marks[slot >>> 6] & (1L << slot)) != 0;
  }

  /** Sets a slot's bit; returns false when it was set already. */
  private boolean mark(int slot) {
    long bit = 1L << slot; // the shift takes the slot's low six bits
    long word = marks[slot >>> 6];
    if ((word & bit) != 0) {
      return false;
    }
    marks[slot >>> 6] = word | bit;
    return true;
  }

  private KeySet firstValues() {
    if (firstValues == null) {
      firstValues = new KeySet();
    }
    return firstValues;
  }

  @Override
  public void close() {
    try {
      if (unstored != null) {
        unstored.close();
      }
      if (firstValues != null) {
        firstValues.close();
      }
    } finally {
      if (ownsStored) {
        stored.close();
      }
    }
  }
}
