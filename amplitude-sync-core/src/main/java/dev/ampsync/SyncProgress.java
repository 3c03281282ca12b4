package dev.ampsync;

import java.time.Duration;
import java.util.Objects;

/**
 * A snapshot of a running sync, for {@link SyncListener#progress(SyncProgress)}. Only a run creates
 * them.
 *
 * <pre>{@code
 * SyncListener listener = new SyncListener() {
 *   public void progress(SyncProgress p) {
 *     System.err.printf("%d rows, %.0f rows/s%n", p.rowsRead(), p.rowsPerSecond());
 *   }
 * };
 * }</pre>
 */
public final class SyncProgress {
  private final long rowsRead;
  private final long accepted;
  private final long unchanged;
  private final long invalid;
  private final long rejected;
  private final long failed;
  private final Duration elapsed;

  SyncProgress(long rowsRead, long accepted, long unchanged, long invalid, long rejected, long failed,
      Duration elapsed) {
    this.rowsRead = rowsRead;
    this.accepted = accepted;
    this.unchanged = unchanged;
    this.invalid = invalid;
    this.rejected = rejected;
    this.failed = failed;
    this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
  }

  /** @return rows read from the source so far */
  public long rowsRead() {
    return rowsRead;
  }

  /** @return rows accepted so far */
  public long accepted() {
    return accepted;
  }

  /** @return rows unchanged so far */
  public long unchanged() {
    return unchanged;
  }

  /** @return rows invalid so far */
  public long invalid() {
    return invalid;
  }

  /** @return rows rejected so far */
  public long rejected() {
    return rejected;
  }

  /** @return rows failed so far */
  public long failed() {
    return failed;
  }

  /** @return time since the run started */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * Returns the average read rate since the start.
   *
   * @return rows per second
   */
  public double rowsPerSecond() {
    long millis = elapsed.toMillis();
    return millis <= 0 ? 0 : rowsRead * 1000.0 / millis;
  }

  /**
   * Returns how many rows have an outcome.
   *
   * @return the sum of all outcomes
   */
  public long done() {
    return accepted + unchanged + invalid + rejected + failed;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SyncProgress that
        && rowsRead == that.rowsRead && accepted == that.accepted && unchanged == that.unchanged
        && invalid == that.invalid && rejected == that.rejected && failed == that.failed
        && elapsed.equals(that.elapsed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rowsRead, accepted, unchanged, invalid, rejected, failed, elapsed);
  }

  @Override
  public String toString() {
    return "SyncProgress[rowsRead=" + rowsRead + ", accepted=" + accepted + ", unchanged=" + unchanged
        + ", invalid=" + invalid + ", rejected=" + rejected + ", failed=" + failed
        + ", elapsed=" + elapsed + "]";
  }
}
