package dev.ampsync;

/** What became of one row of a sync. Every row read ends in exactly one outcome. */
public enum RowOutcome {
  /** Amplitude acknowledged the row's record. */
  ACCEPTED,
  /** Nothing needed sending: the row matches what Amplitude already has, or a row function skipped it. */
  UNCHANGED,
  /** The row could not become a valid record; the reason names the column. Nothing was sent. */
  INVALID,
  /** Amplitude refused the record; the reason is Amplitude's. */
  REJECTED,
  /** The record could not be delivered (retries exhausted, or the run stopped). */
  FAILED
}
