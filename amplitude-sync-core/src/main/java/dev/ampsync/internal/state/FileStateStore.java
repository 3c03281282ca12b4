package dev.ampsync.internal.state;

import dev.ampsync.internal.util.Hashing;
import dev.ampsync.state.StateException;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.SyncState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * State in one H2 MVStore file, {@code state.mv.db} in the store's directory: a map per sync
 * ({@code keys:NAME}) and one for metadata ({@code meta:NAME}). MVStore writes append-only,
 * checksummed chunks and reopens at the last successful commit after a crash; its own background
 * commit is off (on a timer and on a full write buffer), so only {@link SyncState#commit()} makes
 * changes durable. A commit survives a killed process; each commit that changed something is also
 * synced to disk (fsync) before its version is recorded beside the store, so it survives an
 * operating-system crash or power loss too.
 *
 * <p>One run at a time: MVStore locks the file, and a second open fails with the holder's pid, host
 * and start time from {@code state.mv.db.holder} ({@link StateFileHolder}). A damaged file never
 * opens as an empty store (which would resend every row): MVStore's checks plus {@link
 * StateFileChecks} (a file cut short, a store gone back in time) stop with a {@link StateException}
 * naming the file and the choices. A failed write (a full disk) is named as such ({@link
 * StateFileErrors}).
 */
public final class FileStateStore implements StateStore {
  /**
   * The page cache, in MB, for a heap of {@code maxHeapBytes}: 1/16 of the heap, between MVStore's
   * default of 16 and 64. A re-run looks up every key in row order, which is not the key order the
   * pages are sorted in, so a cache smaller than the state decompresses the same pages again and again.
   */
  static int cacheMegabytes(long maxHeapBytes) {
    return (int) Math.max(16, Math.min(64, maxHeapBytes / 16 / (1024 * 1024)));
  }

  private final MVStore store;
  private final Path file;
  /** The version last recorded in the version marker. */
  private long recordedVersion;

  private FileStateStore(MVStore store, Path file) {
    this.store = store;
    this.file = file;
    this.recordedVersion = store.getCurrentVersion();
  }

  /**
   * Opens (creating) the store in a directory.
   *
   * @throws StateException naming the file when another run holds it (with its pid, host and start
   *     time when known) or when it is damaged (with the choices left)
   */
  public static FileStateStore open(Path directory) {
    return open(directory, UnaryOperator.identity());
  }

