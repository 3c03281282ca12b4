package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A 429's {@code Retry-After} decides how long its ids are held when it asks for longer than the
 * endpoint's hold (as a 503's decides the retry's wait). Sources: RFC 6585 §4 (a 429 may say how
 * long to wait with Retry-After); Amplitude's 15 s / 30 s holds
 * (https://amplitude.com/docs/apis/analytics/batch-event-upload, "429s in depth").
 */
class ThrottleRetryAfterTest {
  private static final long NOW = 100_000;
  private static final long HOLD = 15_000;

  private final TestParts parts = new TestParts();
  private final ThrottleBook throttles = new ThrottleBook();
  private final AnswerHandler handler =
      new AnswerHandler(
          throttles,
          endpoint -> HOLD,
          Duration.ofMinutes(5),
          new AnswerHandler.Decisions() {
            @Override
            public void settle(Part part, Outcome outcome) {}

            @Override
            public void retry(List<Part> parts) {}

            @Override
            public void stop(AmplitudeException cause) {}
          });

  private long heldUntil(Duration retryAfter) {
    Part part = parts.event("user-00001");
    part.firstSentAt = NOW;
    Verdict.Throttled namingNothing = new Verdict.Throttled(Set.of(), Set.of(), Map.of(), Map.of(), Set.of());
    handler.answer(new Answer(Endpoint.BATCH, List.of(part), retryAfter == null ? namingNothing : namingNothing.withRetryAfter(retryAfter)), NOW);
    return throttles.throttledUntil(part);
  }

  @Test
  void retryAfterLongerThanTheHold_isWaitedInFull() {
    assertThat(heldUntil(Duration.ofSeconds(60))).isEqualTo(NOW + 60_000);
  }

  @Test
  void retryAfterShorterThanTheHold_keepsTheHold() {
    assertThat(heldUntil(Duration.ofSeconds(5))).isEqualTo(NOW + HOLD);
  }

  @Test
  void noRetryAfter_keepsTheHold() {
    assertThat(heldUntil(null)).isEqualTo(NOW + HOLD);
  }
}
