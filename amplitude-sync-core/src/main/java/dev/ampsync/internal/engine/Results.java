package dev.ampsync.internal.engine;

import dev.ampsync.FailureThresholds;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncProgress;
import dev.ampsync.SyncResult;
import dev.ampsync.client.PreviewRequest;
import dev.ampsync.internal.util.InstalledFactory;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The one place a run's {@link SyncResult}s and {@link SyncProgress} snapshots are made. Their
 * constructors are not public API (only a run reports on itself): {@code SyncResult} installs a
 * {@link Factory} here when it is initialised (the JDK's shared-secrets pattern), so the root package
 * exposes no factory.
 */
public final class Results {
  /** What {@code SyncResult} installs: the constructors of the root package's result types. */
  public interface Factory {
    /** Creates the result a builder describes. */
    SyncResult result(ResultBuilder builder);

    /** Creates a progress snapshot. */
    SyncProgress progress(long rowsRead, long accepted, long unchanged, long invalid, long rejected,
        long failed, Duration elapsed);
  }

  private static final InstalledFactory<Factory> FACTORY = new InstalledFactory<>(SyncResult.class);

  private Results() {}

  /**
   * Installs the factory; called once, by {@code SyncResult}'s static initialiser.
   *
   * @param installed the factory
   * @throws IllegalStateException if one is installed already
   */
  public static void install(Factory installed) {
    FACTORY.install(installed);
  }

  /** The result of a run that could not start. */
  static SyncResult notStarted(String sync, String error) {
    return new ResultBuilder(sync).error(error).build();
  }

  /** The result of a run whose texts are shown as they are. */
  static SyncResult of(String sync, Tally tally, String fullResync, long removed,
      List<PreviewRequest> previewRequests, StopReason stop, FailureThresholds failWhen) {
    return of(sync, tally, fullResync, removed, previewRequests, stop, failWhen, UnaryOperator.identity());
  }

  /**
   * The result of a run.
   *
   * @param fullResync why the run was a full resync, or null
   * @param previewRequests a preview's first request bodies, or null when it sent for real
   * @param stop why it stopped early, or null
   * @param failWhen the job's thresholds, which decide between SUCCEEDED and PARTIAL
   * @param shown how the error and the resync reason are shown ({@link JobTexts})
   */
  static SyncResult of(String sync, Tally tally, String fullResync, long removed,
      List<PreviewRequest> previewRequests, StopReason stop, FailureThresholds failWhen, UnaryOperator<String> shown) {
    ResultBuilder result = new ResultBuilder(sync).failWhen(failWhen);
    if (fullResync != null) {
      result.fullResync(shown.apply(fullResync));
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
        .records(tally.records())
        .removed(removed)
        .duration(tally.elapsed())
        .problems(tally.problems())
        .error(stop == null ? null : shown.apply(stop.message()))
        .build();
  }

  /** Returns a progress snapshot. */
  public static SyncProgress progress(long rowsRead, long accepted, long unchanged, long invalid,
      long rejected, long failed, Duration elapsed) {
    return FACTORY.get().progress(rowsRead, accepted, unchanged, invalid, rejected, failed, elapsed);
  }

  static SyncResult result(ResultBuilder builder) {
    return FACTORY.get().result(builder);
  }
}
