package dev.ampsync.internal.spec;

import dev.ampsync.state.StateStore;
import dev.ampsync.internal.state.ForwardingSyncState;
import dev.ampsync.state.SyncState;
import java.util.function.Supplier;

/** Opens the real store only when a sync opens its state, so validating a spec creates no files. */
public final class LazyStateStore implements StateStore {
  private final Supplier<StateStore> factory;
  private final java.util.function.BooleanSupplier exists;
  private final Supplier<String> description;
  private StateStore store;

  /**
   * Creates a lazy store.
   *
   * @param factory opens the real store
   * @param exists tells whether the real store exists already, so previews create nothing
   */
  public LazyStateStore(Supplier<StateStore> factory, java.util.function.BooleanSupplier exists) {
    this(factory, exists, () -> "a lazily opened state store");
  }

  /**
   * Creates a lazy store that describes where it lives without opening it.
   *
   * @param factory opens the real store
   * @param exists tells whether the real store exists already, so previews create nothing
   * @param description where the store lives, for {@link #toString} (the command line's validate)
   */
  public LazyStateStore(Supplier<StateStore> factory, java.util.function.BooleanSupplier exists,
      Supplier<String> description) {
    this.factory = factory;
    this.exists = exists;
    this.description = description;
  }

  /** Where the store lives (a state file's folder), without opening it. */
  @Override
  public String toString() {
    return description.get();
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
    return new ForwardingSyncState(state) {
      @Override
      public void close() {
        try {
          super.close();
        } finally {
          LazyStateStore.this.close();
        }
      }
    };
  }

  @Override
  public synchronized void close() {
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
