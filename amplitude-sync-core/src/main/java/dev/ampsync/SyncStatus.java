package dev.ampsync;

/** How a sync run ended. */
public enum SyncStatus {
  /** Every row was accepted or unchanged. */
  SUCCEEDED,
  /** The run finished, but some rows were invalid, rejected or failed. */
  PARTIAL,
  /** The run could not proceed: a bad spec, an unreachable source, an invalid API key. */
  FAILED
}
