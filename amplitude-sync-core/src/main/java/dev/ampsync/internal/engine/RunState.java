package dev.ampsync.internal.engine;

import dev.ampsync.OnRemoved;
import dev.ampsync.SyncJob;
import dev.ampsync.internal.state.Fingerprints;
import dev.ampsync.record.ObjectType;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.SyncState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sync's state as one run reads it: opened at the start, where a changed mapping (or a forced
 * resync) means that what was acknowledged for users, devices and groups is not trusted in this run;
 * read for each row's stored fingerprint. A preview opens it read-only. Writes go through the
 * {@link Committer}.
 *
 * <p>Opening writes nothing: a run that fails before anything is acknowledged (a mapped column the
 * source lacks, a refused row count, an unreachable source) leaves the state as it was, so the next run
 * of the unchanged spec is not taken for a resync. The run's own metadata (the mapping's fingerprint,
 * the project, a resync under way) is written with the first change a run makes, in the same commit.
 * The one exception is the history: every run that opened the state for writing appends itself to
 * the {@code runs} entry at its end ({@link #recordRun}), also one that failed before sending.
 *
 * <p>A resync of users, devices or groups does not clear the state: every record is sent whole, but a
 * non-idempotent operation ({@code add}, {@code append}, {@code prepend}) whose value Amplitude already
 * acknowledged for that key is left out (see {@link #previous}). The keys no row of a completed resync
 * had are then forgotten. A resync that stopped early leaves a marker, and the next run goes on with
 * it.
 *
 * <p>State belongs to one Amplitude project: the fingerprint of the API key (never the key) is stored
 * with it. A run with another key opens a state of its own ({@code NAME@FINGERPRINT}) and says so; a
 * changed endpoint with the same key (a proxy, another region's URL) keeps the state.
 */
final class RunState {
  private static final Logger LOG = LoggerFactory.getLogger(RunState.class);
  static final String MAPPING_META = "mapping";
  /** Why a resync began, while it has not completed. */
  static final String RESYNC_META = "resync";
  /** The fingerprint of the API key of the project the state belongs to. */
  static final String PROJECT_META = "project";

  private final SyncState state;
  private final String syncName;
  /** This run's id in the sync logs. */
  private final String runId = java.util.UUID.randomUUID().toString();
  private final boolean preview;
  private final ObjectType objectType;
  /** Why this run is a full resync (or why its state is fresh), or null. */
  private final String fullResyncReason;
  /** True when the stored state must not be trusted in this run: every record is sent. */
  private final boolean resync;
  /** The watermark stored when the state was opened, or null. */
  private final String watermarkAtOpen;
  /** What the first write of the run writes with it. */
  private final FirstWriteHook.Beginning beginning;
  /** True when the state held nothing for this sync when opened (no earlier run wrote to it). */
  private final boolean empty;
  private final FirstWriteHook writes;
  /** Where the stored digests are kept for the next run, or null (see {@link DigestTableHome}). */
  private final DigestTableHome digestHome;

  private RunState(
      SyncState state, String syncName, boolean preview, ObjectType objectType, String fullResyncReason,
      boolean resync, String watermarkAtOpen, FirstWriteHook.Beginning beginning, boolean empty) {
    this.state = state;
    this.syncName = syncName;
    this.preview = preview;
    this.objectType = objectType;
    this.fullResyncReason = fullResyncReason;
    this.resync = resync;
    this.watermarkAtOpen = watermarkAtOpen;
    this.beginning = beginning;
    this.empty = empty;
    this.digestHome = DigestTableHome.of(state);
    this.writes = preview ? null : new FirstWriteHook(state, beginning, digestHome);
  }

  /**
   * Opens the job's state and decides whether this run is a full resync. Writes nothing.
   *
   * @return the state, or null when the job has no state store
   */
  static RunState open(SyncJob job, boolean preview) {
    if (job.state().isEmpty()) {
      return null;
    }
    StateStore store = job.state().get();
    String project = Fingerprints.project(job.destination().apiKey());
    String name = job.name();
    SyncState state = open(store, name, preview);
    String anotherProject = null;
    try {
      String boundTo = state.meta(PROJECT_META);
      if (boundTo != null && !boundTo.equals(project)) {
        state.close();
        state = null;
        name = job.name() + "@" + project;
        state = open(store, name, preview);
        if (state.meta(MAPPING_META) == null) {
          anotherProject = "another Amplitude project: the state of sync '" + job.name()
              + "' belongs to the API key with fingerprint " + boundTo + " (kept for it); this key ("
              + project + ") starts a fresh state, so every row is sent";
        }
      }
      String fingerprint = job.objectType().specName() + ":" + job.mapping().fingerprint();
      String stored = state.meta(MAPPING_META);
      String interrupted = state.meta(RESYNC_META);
      boolean events = job.objectType() == ObjectType.EVENT;
      String reason = null;
      boolean resync = false;
      if (job.fullResync()) {
        reason = "forced";
        resync = true;
      } else if (stored != null && !stored.equals(fingerprint)) {
        reason = events ? "mapping changed; acknowledged events are kept and not sent again" : "mapping changed";
        resync = !events;
      } else if (interrupted != null && !events) {
        reason = "resuming a resync that an earlier run began and did not finish (" + interrupted + ")";
        resync = true;
      } else if (anotherProject != null) {
        reason = anotherProject;
      }
      String marker = !resync || events ? null : reason.startsWith("resuming") ? interrupted : reason;
      FirstWriteHook.Beginning beginning = new FirstWriteHook.Beginning(fingerprint, project, marker, resync && events);
      // A run writes the mapping's fingerprint with its first change, so without it nothing was stored.
      boolean empty = stored == null;
      return new RunState(state, name, preview, job.objectType(), reason, resync, state.meta(Watermark.META), beginning,
          empty);
    } catch (RuntimeException e) {
      if (state != null) {
        closeQuietly(state, name);
      }
      throw e;
    }
  }

  private static SyncState open(StateStore store, String name, boolean preview) {
    return preview ? store.openForPreview(name) : store.open(name);
  }

  /** Returns how many keys the state holds for this sync (0 without one): a re-run's row count, roughly. */
  long keysHeld() {
    return state == null ? 0 : state.size();
  }

  /** Tells whether the state held nothing for this sync when opened: every row will be sent. */
  boolean empty() {
    return empty;
  }

  /** Returns why this run is a full resync, or null. */
  String fullResyncReason() {
    return fullResyncReason;
  }

  /**
   * Tells whether the run wrote anything (its first write also writes its metadata: the mapping, a
   * resync under way): a run that stopped before this changed nothing, a resync included.
   */
  boolean begun() {
    return writes != null && writes.begun();
  }

  /** Returns the watermark stored when the state was opened, or null. */
  String watermarkAtOpen() {
    return watermarkAtOpen;
  }

  /** Tells whether what is stored counts in this run (not in a resync). */
  boolean trustsStored() {
    return !resync;
  }

  /** Tells whether this run sends every record whole (a resync). */
  boolean resyncing() {
    return resync;
  }

  /** Tells whether this run writes the state (not a preview). */
  boolean writable() {
    return !preview;
  }

  /** Calls {@code action} with every stored key and fingerprint (none in a resync, which trusts nothing). */
  void forEachStored(java.util.function.BiConsumer<String, byte[]> action) {
    if (!resync) {
      state.forEachEntry(action);
    }
  }

  /** Where the stored digests the last run left are, or null (another store). */
  DigestTableHome digestHome() {
    return digestHome;
  }

  /**
   * Keeps the stored digests the run read, to leave them for the next run with the run's writes
   * applied; returns false when they are not kept (the caller closes them).
   */
  boolean keepDigests(StoredDigests digests) {
    return !preview && digestHome != null && digestHome.keep(digests, writes::keysWritten);
  }

  /** Returns the fingerprint stored for a key, or null (always null in a resync, which trusts nothing). */
  byte[] stored(String key) {
    return resync ? null : state.get(key);
  }

  /**
   * Returns what was acknowledged for a key before this resync, or null: the planner leaves out the
   * non-idempotent operations Amplitude already applied.
   */
  byte[] previous(String key) {
    return objectType == ObjectType.EVENT ? null : state.get(key);
  }

  /** Returns the name the state is kept under: the sync's, or {@code NAME@FINGERPRINT} for another project. */
  String name() {
    return syncName;
  }

  /**
   * Logs a row's problem with this run, for stores that keep sync logs (written with the next commit);
   * not in a preview.
   */
  void logProblem(String key, dev.ampsync.RowOutcome outcome, String reason) {
    if (!preview) {
      state.logProblem(runId, key, outcome.name(), reason);
    }
  }

  /** Reads a piece of metadata. */
  String meta(String name) {
    return state.meta(name);
  }

  /** Iterates over the stored keys. */
  void forEachKey(Consumer<String> action) {
    state.forEachKey(action);
  }

  /**
   * The state as the {@link Committer}, the only writer, writes it: its first write also writes the
   * run's metadata; null in a preview.
   */
  SyncState state() {
    return writes;
  }

  /**
   * Ends a run that read its whole source: a resync of users, devices or groups forgets the keys no
   * row had (unless {@code on_removed: unset} unsets them) and is marked complete. Writes through the
   * committer, which commits when it closes.
   */
  void complete(SeenKeys seen, OnRemoved onRemoved) {
    if (preview) {
      return;
    }
    writes.meta(MAPPING_META, beginning.mapping()); // begins, for a run that sent nothing
    if (resync && objectType != ObjectType.EVENT) {
      if (onRemoved != OnRemoved.UNSET) {
        List<String> gone = new ArrayList<>();
        state.forEachKey(key -> {
          if (!seen.contains(key)) {
            gone.add(key);
          }
          if (gone.size() >= 10_000) {
            forget(gone);
          }
        });
        forget(gone);
      }
      writes.meta(RESYNC_META, null);
    }
  }

  private void forget(List<String> keys) {
    for (String key : keys) {
      writes.remove(key);
    }
    keys.clear();
  }

  /**
   * Appends the run to the state's history ({@link RunHistory}) and commits it, after the run's last
   * commit. Written to the state directly, not through the first-write hook: a run that failed before
   * acknowledging anything changes nothing else (not the mapping, the project or a resync marker), so
   * history is the one thing such a run leaves behind. Not in a preview. A failure is logged: the
   * history must never fail a run.
   */
  void recordRun(dev.ampsync.SyncResult result, java.time.Instant started) {
    if (preview) {
      return;
    }
    boolean interrupted = Thread.interrupted(); // as in close(): file I/O would abort
    try {
      state.meta(RunHistory.META, RunHistory.append(state.meta(RunHistory.META), result, started));
      state.logRun(new dev.ampsync.state.RunLogEntry(runId, started, java.time.Instant.now(),
          result.status().name(), result.rowsRead(), result.accepted(), result.unchanged(), result.invalid(),
          result.rejected(), result.failed(), result.error().orElse(null)));
      if (digestHome != null) {
        digestHome.beforeLastCommit(state);
      }
      state.commit();
      if (digestHome != null) {
        digestHome.lastCommitDone();
      }
    } catch (RuntimeException e) {
      LOG.warn("could not record the run in the history of sync {}: {}", syncName, e.getMessage());
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Closes the state, which commits what a run wrote; a failure is logged. */
  void close() {
    // The final commit must not see an interrupt (an interrupted run): file I/O would abort.
    boolean interrupted = Thread.interrupted();
    boolean closed = false;
    try {
      state.close();
      closed = true;
    } catch (RuntimeException e) {
      LOG.warn("could not commit the state of sync {}: {}", syncName, e.getMessage());
    } finally {
      if (digestHome != null) {
        digestHome.afterClose(closed);
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void closeQuietly(SyncState state, String name) {
    try {
      state.close();
    } catch (RuntimeException e) {
      LOG.debug("could not close the state of sync {}", name, e);
    }
  }
}
