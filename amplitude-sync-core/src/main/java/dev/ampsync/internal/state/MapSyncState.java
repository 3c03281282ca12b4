package dev.ampsync.internal.state;

import dev.ampsync.state.SyncState;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * A sync state over two concurrent maps, keys and metadata: the in-memory store's {@code
 * ConcurrentHashMap}s, or the file store's MVStore maps (which are {@code ConcurrentMap}s too).
 * Values are copied on the way in.
 */
final class MapSyncState implements SyncState {
  private final ConcurrentMap<String, byte[]> keys;
  private final ConcurrentMap<String, String> meta;
  private final Runnable commit;

  MapSyncState(ConcurrentMap<String, byte[]> keys, ConcurrentMap<String, String> meta, Runnable commit) {
    this.keys = keys;
    this.meta = meta;
    this.commit = commit;
  }

  @Override
  public byte[] get(String key) {
    return keys.get(key);
  }

  @Override
  public void put(String key, byte[] value) {
    keys.put(key, value.clone());
  }

  @Override
  public void remove(String key) {
    keys.remove(key);
  }

  @Override
  public void forEachKey(Consumer<String> action) {
    keys.keySet().forEach(action);
  }

  @Override
  public void forEachEntry(java.util.function.BiConsumer<String, byte[]> action) {
    keys.forEach(action); // a file's map walks its pages in key order, each read once
  }

  @Override
  public long size() {
    return keys instanceof org.h2.mvstore.MVMap<String, byte[]> map ? map.sizeAsLong() : keys.size();
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
    keys.clear();
  }

  @Override
  public void commit() {
    commit.run();
  }

  @Override
  public void close() {
    commit();
  }
}
