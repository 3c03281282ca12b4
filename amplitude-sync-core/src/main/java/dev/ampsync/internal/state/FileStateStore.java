package dev.ampsync.internal.state;

import dev.ampsync.state.StateException;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.SyncState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

/**
 * State in one H2 MVStore file, {@code state.mv.db} in the store's directory: a map per sync
 * ({@code keys:NAME}) and one for metadata ({@code meta:NAME}). MVStore writes append-only,
 * checksummed chunks and reopens at the last successful commit after a crash; its own background
 * commit is off, so only {@link SyncState#commit()} makes changes durable.
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
      MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().compress().open();
      return new FileStateStore(store, file);
    } catch (IOException | MVStoreException e) {
      throw new StateException("cannot open the state store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public SyncState open(String syncName) {
    try {
      MVMap<String, byte[]> keys = store.openMap("keys:" + syncName);
      MVMap<String, String> meta = store.openMap("meta:" + syncName);
      return new MapSyncState(keys, meta, this::commit);
    } catch (MVStoreException e) {
      throw new StateException("cannot open the state of sync '" + syncName + "' in " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      store.close();
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
      store.commit();
    } catch (MVStoreException e) {
      throw new StateException("cannot commit the state store " + file + ": " + e.getMessage(), e);
    }
  }
}
