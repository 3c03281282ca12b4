package dev.ampsync.internal.engine;

import dev.ampsync.internal.state.Fingerprints;

/**
 * The row digest stored with each key, read from the state in one pass before a whole-model re-run,
 * so that the unchanged-row shortcut costs one probe of an in-memory (or mapped, see {@link KeySet})
 * table per row instead of one read of the state. A row whose key is absent here, or whose digest
 * differs, is looked up in the state as before: this only answers "unchanged" when the state would.
 *
 * <p>Read by the reader thread once built (the table is not written after); the state cannot change
 * under it except by this run's own acknowledgements, of keys already past the shortcut.
 */
final class StoredDigests implements AutoCloseable {
  private final KeySet digests;

  private StoredDigests(KeySet digests) {
    this.digests = digests;
  }

  /** Reads every stored key's row digest; keys stored without one are left out. */
  static StoredDigests read(RunState state) {
    KeySet digests = new KeySet(state.keysHeld());
    try {
      state.forEachStored((key, stored) -> {
        long digest = Fingerprints.rowDigestOf(stored, KeySet.ABSENT);
        if (digest != KeySet.ABSENT) {
          digests.add(KeySet.hash(key), digest);
        }
      });
    } catch (RuntimeException e) {
      digests.close();
      throw e;
    }
    return new StoredDigests(digests);
  }

  /** Tells whether the state holds this very digest for the key: the row is unchanged. */
  boolean unchanged(String key, long digest) {
    // ABSENT is what an unknown key answers: a digest equal to it is never taken as a match
    return key != null && digest != KeySet.ABSENT && digests.valueOf(KeySet.hash(key)) == digest;
  }

  @Override
  public void close() {
    digests.close();
  }
}
