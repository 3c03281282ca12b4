package dev.ampsync;

import dev.ampsync.record.ObjectType;
import dev.ampsync.internal.engine.SyncRun;

/**
 * Runs syncs: rows from a {@link dev.ampsync.source.Source}, mapped to Amplitude records, sent with
 * every row ending in exactly one {@link RowOutcome}.
 *
 * <pre>{@code
 * SyncJob job = SyncJob.builder("users")
 *     .source(source)
 *     .mapping(Mapping.builder(ObjectType.USER).userId(Value.column("id"))
 *         .property("plan", Value.column("plan")).build())
 *     .destination(AmplitudeClient.builder(System.getenv("AMPLITUDE_API_KEY")))
 *     .build();
 *
 * SyncResult plan = AmplitudeSync.preview(job);   // sends nothing
 * plan.previewRequests().forEach(r -> System.out.println(r.path() + " " + r.body()));
 *
 * SyncResult result = AmplitudeSync.run(job);
 * System.out.println(result.status() + ": " + result.accepted() + " accepted");
 * }</pre>
 *
 * <p>Both methods block until the run is over and never throw for bad rows or a failing source:
 * those become outcomes, or a {@link SyncStatus#FAILED FAILED} result with {@link
 * SyncResult#error()}. Memory stays bounded whatever the number of rows.
 */
public final class AmplitudeSync {
  private AmplitudeSync() {}

  /**
   * Runs a sync. The run sends through the job's {@link SyncJob#client() client} if it has one,
   * waits for its records' outcomes and leaves that client open; otherwise it builds a client from
   * the job's {@link SyncJob#destination() settings} and closes it at the end.
   *
   * @param job the job
   * @return the result
   * @throws NullPointerException if {@code job} is null
   */
  public static SyncResult run(SyncJob job) {
    return SyncRun.run(job(job));
  }

  /**
   * Previews a sync: reads and maps every row, packs requests exactly as a run would, and sends
   * nothing. The result counts as accepted what would be sent, and holds the first request bodies
   * ({@link SyncJob.Builder#previewRequests(int)}) with the API key redacted. It always runs over a
   * dry-run client built from the job's settings: a job's {@link SyncJob#client() client} is not
   * used, so a preview cannot send even when that client is a real one.
   *
   * @param job the job
   * @return the preview
   * @throws NullPointerException if {@code job} is null
   */
  public static SyncResult preview(SyncJob job) {
    return SyncRun.preview(job(job));
  }

  /**
   * Reads the state the job's next run would use, without changing it: where it is, the project it
   * belongs to, whether the job's mapping matches the stored one (else the next run is a resync), a
   * resync under way, the watermark, the number of keys, and the last runs.
   *
   * <pre>{@code
   * StateSummary state = AmplitudeSync.state(job);
   * state.runs().forEach(run -> System.out.println(run.started() + " " + run.status()));
   * }</pre>
   *
   * @param job the job
   * @return the summary
   * @throws NullPointerException if {@code job} is null
   * @throws IllegalStateException if the job has no state store
   * @throws dev.ampsync.state.StateException if the state cannot be read (a damaged file, a file store
   *     held by a run)
   */
  public static dev.ampsync.StateSummary state(SyncJob job) {
    return dev.ampsync.internal.engine.StateInspector.read(job(job));
  }

  /**
   * Forgets the state the job's next run would use (keys, metadata, history): the next run sends
   * every row, and events older than Amplitude's 7-day {@code insert_id} deduplication may be
   * duplicated. A state held by a running sync is refused. A file store that cannot be opened because
   * it is damaged is moved aside as {@code state.mv.db.damaged-<time>}.
   *
   * @param job the job
   * @return what was done, in words
   * @throws NullPointerException if {@code job} is null
   * @throws IllegalStateException if the job has no state store
   * @throws dev.ampsync.state.StateException if a run holds the state or it cannot be written
   */
  public static String resetState(SyncJob job) {
    return dev.ampsync.internal.engine.StateInspector.reset(job(job));
  }

  private static SyncJob job(SyncJob job) {
    return dev.ampsync.internal.util.Arguments.required(job, "job",
        "pass the sync to run, built with SyncJob.builder(name)...build() or SyncSpec.load(file).job()");
  }
}
