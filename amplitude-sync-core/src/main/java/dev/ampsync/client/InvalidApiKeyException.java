package dev.ampsync.client;

/**
 * Amplitude refused the API key. Check the key, and that the client's {@link Region} is the one the
 * project was created in: a key is valid only on its own region's host.
 */
public final class InvalidApiKeyException extends AmplitudeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param statusCode the HTTP status Amplitude answered
   * @param message what went wrong and how to fix it, without the key
   */
  public InvalidApiKeyException(int statusCode, String message) {
    super(statusCode, message);
  }
}
