package dev.ampsync.state;

/**
 * Where sync state is kept. A store holds the state of any number of syncs, each opened by name.
 *
 * <p>Implementations must be thread-safe, and {@link SyncState#commit()} must make everything put
 * before it durable: the engine puts a key only after Amplitude acknowledged its record, and relies on
 * committed state surviving a crash.
 */
public interface StateStore extends AutoCloseable {

  /**
   * Opens the state of one sync, creating it when missing.
   *
   * @param syncName the sync's name
   * @return its state; close it when the run ends
   * @throws StateException if the store cannot be read
   */
  SyncState open(String syncName);

  /**
   * Opens the state of one sync for a preview, which only reads it. Stores that would create
   * something to open a missing state (a file, a table) may return an empty state instead. The
   * default opens the state as usual.
   *
   * @param syncName the sync's name
   * @return its state, or an empty one
   * @throws StateException if the store cannot be read
   */
  default SyncState openForPreview(String syncName) {
    return open(syncName);
  }

  /**
   * Says where the store keeps its state (a file, a table and its database), for people to read; never
   * a password. The default names the store's class.
   *
   * @return the location
   */
  default String location() {
    return getClass().getName();
  }

  /**
   * Forgets the state of one sync: its keys and its metadata (the next run sends every row). It takes
   * the store's lock as {@link #open(String)} does, so a state held by a running sync is refused with
   * a {@link StateException}, not broken. The default opens the state, clears its keys and removes the
   * metadata entries the engine writes ({@code mapping}, {@code project}, {@code resync}, {@code
   * watermark}, {@code runs}); stores that can should drop everything of the sync instead.
   *
   * @param syncName the name the state is kept under
   * @return what was done, in words (for example a damaged file moved aside)
   * @throws StateException if the store cannot be written, or another run holds the state
   */
  default String forget(String syncName) {
    try (SyncState state = open(syncName)) {
      state.clear();
      for (String name : dev.ampsync.internal.engine.StateInspector.ENGINE_META.split(", ")) {
        state.meta(name, null);
      }
      state.commit();
    }
    return "forgot the state of '" + syncName + "' in " + location();
  }

  /**
   * Returns the planner that finds the rows to send inside the database of {@code source}, when this
   * store was configured to plan there (warehouse planning) and keeps its state in that database.
   * The default plans nothing: the engine reads every row and diffs them itself.
   *
   * @param source the sync's source
   * @return the planner, or empty to plan in the client
   * @throws StateException if this store was configured to plan in the warehouse and cannot do it with
   *     this source (another kind of source, another database); the message says what to change
   */
  default java.util.Optional<WarehousePlanner> warehousePlanner(dev.ampsync.source.Source source) {
    return java.util.Optional.empty();
  }

  /** Releases the store. */
  @Override
  void close();
}
