package dev.ampsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.FaultKind;
import dev.ampsync.testing.MutableClock;
import dev.ampsync.testing.RecordedRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Delivery guarantees of the client against the fake Amplitude: limits, throttling, drain, faults. */
class AmplitudeClientDeliveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private FakeAmplitude fake;

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  private AmplitudeClient.Builder client() {
    return AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .linger(Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(60));
  }

  private static EventRecord event(int i) {
    return EventRecord.builder("Order Completed")
        .userId("user-" + (10_000 + i % 997))
        .insertId("orders:" + i)
        .time(Instant.ofEpochMilli(1_700_000_000_000L + i))
        .eventProperty("order", i)
        .build();
  }

  @Test
  void throttledIds_waitForTheHoldWhileOtherIdsGoThroughAtOnce() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    fake.throttleUser("user-throttled", 1);
    try (AmplitudeClient client =
        client().clock(clock).throttleHold(Duration.ofSeconds(15)).maxEventsPerRequest(2).build()) {
      CompletableFuture<Outcome> throttled =
          client.submit(EventRecord.builder("Seen").userId("user-throttled").insertId("t-1").build());
      CompletableFuture<Outcome> other =
          client.submit(EventRecord.builder("Seen").userId("user-other").insertId("o-1").build());

      // The other user's event is resent at once, without waiting for any clock.
      assertThat(other.get(5, TimeUnit.SECONDS).status()).isEqualTo(Outcome.Status.ACCEPTED);
      assertThat(batchUserIds()).containsExactly(List.of("user-throttled", "user-other"), List.of("user-other"));

      // The throttled user's event waits: real time passes, the fake clock does not.
      Thread.sleep(300);
      assertThat(throttled).isNotDone();
      assertThat(fake.requestCount("/batch")).isEqualTo(2);

      clock.advance(Duration.ofSeconds(14));
      Thread.sleep(150);
      assertThat(throttled).isNotDone();

      clock.advance(Duration.ofSeconds(1));
      assertThat(throttled.get(5, TimeUnit.SECONDS).status()).isEqualTo(Outcome.Status.ACCEPTED);
      assertThat(batchUserIds()).last().isEqualTo(List.of("user-throttled"));
    }
    assertThat(fake.distinctInsertIds()).containsExactlyInAnyOrder("t-1", "o-1");
  }

  @ParameterizedTest
  @EnumSource(EventsApi.class)
  void tenThousandEventsOfFiveKilobytes_neverExceedTheEndpointsCountOrByteLimit(EventsApi api)
      throws Exception {
    String fiveKb = "x".repeat(5 * 1024);
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    try (AmplitudeClient client = client().eventsApi(api).maxRequestsInFlight(4).build()) {
      for (int i = 0; i < 10_000; i++) {
        outcomes.add(
            client.submit(
                EventRecord.builder("Page Viewed")
                    .deviceId("device-" + (100_000 + i))
                    .insertId("pages:" + i)
                    .eventProperty("payload", fiveKb)
                    .build()));
      }
    }
    assertThat(outcomes).allSatisfy(f -> assertThat(f.join().status()).isEqualTo(Outcome.Status.ACCEPTED));
    List<RecordedRequest> requests = fake.requests();
    assertThat(requests).isNotEmpty().allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    for (RecordedRequest request : requests) {
      assertThat(request.decompressedSize()).isLessThanOrEqualTo(api.maxRequestBytes());
      assertThat(JSON.readTree(request.bodyText()).get("events").size()).isLessThanOrEqualTo(2000);
    }
    assertThat(fake.eventCount()).isEqualTo(10_000);
    if (api == EventsApi.HTTP_V2) {
      // 1 MB holds about 190 such events: the byte limit, not the count, shaped these requests.
      assertThat(requests.size()).isGreaterThan(50);
    }
  }

  @Test
  void close_withFiftyThousandRecordsSubmitted_drainsAndGivesEveryRecordAnOutcome() throws Exception {
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(50_000);
    AmplitudeClient client = client().maxPendingRecords(5_000).build();
    for (int i = 0; i < 50_000; i++) {
      outcomes.add(client.submit(event(i)));
    }
    client.close();
    assertThat(outcomes).allSatisfy(f -> assertThat(f).isDone());
    assertThat(outcomes).allSatisfy(f -> assertThat(f.join().status()).isEqualTo(Outcome.Status.ACCEPTED));
    assertThat(fake.distinctInsertIds()).hasSize(50_000);
  }

  @Test
  void close_whenAmplitudeIsTooSlowForTheTimeout_failsTheRestWithAReasonInsteadOfDroppingThem()
      throws Exception {
    fake.delayNext(1_000, Duration.ofMillis(400));
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    AmplitudeClient client =
        client().closeTimeout(Duration.ofMillis(300)).maxEventsPerRequest(100).maxRequestsInFlight(1).build();
    for (int i = 0; i < 2_000; i++) {
      outcomes.add(client.submit(event(i)));
    }
    client.close();
    assertThat(outcomes).allSatisfy(f -> assertThat(f).isDone());
    Map<Outcome.Status, Long> byStatus =
        outcomes.stream().collect(Collectors.groupingBy(f -> f.join().status(), Collectors.counting()));
    assertThat(byStatus.get(Outcome.Status.FAILED)).isPositive();
    assertThat(outcomes)
        .filteredOn(f -> f.join().status() == Outcome.Status.FAILED)
        .allSatisfy(f -> assertThat(f.join().reason()).contains("client closed"));
    client.close(); // idempotent
  }

  @Test
  void withTwentyPercentOfRequestsFaulted_everyEventIsIngestedExactlyOnce() throws Exception {
    fake.randomFaults(
        0.2,
        20261122L,
        EnumSet.of(
            FaultKind.SERVER_ERROR,
            FaultKind.ACCEPT_THEN_FAIL,
            FaultKind.RESET,
            FaultKind.DELAY,
            FaultKind.THROTTLE,
            FaultKind.TOO_LARGE),
        Duration.ofMillis(20));
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(20_000);
    try (AmplitudeClient client =
        client().maxAttempts(30).throttleHold(Duration.ofMillis(10)).maxEventsPerRequest(100).build()) {
      for (int i = 0; i < 20_000; i++) {
        outcomes.add(client.submit(event(i)));
      }
    }
    assertThat(outcomes).allSatisfy(f -> assertThat(f.join().status()).isEqualTo(Outcome.Status.ACCEPTED));
    assertThat(fake.distinctInsertIds()).hasSize(20_000);
    assertThat(fake.eventCount()).isEqualTo(20_000);
    Map<FaultKind, Long> faults = fake.faultCounts();
    assertThat(faults.values().stream().mapToLong(Long::longValue).sum()).isPositive();
    assertThat(faults.getOrDefault(FaultKind.ACCEPT_THEN_FAIL, 0L)).isPositive();
    // Accepted-then-failed requests were resent; Amplitude's insert_id dedup dropped the repeats.
    assertThat(fake.duplicateCount()).isPositive();
    System.out.println("faults injected: " + faults + ", duplicates deduplicated: " + fake.duplicateCount());
  }

  @Test
  void aUsersEvent_isSentOnlyAfterThatUsersIdentificationIsAcknowledged() throws Exception {
    try (AmplitudeClient client = client().linger(Duration.ZERO).build()) {
      // A run's first request goes alone: one answer first, so that requests may overlap.
      EventRecord warmUp = EventRecord.builder("Warmed Up").userId("user-warm-up").insertId("w-1").build();
      assertThat(client.submit(warmUp).get(5, TimeUnit.SECONDS).isAccepted()).isTrue();
      fake.delayNext(1, Duration.ofMillis(1000));
      CompletableFuture<Outcome> identify =
          client.submit(
              UserRecord.builder("user-ordered")
                  .userProperties(PropertyOperations.builder().set("plan", "pro").build())
                  .build());
      Thread.sleep(100); // the identification is on the wire, held by the fake for 1 s
      CompletableFuture<Outcome> event =
          client.submit(EventRecord.builder("Plan Changed").userId("user-ordered").insertId("p-1").build());
      CompletableFuture<Outcome> unrelated =
          client.submit(EventRecord.builder("Plan Changed").userId("user-unrelated").insertId("p-2").build());
      assertThat(unrelated.get(5, TimeUnit.SECONDS).isAccepted()).isTrue();
      assertThat(identify).isNotDone();
      assertThat(event).isNotDone();
      assertThat(identify.get(5, TimeUnit.SECONDS).isAccepted()).isTrue();
      assertThat(event.get(5, TimeUnit.SECONDS).isAccepted()).isTrue();
    }
    RecordedRequest identifyRequest = fake.requests().stream().filter(r -> r.path().equals("/identify")).findFirst().orElseThrow();
    RecordedRequest lastBatch = fake.requests().stream().filter(r -> r.path().equals("/batch")).reduce((a, b) -> b).orElseThrow();
    assertThat(Duration.between(identifyRequest.receivedAt(), lastBatch.receivedAt()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1000));
    assertThat(fake.user("user-ordered").orElseThrow().property("plan")).isEqualTo("pro");
  }

  private List<List<String>> batchUserIds() throws IOException {
    List<List<String>> batches = new ArrayList<>();
    for (RecordedRequest request : fake.requests()) {
      if (request.path().equals("/batch")) {
        List<String> ids = new ArrayList<>();
        for (JsonNode event : JSON.readTree(request.bodyText()).get("events")) {
          ids.add(event.get("user_id").asText());
        }
        batches.add(ids);
      }
    }
    return batches;
  }
}
