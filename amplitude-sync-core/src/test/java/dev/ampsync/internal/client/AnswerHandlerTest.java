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

  // ------------------------------------------------------------------ bisection's bound

  @Test
  void bisectionBudget_isTheRecordsPlusWhatIsolatingOneTakes() {
    assertThat(Bisection.budgetFor(1)).isEqualTo(1);
    assertThat(Bisection.budgetFor(2)).isEqualTo(4);
    assertThat(Bisection.budgetFor(8)).isEqualTo(14); // the full tree of 8: 2 * 8 - 2 requests
    assertThat(Bisection.budgetFor(2000)).isEqualTo(2022);
  }

  @Test
  void theHalvesOfASplit_shareTheBisection_andANewcomerJoinsIt() {
    List<Part> request = request(parts.event("user-1"), parts.event("user-2"), parts.event("user-3"), parts.event("user-4"));

    answer(request, new Verdict.Bisect("400"));
    Bisection bisection = request.get(0).bisection;
    Part newcomer = parts.event("user-5");
    answer(request(request.get(2), request.get(3), newcomer), new Verdict.Bisect("400"));

    assertThat(request).allSatisfy(part -> assertThat(part.bisection).isSameAs(bisection));
    assertThat(newcomer.bisection).isSameAs(bisection);
  }

  /** Every request refused: the splits stop when the budget is spent; the rest is rejected together. */
  @Test
  void aBisectionOfRecordsAllRefused_sendsAtMostItsBudget_thenRejectsTheRest() {
    int records = 64;
    List<Part> all = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      all.add(parts.event("user-" + i));
    }
    java.util.ArrayDeque<List<Part>> toSend = new java.util.ArrayDeque<>();
    toSend.add(request(all.toArray(new Part[0])));
    int requests = 0;
    while (!toSend.isEmpty()) {
      List<Part> sent = toSend.poll();
      requests++;
      retried.clear();
      answer(sent, new Verdict.Bisect("HTTP 400 invalid"));
      for (List<Part> again : retried) {
        int cap = again.get(0).cap;
        for (int from = 0; from < again.size(); from += cap) {
          toSend.add(again.subList(from, Math.min(again.size(), from + cap)));
        }
      }
    }

    assertThat(requests).isLessThanOrEqualTo(1 + Bisection.budgetFor(records)).isLessThan(2 * records - 1);
    assertThat(settled).hasSize(records);
    assertThat(settled.values()).allSatisfy(outcome -> {
      assertThat(outcome.status()).isEqualTo(Outcome.Status.REJECTED);
      assertThat(outcome.reason()).startsWith("HTTP 400 invalid");
    });
    assertThat(settled.values()).anySatisfy(outcome -> assertThat(outcome.reason()).contains("its bound of 76 requests"));
  }

  @Test
  void aRequestWhoseBisectionIsSpent_isRejectedTogetherWithTheAnswersReason() {
    Part a = parts.event("user-1");
    Part b = parts.event("user-2");
    a.bisection = new Bisection(1); // a budget of 1 request: no split left

    answer(request(a, b), new Verdict.Bisect("HTTP 400 Invalid event JSON"));

    assertThat(retried).isEmpty();
    assertThat(settled.values()).hasSize(2).allSatisfy(outcome -> {
      assertThat(outcome.status()).isEqualTo(Outcome.Status.REJECTED);
      assertThat(outcome.reason())
          .isEqualTo(
              "HTTP 400 Invalid event JSON (refused in a request of 2 records; isolating the refused ones"
                  + " stopped at its bound of 1 requests)");
    });
  }

  // ------------------------------------------------------------------ 403

  @Test
  void forbidden_splitsARequestOfSeveralParts() {
    List<Part> request = request(parts.event("user-1"), parts.event("user-2"), parts.event("user-3"));

    answer(request, new Verdict.Forbidden("HTTP 403 Forbidden"));

    assertThat(settled).isEmpty();
    assertThat(retried).containsExactly(request);
    assertThat(request).allSatisfy(part -> assertThat(part.cap).isEqualTo(2));
    assertThat(stoppedBy).isNull();
  }

  @Test
  void forbiddenAlone_rejectsThatPartWithTheAnswer() {
    answer(request(parts.event("user-0")), new Verdict.Accepted());
    Part part = parts.event("user-1");

    answer(request(part), new Verdict.Forbidden("HTTP 403 Forbidden"));

    assertThat(settled.get(part).status()).isEqualTo(Outcome.Status.REJECTED);
    assertThat(settled.get(part).reason()).isEqualTo("refused by Amplitude's firewall: HTTP 403 Forbidden");
    assertThat(stoppedBy).isNull();
  }

  @Test
  void forbiddenAloneFromTheStart_stopsTheClientAtTheThirdRecord() {
    Part first = parts.event("user-1");
    Part second = parts.event("user-2");
    Part third = parts.event("user-3");

    answer(request(first), new Verdict.Forbidden("HTTP 403 Forbidden"));
    answer(request(second), new Verdict.Forbidden("HTTP 403 Forbidden"));
    assertThat(stoppedBy).isNull();
    answer(request(third), new Verdict.Forbidden("HTTP 403 Forbidden"));

    assertThat(AnswerHandler.FORBIDDEN_ALONE_BEFORE_ANY).isEqualTo(3);
    assertThat(settled.get(first).status()).isEqualTo(Outcome.Status.REJECTED);
    assertThat(settled.get(third).status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(stoppedBy).isInstanceOf(dev.ampsync.client.ForbiddenException.class);
    assertThat(stoppedBy.statusCode()).isEqualTo(403);
    assertThat(stoppedBy.getMessage()).contains("refused 3 requests of one record each in a row").contains("HTTP 403 Forbidden");
    assertThat(steps).endsWith("settle", "stop");
  }

  @Test
  void afterAnAcceptedRequest_forbiddenAloneStopsOnlyAfterManyInARow_andAnAcceptanceStartsTheCountAgain() {
    answer(request(parts.event("user-0")), new Verdict.Accepted());
    for (int i = 1; i < AnswerHandler.FORBIDDEN_ALONE_LATER; i++) {
      answer(request(parts.event("user-" + i)), new Verdict.Forbidden("HTTP 403 Forbidden"));
    }
    answer(request(parts.event("user-ok")), new Verdict.Accepted());
    for (int i = 1; i < AnswerHandler.FORBIDDEN_ALONE_LATER; i++) {
      answer(request(parts.event("other-" + i)), new Verdict.Forbidden("HTTP 403 Forbidden"));
    }
    assertThat(stoppedBy).isNull();

    answer(request(parts.event("last")), new Verdict.Forbidden("HTTP 403 Forbidden"));

    assertThat(stoppedBy).isInstanceOf(dev.ampsync.client.ForbiddenException.class);
    assertThat(stoppedBy.getMessage()).contains("refused 20 requests");
  }

  @Test
  void aForbiddenRequestOfSeveralParts_doesNotCountTowardTheStop() {
    for (int i = 0; i < 10; i++) {
      answer(request(parts.event("a-" + i), parts.event("b-" + i)), new Verdict.Forbidden("HTTP 403 Forbidden"));
    }

    assertThat(stoppedBy).isNull();
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
