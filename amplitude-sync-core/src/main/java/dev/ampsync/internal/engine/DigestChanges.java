package dev.ampsync.internal.engine;

import dev.ampsync.internal.state.Fingerprints;

/**
 * What a run wrote to the keys of its state, as key hash and row digest, the last write of a key
 * winning: the stored digests read when the run began, updated with these, are the state's digests
 * when the run ends ({@link DigestTableFile}). Written by the threads that write the state (the
 * committer, the run's thread for removals), read after the run's last commit.
 *
 * <p>Bounded: past {@code limit} keys it stops recording and {@link #usable()} turns false (the next
 * run reads the state's keys instead of the table), as it does after the keys are cleared.
 */
final class DigestChanges implements AutoCloseable {
  /** The value of a removed key. */
  static final long REMOVED = KeySet.ABSENT + 1;
  /** The value of a key written without a row digest (or with one equal to a marker). */
  static final long NO_DIGEST = KeySet.ABSENT;

  private final KeySet changes = new KeySet();
  private final long limit;
  private boolean usable = true;
  /** Whether every key recorded came with a row digest. */
  private boolean allDigested = true;

  DigestChanges(long limit) {
    this.limit = limit;
  }

  /** Records a key written with this fingerprint. */
  synchronized void put(String key, byte[] fingerprint) {
    long digest = Fingerprints.rowDigestOf(fingerprint, NO_DIGEST);
    if (digest == NO_DIGEST || digest == REMOVED) {
      allDigested = false;
      digest = NO_DIGEST;
    }
    record(key, digest);
  }

  /** Records a key removed. */
  synchronized void remove(String key) {
    record(key, REMOVED);
  }

  /** Records that every key was removed: the table no longer says anything true. */
  synchronized void cleared() {
    giveUp();
  }

  private void record(String key, long value) {
    if (!usable) {
      return;
    }
    if (changes.size() >= limit) {
      giveUp();
      return;
    }
    changes.put(KeySet.hash(key), value);
  }

  private void giveUp() {
    usable = false;
    changes.close();
  }

  /** Tells whether every change was recorded. */
  synchronized boolean usable() {
    return usable;
  }

  /** Tells whether every key written came with a row digest. */
  synchronized boolean allDigested() {
    return allDigested;
  }

  /** Returns how many keys were recorded. */
  synchronized long size() {
    return changes.size();
  }

  /** Tells whether nothing was recorded (an unchanged re-run). */
  synchronized boolean isEmpty() {
    return changes.size() == 0;
  }

  /** Tells whether a key hash was written (or removed) in this run. */
  synchronized boolean changed(long hash) {
    return changes.contains(hash);
  }

  /** Gives every recorded key hash and its value to {@code action}. */
  synchronized void forEach(KeySet.PairAction action) {
    changes.forEach(action);
  }

  @Override
  public synchronized void close() {
    changes.close();
  }
}
