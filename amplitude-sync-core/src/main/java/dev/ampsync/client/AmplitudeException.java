package dev.ampsync.client;

/**
 * Amplitude refused a whole request in a way that retrying cannot fix, so the client stops. The
 * subtypes say why; messages say what to fix and never contain the API key.
 */
public class AmplitudeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int statusCode;

  /**
   * Creates an exception.
   *
   * @param statusCode the HTTP status Amplitude answered, or 0 when there was no answer
   * @param message what went wrong and how to fix it
   */
  public AmplitudeException(int statusCode, String message) {
    super(message);
    this.statusCode = statusCode;
  }

  /**
   * Returns the HTTP status Amplitude answered.
   *
   * @return the status, or 0 when there was no answer
   */
  public int statusCode() {
    return statusCode;
  }
}
