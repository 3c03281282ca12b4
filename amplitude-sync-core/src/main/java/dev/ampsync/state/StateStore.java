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

  /** Releases the store. */
  @Override
  void close();
}
