package dev.ampsync;

import dev.ampsync.client.PreviewRequest;
import dev.ampsync.internal.engine.ResultBuilder;
import dev.ampsync.internal.engine.Results;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of a sync run or preview: counts per row outcome, a bounded sample of problems, and
 * for previews the first request bodies that would be sent. Immutable.
 *
 * <p>Every record has exactly one outcome, so {@code accepted + unchanged + invalid + rejected +
 * failed == records}, also when the run {@link SyncStatus#FAILED failed} part-way (records read but not
 * acknowledged then count as failed). A row is one record, so {@code records == rowsRead}, except in
 * a group sync with {@code members}: a row whose group is valid is its group plus one record per
 * member, each with an outcome of its own (a row whose group is invalid is one invalid record). Only
 * a run creates them.
 *
 * <pre>{@code
 * SyncResult result = AmplitudeSync.run(job);
 * if (result.status() != SyncStatus.SUCCEEDED) {
 *   result.problems().forEach(p -> log.warn("{} {}: {}", p.key(), p.outcome(), p.reason()));
 * }
 * }</pre>
 */
public final class SyncResult {
  private final String sync;
  private final SyncStatus status;
  private final long rowsRead;
  private final long records;
  private final long accepted;
  private final long unchanged;
  private final long invalid;
  private final long rejected;
  private final long failed;
  private final Duration duration;
  private final List<Problem> problems;
  private final String error;
  private final boolean preview;
  private final List<PreviewRequest> previewRequests;
  private final long removed;
  private final String fullResync;
  private final List<String> thresholdsExceeded;

  static {
    Results.install(new Results.Factory() {
      @Override
      public SyncResult result(ResultBuilder builder) {
        return new SyncResult(builder);
      }

      @Override
      public SyncProgress progress(long rowsRead, long accepted, long unchanged, long invalid,
          long rejected, long failed, Duration elapsed) {
        return new SyncProgress(rowsRead, accepted, unchanged, invalid, rejected, failed, elapsed);
      }
    });
  }

  private SyncResult(ResultBuilder builder) {
    this.sync = builder.sync();
    this.rowsRead = builder.rowsRead();
    this.records = builder.records();
    this.accepted = builder.accepted();
    this.unchanged = builder.unchanged();
    this.invalid = builder.invalid();
    this.rejected = builder.rejected();
    this.failed = builder.failed();
    this.duration = builder.duration();
    this.problems = List.copyOf(builder.problems());
    this.error = builder.error();
    this.preview = builder.preview();
    this.previewRequests = List.copyOf(builder.previewRequests());
    this.removed = builder.removed();
    this.fullResync = builder.fullResync();
    this.thresholdsExceeded = List.copyOf(builder.thresholdsExceeded());
    this.status = builder.status();
  }

  /** @return the sync's name */
  public String sync() {
    return sync;
  }

  /**
   * Returns how the run ended: FAILED when it could not proceed; PARTIAL when invalid, rejected or
   * failed rows are above the job's {@link SyncJob#failWhen() thresholds} (by default: any such row);
   * SUCCEEDED otherwise, also when it had problems within the thresholds ({@link #problems()} and
   * the counts still show them).
   *
   * @return the status
   */
  public SyncStatus status() {
    return status;
  }

  /** @return rows read from the source */
  public long rowsRead() {
    return rowsRead;
  }

  /**
   * @return records with an outcome, the sum of the five counts: {@link #rowsRead()}, plus one per
   *     member of a valid group row in a group sync with {@code members}
   */
  public long records() {
    return records;
  }

  /** @return rows Amplitude accepted (for a preview: rows that would be sent) */
  public long accepted() {
    return accepted;
  }

  /** @return rows that needed no sending */
  public long unchanged() {
    return unchanged;
  }

  /** @return rows that could not become valid records */
  public long invalid() {
    return invalid;
  }

  /** @return rows Amplitude refused */
  public long rejected() {
    return rejected;
  }

  /** @return rows that could not be delivered */
  public long failed() {
    return failed;
  }

  /** @return how long the run took */
  public Duration duration() {
    return duration;
  }

  /** @return a bounded sample of the rows that were invalid, rejected or failed, in order of outcome */
  public List<Problem> problems() {
    return problems;
  }

  /**
   * Says which {@link FailureThresholds} the run's counts are above, one line each, such as {@code
   * invalid 7 of 100 rows (7.0%) is above fail_when.invalid 5%}. The run is PARTIAL exactly when this
   * is not empty; for a FAILED run it is empty (thresholds do not decide it).
   *
   * @return the thresholds exceeded, in the order invalid, rejected, failed
   */
  public List<String> thresholdsExceeded() {
    return thresholdsExceeded;
  }

  /** @return why the run could not proceed, when it {@link SyncStatus#FAILED failed} */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /** @return keys that left the source and had their mapped properties unset (on_removed: unset) */
  public long removed() {
    return removed;
  }

  /**
   * @return why this run was a full resync (forced, or the mapping changed), if it was one; empty for
   *     a run that stopped before writing anything to its state (a mapped column missing), which
   *     began no resync: the next run is the resync
   */
  public Optional<String> fullResync() {
    return Optional.ofNullable(fullResync);
  }

  /** @return true when this is a preview: nothing was sent */
  public boolean isPreview() {
    return preview;
  }

  /** @return for a preview, the first request bodies that would be sent, API key redacted */
  public List<PreviewRequest> previewRequests() {
    return previewRequests;
  }

  @Override
  public String toString() {
    return "SyncResult{sync=" + sync + ", status=" + status + (preview ? ", preview" : "")
        + ", rowsRead=" + rowsRead + (records != rowsRead ? ", records=" + records : "") + ", accepted=" + accepted + ", unchanged=" + unchanged
        + ", invalid=" + invalid + ", rejected=" + rejected + ", failed=" + failed
        + (removed > 0 ? ", removed=" + removed : "")
        + (fullResync != null ? ", fullResync=" + fullResync : "")
        + ", durationMs=" + duration.toMillis() + (error == null ? "" : ", error=" + error) + "}";
  }
}
