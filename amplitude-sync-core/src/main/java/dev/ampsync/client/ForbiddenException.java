package dev.ampsync.client;

/**
 * Amplitude's firewall answered 403 Forbidden to requests of a single record each, one after the
 * other with nothing accepted in between: it refuses this client's traffic whatever it holds (a
 * sanctioned region, a blocked network, a proxy refusing the host). A 403 about one record's content
 * rejects that record instead.
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