  /**
   * Opens the store with the name MVStore opens derived from the file's path: tests put an H2 file
   * system prefix in front to inject I/O failures.
   */
  static FileStateStore open(Path directory, UnaryOperator<String> mvStoreName) {
    Path file = directory.resolve("state.mv.db");
    boolean existed;
    try {
      Files.createDirectories(directory);
      existed = Files.exists(file);
      String damage = existed ? StateFileChecks.shape(file) : null;
      if (damage != null && StateFileChecks.interruptedCreation(file)) {
        Files.delete(file); // killed before its first commit: nothing was acknowledged, start it again
        existed = false;
        damage = null;
      }
      if (damage != null) {
        throw StateFileErrors.damaged(file, damage, null);
      }
    } catch (IOException e) {
      throw StateFileErrors.isNoSpace(e)
          ? StateFileErrors.noSpace(file, e)
          : new StateException("cannot open the state store " + file + ": " + e.getMessage(), e);
    }
    MVStore store;
    try {
      store = new MVStore.Builder()
          .fileName(mvStoreName.apply(file.toString()))
          .autoCommitDisabled()
          .autoCommitBufferSize(0) // no commit when the write buffer fills either: only commit() does
          .compress()
          .cacheSize(cacheMegabytes(Runtime.getRuntime().maxMemory()))
          .open();
    } catch (MVStoreException e) {
      if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
        throw StateFileErrors.inUse(file, StateFileHolder.describe(file), e);
      }
      throw StateFileErrors.of(file, "open", e);
    }
    try {
      long recorded = StateFileChecks.recordedVersion(file);
      if (!existed) {
        StateFileChecks.forget(file); // a marker left by a store moved away to start fresh
      } else if (store.getCurrentVersion() < recorded) {
        throw StateFileErrors.damaged(file, "it opens at version " + store.getCurrentVersion() + " but version "
            + recorded + " was committed (see " + StateFileChecks.versionFile(file).getFileName()
            + "): part of it is missing", null);
      }
    } catch (IOException | RuntimeException e) {
      store.closeImmediately();
      throw e instanceof StateException se ? se : StateFileErrors.of(file, "open", new IllegalStateException(e));
    }
    StateFileHolder.write(file);
    return new FileStateStore(store, file);
  }

  @Override
  public SyncState open(String syncName) {
    try {
      // Typed maps (format 2): no per-entry type tags to write, read and compare, unlike the default
      // ObjectDataType of format 1 ("keys:<sync>"), whose entries are moved over on first open.
      MVMap<String, byte[]> keys = store.openMap(
          "keys.2:" + syncName,
          new MVMap.Builder<String, byte[]>().keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
      migrate(syncName, keys);
      MVMap<String, String> meta = store.openMap("meta:" + syncName);
      return new Uninterruptible(new MapSyncState(keys, meta, this::commit), syncName);
    } catch (MVStoreException e) {
      throw StateFileErrors.of(file, "open the state of sync '" + syncName + "' in", e);
    }
  }

  /** A preview changes nothing, not even the format: a format-1 state is read where it is. */
  @Override
  public SyncState openForPreview(String syncName) {
    try {
      if (store.hasMap("keys:" + syncName)) {
        MVMap<String, byte[]> keys = store.openMap("keys:" + syncName);
        MVMap<String, String> meta = store.openMap("meta:" + syncName);
        return new Uninterruptible(new MapSyncState(keys, meta, this::commit), syncName);
      }
      return open(syncName);
    } catch (MVStoreException e) {
      throw StateFileErrors.of(file, "open the state of sync '" + syncName + "' in", e);
    }
  }


  /**
   * Moves a sync's keys from a format-1 map (untyped, named {@code keys:<sync>}) into the typed map,
   * streaming, then drops the old map in the same commit: acknowledged events must stay known, or an
   * upgrade would send them again, past Amplitude's deduplication window.
   */
  private void migrate(String syncName, MVMap<String, byte[]> keys) {
    String old = "keys:" + syncName;
    if (!store.hasMap(old)) {
      return;
    }
    shielded(() -> {
      MVMap<String, byte[]> previous = store.openMap(old);
      for (java.util.Iterator<String> it = previous.keyIterator(null); it.hasNext(); ) {
        String key = it.next();
        keys.putIfAbsent(key, previous.get(key));
      }
      store.removeMap(previous);
      store.commit();
    });
  }

  /** Commits, closes, and deletes the holder file (also when the store failed: the lock is gone). */
  @Override
  public void close() {
    StateException failure = null;
    try {
      if (!store.isClosed()) {
        commit();
      }
    } catch (StateException e) {
      failure = e; // still close: the file lock must not outlive a failed last commit
    }
    try {
      shielded(store::close);
    } catch (MVStoreException e) {
      store.closeImmediately();
      if (failure == null) {
        failure = StateFileErrors.of(file, "close", e);
      }
    } finally {
      StateFileHolder.delete(file);
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "FileStateStore{" + file + "}";
  }

  @Override
  public String location() {
    return file.toAbsolutePath().toString();
  }

  /** Drops the sync's maps (keys in either format, and every metadata entry) in one commit. */
  @Override
  public String forget(String syncName) {
    try {
      shielded(() -> {
        for (String map : new String[] {"keys.2:" + syncName, "keys:" + syncName, "meta:" + syncName}) {
          if (store.hasMap(map)) {
            store.removeMap(map);
          }
        }
      });
      commit();
    } catch (MVStoreException e) {
      throw StateFileErrors.of(file, "forget the state of sync '" + syncName + "' in", e);
    }
    deleteSideFiles(syncName);
    return "forgot the state of sync '" + syncName + "' in " + location();
  }

  /**
   * A file beside the store for one sync ({@link StateFiles#sideFile}): {@code sync-HASH.KIND}, the
   * hash of the sync's name in hexadecimal, since a name may hold any character.
   */
  private Path sideFile(String syncName, String kind) {
    return file.resolveSibling(sideFilePrefix(syncName) + kind);
  }

  private static String sideFilePrefix(String syncName) {
    return "sync-" + Long.toHexString(Hashing.fmix64(Hashing.chars(syncName, 0x73796e63L))) + ".";
  }

  /** Deletes the sync's side files: they belong to the state just forgotten (and would no longer match it). */
  private void deleteSideFiles(String syncName) {
    String prefix = sideFilePrefix(syncName);
    try (java.util.stream.Stream<Path> files = Files.list(file.getParent())) {
      for (Path side : (Iterable<Path>) files.filter(f -> f.getFileName().toString().startsWith(prefix))::iterator) {
        Files.deleteIfExists(side);
      }
    } catch (IOException e) {
      // Left behind, a side file is ignored: its token is gone with the sync's metadata.
    }
  }

  /**
   * Tells whether a failure to open the store comes from a damaged file (not a lock, a full disk or a
   * permission): only such a file may be {@linkplain #moveAside moved aside} by a reset.
   *
   * @param e what {@link #open(Path)} threw
   * @return true for damage
   */
  public static boolean isDamaged(StateException e) {
    return e instanceof StateFileErrors.Damaged;
  }

  /**
   * Moves a store's file aside as {@code state.mv.db.damaged-<UTC time>}, so the next run starts a
   * fresh store; refused while a run holds the file. The marker of the last committed version is
   * forgotten by the next open (the file is then new).
   *
   * @param directory the store's directory
   * @return the file's new path
   * @throws StateException if another run holds the file, or the file cannot be moved
   */
  public static Path moveAside(Path directory) {
    Path from = directory.resolve("state.mv.db");
    String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
    Path to = directory.resolve("state.mv.db.damaged-" + stamp);
    try (java.nio.channels.FileChannel channel =
        java.nio.channels.FileChannel.open(from, java.nio.file.StandardOpenOption.WRITE)) {
      // A running sync holds MVStore's lock on the file: a damaged-looking file in use is left alone.
      java.nio.channels.FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException held) {
        lock = null;
      }
      if (lock == null) {
        throw StateFileErrors.inUse(from, StateFileHolder.describe(from), null);
      }
      lock.release();
    } catch (IOException e) {
      throw new StateException("cannot move the state store " + from + " aside: " + e.getMessage(), e);
    }
    try {
      Files.move(from, to);
    } catch (IOException e) {
      throw new StateException("cannot move the state store " + from + " aside to " + to + ": " + e.getMessage(), e);
    }
    return to;
  }

  /**
   * Commits, then records the committed version beside the store (see {@link StateFileChecks}). A
   * failed write (a full disk) makes MVStore close the store; every later call names that failure.
   */
  private synchronized void commit() {
    try {
      shielded(store::commit);
      long version = store.getCurrentVersion();
      if (version != recordedVersion) {
        // The marker must never be ahead of what is on disk, even after a power loss: else an intact
        // store would be refused as gone back in time. So the store is synced first.
        shielded(store::sync);
        StateFileChecks.recordVersion(file, version);
        recordedVersion = version;
      }
    } catch (MVStoreException e) {
      throw StateFileErrors.of(file, "commit", e);
    } catch (IOException e) {
      throw StateFileErrors.isNoSpace(e)
          ? StateFileErrors.noSpace(file, e)
          : new StateException("cannot write " + StateFileChecks.versionFile(file) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs file I/O with the caller's interrupt status cleared, then restores it. MVStore reads and
   * writes through an interruptible {@code FileChannel}: an interrupted thread would close it, and the
   * store with it, losing acknowledged state. (An interrupt that arrives during the I/O itself can
   * still do that; the engine never interrupts its own threads.)
   */
  /** Runs a sync state's call shielded, naming the file in a failure. */
  private void call(Runnable io) {
    try {
      shielded(io);
    } catch (MVStoreException e) {
      throw StateFileErrors.of(file, "use", e);
    }
  }

  private <T> T callGet(java.util.function.Supplier<T> io) {
    try {
      return shieldedGet(io);
    } catch (MVStoreException e) {
      throw StateFileErrors.of(file, "read", e);
    }
  }

  static void shielded(Runnable io) {
    boolean interrupted = Thread.interrupted();
    try {
      io.run();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static <T> T shieldedGet(java.util.function.Supplier<T> io) {
    boolean interrupted = Thread.interrupted();
    try {
      return io.get();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A sync state whose every call is {@linkplain #shielded shielded} from interrupts, and whose
   * failures name the file in words ({@link StateFileErrors}).
   */
  private final class Uninterruptible implements SyncState, StateFiles {
    private final SyncState state;
    private final String syncName;

    Uninterruptible(SyncState state, String syncName) {
      this.state = state;
      this.syncName = syncName;
    }

    @Override
    public Path sideFile(String kind) {
      return FileStateStore.this.sideFile(syncName, kind);
    }

    @Override
    public byte[] get(String key) {
      return callGet(() -> state.get(key));
    }

    @Override
    public void put(String key, byte[] value) {
      call(() -> state.put(key, value));
    }

    @Override
    public void remove(String key) {
      call(() -> state.remove(key));
    }

    @Override
    public void forEachKey(java.util.function.Consumer<String> action) {
      call(() -> state.forEachKey(action));
    }

    @Override
    public void forEachEntry(java.util.function.BiConsumer<String, byte[]> action) {
      call(() -> state.forEachEntry(action));
    }

    @Override
    public long size() {
      return callGet(state::size);
    }

    @Override
    public String meta(String name) {
      return callGet(() -> state.meta(name));
    }

    @Override
    public void meta(String name, String value) {
      call(() -> state.meta(name, value));
    }

    @Override
    public void clear() {
      call(state::clear);
    }

    @Override
    public void commit() {
      call(state::commit);
    }

    @Override
    public void close() {
      call(state::close);
    }
  }
}
