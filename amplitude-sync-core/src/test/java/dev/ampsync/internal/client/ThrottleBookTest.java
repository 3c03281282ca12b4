package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThrottleBookTest {
  private final TestParts parts = new TestParts();
  private final ThrottleBook throttles = new ThrottleBook();

  @Test
  void aPart_isThrottledUntilTheLaterOfItsIds() {
    Part both = parts.event("user-1", "device-1");
    Part neither = parts.event("user-2", "device-2");
    assertThat(throttles.throttlesAnyId()).isFalse();

    throttles.throttleUser("user-1", 2000);
    throttles.throttleDevice("device-1", 3000);

    assertThat(throttles.throttlesAnyId()).isTrue();
    assertThat(throttles.throttledUntil(both)).isEqualTo(3000);
    assertThat(throttles.throttledUntil(neither)).isZero();
  }

  @Test
  void aSecondThrottle_neverShortensTheFirst() {
    Part event = parts.event("user-1");
    throttles.throttleUser("user-1", 3000);
    throttles.throttleUser("user-1", 2000);
    assertThat(throttles.throttledUntil(event)).isEqualTo(3000);

    throttles.throttleIdsOf(event, 4000);
    assertThat(throttles.throttledUntil(event)).isEqualTo(4000);
  }

  @Test
  void throttleIdsOf_throttlesTheUserAndTheDevice() {
    throttles.throttleIdsOf(parts.event("user-1", "device-1"), 2000);

    assertThat(throttles.throttledUntil(parts.event("user-1", null))).isEqualTo(2000);
    assertThat(throttles.throttledUntil(parts.event(null, "device-1"))).isEqualTo(2000);
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
  void release_forgetsTheThrottlesThatExpired() {
    Part event = parts.event("user-1", "device-1");
    throttles.throttleUser("user-1", 1000);
    throttles.throttleDevice("device-1", 2000);

    throttles.release(1000);
    assertThat(throttles.throttledUntil(event)).isEqualTo(2000);

    throttles.release(2000);
    assertThat(throttles.throttlesAnyId()).isFalse();
    assertThat(throttles.throttledUntil(event)).isZero();
  }

  @Test
  void dropHeld_forgetsTheHeldParts_butNotTheThrottles() {
    Part event = parts.event("user-1");
    throttles.throttleUser("user-1", 2000);
    throttles.hold(event, 2000);

    throttles.dropHeld();

    assertThat(throttles.nextRelease()).isEqualTo(Long.MAX_VALUE);
    assertThat(throttles.release(3000)).isEmpty();
    assertThat(throttles.throttledUntil(event)).as("expired by the release").isZero();
  }
}
