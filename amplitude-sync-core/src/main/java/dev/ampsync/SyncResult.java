package dev.ampsync;

import dev.ampsync.client.PreviewRequest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of a sync run or preview: counts per row outcome, a bounded sample of problems, and
 * for previews the first request bodies that would be sent. Immutable.
 *
 * <p>Every row read has exactly one outcome, so {@code accepted + unchanged + invalid + rejected +
 * failed == rowsRead} unless the run {@link SyncStatus#FAILED failed} part-way.
 */
public final class SyncResult {
  private final String sync;
  private final SyncStatus status;
  private final long rowsRead;
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

  private SyncResult(Builder builder) {
    this.sync = builder.sync;
    this.rowsRead = builder.rowsRead;
    this.accepted = builder.accepted;
    this.unchanged = builder.unchanged;
    this.invalid = builder.invalid;
    this.rejected = builder.rejected;
    this.failed = builder.failed;
    this.duration = builder.duration;
    this.problems = List.copyOf(builder.problems);
    this.error = builder.error;
    this.preview = builder.preview;
    this.previewRequests = List.copyOf(builder.previewRequests);
    this.removed = builder.removed;
    this.fullResync = builder.fullResync;
    this.status =
        error != null
            ? SyncStatus.FAILED
            : invalid + rejected + failed > 0 ? SyncStatus.PARTIAL : SyncStatus.SUCCEEDED;
  }

  /**
   * Returns a builder; for the engine and for tests of code that consumes results.
   *
   * @param sync the sync name
   * @return a new builder
   */
  public static Builder builder(String sync) {
    return new Builder(Objects.requireNonNull(sync, "sync"));
  }

  /** @return the sync's name */
  public String sync() {
    return sync;
  }

  /** @return how the run ended: FAILED when it could not proceed, PARTIAL when some rows had problems */
  public SyncStatus status() {
    return status;
  }

  /** @return rows read from the source */
  public long rowsRead() {
    return rowsRead;
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

  /** @return why the run could not proceed, when it {@link SyncStatus#FAILED failed} */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /** @return keys that left the source and had their mapped properties unset (on_removed: unset) */
  public long removed() {
    return removed;
  }

  /** @return why this run was a full resync (forced, or the mapping changed), if it was one */
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
        + ", rowsRead=" + rowsRead + ", accepted=" + accepted + ", unchanged=" + unchanged
        + ", invalid=" + invalid + ", rejected=" + rejected + ", failed=" + failed
        + (removed > 0 ? ", removed=" + removed : "")
        + (fullResync != null ? ", fullResync=" + fullResync : "")
        + ", durationMs=" + duration.toMillis() + (error == null ? "" : ", error=" + error) + "}";
  }

  /** Builds {@link SyncResult}s. Not thread-safe. */
  public static final class Builder {
    private final String sync;
    private long rowsRead;
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

    private Builder(String sync) {
      this.sync = sync;
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
    public Builder counts(long rowsRead, long accepted, long unchanged, long invalid, long rejected, long failed) {
      this.rowsRead = rowsRead;
      this.accepted = accepted;
      this.unchanged = unchanged;
      this.invalid = invalid;
      this.rejected = rejected;
      this.failed = failed;
      return this;
    }

    /** @param duration how long the run took @return this builder */
    public Builder duration(Duration duration) {
      this.duration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    /** @param problems the problem sample @return this builder */
    public Builder problems(List<Problem> problems) {
      this.problems = Objects.requireNonNull(problems, "problems");
      return this;
    }

    /** @param error why the run could not proceed, or null @return this builder */
    public Builder error(String error) {
      this.error = error;
      return this;
    }

    /** @param previewRequests the request bodies of a preview @return this builder */
    public Builder preview(List<PreviewRequest> previewRequests) {
      this.preview = true;
      this.previewRequests = Objects.requireNonNull(previewRequests, "previewRequests");
      return this;
    }

    /** @param removed keys whose properties were unset because they left the source @return this builder */
    public Builder removed(long removed) {
      this.removed = removed;
      return this;
    }

    /** @param reason why the run was a full resync, or null @return this builder */
    public Builder fullResync(String reason) {
      this.fullResync = reason;
      return this;
    }

    /** @return the result */
    public SyncResult build() {
      return new SyncResult(this);
    }
  }
}
