package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.EventsApi;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.PropertyOperations;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
    throttles.throttleUser("user-2", 0, 5000, null);
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
    throttles.throttleUser("user-1", 0, 5000, null);
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

  // ------------------------------------------------------------------ group properties, HTTP V2

  /** A group identification setting {@code properties} group properties. */
  private Part group(String value, int properties) {
    PropertyOperations.Builder operations = PropertyOperations.builder();
    for (int i = 0; i < properties; i++) {
      operations.set("p" + i, i);
    }
    return parts.part(GroupRecord.builder("company", value).groupProperties(operations.build()).build());
  }

  // "The maximum number of group properties per request is 1024." (amplitude-docs,
  // content/collections/api/en/group-identify.md, Considerations)
  @Test
  void groupIdentify_packsAtMost1024GroupPropertiesPerRequest() {
    Lanes lanes = new Lanes(endpoint -> 1024, endpoint -> 1_000_000L, LINGER, BODY);
    Part first = group("g-1", 600);
    Part second = group("g-2", 424);
    Part third = group("g-3", 1);
    Part empty = group("g-4", 0);
    List.of(first, second, third, empty).forEach(part -> lanes.add(part, T0));

    assertThat(Lanes.propertiesOf(first)).isEqualTo(600);
    assertThat(lanes.isDue(Endpoint.GROUP_IDENTIFY, T0)).as("1025 properties ready: a full request").isTrue();
    assertThat(lanes.pack(Endpoint.GROUP_IDENTIFY, new ThrottleBook(), T0))
        .as("600 + 424 = 1024 fit; one more would not")
        .containsExactly(first, second);
    assertThat(lanes.isDue(Endpoint.GROUP_IDENTIFY, T0)).isFalse();
    assertThat(lanes.pack(Endpoint.GROUP_IDENTIFY, new ThrottleBook(), T0)).containsExactly(third, empty);
  }

  @Test
  void groupIdentify_sendsAGroupOverTheLimitAlone() {
    Lanes lanes = new Lanes(endpoint -> 1024, endpoint -> 1_000_000L, LINGER, BODY);
    Part small = group("g-1", 1);
    Part huge = group("g-2", 1025);
    lanes.add(small, T0);
    lanes.add(huge, T0);

    assertThat(lanes.pack(Endpoint.GROUP_IDENTIFY, new ThrottleBook(), T0)).containsExactly(small);
    assertThat(lanes.pack(Endpoint.GROUP_IDENTIFY, new ThrottleBook(), T0)).containsExactly(huge);
  }

  @Test
  void propertiesAreCountedOnlyOnGroupIdentify() {
    Lanes lanes = new Lanes(endpoint -> 10, endpoint -> 1_000_000L, endpoint -> 1, LINGER, BODY);
    Part user = parts.part(dev.ampsync.record.UserRecord.builder("user-1").userProperties(PropertyOperations.builder().set("a", 1).set("b", 2).build()).build());
    Part event = parts.event("user-1");

    assertThat(Lanes.propertiesOf(user)).isZero();
    assertThat(Lanes.propertiesOf(event)).isZero();
    assertThat(ClientSettings.maxProperties(Endpoint.IDENTIFY)).isEqualTo(Integer.MAX_VALUE);
    assertThat(ClientSettings.maxProperties(Endpoint.GROUP_IDENTIFY)).isEqualTo(1024);
    lanes.add(user, T0);
    lanes.add(parts.user("user-2"), T0);
    assertThat(lanes.pack(Endpoint.IDENTIFY, new ThrottleBook(), T0)).hasSize(2);
  }

  // "Keep request sizes under 1 MB with fewer than 2000 events per request." (amplitude-docs,
  // content/collections/api/en/http-v2.md, Upload limit); Batch's limit is 2000.
  @Test
  void httpV2_packsFewerThan2000EventsAndUnder1MB_batchPacks2000() {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      ClientSettings httpV2 =
          ClientSettings.from(AmplitudeClient.builder("key-1").eventsApi(EventsApi.HTTP_V2).buildConfig(), executor);
      ClientSettings batch =
          ClientSettings.from(AmplitudeClient.builder("key-1").eventsApi(EventsApi.BATCH).buildConfig(), executor);
      assertThat(httpV2.maxCount(Endpoint.HTTP_V2)).isEqualTo(1999);
      assertThat(httpV2.maxBytes(Endpoint.HTTP_V2)).isEqualTo(999_999);
      assertThat(batch.maxCount(Endpoint.BATCH)).isEqualTo(2000);
      assertThat(batch.maxBytes(Endpoint.BATCH)).isEqualTo(20_000_000);

      TestParts httpParts = new TestParts(Endpoint.HTTP_V2);
      Lanes lanes = new Lanes(httpV2::maxCount, httpV2::maxBytes, LINGER, BODY);
      for (int i = 0; i < 2000; i++) {
        lanes.add(httpParts.event("user-" + (10_000 + i)), T0);
      }
      assertThat(lanes.isDue(Endpoint.HTTP_V2, T0)).isTrue();
      assertThat(lanes.pack(Endpoint.HTTP_V2, new ThrottleBook(), T0)).hasSize(1999);
      assertThat(lanes.pack(Endpoint.HTTP_V2, new ThrottleBook(), T0)).hasSize(1);
    } finally {
      executor.shutdownNow();
    }
  }
}
