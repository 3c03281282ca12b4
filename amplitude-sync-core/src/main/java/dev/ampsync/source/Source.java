package dev.ampsync.source;

import dev.ampsync.internal.util.Arguments;

/**
 * Where a sync reads rows from. Implementations stream: they hold at most a bounded number of rows
 * in memory, whatever the source's size.
 *
 * <p>{@link #open()} is called once per run; the stream is closed by the engine on completion,
 * error or cancellation.
 */
public interface Source {

  /**
   * Opens a pass over the rows.
   *
   * @return an open stream
   * @throws SourceException if the source cannot be opened (bad query, unreachable host, refused
   *     credentials); the message names the source and never contains a password
   */
  RowStream open();

  /**
   * Opens a pass over the rows whose {@code column} is after {@code after}, for incremental event
   * syncs with a watermark. Implementations may push the condition into the source (a WHERE clause)
   * and may return more rows than asked, never fewer: the engine filters exactly. The default reads
   * every row.
   *
   * @param column the label of a time-like column
   * @param after the exclusive lower bound
   * @return an open stream
   * @throws NullPointerException if {@code column} or {@code after} is null
   * @throws SourceException as {@link #open()}
   */
  default RowStream openAfter(String column, java.time.Instant after) {
    Arguments.required(column, "column",
        "pass the label of the time-like column rows are read after, e.g. \"updated_at\" (SyncJob.Builder.watermark's column)");
    Arguments.required(after, "after",
        "pass the exclusive lower bound, the stored watermark; call open() to read every row");
    return open();
  }

  /**
   * Describes the source for messages and reports, for example {@code jdbc:postgresql://db/test
   * (select * from users)}; never contains a password.
   *
   * @return a description
   */
  String describe();
}
