package dev.ampsync.internal.engine;

import dev.ampsync.SyncJob;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.Source;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watermark mode: a run reads only rows whose watermark column is after the stored watermark (less
 * the lag), and afterwards moves the watermark to the latest time it read, but never past a row that
 * failed (it must be read again) and never backwards. Without a watermark column every row is read
 * and nothing is stored. Times are epoch milliseconds; {@link #NO_TIME} stands for none.
 */
final class Watermark {
  static final String META = "watermark";
  /** No time: the row has none, or the run is not in watermark mode. */
  static final long NO_TIME = Long.MIN_VALUE;

  /** The watermark column; null when not in watermark mode. */
  private final String column;
  /** What the column is, for conversion messages. */
  private final String what;
  /** The exclusive lower bound of this run; null to read everything. */
  private final Instant readAfter;
  private final boolean fullResync;
  /** The latest watermark-column time among rows read. */
  private final AtomicLong latestRead = new AtomicLong(Long.MIN_VALUE);
  /** The earliest time among rows that failed (they must be read again). */
  private final AtomicLong earliestFailed = new AtomicLong(Long.MAX_VALUE);

  Watermark(String column, Instant readAfter, boolean fullResync) {
    this.column = column;
    this.what = column == null ? null : "watermark column '" + column + "'";
    this.readAfter = readAfter;
    this.fullResync = fullResync;
  }

  /**
   * The job's watermark for this run.
   *
   * @param stored the watermark stored by an earlier run (epoch milliseconds as text), or null
   */
  static Watermark of(SyncJob job, String stored) {
    String column = job.watermarkColumn().orElse(null);
    Instant readAfter = null;
    if (column != null && stored != null && !job.fullResync()) {
      readAfter = Instant.ofEpochMilli(Long.parseLong(stored)).minus(job.watermarkLag());
    }
    return new Watermark(column, readAfter, job.fullResync());
  }

  /** Returns the watermark column, or null when the run has none. */
  String column() {
    return column;
  }

  /** Returns the exclusive lower bound of this run, or null to read everything. */
  Instant readAfter() {
    return readAfter;
  }

  /** Tells whether the run is in watermark mode. */
  boolean enabled() {
    return column != null;
  }

  /** Opens the source: only the rows after the bound when there is one (the source may narrow its query). */
  RowStream open(Source source) {
    return readAfter == null ? source.open() : source.openAfter(column, readAfter);
  }

  /** Tells whether a row is inside this run's window (rows without a readable time count as inside). */
  boolean inWindow(Row row) {
    if (readAfter == null) {
      return true;
    }
    try {
      Object raw = row.get(column);
      return raw == null || Conversions.time(raw, column).isAfter(readAfter);
    } catch (RowException | IllegalArgumentException unreadable) {
      return true;
    }
  }

  /** Returns a row's watermark time in epoch milliseconds, or {@link #NO_TIME} when NULL or not a time. */
  long timeOf(Row row) {
    try {
      Object raw = row.get(column);
      return raw == null ? NO_TIME : Conversions.time(raw, what).toEpochMilli();
    } catch (RowException | IllegalArgumentException e) {
      return NO_TIME;
    }
  }

  /** Why a row without a readable time is invalid in watermark mode. */
  String noTimeReason() {
    return what + " is NULL or not a time; the row cannot be placed in watermark mode";
  }

  /** Tells whether a time is at or before the window: read by an earlier run. */
  boolean beforeWindow(long time) {
    return readAfter != null && time <= readAfter.toEpochMilli();
  }

  /** Notes a row read in this run. */
  void read(long time) {
    latestRead.accumulateAndGet(time, Math::max);
  }

  /** Notes a row that failed (any thread): the watermark must not pass it. */
  void failedAt(long time) {
    if (time != NO_TIME) {
      earliestFailed.accumulateAndGet(time, Math::min);
    }
  }

  /**
   * Returns the watermark to store after a run that read the whole source, or null to keep the stored
   * one: the latest time read, but never past a row that failed, and never backwards (except on a
   * full resync).
   */
  String next(String stored) {
    if (column == null || latestRead.get() == Long.MIN_VALUE) {
      return null;
    }
    long next = latestRead.get();
    if (earliestFailed.get() != Long.MAX_VALUE) {
      next = Math.min(next, earliestFailed.get() - 1);
    }
    return stored == null || fullResync || next > Long.parseLong(stored) ? Long.toString(next) : null;
  }
}
