package dev.ampsync.internal.engine;

import dev.ampsync.internal.state.Fingerprints;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The row digest stored with each key, read from the state in one pass before a whole-model re-run,
 * so that the unchanged-row shortcut costs one probe of an in-memory (or mapped, see {@link KeySet})
 * table per row instead of one read of the state. A row whose digest differs is looked up in the
 * state as before; so is a row whose key is absent here, unless every stored key came with a digest
 * (then the state holds no such key). It only answers "unchanged" or "not stored" when the state
 * would.
 *
 * <p>Read by the run's two threads at once once built (the table is not written after); the state
 * cannot change under it except by this run's own acknowledgements, of keys already past the
 * shortcut (a later row with such a key is a duplicate the run refuses).
 */
final class StoredDigests implements AutoCloseable {
  /** What the stored digests tell of a row. */
  enum Answer {
    /** The state holds this very digest for the key. */
    UNCHANGED,
    /** The state holds no such key (every stored key had a digest, and none has this key's hash). */
    NOT_STORED,
    /** Read the state: the key is stored with another digest, or the table does not know. */
    READ_STATE
  }

  private final KeySet digests;
  /** Whether every stored key is in the table: then a key it lacks is not stored at all. */
  private final boolean everyKey;
  /** Whether the table came from the file the last run left ({@link DigestTableFile}). */
  private final boolean loaded;

  private StoredDigests(KeySet digests, boolean everyKey, boolean loaded) {
    this.digests = digests;
    this.everyKey = everyKey;
    this.loaded = loaded;
  }

  /**
   * Reads every stored key's row digest; keys stored without one are left out. Loads them from the
   * table the last run left beside a file state when it was written for the state as it is now.
   */
  static StoredDigests read(RunState state) {
    DigestTableHome home = state.digestHome();
    DigestTableFile.Loaded table = home == null ? null : home.load();
    if (table != null) {
      return new StoredDigests(table.digests(), table.everyKey(), true);
    }
    return walk(state);
  }

  /** Reads every stored key's row digest from the state, key by key. */
  private static StoredDigests walk(RunState state) {
    KeySet digests = new KeySet(state.keysHeld());
    long[] leftOut = new long[1];
    try {
      state.forEachStored((key, stored) -> {
        long digest = Fingerprints.rowDigestOf(stored, KeySet.ABSENT);
        if (digest != KeySet.ABSENT && digests.add(KeySet.hash(key), digest)) {
          return;
        }
        leftOut[0]++; // no digest (or one equal to ABSENT), or a hash shared with an earlier key
      });
    } catch (RuntimeException e) {
      digests.close();
      throw e;
    }
    return new StoredDigests(digests, leftOut[0] == 0, false);
  }

  /** Tells whether the table came from the file the last run left, not from the state's keys. */
  boolean loaded() {
    return loaded;
  }

  /** Returns how many keys have a digest here. */
  long size() {
    return digests.size();
  }

  /** Returns the table of key hashes and digests, for {@link DigestTableFile} (not to be changed). */
  KeySet table() {
    return digests;
  }

  /** The slot of a key hash in the table, or {@link SeenKeys#NO_SLOT} (the hash is not there, or is zero). */
  int slotOf(long keyHash) {
    return digests.slotOf(keyHash);
  }

  /** The digest stored in a slot {@link #slotOf} gave. */
  long digestAt(int slot) {
    return digests.valueAt(slot);
  }

  /** How many slots the table has: every slot {@link #slotOf} gives is below it. */
  long slots() {
    return digests.slots();
  }

  /** Tells whether every stored key is in the table. */
  boolean everyKey() {
    return everyKey;
  }

  /**
   * Starts reading the stored digests on a thread of their own, so that the read (half a second for
   * a million keys) overlaps with what the run does before its first row: opening the source and
   * the client. The state's own lock, if it has one, orders the read with the committer's commits.
   *
   * @param state the opened state
   * @param syncName the sync's name, for the thread's
   */
  static Pending start(RunState state, String syncName) {
    return new Pending(state, syncName);
  }

  /** A read under way: {@link #await} takes its digests, {@link #discard} drops them. */
  static final class Pending {
    private final FutureTask<StoredDigests> task;
    private boolean taken;

    private Pending(RunState state, String syncName) {
      task = new FutureTask<>(() -> read(state));
      Thread thread = new Thread(task, "ampsync-digests-" + syncName);
      thread.setDaemon(true);
      thread.start();
    }

    /**
     * Waits for the digests; the caller closes them.
     *
     * @throws RuntimeException what the read threw (a {@code StateException} when the state failed)
     * @throws InterruptedException if interrupted while waiting; the read is then discarded
     */
    StoredDigests await() throws InterruptedException {
      taken = true;
      try {
        return task.get();
      } catch (InterruptedException e) {
        closeWhenRead();
        throw e;
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw (Error) cause; // read() throws nothing checked
      }
    }

    /** Drops the digests unless {@link #await} took them: waits for the read and frees its table. */
    void discard() {
      if (!taken) {
        taken = true;
        closeWhenRead();
      }
    }

    private void closeWhenRead() {
      boolean interrupted = false;
      while (true) {
        try {
          task.get().close();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the table must still be freed: wait on, then restore the interrupt
        } catch (ExecutionException e) {
          break; // nothing was built
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Tells what the state holds for a key, with one probe: this very digest, no such key (a new row
   * of an append-only model, say, which then costs no state read), or something to read.
   */
  Answer answer(String key, long digest) {
    if (key == null) {
      return Answer.READ_STATE;
    }
    long keyHash = KeySet.hash(key);
    return answer(keyHash, slotOf(keyHash), digest);
  }

  /**
   * {@link #answer(String, long)} for a key whose hash and slot ({@link #slotOf}) the caller has: the
   * run's thread marks the key seen beside the same slot ({@link SeenKeys}).
   */
  Answer answer(long keyHash, int slot, long digest) {
    long stored = slot >= 0 ? digests.valueAt(slot) : keyHash == 0 ? digests.valueOf(0) : KeySet.ABSENT;
    if (stored == KeySet.ABSENT) {
      return everyKey ? Answer.NOT_STORED : Answer.READ_STATE;
    }
    // ABSENT is what an unknown key answers: a digest equal to it is never taken as a match
    return stored == digest && digest != KeySet.ABSENT ? Answer.UNCHANGED : Answer.READ_STATE;
  }

  @Override
  public void close() {
    digests.close();
  }
}
