package dev.ampsync.state;

import dev.ampsync.internal.util.Arguments;
import dev.ampsync.internal.state.FileStateStore;
import dev.ampsync.internal.state.MemoryStateStore;
import java.nio.file.Path;

/**
 * The built-in state stores.
 *
 * <pre>{@code
 * StateStore state = StateStores.file(Path.of(".ampsync/state"));   // durable, crash-safe
 * StateStore inTests = StateStores.memory();                        // gone with the JVM
 * }</pre>
 */
public final class StateStores {
  private StateStores() {}

  /**
   * Returns the embedded file store in a directory, created if missing. It is built on H2's MVStore:
   * an append-only file of checksummed chunks that reopens at its last commit after a crash, holding
   * keys on disk rather than in heap (ten million keys are fine). One process at a time may open a
   * directory.
   *
   * @param directory the directory, for example {@code .ampsync/state}
   * @return the store
   * @throws NullPointerException if {@code directory} is null
   * @throws StateException if the directory cannot be created; if another run holds the store (the
   *     message names its pid, host and start time when known); if the file is damaged (empty, cut
   *     short, back at an older version than last committed, corrupt: the message names the file and
   *     the choices); never by opening an existing damaged file as an empty store
   */
  public static StateStore file(Path directory) {
    return FileStateStore.open(Arguments.required(directory, "directory",
        "pass the folder the sync's state is kept in, e.g. Path.of(\".ampsync/state\"); the folder is created if needed"));
  }

  /**
   * Returns a store in heap memory, lost with the JVM; for tests and one-off runs.
   *
   * @return a new, empty store
   */
  public static StateStore memory() {
    return new MemoryStateStore();
  }
}
