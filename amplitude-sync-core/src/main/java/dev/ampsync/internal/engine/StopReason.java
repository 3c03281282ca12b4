package dev.ampsync.internal.engine;

/**
 * Why a run stopped before it read the whole source (or could not start); {@link #message()} is the
 * error its result reports. Rows already submitted still get their outcomes.
 */
sealed interface StopReason {
  /** The error text users see. */
  String message();

  /** The counting pass found more rows than {@code maxRows}; nothing was sent. */
  record MaxRowsExceeded(long maxRows) implements StopReason {
    @Override
    public String message() {
      return "the source has more than " + maxRows + " rows (maxRows); nothing was sent. Raise maxRows if this is expected";
    }
  }

  /** The source returned more than {@code maxRows} rows during the run, after the counting pass. */
  record SourceGrew(long maxRows, long rowsRead) implements StopReason {
    @Override
    public String message() {
      return "the source grew past " + maxRows + " rows (maxRows) during the run; stopped after "
          + rowsRead + " rows. Raise maxRows if this is expected";
    }
  }

  /** The mapping names a column the source does not return. */
  record ColumnMissing(String message) implements StopReason {}

  /** The source failed to open or to read. */
  record SourceFailed(String message) implements StopReason {}

  /**
   * The client stopped accepting records: an invalid API key, a closed client, or an outage (no
   * request succeeded for the retry duration; the message names the endpoint, the cause and how
   * long it tried). The rows it failed are counted, not listed one by one.
   */
  record ClientFailed(String message) implements StopReason {}

  /**
   * The state could not be written or read (a full disk, a damaged file): the run stops, since what
   * it sent could no longer be recorded; rows read but not acknowledged are counted failed.
   */
  record StateFailed(String message) implements StopReason {}

  /** The run's thread was interrupted. */
  record Cancelled() implements StopReason {
    @Override
    public String message() {
      return "interrupted";
    }
  }

  /** Something unexpected failed: the state, the problems file, a bug. */
  record Failed(String message) implements StopReason {
    /** The reason for an unexpected exception: its message, or its description when it has none. */
    static Failed of(RuntimeException e) {
      return new Failed(e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }
}
