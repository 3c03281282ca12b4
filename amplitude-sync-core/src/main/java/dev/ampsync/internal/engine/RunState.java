package dev.ampsync.internal.engine;

import dev.ampsync.SyncJob;
import dev.ampsync.record.ObjectType;
import dev.ampsync.state.SyncState;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sync's state as one run reads it: opened at the start, where a changed mapping (or a forced
 * resync) clears what was acknowledged for users, devices and groups; read for each row's stored
 * fingerprint. A preview opens it read-only and, for a resync, does not trust what is stored. Writes
 * go through the {@link Committer}.
 */
final class RunState {
  private static final Logger LOG = LoggerFactory.getLogger(RunState.class);
  static final String MAPPING_META = "mapping";

  private final SyncState state;
  private final String syncName;
  private final boolean preview;
  /** Why this run is a full resync, or null. */
  private final String fullResyncReason;
  /** True when the stored state must not be trusted in this run (a preview of a resync). */
  private final boolean ignoreStored;
  /** The watermark stored when the state was opened, or null. */
  private final String watermarkAtOpen;

  private RunState(
      SyncState state, String syncName, boolean preview, String fullResyncReason, boolean ignoreStored,
      String watermarkAtOpen) {
    this.state = state;
    this.syncName = syncName;
    this.preview = preview;
    this.fullResyncReason = fullResyncReason;
    this.ignoreStored = ignoreStored;
    this.watermarkAtOpen = watermarkAtOpen;
  }

  /**
   * Opens the job's state and decides whether this run is a full resync.
   *
   * @return the state, or null when the job has no state store
   */
  static RunState open(SyncJob job, boolean preview) {
    if (job.state().isEmpty()) {
      return null;
    }
    SyncState state = preview ? job.state().get().openForPreview(job.name()) : job.state().get().open(job.name());
    try {
      String fingerprint = job.objectType().specName() + ":" + job.mapping().fingerprint();
      String stored = state.meta(MAPPING_META);
      String reason = null;
      if (job.fullResync()) {
        reason = "forced";
      } else if (stored != null && !stored.equals(fingerprint)) {
        reason = job.objectType() == ObjectType.EVENT
            ? "mapping changed; acknowledged events are kept and not sent again"
            : "mapping changed";
      }
      boolean clear = job.fullResync() || reason != null && job.objectType() != ObjectType.EVENT;
      String watermark = state.meta(Watermark.META);
      if (!preview) {
        if (clear) {
          state.clear();
        }
        state.meta(MAPPING_META, fingerprint);
        state.commit();
      }
      return new RunState(state, job.name(), preview, reason, preview && clear, watermark);
    } catch (RuntimeException e) {
      new RunState(state, job.name(), preview, null, false, null).close();
      throw e;
    }
  }

  /** Returns why this run is a full resync, or null. */
  String fullResyncReason() {
    return fullResyncReason;
  }

  /** Returns the watermark stored when the state was opened (before a resync cleared it), or null. */
  String watermarkAtOpen() {
    return watermarkAtOpen;
  }

  /** Tells whether what is stored counts in this run (not in a preview of a resync). */
  boolean trustsStored() {
    return !ignoreStored;
  }

  /** Tells whether this run writes the state (not a preview). */
  boolean writable() {
    return !preview;
  }

  /** Returns the fingerprint stored for a key, or null (always null when the stored state is not trusted). */
  byte[] stored(String key) {
    return ignoreStored ? null : state.get(key);
  }

  /** Reads a piece of metadata. */
  String meta(String name) {
    return state.meta(name);
  }

  /** Iterates over the stored keys. */
  void forEachKey(Consumer<String> action) {
    state.forEachKey(action);
  }

  /** The underlying state, for the {@link Committer}, the only writer. */
  SyncState state() {
    return state;
  }

  /** Closes the state, which commits what a run wrote; a failure is logged. */
  void close() {
    // The final commit must not see an interrupt (an interrupted run): file I/O would abort.
    boolean interrupted = Thread.interrupted();
    try {
      state.close();
    } catch (RuntimeException e) {
      LOG.warn("could not commit the state of sync {}: {}", syncName, e.getMessage());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
