package dev.ampsync.testing;

/**
 * The kinds of failure {@link FakeAmplitude} can inject into requests on its four ingestion paths.
 *
 * @see FakeAmplitude#randomFaults(double, long, java.util.Set)
 * @see FakeAmplitude#faultCounts()
 */
public enum FaultKind {
  /**
   * An error status without processing the request: 500, 502, 503 or 504 for random faults (502 and
   * 504 carry a non-JSON body, like a load balancer), or the status given to {@link
   * FakeAmplitude#failNext(int, int)}. Nothing is ingested.
   */
  SERVER_ERROR,
  /**
   * The request is processed and ingested in full, then answered with 500: the "may have been
   * accepted" case that only {@code insert_id} deduplication makes safe to retry.
   */
  ACCEPT_THEN_FAIL,
  /** The connection is closed without any HTTP response; the client sees an I/O error. */
  RESET,
  /** The request is held for a while, then processed normally. */
  DELAY,
  /**
   * A 429 that names every user_id and device_id of the request as throttled and every event (or
   * identification) index in {@code throttled_events}. Nothing is ingested.
   */
  THROTTLE,
  /**
   * A 413 {@code Payload too large}, whatever the request's size. Nothing is ingested. Random faults
   * never give it to a request of a single record (no split could make that smaller); scripted ones
   * do.
   */
  TOO_LARGE
}
