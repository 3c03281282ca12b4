package dev.ampsync.internal.engine;

/** A row cannot become a record; the message names the column. Carries no stack trace. */
final class RowException extends Exception {
  private static final long serialVersionUID = 1L;

  RowException(String message) {
    super(message, null, false, false);
  }
}
