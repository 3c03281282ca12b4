package dev.ampsync.internal.state;

import dev.ampsync.state.StateException;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.SyncState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * changes durable. A commit survives a killed process; MVStore does not fsync each commit, so the
 * last commits may be lost to an operating-system crash or power loss (then resent, and deduplicated
 * by insert_id).
 */
public final class FileStateStore implements StateStore {
  private final MVStore store;
  private final Path file;

  private FileStateStore(MVStore store, Path file) {
    this.store = store;
    this.file = file;
  }

  /** Opens (creating) the store in a directory. */
  public static FileStateStore open(Path directory) {
    Path file = directory.resolve("state.mv.db");
    try {
      Files.createDirectories(directory);
      MVStore store = new MVStore.Builder()
          .fileName(file.toString())
          .autoCommitDisabled()
          .autoCommitBufferSize(0) // no commit when the write buffer fills either: only commit() does
          .compress()
          .open();
      return new FileStateStore(store, file);
    } catch (IOException | MVStoreException e) {
      throw new StateException("cannot open the state store " + file + ": " + e.getMessage(), e);
    }
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
      return new Uninterruptible(new MapSyncState(keys, meta, this::commit));
    } catch (MVStoreException e) {
      throw new StateException("cannot open the state of sync '" + syncName + "' in " + file + ": " + e.getMessage(), e);
    }
  }

  /** A preview changes nothing, not even the format: a format-1 state is read where it is. */
  @Override
  public SyncState openForPreview(String syncName) {
    try {
      if (store.hasMap("keys:" + syncName)) {
        MVMap<String, byte[]> keys = store.openMap("keys:" + syncName);
        MVMap<String, String> meta = store.openMap("meta:" + syncName);
        return new Uninterruptible(new MapSyncState(keys, meta, this::commit));
      }
      return open(syncName);
    } catch (MVStoreException e) {
      throw new StateException("cannot open the state of sync '" + syncName + "' in " + file + ": " + e.getMessage(), e);
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

  @Override
  public void close() {
    try {
      shielded(store::close);
    } catch (MVStoreException e) {
      throw new StateException("cannot close the state store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "FileStateStore{" + file + "}";
  }

  private void commit() {
    try {
      shielded(store::commit);
    } catch (MVStoreException e) {
      throw new StateException("cannot commit the state store " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Runs file I/O with the caller's interrupt status cleared, then restores it. MVStore reads and
   * writes through an interruptible {@code FileChannel}: an interrupted thread would close it, and the
   * store with it, losing acknowledged state. (An interrupt that arrives during the I/O itself can
   * still do that; the engine never interrupts its own threads.)
   */
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

  /** A sync state whose every call is {@linkplain #shielded shielded} from interrupts. */
  private static final class Uninterruptible implements SyncState {
    private final SyncState state;

    Uninterruptible(SyncState state) {
      this.state = state;
    }

    @Override
    public byte[] get(String key) {
      return shieldedGet(() -> state.get(key));
    }

    @Override
    public void put(String key, byte[] value) {
      shielded(() -> state.put(key, value));
    }

    @Override
    public void remove(String key) {
      shielded(() -> state.remove(key));
    }

    @Override
    public void forEachKey(java.util.function.Consumer<String> action) {
      shielded(() -> state.forEachKey(action));
    }

    @Override
    public long size() {
      return shieldedGet(state::size);
    }

    @Override
    public String meta(String name) {
      return shieldedGet(() -> state.meta(name));
    }

    @Override
    public void meta(String name, String value) {
      shielded(() -> state.meta(name, value));
    }

    @Override
    public void clear() {
      shielded(state::clear);
    }

    @Override
    public void commit() {
      shielded(state::commit);
    }

    @Override
    public void close() {
      shielded(state::close);
    }
  }
}
