package dev.ampsync.cli;

/** A command line a command cannot run (an unknown flag, a missing value): exit 1 with its usage. */
final class UsageException extends Exception {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
