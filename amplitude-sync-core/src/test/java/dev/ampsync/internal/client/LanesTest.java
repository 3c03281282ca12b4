package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LanesTest {
  private static final long LINGER = 100;
  /** A time after the clock's start (0 marks a lane of retries, due at once). */
  private static final long T0 = 10;
  /** A body is its parts plus one byte per part. */
  private static final Lanes.BodySize BODY = (endpoint, count, totalSize) -> totalSize + count;

  private final TestParts parts = new TestParts();
  private final long size = parts.event("user-0").size; // every event("user-N") here has this size

  private Lanes lanes(int maxCount, long maxBytes) {
    return new Lanes(endpoint -> maxCount, endpoint -> maxBytes, LINGER, BODY);
  }

  private List<Part> events(int count) {
    List<Part> events = new java.util.ArrayList<>();
    for (int i = 1; i <= count; i++) {
      events.add(parts.event("user-" + i));
    }
    return events;
  }

  @Test
  void aLane_isDueOnceItsOldestPartLingered() {
    Lanes lanes = lanes(10, 1_000_000);
    List<Part> events = events(2);
    lanes.add(events.get(0), 1000);
    lanes.add(events.get(1), 1050);

    assertThat(lanes.isDue(Endpoint.BATCH, 1099)).isFalse();
    assertThat(lanes.nextDue()).isEqualTo(1100);
    assertThat(lanes.isDue(Endpoint.BATCH, 1100)).isTrue();
    assertThat(lanes.pack(Endpoint.BATCH, new ThrottleBook(), 1100)).containsExactlyElementsOf(events);
    assertThat(lanes.isEmpty(Endpoint.BATCH)).isTrue();
    assertThat(lanes.nextDue()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aLane_isDueAtOnceWhenItHoldsAFullRequest_byCountOrByBytes() {
    Lanes byCount = lanes(3, 1_000_000);
    Lanes byBytes = lanes(100, 2 * size);
    for (Part event : events(2)) {
      byCount.add(event, T0);
      byBytes.add(event, T0);
    }
    assertThat(byCount.isDue(Endpoint.BATCH, T0)).isFalse();
    assertThat(byBytes.isDue(Endpoint.BATCH, T0)).as("two events reach the byte limit").isTrue();

    byCount.add(parts.event("user-3"), T0);
    assertThat(byCount.isDue(Endpoint.BATCH, T0)).isTrue();
  }

  @Test
  void pack_takesAtMostTheCountLimit_andWhatIsLeftLingersAfresh() {
    Lanes lanes = lanes(2, 1_000_000);
    List<Part> events = events(3);
    events.forEach(event -> lanes.add(event, T0));

    assertThat(lanes.pack(Endpoint.BATCH, new ThrottleBook(), 500)).containsExactly(events.get(0), events.get(1));

    assertThat(lanes.isDue(Endpoint.BATCH, 500)).isFalse();
    assertThat(lanes.nextDue()).isEqualTo(500 + LINGER);
    assertThat(lanes.pack(Endpoint.BATCH, new ThrottleBook(), 600)).containsExactly(events.get(2));
  }

  @Test
  void pack_stopsBeforeTheBodyWouldPassTheByteLimit() {
    // Two parts make a body of 2 * size + 2: one byte short of fitting.
    Lanes lanes = lanes(100, 2 * size + 1);
    List<Part> events = events(3);
    events.forEach(event -> lanes.add(event, T0));

    assertThat(lanes.pack(Endpoint.BATCH, new ThrottleBook(), T0)).containsExactly(events.get(0));
    assertThat(lanes.roomBytes()).isEqualTo(1);
  }

  @Test
  void pack_takesAPartAloneEvenIfItsBodyPassesTheLimit() {
    Lanes lanes = lanes(100, 1);
    Part event = parts.event("user-1");
    lanes.add(event, T0);

    assertThat(lanes.pack(Endpoint.BATCH, new ThrottleBook(), T0)).containsExactly(event);
  }

  @Test
  void pack_honoursTheSmallestSplitCapOfThePartsItTakes() {
    Lanes lanes = lanes(100, 1_000_000);
    List<Part> events = events(5);
    events.get(1).cap = 2;
    events.forEach(event -> lanes.add(event, T0));

    assertThat(lanes.pack(Endpoint.BATCH, new ThrottleBook(), T0)).containsExactly(events.get(0), events.get(1));
    assertThat(lanes.pack(Endpoint.BATCH, new ThrottleBook(), T0)).containsExactly(events.get(2), events.get(3), events.get(4));
  }

  @Test
  void retry_putsPartsBackAtTheFrontInTheirOrder_andTheirRequestIsDueAtOnce() {
    Lanes lanes = lanes(100, 1_000_000);
    List<Part> events = events(3);
    lanes.add(events.get(2), 1000);

    lanes.retry(List.of(events.get(0), events.get(1)));

    assertThat(lanes.isDue(Endpoint.BATCH, 1000)).isTrue();
    assertThat(lanes.nextDue()).isLessThanOrEqualTo(1000);
    assertThat(lanes.pack(Endpoint.BATCH, new ThrottleBook(), 1000)).containsExactlyElementsOf(events);
  }

  @Test
  void pack_holdsThePartsOfThrottledIds_andSendsTheOthers() {
    Lanes lanes = lanes(100, 1_000_000);
    ThrottleBook throttles = new ThrottleBook();
    throttles.throttleUser("user-2", 5000);
    List<Part> events = events(3);
    events.forEach(event -> lanes.add(event, T0));

    assertThat(lanes.pack(Endpoint.BATCH, throttles, 1000)).containsExactly(events.get(0), events.get(2));

    assertThat(throttles.nextRelease()).isEqualTo(5000);
    assertThat(lanes.roomBytes()).as("the held part left the lane").isEqualTo(1_000_000);
  }

  @Test
  void pack_returnsNothingWhenEveryPartIsHeld() {
    Lanes lanes = lanes(100, 1_000_000);
    ThrottleBook throttles = new ThrottleBook();
    throttles.throttleUser("user-1", 5000);
    lanes.add(parts.event("user-1"), T0);

    assertThat(lanes.pack(Endpoint.BATCH, throttles, 1000)).isEmpty();
    assertThat(lanes.anyReady()).isFalse();
  }

  @Test
  void eachEndpointHasItsOwnLane() {
    Lanes lanes = new Lanes(endpoint -> endpoint == Endpoint.IDENTIFY ? 1 : 10, endpoint -> 1_000_000L, LINGER, BODY);
    Part user = parts.user("user-1");
    Part event = parts.event("user-1");
    lanes.add(user, T0);
    lanes.add(event, T0);

    assertThat(lanes.isDue(Endpoint.IDENTIFY, T0)).as("full").isTrue();
    assertThat(lanes.isDue(Endpoint.BATCH, T0)).isFalse();
    assertThat(lanes.roomCount()).as("the fullest lane").isZero();
    assertThat(lanes.pack(Endpoint.IDENTIFY, new ThrottleBook(), T0)).containsExactly(user);
    assertThat(lanes.isEmpty(Endpoint.BATCH)).isFalse();
    assertThat(lanes.roomCount()).as("the identify lane takes one more").isEqualTo(1);
  }

  @Test
  void sizeAlone_isTheBodyOfTheOnePart() {
    Lanes lanes = new Lanes(endpoint -> 10, endpoint -> endpoint == Endpoint.BATCH ? 7L : 8L, LINGER, BODY);
    Part event = parts.event("user-1");

    assertThat(lanes.sizeAlone(event)).isEqualTo(event.size + 1);
    assertThat(lanes.maxBytes(Endpoint.BATCH)).isEqualTo(7);
    assertThat(lanes.maxBytes(Endpoint.IDENTIFY)).isEqualTo(8);
  }

  @Test
  void clear_dropsEveryPart() {
    Lanes lanes = lanes(100, 1_000_000);
    lanes.add(parts.event("user-1"), T0);
    lanes.add(parts.user("user-1"), T0);

    lanes.clear();

    assertThat(lanes.anyReady()).isFalse();
    assertThat(lanes.nextDue()).isEqualTo(Long.MAX_VALUE);
    assertThat(lanes.roomCount()).isEqualTo(100);
    assertThat(lanes.roomBytes()).isEqualTo(1_000_000);
  }
}
