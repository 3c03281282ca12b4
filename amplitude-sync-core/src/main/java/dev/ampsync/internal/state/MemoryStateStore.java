package dev.ampsync.internal.state;

import dev.ampsync.state.StateStore;
import dev.ampsync.state.SyncState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** State in heap memory. */
public final class MemoryStateStore implements StateStore {
  private final Map<String, Memory> syncs = new ConcurrentHashMap<>();

  @Override
  public SyncState open(String syncName) {
    return syncs.computeIfAbsent(syncName, name -> new Memory());
  }

  @Override
  public void close() {}

  private static final class Memory implements SyncState {
    private final Map<String, byte[]> values = new ConcurrentHashMap<>();
    private final Map<String, String> meta = new ConcurrentHashMap<>();

    @Override
    public byte[] get(String key) {
      return values.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
      values.put(key, value.clone());
    }

    @Override
    public void remove(String key) {
      values.remove(key);
    }

    @Override
    public void forEachKey(Consumer<String> action) {
      values.keySet().forEach(action);
    }

    @Override
    public long size() {
      return values.size();
    }

    @Override
    public String meta(String name) {
      return meta.get(name);
    }

    @Override
    public void meta(String name, String value) {
      if (value == null) {
        meta.remove(name);
      } else {
        meta.put(name, value);
      }
    }

    @Override
    public void clear() {
      values.clear();
    }

    @Override
    public void commit() {}

    @Override
    public void close() {}
  }
}
