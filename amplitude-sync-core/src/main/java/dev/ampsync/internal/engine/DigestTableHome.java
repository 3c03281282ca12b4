package dev.ampsync.internal.engine;

import dev.ampsync.internal.state.StateFiles;
import dev.ampsync.state.SyncState;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.function.BooleanSupplier;

/**
 * Where a run of a sync with a file state finds the stored digests the last run left
 * ({@link DigestTableFile}), and leaves them for the next: it loads the table if it was written for
 * the state as this run opened it, records what the run writes to the state's keys while it holds a
 * table, and writes the table with those changes once the run's last commit is done.
 *
 * <p>Only a run that read the stored digests up front (a whole-model re-run that trusts its state)
 * leaves a table: a first run, a resync and a watermark run do not, and the run after them reads the
 * state's keys as before.
 */
final class DigestTableHome {
  /** The state's metadata entry holding the table's id. */
  static final String ID_META = "digest_table";
  /** How many changed keys a run records, at most, beyond those of the table it read. */
  private static final long MIN_CHANGES = 1 << 16;

  private final StateFiles files;
  private final Path file;
  private final long versionAtOpen;
  /** The id in the state's metadata when the run opened it, or 0 (none yet). */
  private final long idAtOpen;
  // Set when the run keeps its stored digests (once, on the run's thread).
  private volatile DigestChanges changes;
  private StoredDigests kept;
  private long id;
  private boolean idCommitted;

  private DigestTableHome(StateFiles files, long versionAtOpen, long idAtOpen) {
    this.files = files;
    this.file = files.sideFile(DigestTableFile.KIND);
    this.versionAtOpen = versionAtOpen;
    this.idAtOpen = idAtOpen;
    this.id = idAtOpen;
  }

  /** The home of a state that can keep files beside it, or null (another store, or a preview). */
  static DigestTableHome of(SyncState state, boolean preview) {
    if (preview || !(state instanceof StateFiles files)) {
      return null;
    }
    return new DigestTableHome(files, files.committedVersion(), parseId(state.meta(ID_META)));
  }

  private static long parseId(String text) {
    try {
      return text == null ? 0 : Long.parseUnsignedLong(text, 16);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Loads the table left for the state as this run opened it, or returns null. */
  DigestTableFile.Loaded load() {
    return idAtOpen == 0 ? null : DigestTableFile.load(file, versionAtOpen, idAtOpen);
  }

  /**
   * Keeps the run's stored digests for the next run, and records the run's writes from now on;
   * returns false (the caller closes them) when the run already wrote keys, whose changes were not
   * recorded.
   */
  boolean keep(StoredDigests digests, BooleanSupplier keysWritten) {
    if (kept != null) {
      return false;
    }
    DigestChanges recording = new DigestChanges(Math.max(MIN_CHANGES, digests.size()));
    changes = recording;
    // A writer sets its flag before it looks for the recorder, and this looks at the flag after
    // setting the recorder: a write the recorder missed is seen here.
    if (keysWritten.getAsBoolean()) {
      changes = null;
      recording.close();
      return false;
    }
    kept = digests;
    return true;
  }

  void put(String key, byte[] fingerprint) {
    DigestChanges recording = changes;
    if (recording != null) {
      recording.put(key, fingerprint);
    }
  }

  void remove(String key) {
    DigestChanges recording = changes;
    if (recording != null) {
      recording.remove(key);
    }
  }

  void cleared() {
    DigestChanges recording = changes;
    if (recording != null) {
      recording.cleared();
    }
  }

  /** Before the run's last commit: gives the state a table id if it has none (written with that commit). */
  void beforeLastCommit(SyncState state) {
    if (kept != null && id == 0) {
      long fresh = 0;
      while (fresh == 0) {
        fresh = new SecureRandom().nextLong();
      }
      id = fresh;
      state.meta(ID_META, Long.toHexString(id));
    }
  }

  /** The last commit, with the id in it, succeeded. */
  void lastCommitDone() {
    idCommitted = true;
  }

  /**
   * After the state closed: writes the table for the version it closed at, if the run kept one and
   * every write of the run is in it; frees the table either way.
   *
   * @param closed whether the state closed, committing everything
   */
  void afterClose(boolean closed) {
    StoredDigests digests = kept;
    DigestChanges recorded = changes;
    kept = null;
    if (digests == null) {
      return;
    }
    try (digests; recorded) {
      if (closed && idCommitted && recorded.usable()) {
        DigestTableFile.save(file, digests.table(), digests.everyKey(), recorded, files.committedVersion(), id);
      } else if (closed) {
        DigestTableFile.delete(file); // no longer the state's: the run committed after it was written
      }
    }
  }
}
