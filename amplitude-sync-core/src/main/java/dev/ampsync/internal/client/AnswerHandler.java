package dev.ampsync.internal.client;

import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Decides what one answer means for each part of its request: settled (accepted, rejected, failed),
 * retried at the front of its lane (after a partial rejection, a split, or a 429 for other ids), or
 * throttled (its ids are entered in the throttle book, so packing holds it). A split lowers the parts'
 * cap so that halves go out as halves; a part alone that Amplitude still refuses is rejected. A fatal
 * answer fails the request's parts, then stops the client. Runs on the dispatcher thread.
 */
final class AnswerHandler {

  /** Where the decisions go: the dispatcher's steps. */
  interface Decisions {
    /** Gives a part its outcome. */
    void settle(Part part, Outcome outcome);

    /** Puts parts back at the front of their lane, in their order. */
    void retry(List<Part> parts);

    /** Stops the client: every unresolved record fails. */
    void stop(AmplitudeException cause);
  }

  private final ThrottleBook throttles;
  /** How long throttled ids wait, per endpoint, in milliseconds. */
  private final ToLongFunction<Endpoint> throttleHoldMillis;
  private final Duration maxRetryDuration;
  private final long maxRetryMillis;
  private final Decisions decisions;

  /**
   * @param throttles where 429s enter the ids they throttle
   * @param throttleHoldMillis how long throttled ids wait on an endpoint
   * @param maxRetryDuration how long after its first request a still-throttled part fails
   * @param decisions where the decisions go
   */
  AnswerHandler(
      ThrottleBook throttles, ToLongFunction<Endpoint> throttleHoldMillis, Duration maxRetryDuration, Decisions decisions) {
    this.throttles = throttles;
    this.throttleHoldMillis = throttleHoldMillis;
    this.maxRetryDuration = maxRetryDuration;
    this.maxRetryMillis = maxRetryDuration.toMillis();
    this.decisions = decisions;
  }

  /** Decides the answer's parts' fates. */
  void answer(Answer answer, long now) {
    List<Part> parts = answer.parts();
    Verdict verdict = answer.verdict();
    if (verdict instanceof Verdict.Accepted) {
      for (Part part : parts) {
        decisions.settle(part, Outcomes.accepted(part.owner.record));
      }
    } else if (verdict instanceof Verdict.PartlyInvalid partly) {
      List<Part> retry = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        Part part = parts.get(i);
        Verdict.Rejection rejection = partly.rejected().get(i);
        if (rejection != null) {
          decisions.settle(part, Outcomes.rejected(part.owner.record, rejection.field(), rejection.reason()));
        } else {
          retry.add(part);
        }
      }
      decisions.retry(retry);
    } else if (verdict instanceof Verdict.Bisect bisect) {
      split(parts, bisect.reason());
    } else if (verdict instanceof Verdict.TooLarge tooLarge) {
      split(parts, "too large for Amplitude even alone (" + tooLarge.reason() + ")");
    } else if (verdict instanceof Verdict.Throttled throttled) {
      throttle(answer.endpoint(), parts, throttled, now);
    } else if (verdict instanceof Verdict.Retryable retryable) {
      String reason = "gave up after retrying: " + retryable.reason();
      for (Part part : parts) {
        decisions.settle(part, Outcomes.failed(part.owner.record, reason));
      }
    } else if (verdict instanceof Verdict.Fatal fatal) {
      AmplitudeException cause = fatal.exception();
      for (Part part : parts) {
        decisions.settle(part, Outcomes.failed(part.owner.record, cause.getMessage()));
      }
      decisions.stop(cause);
    }
  }

  /** Retries the parts in requests of half the size, or rejects a part that was alone. */
  private void split(List<Part> parts, String reasonAlone) {
    if (parts.size() == 1) {
      Part part = parts.get(0);
      decisions.settle(part, Outcomes.rejected(part.owner.record, null, reasonAlone));
      return;
    }
    int half = (parts.size() + 1) / 2;
    for (Part part : parts) {
      part.cap = Math.min(part.cap, half);
    }
    decisions.retry(parts);
  }

  /**
   * A 429: throttles the named ids (or every id of the request when it names none), rejects the
   * parts of ids over the daily quota, fails those throttled for longer than the retry duration, and
   * retries the others (packing holds those of throttled ids).
   */
  private void throttle(Endpoint endpoint, List<Part> parts, Verdict.Throttled verdict, long now) {
    long hold = throttleHoldMillis.applyAsLong(endpoint);
    if (verdict.retryAfter() != null) { // the answer's Retry-After, when longer (issue 14)
      hold = Math.max(hold, verdict.retryAfter().toMillis());
    }
    long until = now + hold;
    for (String user : verdict.users()) {
      throttles.throttleUser(user, until);
    }
    for (String device : verdict.devices()) {
      throttles.throttleDevice(device, until);
    }
    List<Part> retry = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      Part part = parts.get(i);
      Long userQuota = part.userId == null ? null : verdict.quotaUsers().get(part.userId);
      Long deviceQuota = part.deviceId == null ? null : verdict.quotaDevices().get(part.deviceId);
      if (userQuota != null || deviceQuota != null) {
        decisions.settle(
            part,
            Outcomes.rejected(
                part.owner.record,
                userQuota != null ? "user_id" : "device_id",
                (userQuota != null ? "user" : "device")
                    + " is over Amplitude's daily quota ("
                    + (userQuota != null ? userQuota : deviceQuota)
                    + " events in 24 hours); send it again tomorrow"));
        continue;
      }
      if (verdict.namesNothing() || verdict.indexes().contains(i)) {
        throttles.throttleIdsOf(part, until);
      }
      if (now - part.firstSentAt > maxRetryMillis) {
        decisions.settle(
            part,
            Outcomes.failed(part.owner.record, "still throttled by Amplitude after " + maxRetryDuration + " of retries"));
        continue;
      }
      retry.add(part);
    }
    decisions.retry(retry);
  }
}
