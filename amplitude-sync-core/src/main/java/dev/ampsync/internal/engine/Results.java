package dev.ampsync.internal.engine;

import dev.ampsync.RowOutcome;
import dev.ampsync.SyncResult;
import dev.ampsync.client.PreviewRequest;
import java.util.List;

/** The one place a run's {@link SyncResult} is made (its progress reports are {@link Tally#progress()}). */
final class Results {
  private Results() {}

  /** The result of a run that could not start. */
  static SyncResult notStarted(String sync, String error) {
    return builder(sync).error(error).build();
  }

  /**
   * The result of a run.
   *
   * @param fullResync why the run was a full resync, or null
   * @param previewRequests a preview's first request bodies, or null when it sent for real
   * @param stop why it stopped early, or null
   */
  static SyncResult of(
      String sync, Tally tally, String fullResync, long removed, List<PreviewRequest> previewRequests, StopReason stop) {
    SyncResult.Builder result = builder(sync);
    if (fullResync != null) {
      result.fullResync(fullResync);
    }
    if (previewRequests != null) {
      result.preview(previewRequests);
    }
    return result
        .counts(
            tally.rowsRead(),
            tally.count(RowOutcome.ACCEPTED),
            tally.count(RowOutcome.UNCHANGED),
            tally.count(RowOutcome.INVALID),
            tally.count(RowOutcome.REJECTED),
            tally.count(RowOutcome.FAILED))
        .removed(removed)
        .duration(tally.elapsed())
        .problems(tally.problems())
        .error(stop == null ? null : stop.message())
        .build();
  }

  private static SyncResult.Builder builder(String sync) {
    return SyncResult.builder(sync);
  }
}
