package dev.ampsync.client;

/**
 * Amplitude answered 403 Forbidden: its firewall blocked the request (content matching a security
 * rule, or traffic from a sanctioned region). Not retryable as it is.
 */
public final class ForbiddenException extends AmplitudeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception.
   *
   * @param message what went wrong
   */
  public ForbiddenException(String message) {
    super(403, message);
  }
}
