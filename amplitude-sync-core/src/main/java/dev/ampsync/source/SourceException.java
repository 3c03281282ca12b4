package dev.ampsync.source;

/** A source could not be opened or failed while reading. Messages never contain a password. */
public class SourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed, naming the source
   * @param cause the underlying error, or null
   */
  public SourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
