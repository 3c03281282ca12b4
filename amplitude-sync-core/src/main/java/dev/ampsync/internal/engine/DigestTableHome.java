package dev.ampsync.internal.engine;

import dev.ampsync.internal.state.StateFiles;
import dev.ampsync.state.SyncState;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.function.BooleanSupplier;

/**
 * Where a run of a sync with a file state finds the stored digests the last run left
 * ({@link DigestTableFile}), and leaves them for the next.
 *
 * <p>A table counts only while the sync's metadata holds the token it was written with. A run's first
 * write removes the token, in the same commit as the write (see {@link FirstWriteHook}),
 * so from the first commit that changes the sync's keys no earlier table matches: also when the run
 * is killed before it ends, or when it is a run that keeps no table (a first run, a resync, a
 * watermark run). A run that read the stored digests up front (a whole-model re-run that trusts its
 * state) records what it writes to the keys, writes a new token with its last commit, and after that
 * commit the table with its writes applied. Other syncs of the same state file do not touch the
 * token; a state reset drops it with the rest of the sync's metadata, and a fresh state file has none.
 */
final class DigestTableHome {
  /** The sync's metadata entry holding the token of the table written for it. */
  static final String TOKEN_META = "digest_table";
  /** How many changed keys a run records, at most, beyond those of the table it read. */
  private static final long MIN_CHANGES = 1 << 16;

  private final Path file;
  /** The token in the sync's metadata when the run opened it, or 0 (none). */
  private final long tokenAtOpen;
  // Set when the run keeps its stored digests (once, on the run's thread).
  private volatile DigestChanges changes;
  private StoredDigests kept;
  /** The token written with the run's last commit, or 0. */
  private long token;
  private boolean tokenCommitted;
  /** Whether the file the run loaded is the next run's table as it is (the run wrote no key). */
  private boolean fileAsLoaded;

  private DigestTableHome(Path file, long tokenAtOpen) {
    this.file = file;
    this.tokenAtOpen = tokenAtOpen;
  }

  /**
   * The home of a state that can keep files beside it, or null (another store). A preview loads the
   * table but, writing nothing, keeps none.
   */
  static DigestTableHome of(SyncState state) {
    if (!(state instanceof StateFiles files)) {
      return null;
    }
    return new DigestTableHome(files.sideFile(DigestTableFile.KIND), parseToken(state.meta(TOKEN_META)));
  }

  private static long parseToken(String text) {
    try {
      return text == null ? 0 : Long.parseUnsignedLong(text, 16);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Loads the table written with the token the sync's metadata held when the run opened it, or null. */
  DigestTableFile.Loaded load() {
    return tokenAtOpen == 0 ? null : DigestTableFile.load(file, tokenAtOpen);
  }

  /**
   * On the run's first write, before it: removes the token, so that the commit carrying the write
   * also makes every earlier table stale.
   */
  void firstWrite(SyncState state) {
    if (tokenAtOpen != 0) {
      state.meta(TOKEN_META, null);
    }
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

  /**
   * Before the run's last commit: writes a new token, for the table written after that commit; or,
   * when the run loaded the table from its file and wrote no key (an unchanged re-run), the token it
   * was loaded with again, so that the file stays the table and is not written anew (its first write,
   * of metadata, removed the token like any run's).
   */
  void beforeLastCommit(SyncState state) {
    if (kept != null && changes.usable()) {
      fileAsLoaded = kept.loaded() && changes.isEmpty();
      long fresh = fileAsLoaded ? tokenAtOpen : 0;
      while (fresh == 0) {
        fresh = new SecureRandom().nextLong();
      }
      token = fresh;
      state.meta(TOKEN_META, Long.toHexString(token));
    }
  }

  /** The last commit succeeded. */
  void lastCommitDone() {
    tokenCommitted = token != 0;
  }

  /**
   * After the state closed: writes the table with the run's writes applied, if the run kept one and
   * its token was committed; frees the table either way.
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
      if (closed && tokenCommitted && recorded.usable()) {
        if (!fileAsLoaded) {
          DigestTableFile.save(file, digests.table(), digests.everyKey(), recorded, token);
        }
      } else if (closed) {
        DigestTableFile.delete(file); // its token is gone, or the run wrote more than it recorded
      }
    }
  }
}
