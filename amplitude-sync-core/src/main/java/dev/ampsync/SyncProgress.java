package dev.ampsync;

import java.time.Duration;

/**
 * A snapshot of a running sync, for {@link SyncListener#progress(SyncProgress)}.
 *
 * @param rowsRead rows read from the source so far
 * @param accepted rows accepted so far
 * @param unchanged rows unchanged so far
 * @param invalid rows invalid so far
 * @param rejected rows rejected so far
 * @param failed rows failed so far
 * @param elapsed time since the run started
 */
public record SyncProgress(
    long rowsRead, long accepted, long unchanged, long invalid, long rejected, long failed, Duration elapsed) {

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
}
