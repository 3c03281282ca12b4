package dev.ampsync.internal.engine;

import dev.ampsync.FailureThresholds;
import dev.ampsync.Problem;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.PreviewRequest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Collects what a run found and builds its {@link SyncResult}, whose constructor is not public API.
 * Not thread-safe.
 */
public final class ResultBuilder {
  private final String sync;
  private long rowsRead;
  /** Records with an outcome; -1: as many as rows read. */
  private long records = -1;
  private long accepted;
  private long unchanged;
  private long invalid;
  private long rejected;
  private long failed;
  private Duration duration = Duration.ZERO;
  private List<Problem> problems = List.of();
  private String error;
  private boolean preview;
  private List<PreviewRequest> previewRequests = List.of();
  private long removed;
  private String fullResync;
  private FailureThresholds failWhen = FailureThresholds.of();

  /**
   * Starts the result of one sync.
   *
   * @param sync the sync name
   */
  public ResultBuilder(String sync) {
    this.sync = Objects.requireNonNull(sync, "sync");
  }

  /**
   * Sets the counts.
   *
   * @param rowsRead rows read
   * @param accepted accepted rows
   * @param unchanged unchanged rows
   * @param invalid invalid rows
   * @param rejected rejected rows
   * @param failed failed rows
   * @return this builder
   */
  public ResultBuilder counts(long rowsRead, long accepted, long unchanged, long invalid, long rejected, long failed) {
    this.rowsRead = rowsRead;
    this.accepted = accepted;
    this.unchanged = unchanged;
    this.invalid = invalid;
    this.rejected = rejected;
    this.failed = failed;
    return this;
  }

  /**
   * Sets how many records have an outcome when it differs from the rows read: a group row with {@code
   * members} is its group plus one record per member.
   *
   * @param records the records
   * @return this builder
   */
  public ResultBuilder records(long records) {
    this.records = records;
    return this;
  }

  /** @return records with an outcome: the rows read unless {@link #records(long)} said otherwise */
  public long records() {
    return records < 0 ? rowsRead : records;
  }

  /** @param duration how long the run took @return this builder */
  public ResultBuilder duration(Duration duration) {
    this.duration = Objects.requireNonNull(duration, "duration");
    return this;
  }

  /** @param problems the problem sample @return this builder */
  public ResultBuilder problems(List<Problem> problems) {
    this.problems = Objects.requireNonNull(problems, "problems");
    return this;
  }

  /** @param error why the run could not proceed, or null @return this builder */
  public ResultBuilder error(String error) {
    this.error = error;
    return this;
  }

  /** @param previewRequests the request bodies of a preview @return this builder */
  public ResultBuilder preview(List<PreviewRequest> previewRequests) {
    this.preview = true;
    this.previewRequests = Objects.requireNonNull(previewRequests, "previewRequests");
    return this;
  }

  /** @param removed keys whose properties were unset because they left the source @return this builder */
  public ResultBuilder removed(long removed) {
    this.removed = removed;
    return this;
  }

  /** @param reason why the run was a full resync, or null @return this builder */
  public ResultBuilder fullResync(String reason) {
    this.fullResync = reason;
    return this;
  }

  /** @param thresholds how many problem rows the run tolerates @return this builder */
  public ResultBuilder failWhen(FailureThresholds thresholds) {
    this.failWhen = Objects.requireNonNull(thresholds, "failWhen");
    return this;
  }

  /** @return the result */
  public SyncResult build() {
    return Results.result(this);
  }

  /** @return the sync's name */
  public String sync() {
    return sync;
  }

  /** @return rows read */
  public long rowsRead() {
    return rowsRead;
  }

  /** @return accepted rows */
  public long accepted() {
    return accepted;
  }

  /** @return unchanged rows */
  public long unchanged() {
    return unchanged;
  }

  /** @return invalid rows */
  public long invalid() {
    return invalid;
  }

  /** @return rejected rows */
  public long rejected() {
    return rejected;
  }

  /** @return failed rows */
  public long failed() {
    return failed;
  }

  /** @return how long the run took */
  public Duration duration() {
    return duration;
  }

  /** @return the problem sample */
  public List<Problem> problems() {
    return problems;
  }

  /** @return why the run could not proceed, or null */
  public String error() {
    return error;
  }

  /** @return whether this is a preview */
  public boolean preview() {
    return preview;
  }

  /** @return the request bodies of a preview */
  public List<PreviewRequest> previewRequests() {
    return previewRequests;
  }

  /** @return keys whose properties were unset because they left the source */
  public long removed() {
    return removed;
  }

  /** @return why the run was a full resync, or null */
  public String fullResync() {
    return fullResync;
  }

  /**
   * Says which thresholds the counts are above. Only for a run that proceeded: a run that could not is
   * FAILED whatever its counts, so no threshold decides it.
   *
   * @return one line per threshold exceeded, such as {@code invalid 7 of 100 rows (7.0%) is above
   *     fail_when.invalid 5%}
   */
  public List<String> thresholdsExceeded() {
    return error != null ? List.of() : ThresholdCheck.exceeded(failWhen, rowsRead, records(), invalid, rejected, failed);
  }

  /**
   * Decides how the run ended: FAILED when it could not proceed (never softened by thresholds),
   * PARTIAL when some count is above its threshold, SUCCEEDED otherwise.
   *
   * @return the status
   */
  public SyncStatus status() {
    return error != null ? SyncStatus.FAILED
        : thresholdsExceeded().isEmpty() ? SyncStatus.SUCCEEDED : SyncStatus.PARTIAL;
  }
}
