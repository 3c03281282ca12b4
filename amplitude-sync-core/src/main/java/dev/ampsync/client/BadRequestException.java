package dev.ampsync.client;

/**
 * Amplitude refused a whole request as malformed (a missing required field, invalid JSON, an unknown
 * path). This points at a wrong endpoint or proxy, or a defect in amplitude-sync; it is never retried.
 */
public final class BadRequestException extends AmplitudeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param statusCode the HTTP status Amplitude answered
   * @param message what went wrong and how to fix it
   */
  public BadRequestException(int statusCode, String message) {
    super(statusCode, message);
  }
}
