package dev.ampsync.internal.spec;

import dev.ampsync.internal.state.ForwardingSyncState;
import dev.ampsync.internal.state.StateFiles;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.SyncState;
import java.util.function.Supplier;

/** Opens the real store only when a sync opens its state, so validating a spec creates no files. */
public final class LazyStateStore implements StateStore {
  private final Supplier<StateStore> factory;
  private final java.util.function.BooleanSupplier exists;
  /** The file store's directory, or null when the real store is not the file store. */
  private final Supplier<java.nio.file.Path> fileDirectory;
  private StateStore store;

  /**
   * Creates a lazy file store, decided on first use.
   *
   * @param directory the store's directory (asked when first needed)
   */
  public static LazyStateStore file(Supplier<java.nio.file.Path> directory) {
    return new LazyStateStore(
        () -> dev.ampsync.state.StateStores.file(directory.get()),
        () -> java.nio.file.Files.exists(directory.get().resolve("state.mv.db")),
        directory);
  }

  /**
   * Creates a lazy store.
   *
   * @param factory opens the real store
   * @param exists tells whether the real store exists already, so previews create nothing
   */
  public LazyStateStore(Supplier<StateStore> factory, java.util.function.BooleanSupplier exists) {
    this(factory, exists, null);
  }

  private LazyStateStore(Supplier<StateStore> factory, java.util.function.BooleanSupplier exists,
      Supplier<java.nio.file.Path> fileDirectory) {
    this.factory = factory;
    this.exists = exists;
    this.fileDirectory = fileDirectory;
  }

  /** Where the store lives (a state file), without opening it: the command line's validate shows it. */
  @Override
  public String toString() {
    return fileDirectory != null ? "state file " + location() : "a lazily opened state store";
  }

  @Override
  public String location() {
    return fileDirectory != null
        ? fileDirectory.get().resolve("state.mv.db").toAbsolutePath().toString()
        : StateStore.super.location();
  }

  /**
   * Forgets a sync's state in the real store, creating nothing when there is none. A file store that
   * cannot be opened because it is damaged is moved aside whole (every sync it holds starts afresh):
   * a reset is what a damaged store's message asks for.
   */
  @Override
  public synchronized String forget(String syncName) {
    if (store == null && !exists.getAsBoolean()) {
      return "there is no state to forget: " + location() + " does not exist";
    }
    StateStore real;
    try {
      real = store != null ? store : factory.get();
    } catch (dev.ampsync.state.StateException e) {
      if (fileDirectory == null || !dev.ampsync.internal.state.FileStateStore.isDamaged(e)) {
        throw e;
      }
      java.nio.file.Path moved = dev.ampsync.internal.state.FileStateStore.moveAside(fileDirectory.get());
      return "the state store " + location() + " could not be opened (damaged) and was moved aside to " + moved
          + "; every sync it held starts afresh";
    }
    try {
      return real.forget(syncName);
    } finally {
      if (real != store) {
        real.close();
      }
    }
  }

  @Override
  public synchronized SyncState openForPreview(String syncName) {
    if (store == null && !exists.getAsBoolean()) {
      return dev.ampsync.state.StateStores.memory().open(syncName);
    }
    return open(syncName);
  }

  @Override
  public synchronized SyncState open(String syncName) {
    if (store == null) {
      store = factory.get();
    }
    SyncState state = store.open(syncName);
    return state instanceof StateFiles files ? new ClosingWithFiles(state, files) : new Closing(state);
  }

  /** The state of a sync, whose closing closes the store opened for it. */
  private class Closing extends ForwardingSyncState {
    Closing(SyncState state) {
      super(state);
    }

    @Override
    public void close() {
      try {
        super.close();
      } finally {
        LazyStateStore.this.close();
      }
    }
  }

  /** The same, for a state that keeps files beside it (the file store's): it still does. */
  private final class ClosingWithFiles extends Closing implements StateFiles {
    private final StateFiles files;

    ClosingWithFiles(SyncState state, StateFiles files) {
      super(state);
      this.files = files;
    }

    @Override
    public java.nio.file.Path sideFile(String kind) {
      return files.sideFile(kind);
    }
  }

  @Override
  public synchronized void close() {
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
