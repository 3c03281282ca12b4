package dev.ampsync.internal.client;

import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.ForbiddenException;
import dev.ampsync.client.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Decides what one answer means for each part of its request: settled (accepted, rejected, failed),
 * retried at the front of its lane (after a partial rejection, a split, or a 429 for other ids), or
 * throttled (its ids are entered in the throttle book, so packing holds it). A split lowers the parts'
 * cap so that halves go out as halves; a part alone that Amplitude still refuses is rejected. Splits
 * share a {@link Bisection}'s request budget: when it runs out, the refused request's parts are
 * rejected together. A fatal answer fails the request's parts, then stops the client.
 *
 * <p>403: Amplitude documents that its firewall refuses requests whose content matches its security
 * filters, and traffic from places it refuses whatever the content. So a 403 is bisected like a 400
 * naming nothing, and a record refused alone is rejected with the answer. The client stops only when
 * single-record requests keep being refused with nothing accepted in between: {@value
 * #FORBIDDEN_ALONE_BEFORE_ANY} of them before the client had any request accepted (everything is
 * refused from the start), {@value #FORBIDDEN_ALONE_LATER} later (a block that began mid-run). Runs
 * on the dispatcher thread.
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

  /** Single-record 403s in a row that stop a client that never had a request accepted. */
  static final int FORBIDDEN_ALONE_BEFORE_ANY = 3;
  /** Single-record 403s in a row, with nothing accepted in between, that stop any client. */
  static final int FORBIDDEN_ALONE_LATER = 20;

  private final ThrottleBook throttles;
  /** How long throttled ids wait, per endpoint, in milliseconds. */
  private final ToLongFunction<Endpoint> throttleHoldMillis;
  private final Duration maxRetryDuration;
  private final long maxRetryMillis;
  private final Decisions decisions;
  /** Whether any request was accepted since the client started. */
  private boolean acceptedAny;
  /** Single-record requests answered 403 since the last accepted request. */
  private int forbiddenAlone;

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
      acceptedAny = true;
      forbiddenAlone = 0;
      for (Part part : parts) {
        throttles.succeeded(part, now);
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
      split(parts, bisect.reason(), bisect.reason());
    } else if (verdict instanceof Verdict.Forbidden forbidden) {
      forbidden(parts, forbidden.reason());
    } else if (verdict instanceof Verdict.TooLarge tooLarge) {
      split(parts, "too large for Amplitude even alone (" + tooLarge.reason() + ")", tooLarge.reason());
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

  /**
   * Retries the parts in requests of half the size, or rejects a part that was alone. When the
   * bisection's budget cannot pay for the split, rejects every part with the answer's reason.
   */
  private void split(List<Part> parts, String reasonAlone, String reasonTogether) {
    if (parts.size() == 1) {
      Part part = parts.get(0);
      decisions.settle(part, Outcomes.rejected(part.owner.record, null, reasonAlone));
      return;
    }
    Bisection bisection = null;
    for (Part part : parts) {
      if (part.bisection != null) {
        bisection = part.bisection;
        break;
      }
    }
    if (bisection == null) {
      bisection = new Bisection(parts.size());
    }
    if (!bisection.trySplit()) {
      String reason =
          reasonTogether
              + " (refused in a request of "
              + parts.size()
              + " records; isolating the refused ones stopped at its bound of "
              + bisection.budget()
              + " requests)";
      for (Part part : parts) {
        decisions.settle(part, Outcomes.rejected(part.owner.record, null, reason));
      }
      return;
    }
    int half = (parts.size() + 1) / 2;
    for (Part part : parts) {
      part.cap = Math.min(part.cap, half);
      part.bisection = bisection;
    }
    decisions.retry(parts);
  }

  /**
   * A 403: splits a request of several parts; rejects a part refused alone, unless single-record
   * requests keep being refused with nothing accepted in between, which stops the client.
   */
  private void forbidden(List<Part> parts, String reason) {
    if (parts.size() > 1) {
      split(parts, reason, reason);
      return;
    }
    forbiddenAlone++;
    int limit = acceptedAny ? FORBIDDEN_ALONE_LATER : FORBIDDEN_ALONE_BEFORE_ANY;
    Part part = parts.get(0);
    if (forbiddenAlone < limit) {
      decisions.settle(part, Outcomes.rejected(part.owner.record, null, "refused by Amplitude's firewall: " + reason));
      return;
    }
    ForbiddenException cause =
        new ForbiddenException(
            "Amplitude's firewall refused "
                + forbiddenAlone
                + " requests of one record each in a row, with nothing accepted in between ("
                + reason
                + "): it refuses this client's traffic whatever it holds (a blocked region or network, or"
                + " a proxy refusing the host), not one record's content");
    decisions.settle(part, Outcomes.failed(part.owner.record, cause.getMessage()));
    decisions.stop(cause);
  }

  /**
   * A 429: throttles the named ids (or every id of the request when it names none), rejects the
   * parts of ids over the daily quota, fails those throttled for longer than the retry duration, and
   * retries the others (packing holds those of throttled ids).
   */
  private void throttle(Endpoint endpoint, List<Part> parts, Verdict.Throttled verdict, long now) {
    long floor = throttleHoldMillis.applyAsLong(endpoint);
    Duration retryAfter = verdict.retryAfter(); // the 429's Retry-After, or null; the book holds at least that long
    for (String user : verdict.users()) {
      throttles.throttleUser(user, now, floor, retryAfter);
    }
    for (String device : verdict.devices()) {
      throttles.throttleDevice(device, now, floor, retryAfter);
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
        throttles.throttleIdsOf(part, now, floor, retryAfter);
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
