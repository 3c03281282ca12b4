package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The throttle book's holds and backoff. Times are plain milliseconds: the "clock" is the {@code now}
 * each call is given, as on the dispatcher thread.
 *
 * <p>Sources: the floors are Amplitude's advice on a 429 (amplitude-docs {@code
 * api/en/batch-event-upload.md} and {@code identify.md}: wait 15 s; {@code http-v2.md}: pause the
 * throttled user or device 30 s). The SDKs hold for that floor on every 429
 * (Amplitude-TypeScript {@code packages/analytics-core/src/plugins/destination.ts}, {@code
 * throttleTimeout = 30000}; analytics-go {@code amplitude/plugins/destination/internal/
 * amplitude_response_processor.go}, {@code RetryThrottledInterval}) and bound the attempts instead;
 * the doubling on a repeated 429 is issue 14's.
 */
class ThrottleBookTest {
  private static final long BATCH_FLOOR = 15_000;
  private static final long HTTP_V2_FLOOR = 30_000;

  private final TestParts parts = new TestParts();
  private final ThrottleBook throttles = new ThrottleBook();

  @Test
  void aPart_isThrottledUntilTheLaterOfItsIds() {
    Part both = parts.event("user-1", "device-1");
    Part neither = parts.event("user-2", "device-2");
    assertThat(throttles.throttlesAnyId()).isFalse();

    throttles.throttleUser("user-1", 0, 2000, null);
    throttles.throttleDevice("device-1", 0, 3000, null);

    assertThat(throttles.throttlesAnyId()).isTrue();
    assertThat(throttles.throttledUntil(both)).isEqualTo(3000);
    assertThat(throttles.throttledUntil(neither)).isZero();
  }

  @Test
  void a429ForAnIdStillHeld_isNoFurtherStrikeAndNeverShortensTheHold() {
    Part event = parts.event("user-1");
    throttles.throttleUser("user-1", 1000, BATCH_FLOOR, null);
    // Answers to requests sent before the hold began: one for the name, one per throttled index.
    throttles.throttleUser("user-1", 1000, BATCH_FLOOR, null);
    throttles.throttleIdsOf(event, 5000, BATCH_FLOOR, null);

    assertThat(throttles.throttledUntil(event)).isEqualTo(1000 + BATCH_FLOOR);
    assertThat(throttles.strikesOfUser("user-1")).isEqualTo(1);
  }

  @Test
  void throttleIdsOf_throttlesTheUserAndTheDevice() {
    throttles.throttleIdsOf(parts.event("user-1", "device-1"), 0, 2000, null);

    assertThat(throttles.throttledUntil(parts.event("user-1", null))).isEqualTo(2000);
    assertThat(throttles.throttledUntil(parts.event(null, "device-1"))).isEqualTo(2000);
  }

