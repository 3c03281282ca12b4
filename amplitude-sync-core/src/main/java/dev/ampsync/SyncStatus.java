package dev.ampsync;

/** How a sync run ended. */
public enum SyncStatus {
  /**
   * Every row was accepted or unchanged, or the invalid, rejected and failed rows are all within the
   * job's {@link SyncJob#failWhen() thresholds}.
   */
  SUCCEEDED,
  /**
   * The run finished, but more rows were invalid, rejected or failed than the job's {@link
   * SyncJob#failWhen() thresholds} allow (by default: any); see {@link SyncResult#thresholdsExceeded()}.
   */
  PARTIAL,
  /** The run could not proceed: a bad spec, an unreachable source, an invalid API key. */
  FAILED
}
