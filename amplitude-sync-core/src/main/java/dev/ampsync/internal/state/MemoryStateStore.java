package dev.ampsync.internal.state;

import dev.ampsync.state.StateStore;
import dev.ampsync.state.SyncState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** State in heap memory. */
public final class MemoryStateStore implements StateStore {
  private final Map<String, SyncState> syncs = new ConcurrentHashMap<>();

  @Override
  public SyncState open(String syncName) {
    return syncs.computeIfAbsent(
        syncName, name -> new MapSyncState(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), () -> { }));
  }

  @Override
  public String location() {
    return "memory (gone with the JVM)";
  }

  @Override
  public String forget(String syncName) {
    syncs.remove(syncName);
    return "forgot the state of sync '" + syncName + "' in memory";
  }

  @Override
  public void close() {}
}
