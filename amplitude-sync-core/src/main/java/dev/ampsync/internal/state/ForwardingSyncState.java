package dev.ampsync.internal.state;

import dev.ampsync.state.SyncState;
import java.util.function.Consumer;

/**
 * A sync state that forwards every call to another; subclasses override what they add (writing
 * metadata before the first write, closing a store after the state).
 */
public abstract class ForwardingSyncState implements SyncState {
  private final SyncState state;

  protected ForwardingSyncState(SyncState state) {
    this.state = state;
  }

  /** Returns the state calls go to. */
  protected final SyncState delegate() {
    return state;
  }

  @Override
  public byte[] get(String key) {
    return state.get(key);
  }

  @Override
  public void put(String key, byte[] value) {
    state.put(key, value);
  }

  @Override
  public void put(String key, byte[] value, String rowDigest) {
    state.put(key, value, rowDigest);
  }

  @Override
  public void logProblem(String runId, String key, String outcome, String reason) {
    state.logProblem(runId, key, outcome, reason);
  }

  @Override
  public void logRun(dev.ampsync.state.RunLogEntry run) {
    state.logRun(run);
  }

  @Override
  public void remove(String key) {
    state.remove(key);
  }

  @Override
  public void forEachKey(Consumer<String> action) {
    state.forEachKey(action);
  }

  @Override
  public void forEachEntry(java.util.function.BiConsumer<String, byte[]> action) {
    state.forEachEntry(action);
  }

  @Override
  public long size() {
    return state.size();
  }

  @Override
  public String meta(String name) {
    return state.meta(name);
  }

  @Override
  public void meta(String name, String value) {
    state.meta(name, value);
  }

  @Override
  public void clear() {
    state.clear();
  }

  @Override
  public void commit() {
    state.commit();
  }

  @Override
  public void close() {
    state.close();
  }
}
