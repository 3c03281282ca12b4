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
   * @return the next row, valid until the next call (or longer, see {@link #rowsStayValid()}); null when
   *     there are no more rows
   * @throws SourceException if the source fails while reading
   */
  Row next();

  /**
   * Tells whether a row this stream returned stays valid, unchanged, after later calls to {@link
   * #next()}: each row is an object of its own, and the stream changes neither it nor its values
   * again. The engine reads ahead on another thread and keeps rows until the run's thread takes
   * them; it keeps such rows as they are instead of copying each.
   *
   * <p>Say true only when it holds: a row changed after it was returned would be mapped with
   * another row's values.
   *
   * @return true when rows outlive the next call; false by default (the engine copies each row)
   */
  default boolean rowsStayValid() {
    return false;
  }

  /** Releases the source's resources. Idempotent. */
  @Override
  void close();
}
