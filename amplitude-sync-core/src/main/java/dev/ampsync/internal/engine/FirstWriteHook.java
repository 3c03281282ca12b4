package dev.ampsync.internal.engine;

import dev.ampsync.internal.state.ForwardingSyncState;
import dev.ampsync.state.SyncState;

/**
 * A run's writes to its state ({@link RunState#state()}): the first one writes the run's metadata (and
 * clears the events of a forced resync, and removes the digest table's token) before it, so they land
 * in the same commit; every key written or removed is recorded for the digest table
 * ({@link DigestTableHome}).
 */
final class FirstWriteHook extends ForwardingSyncState {
  /** The metadata a run writes with its first change. */
  record Beginning(String mapping, String project, String resyncReason, boolean clearKeys) {}

  private final SyncState state;
  private final Beginning beginning;
  /** Null for a state that keeps no files beside it. */
  private final DigestTableHome digestHome;
  private volatile boolean begun;
  /** Whether the run wrote (or removed) a key. */
  private volatile boolean keysWritten;

  FirstWriteHook(SyncState state, Beginning beginning, DigestTableHome digestHome) {
    super(state);
    this.state = state;
    this.beginning = beginning;
    this.digestHome = digestHome;
  }

  /** Tells whether the run wrote anything yet (its metadata with its first write). */
  boolean begun() {
    return begun;
  }

  /** Tells whether the run wrote or removed a key. */
  boolean keysWritten() {
    return keysWritten;
  }

  private void begin() {
    if (begun) {
      return;
    }
    synchronized (this) {
      if (begun) {
        return;
      }
      if (digestHome != null) {
        digestHome.firstWrite(state); // in the commit that carries the first write
      }
      if (beginning.clearKeys()) {
        state.clear();
      }
      state.meta(RunState.MAPPING_META, beginning.mapping());
      state.meta(RunState.PROJECT_META, beginning.project());
      if (beginning.resyncReason() != null) {
        state.meta(RunState.RESYNC_META, beginning.resyncReason());
      }
      begun = true;
    }
  }

  @Override
  public void put(String key, byte[] value) {
    wrote(key, value);
    super.put(key, value);
  }

  @Override
  public void put(String key, byte[] value, String rowDigest) {
    wrote(key, value);
    super.put(key, value, rowDigest);
  }

  @Override
  public void remove(String key) {
    wrote(key, null);
    super.remove(key);
  }

  /** Begins, and records a key written ({@code value}) or removed (null) for the digest table. */
  private void wrote(String key, byte[] value) {
    begin();
    if (!keysWritten) { // written once: a volatile store per acknowledged key would be a fence each
      keysWritten = true; // before the recorder is looked at (see DigestTableHome.keep)
    }
    if (digestHome != null) {
      if (value == null) {
        digestHome.remove(key);
      } else {
        digestHome.put(key, value);
      }
    }
  }

  @Override
  public void meta(String name, String value) {
    begin();
    super.meta(name, value);
  }

  @Override
  public void clear() {
    begin();
    keysWritten = true;
    if (digestHome != null) {
      digestHome.cleared();
    }
    super.clear();
  }
}
