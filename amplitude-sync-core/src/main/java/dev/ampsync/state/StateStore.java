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

  /** Releases the store. */
  @Override
  void close();
}
