package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnswerHandlerTest {
  private static final long NOW = 100_000;
  private static final long HOLD = 15_000;

  private final TestParts parts = new TestParts();
  private final ThrottleBook throttles = new ThrottleBook();
  private final Map<Part, Outcome> settled = new LinkedHashMap<>();
  private final List<List<Part>> retried = new ArrayList<>();
  private final List<String> steps = new ArrayList<>();
  private AmplitudeException stoppedBy;

  private final AnswerHandler handler =
      new AnswerHandler(
          throttles,
          endpoint -> HOLD,
          Duration.ofMinutes(1),
          new AnswerHandler.Decisions() {
            @Override
            public void settle(Part part, Outcome outcome) {
              settled.put(part, outcome);
              steps.add("settle");
            }

            @Override
            public void retry(List<Part> parts) {
              retried.add(List.copyOf(parts));
              steps.add("retry");
            }

            @Override
            public void stop(AmplitudeException cause) {
              stoppedBy = cause;
              steps.add("stop");
            }
          });

  /** Parts of one request, first sent just now. */
  private List<Part> request(Part... request) {
    for (Part part : request) {
      part.firstSentAt = NOW;
    }
    return List.of(request);
  }

  private void answer(List<Part> request, Verdict verdict) {
    handler.answer(new Answer(Endpoint.BATCH, request, verdict), NOW);
  }

  @Test
  void accepted_settlesEveryPartAsAccepted() {
    List<Part> request = request(parts.event("user-1"), parts.event("user-2"));

    answer(request, new Verdict.Accepted());

    assertThat(settled.keySet()).containsExactlyElementsOf(request);
    assertThat(settled.values()).allMatch(Outcome::isAccepted);
    assertThat(retried).isEmpty();
  }

  @Test
  void partlyInvalid_rejectsTheNamedParts_andRetriesTheOthersInOrder() {
    Part a = parts.event("user-1");
    Part b = parts.event("user-2");
    Part c = parts.event("user-3");

    answer(request(a, b, c), new Verdict.PartlyInvalid(Map.of(1, new Verdict.Rejection("time", "too old"))));

    assertThat(settled.keySet()).containsExactly(b);
    assertThat(settled.get(b).status()).isEqualTo(Outcome.Status.REJECTED);
    assertThat(settled.get(b).field()).isEqualTo("time");
    assertThat(settled.get(b).reason()).isEqualTo("too old");
    assertThat(retried).containsExactly(List.of(a, c));
  }

  @Test
  void bisect_retriesThePartsInRequestsOfHalfTheSize() {
    List<Part> request = request(parts.event("user-1"), parts.event("user-2"), parts.event("user-3"));

    answer(request, new Verdict.Bisect("400 invalid"));

    assertThat(settled).isEmpty();
    assertThat(retried).containsExactly(request);
    assertThat(request).allSatisfy(part -> assertThat(part.cap).isEqualTo(2));
  }

  @Test
  void aSplitNeverRaisesACap() {
    Part part = parts.event("user-1");
    part.cap = 1;

    answer(request(part, parts.event("user-2")), new Verdict.TooLarge("413"));

    assertThat(part.cap).isEqualTo(1);
  }

  @Test
  void bisect_rejectsAPartThatWasAlone() {
    Part part = parts.user("user-1");

    answer(request(part), new Verdict.Bisect("400 invalid user"));

    assertThat(settled.get(part).status()).isEqualTo(Outcome.Status.REJECTED);
    assertThat(settled.get(part).reason()).isEqualTo("400 invalid user");
    assertThat(retried).isEmpty();
  }

  @Test
  void tooLarge_rejectsAPartThatWasAlone() {
    Part part = parts.event("user-1");

    answer(request(part), new Verdict.TooLarge("413 Payload Too Large"));

    assertThat(settled.get(part).reason()).isEqualTo("too large for Amplitude even alone (413 Payload Too Large)");
  }

  @Test
  void retryable_failsEveryPart() {
    List<Part> request = request(parts.event("user-1"), parts.event("user-2"));

    answer(request, new Verdict.Retryable("503 Service Unavailable"));

    assertThat(settled.values()).hasSize(2).allSatisfy(outcome -> {
      assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
      assertThat(outcome.reason()).isEqualTo("gave up after retrying: 503 Service Unavailable");
    });
  }

  @Test
  void fatal_failsThePartsThenStopsTheClient() {
    AmplitudeException invalidKey = new AmplitudeException(401, "invalid API key");
    List<Part> request = request(parts.event("user-1"), parts.event("user-2"));

    answer(request, new Verdict.Fatal(invalidKey));

    assertThat(settled.values()).allSatisfy(outcome -> assertThat(outcome.reason()).isEqualTo("invalid API key"));
    assertThat(stoppedBy).isSameAs(invalidKey);
    assertThat(steps).containsExactly("settle", "settle", "stop");
  }

  private static Verdict.Throttled throttled(
      Set<String> users, Set<String> devices, Map<String, Long> quotaUsers, Set<Integer> indexes) {
    return new Verdict.Throttled(users, devices, quotaUsers, Map.of(), indexes);
  }

  @Test
  void throttled_throttlesTheNamedIds_andRetriesTheRequest() {
    Part a = parts.event("user-1", "device-1");
    Part b = parts.event("user-2");

    answer(request(a, b), throttled(Set.of("user-1"), Set.of("device-9"), Map.of(), Set.of()));

    assertThat(settled).isEmpty();
    assertThat(retried).containsExactly(List.of(a, b));
    assertThat(throttles.throttledUntil(a)).isEqualTo(NOW + HOLD);
    assertThat(throttles.throttledUntil(b)).isZero();
    assertThat(throttles.throttledUntil(parts.event(null, "device-9"))).isEqualTo(NOW + HOLD);
  }

  @Test
  void throttled_throttlesTheIdsOfTheNamedIndexes() {
    Part a = parts.event("user-1", "device-1");
    Part b = parts.event("user-2", "device-2");

    answer(request(a, b), throttled(Set.of(), Set.of(), Map.of(), Set.of(1)));

    assertThat(throttles.throttledUntil(a)).isZero();
    assertThat(throttles.throttledUntil(parts.event(null, "device-2"))).isEqualTo(NOW + HOLD);
    assertThat(retried).containsExactly(List.of(a, b));
  }

  @Test
  void throttledNamingNothing_throttlesEveryIdOfTheRequest() {
    Part a = parts.event("user-1");
    Part b = parts.event(null, "device-2");

    answer(request(a, b), throttled(Set.of(), Set.of(), Map.of(), Set.of()));

    assertThat(throttles.throttledUntil(a)).isEqualTo(NOW + HOLD);
    assertThat(throttles.throttledUntil(b)).isEqualTo(NOW + HOLD);
  }

  @Test
  void throttled_rejectsThePartsOfIdsOverTheDailyQuota() {
    Part overQuota = parts.event("user-1");
    Part other = parts.event("user-2");

    answer(request(overQuota, other), throttled(Set.of(), Set.of(), Map.of("user-1", 500_000L), Set.of()));

    Outcome outcome = settled.get(overQuota);
    assertThat(outcome.status()).isEqualTo(Outcome.Status.REJECTED);
    assertThat(outcome.field()).isEqualTo("user_id");
    assertThat(outcome.reason())
        .isEqualTo("user is over Amplitude's daily quota (500000 events in 24 hours); send it again tomorrow");
    assertThat(retried).containsExactly(List.of(other));
  }

  @Test
  void throttled_failsAPartStillThrottledAfterTheRetryDuration() {
    Part old = parts.event("user-1");
    Part young = parts.event("user-2");
    List<Part> request = request(old, young);
    old.firstSentAt = NOW - Duration.ofMinutes(1).toMillis() - 1;

    answer(request, throttled(Set.of("user-1"), Set.of(), Map.of(), Set.of()));

    assertThat(settled.get(old).status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(settled.get(old).reason()).isEqualTo("still throttled by Amplitude after PT1M of retries");
    assertThat(retried).containsExactly(List.of(young));
  }
}
