package dev.ampsync.internal.client;

import dev.ampsync.client.AmplitudeException;
import java.util.Map;
import java.util.Set;

/** What one answer from Amplitude means for the records of the request. */
public sealed interface Verdict {

  /** Every record was accepted. */
  record Accepted() implements Verdict {}

  /**
   * Amplitude refused the records at these indexes (nothing was ingested); the others are resent.
   *
   * @param rejected index in the request → why
   */
  record PartlyInvalid(Map<Integer, Rejection> rejected) implements Verdict {}

  /**
   * Amplitude refused the request without naming records (identify APIs): split it to isolate them.
   *
   * @param reason Amplitude's answer, for the record found alone
   */
  record Bisect(String reason) implements Verdict {}

  /**
   * 403: Amplitude's firewall refused the request. It documents two causes: content matching its
   * security filters (then splitting isolates the records), or traffic it refuses whatever it holds.
   *
   * @param reason Amplitude's answer, for a record refused alone
   */
  record Forbidden(String reason) implements Verdict {}

  /** 413: split the request in halves; a record too large alone is rejected. */
  record TooLarge(String reason) implements Verdict {}

  /**
   * 429: nothing was ingested. Records of throttled ids wait; records of ids over the daily quota are
   * rejected; the others are resent at once. When no id is named, every id of the request waits.
   *
   * @param users throttled user ids
   * @param devices throttled device ids
   * @param quotaUsers user ids over the daily quota → their 24-hour event count
   * @param quotaDevices device ids over the daily quota → their 24-hour event count
   * @param indexes the throttled records' indexes
   * @param retryAfter how long the answer's {@code Retry-After} asked to wait, or null: throttled ids
   *     wait at least that long
   */
  record Throttled(
      Set<String> users,
      Set<String> devices,
      Map<String, Long> quotaUsers,
      Map<String, Long> quotaDevices,
      Set<Integer> indexes,
      java.time.Duration retryAfter)
      implements Verdict {

    /** Creates a verdict without a requested wait. */
    public Throttled(
        Set<String> users,
        Set<String> devices,
        Map<String, Long> quotaUsers,
        Map<String, Long> quotaDevices,
        Set<Integer> indexes) {
      this(users, devices, quotaUsers, quotaDevices, indexes, null);
    }

    /** Returns this verdict with the wait the answer's {@code Retry-After} asked for. */
    public Throttled withRetryAfter(java.time.Duration wait) {
      return new Throttled(users, devices, quotaUsers, quotaDevices, indexes, wait);
    }

    /** Tells whether the answer named nothing, so every id of the request must wait. */
    public boolean namesNothing() {
      return users.isEmpty() && devices.isEmpty() && quotaUsers.isEmpty() && quotaDevices.isEmpty()
          && indexes.isEmpty();
    }
  }

  /**
   * Transient: 5xx, 408, no answer, or a 2xx that is not Amplitude's answer. Resent after a backoff.
   *
   * @param reason the status and body, or the exception
   * @param retryAfter how long Amplitude asked to wait ({@code Retry-After}), or null
   */
  record Retryable(String reason, java.time.Duration retryAfter) implements Verdict {
    /** Creates a verdict without a requested wait. */
    public Retryable(String reason) {
      this(reason, null);
    }
  }

  /**
   * The whole client must stop: invalid API key, malformed request, wrong endpoint.
   *
   * @param exception what to throw
   */
  record Fatal(AmplitudeException exception) implements Verdict {}

  /**
   * Why Amplitude refused one record.
   *
   * @param field the field it named, or null
   * @param reason the reason in words
   */
  record Rejection(String field, String reason) {}
}
