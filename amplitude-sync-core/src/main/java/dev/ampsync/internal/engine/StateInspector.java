package dev.ampsync.internal.engine;

import dev.ampsync.SyncJob;
import dev.ampsync.internal.state.Fingerprints;
import dev.ampsync.state.StateException;
import dev.ampsync.state.StateStore;
import dev.ampsync.StateSummary;
import dev.ampsync.state.SyncState;
import java.util.Optional;

/**
 * Reads and resets a sync's state outside a run, for people ({@code amplitude-sync state} and {@code
 * history}): it finds the state the job's next run would use, as {@link RunState#open} does (the
 * sync's name, or {@code NAME@PROJECT} when the job's API key is not the project's the state is bound
 * to). Reading opens the state as a preview does: it creates nothing and, on a JDBC store, takes no lock.
 */
public final class StateInspector {
  /** The metadata entries the engine writes; a store's default reset removes these. */
  public static final String ENGINE_META = "mapping, project, resync, watermark, runs";

  private StateInspector() {}

  /**
   * Reads the state the job's next run would use.
   *
   * @throws IllegalStateException if the job has no state store
   * @throws StateException if the store cannot be read (damaged, held by a run)
   */
  public static StateSummary read(SyncJob job) {
    StateStore store = store(job);
    String project = Fingerprints.project(job.destination().apiKey());
    String jobMapping = job.objectType().specName() + ":" + job.mapping().fingerprint();
    String name = job.name();
    String other = null;
    SyncState state = store.openForPreview(name);
    try {
      String boundTo = state.meta(RunState.PROJECT_META);
      if (boundTo != null && !boundTo.equals(project)) {
        state.close();
        state = null;
        other = boundTo;
        name = job.name() + "@" + project;
        state = store.openForPreview(name);
      }
      Optional<String> mapping = Optional.ofNullable(state.meta(RunState.MAPPING_META));
      long keys = state.size();
      return new StateSummary(
          name,
          store.location(),
          mapping.isPresent() || keys > 0,
          Optional.ofNullable(state.meta(RunState.PROJECT_META)),
          project,
          Optional.ofNullable(other),
          mapping,
          jobMapping,
          Optional.ofNullable(state.meta(RunState.RESYNC_META)),
          Optional.ofNullable(state.meta(Watermark.META)),
          keys,
          RunHistory.read(state.meta(RunHistory.META)));
    } finally {
      if (state != null) {
        state.close();
      }
    }
  }

  /**
   * Forgets the state the job's next run would use: keys, metadata and history (see {@link
   * StateStore#forget}). When the state cannot be read to find which one that is (a damaged file), the
   * store is asked to forget the sync's own name, which for the file store moves the damaged file aside.
   *
   * @return what was done, in words
   * @throws IllegalStateException if the job has no state store
   * @throws StateException if a run holds the state, or the store cannot be written
   */
  public static String reset(SyncJob job) {
    StateStore store = store(job);
    String name;
    try {
      name = read(job).stateName();
    } catch (StateException unreadable) {
      name = job.name(); // the store's forget says what it can do (or why it cannot)
    }
    return store.forget(name);
  }

  private static StateStore store(SyncJob job) {
    return job.state().orElseThrow(() -> new IllegalStateException(
        "sync '" + job.name() + "' keeps no state (state: store: none): there is nothing to show or reset"));
  }
}
