package dev.ampsync.internal.engine;

import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.Source;
import java.util.Optional;

/**
 * {@code maxRows}: a counting pass before the run refuses a source with more rows (nothing is sent),
 * and the run stops if the source grows past it meanwhile. Without {@code maxRows} it admits everything.
 */
final class RowCountGuard {
  private final long maxRows;
  private final boolean enabled;

  RowCountGuard(Optional<Long> maxRows) {
    this.enabled = maxRows.isPresent();
    this.maxRows = maxRows.orElse(Long.MAX_VALUE);
  }

  /**
   * Counts the rows of this run's window, stopping one past {@code maxRows}.
   *
   * @return {@link StopReason.MaxRowsExceeded} when there are more, else null
   */
  StopReason countSource(Source source, Watermark window) {
    if (!enabled) {
      return null;
    }
    long count = 0;
    try (RowStream rows = window.open(source)) {
      Row row;
      while (count <= maxRows && (row = rows.next()) != null) {
        if (window.inWindow(row)) {
          count++;
        }
      }
    }
    return count > maxRows ? new StopReason.MaxRowsExceeded(maxRows) : null;
  }

  /**
   * Checks, before a row is counted as read, that the run may read one more (without {@code maxRows},
   * the tally is not even read).
   *
   * @return {@link StopReason.SourceGrew} when the rows read already reached {@code maxRows}, else null
   */
  StopReason admit(Tally tally) {
    if (!enabled) {
      return null;
    }
    long rowsRead = tally.rowsRead();
    return rowsRead >= maxRows ? new StopReason.SourceGrew(maxRows, rowsRead) : null;
  }
}
