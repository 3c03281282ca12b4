package dev.ampsync.source;

/**
 * An open pass over a source's rows. Owns the source's resources (a connection, a result set) until
 * closed; not thread-safe.
 */
public interface RowStream extends AutoCloseable {

  /**
   * Returns the columns, known once the stream is open.
   *
   * @return the columns, in order
   */
  java.util.List<Column> columns();

  /**
   * Moves to the next row.
   *
   * @return the next row, valid until the next call; null when there are no more rows
   * @throws SourceException if the source fails while reading
   */
  Row next();

  /** Releases the source's resources. Idempotent. */
  @Override
  void close();
}
