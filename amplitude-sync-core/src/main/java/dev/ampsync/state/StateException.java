package dev.ampsync.state;

/** State could not be read or written. */
public class StateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what failed and where
   * @param cause the underlying error, or null
   */
  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