  @Test
  void backoff_doublesTheFloorPerFurther429_upToFiveMinutes() {
    assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 20, Integer.MAX_VALUE))
        .extracting(strikes -> ThrottleBook.backoff(BATCH_FLOOR, strikes))
        .containsExactly(15_000L, 30_000L, 60_000L, 120_000L, 240_000L, 300_000L, 300_000L, 300_000L, 300_000L);
    assertThat(List.of(1, 2, 3, 4, 5, 6))
        .extracting(strikes -> ThrottleBook.backoff(HTTP_V2_FLOOR, strikes))
        .containsExactly(30_000L, 60_000L, 120_000L, 240_000L, 300_000L, 300_000L);
    assertThat(ThrottleBook.backoff(600_000, 3)).as("a floor above the cap is kept").isEqualTo(600_000);
    assertThat(ThrottleBook.backoff(10, 4)).as("a test's short floor doubles too").isEqualTo(80);
  }

  @Test
  void anIdThrottledOnEveryResend_isHeldForADoublingTime_onAFakeClock() {
    // Each resend goes out the moment the hold ends and is answered 429 at once.
    Part event = parts.event("user-hot-1");
    long now = 0;
    List<Long> sends = new ArrayList<>();
    while (now <= 600_000) {
      sends.add(now);
      throttles.throttleIdsOf(event, now, BATCH_FLOOR, null);
      now = throttles.throttledUntil(event);
      throttles.release(now);
    }
    // 0, 15 s, 45 s, 105 s, 225 s, 465 s: six requests in ten minutes, where a fixed 15 s hold made 41.
    assertThat(sends).containsExactly(0L, 15_000L, 45_000L, 105_000L, 225_000L, 465_000L);
  }

  @Test
  void aRetryAfterLongerThanTheBackoff_wins_aShorterOneDoesNot() {
    Part event = parts.event("user-1");
    throttles.throttleIdsOf(event, 1000, BATCH_FLOOR, Duration.ofSeconds(60));
    assertThat(throttles.throttledUntil(event)).isEqualTo(61_000);

    throttles.release(61_000);
    throttles.throttleIdsOf(event, 61_000, BATCH_FLOOR, Duration.ofSeconds(1));
    assertThat(throttles.throttledUntil(event)).as("second strike: 30 s beats 1 s").isEqualTo(91_000);

    throttles.throttleIdsOf(event, 62_000, BATCH_FLOOR, Duration.ofSeconds(120));
    assertThat(throttles.throttledUntil(event)).as("while held, a longer Retry-After extends").isEqualTo(182_000);
    assertThat(throttles.strikesOfUser("user-1")).isEqualTo(2);
  }

  @Test
  void aSuccess_resetsTheBackoff() {
    Part event = parts.event("user-1");
    throttles.throttleIdsOf(event, 0, BATCH_FLOOR, null);
    throttles.throttleIdsOf(event, 15_000, BATCH_FLOOR, null);
    assertThat(throttles.throttledUntil(event)).isEqualTo(45_000);

    throttles.succeeded(event, 45_000);
    assertThat(throttles.strikesOfUser("user-1")).isZero();
    assertThat(throttles.throttlesAnyId()).isFalse();

    throttles.throttleIdsOf(event, 50_000, BATCH_FLOOR, null);
    assertThat(throttles.throttledUntil(event)).as("back to the floor").isEqualTo(65_000);
  }

  @Test
  void aSuccessDuringAHold_resetsTheBackoffButKeepsTheHold() {
    Part event = parts.event("user-1");
    throttles.throttleIdsOf(event, 0, BATCH_FLOOR, null);
    throttles.throttleIdsOf(event, 15_000, BATCH_FLOOR, null);

    throttles.succeeded(event, 20_000); // a request sent before the second 429 was answered

    assertThat(throttles.throttledUntil(event)).isEqualTo(45_000);
    assertThat(throttles.strikesOfUser("user-1")).isZero();
    throttles.release(45_000);
    assertThat(throttles.throttlesAnyId()).as("forgotten once the hold ended").isFalse();
  }

  @Test
  void release_returnsThePartsWhoseHoldEnded_inSubmissionOrder() {
    Part first = parts.event("user-1");
    Part second = parts.event("user-2");
    Part third = parts.event("user-3");
    throttles.hold(third, 1000);
    throttles.hold(second, 2000);
    throttles.hold(first, 1500);

    assertThat(throttles.nextRelease()).isEqualTo(1000);
    assertThat(throttles.release(999)).isEmpty();
    assertThat(throttles.release(1500)).containsExactly(first, third);
    assertThat(throttles.nextRelease()).isEqualTo(2000);
    assertThat(throttles.release(5000)).containsExactly(second);
    assertThat(throttles.nextRelease()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void release_forgetsAnIdQuietForFiveMinutesAfterItsHold() {
    Part event = parts.event("user-1", "device-1");
    throttles.throttleUser("user-1", 0, 1000, null);
    throttles.throttleDevice("device-1", 0, 2000, null);

    throttles.release(2000);
    assertThat(throttles.throttledUntil(event)).as("held no longer, but remembered").isEqualTo(2000);
    assertThat(throttles.strikesOfUser("user-1")).isEqualTo(1);

    throttles.release(1000 + ThrottleBook.MAX_BACKOFF_MILLIS);
    assertThat(throttles.strikesOfUser("user-1")).isZero();
    throttles.release(2000 + ThrottleBook.MAX_BACKOFF_MILLIS);
    assertThat(throttles.throttlesAnyId()).isFalse();
    assertThat(throttles.throttledUntil(event)).isZero();
  }

  @Test
  void dropHeld_forgetsTheHeldParts_butNotTheThrottles() {
    Part event = parts.event("user-1");
    throttles.throttleUser("user-1", 0, 2000, null);
    throttles.hold(event, 2000);

    throttles.dropHeld();

    assertThat(throttles.nextRelease()).isEqualTo(Long.MAX_VALUE);
    assertThat(throttles.release(1000)).isEmpty();
    assertThat(throttles.throttledUntil(event)).isEqualTo(2000);
  }
}
