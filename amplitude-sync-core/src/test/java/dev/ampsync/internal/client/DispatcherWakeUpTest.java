package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.AmplitudeClientConfig;
import dev.ampsync.client.Outcome;
import dev.ampsync.internal.wire.WireFormat;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.UserRecord;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * When submitters wake the dispatcher. They wake it only when it could act: when it is parked with
 * nothing ready, when new records could fill a request (by count or by bytes), or when every
 * pending-record slot is taken (a request is then due only if none is in flight, whose answer would
 * let more records in); flush and close always do. Otherwise it finds new records on its own
 * schedule.
 *
 * <p>The dispatchers here poll once an hour, so a record that depends on a wake-up that never came
 * would hang the test (caught by {@link Timeout}) instead of slipping through on the next poll.
 */
@Timeout(60)
class DispatcherWakeUpTest {
  private static final Duration NEVER = Duration.ofHours(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeAmplitude fake;
  private ExecutorService executor;
  private ScheduledExecutorService scheduler;
  private final List<Dispatcher> dispatchers = new ArrayList<>();

  @BeforeEach
  void start() {
    fake = FakeAmplitude.start();
    executor = Executors.newCachedThreadPool();
    scheduler = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Dispatcher dispatcher : dispatchers) {
      dispatcher.close(Duration.ofSeconds(10));
    }
    scheduler.shutdownNow();
    executor.shutdownNow();
    fake.close();
  }

  private Dispatcher dispatcher(
      Duration linger, int maxEventsPerRequest, long maxEventBytes, int maxPendingRecords, int maxRequestsInFlight) {
    AmplitudeClientConfig config =
        AmplitudeClient.builder(fake.apiKey())
            .endpoint(URI.create(fake.baseUrl()))
            .maxRequestsInFlight(maxRequestsInFlight)
            .maxAttempts(3)
            .maxRetryDuration(Duration.ofMinutes(1))
            .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
            .maxEventsPerRequest(maxEventsPerRequest)
            .maxPendingRecords(maxPendingRecords)
            .linger(linger)
            .closeTimeout(Duration.ofMinutes(1))
            .executor(executor)
            .buildConfig();
    ClientSettings settings =
        ClientSettings.from(config, executor).withPollInterval(NEVER).withMaxEventBytes(maxEventBytes);
    Dispatcher dispatcher = new Dispatcher(settings, new Redactor(fake.apiKey()), scheduler);
    dispatchers.add(dispatcher);
    return dispatcher;
  }

  private static EventRecord event(int i) {
    return EventRecord.builder("Order Completed").userId("user-" + (10_000 + i)).insertId("orders:" + (10_000 + i)).build();
  }

  private static Outcome outcome(CompletableFuture<Outcome> future) throws Exception {
    return future.get(20, TimeUnit.SECONDS);
  }

  private List<Integer> batchSizes() throws Exception {
    List<Integer> sizes = new ArrayList<>();
    for (RecordedRequest request : fake.requests()) {
      if (request.path().equals("/batch")) {
        sizes.add(JSON.readTree(request.bodyText()).get("events").size());
      }
    }
    return sizes;
  }

  private void awaitBatches(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fake.requestCount("/batch") < count && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(fake.requestCount("/batch")).isEqualTo(count);
  }

  /** Waits until the dispatcher has parked with ready parts lingering, so the next records must wake it. */
  private static void awaitLingering(Dispatcher dispatcher) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!dispatcher.isLingering() && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    assertThat(dispatcher.isLingering()).isTrue();
  }

  @Test
  void aRecordSubmittedAlone_wakesTheIdleDispatcher_andGoesOutAfterTheLinger() throws Exception {
    Dispatcher dispatcher = dispatcher(Duration.ofMillis(20), 2000, 20_000_000L, 10_000, 4);

    assertThat(outcome(dispatcher.submit(event(1))).isAccepted()).isTrue();
    // Idle again: the next lone record wakes it again.
    assertThat(outcome(dispatcher.submit(event(2))).isAccepted()).isTrue();
    assertThat(outcome(dispatcher.submit(UserRecord.builder("user-20001").build())).isAccepted()).isTrue();

    assertThat(batchSizes()).containsExactly(1, 1);
    assertThat(dispatcher.unresolvedCount()).isZero();
  }

  @Test
  void recordsThatFillARequest_wakeTheLingeringDispatcher() throws Exception {
    Dispatcher dispatcher = dispatcher(NEVER, 3, 20_000_000L, 10_000, 4);

    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    for (int request = 0; request < 2; request++) {
      outcomes.add(dispatcher.submit(event(3 * request)));
      awaitLingering(dispatcher);
      outcomes.add(dispatcher.submit(event(3 * request + 1)));
      outcomes.add(dispatcher.submit(event(3 * request + 2)));
      awaitBatches(request + 1);
    }

    for (CompletableFuture<Outcome> future : outcomes) {
      assertThat(outcome(future).isAccepted()).isTrue();
    }
    assertThat(batchSizes()).containsExactly(3, 3);
  }

  @Test
  void recordsThatFillARequestByBytes_wakeTheLingeringDispatcher() throws Exception {
    int size = WireFormat.get().event(event(0)).size(); // every event(i) here has this size
    Dispatcher dispatcher = dispatcher(NEVER, 2000, 2L * size, 10_000, 4);

    CompletableFuture<Outcome> first = dispatcher.submit(event(0));
    awaitLingering(dispatcher);
    CompletableFuture<Outcome> second = dispatcher.submit(event(1));

    // Two events reach the byte limit: a request is due (it holds one; two make a larger body).
    assertThat(outcome(first).isAccepted()).isTrue();
    awaitBatches(1);
    assertThat(second).isNotDone();
    assertThat(dispatcher.flush(Duration.ofSeconds(20))).isTrue();
    assertThat(outcome(second).isAccepted()).isTrue();
    assertThat(batchSizes()).containsExactly(1, 1);
  }

  @Test
  void takingTheLastPendingSlot_wakesTheDispatcherToSendAtOnce() throws Exception {
    Dispatcher dispatcher = dispatcher(NEVER, 100, 20_000_000L, 3, 4);

    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    outcomes.add(dispatcher.submit(event(0)));
    awaitLingering(dispatcher);
    for (int i = 1; i < 9; i++) {
      outcomes.add(dispatcher.submit(event(i))); // blocks at every fourth record until slots free up
    }

    // No flush: the last slot taken made the lingering request due, once the record that took it
    // was handed over. (Sending as soon as the slot was taken, before that record arrived, sometimes
    // made it 3, 2, 3 and left the ninth record lingering: 22 times in 3,000 repetitions.)
    for (CompletableFuture<Outcome> future : outcomes) {
      assertThat(outcome(future).isAccepted()).isTrue();
    }
    assertThat(batchSizes()).containsExactly(3, 3, 3);
    assertThat(dispatcher.unresolvedCount()).isZero();
  }

  @Test
  void theLastPendingSlotTaken_whileARequestIsInFlight_waitsForAFullRequest_notAFragment() throws Exception {
    fake.delayNext(1, Duration.ofMillis(300)); // the first request is still unanswered when the slots run out
    Dispatcher dispatcher = dispatcher(NEVER, 4, 20_000_000L, 6, 4);

    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      outcomes.add(dispatcher.submit(event(i))); // blocks while six records are unresolved
    }
    assertThat(dispatcher.flush(Duration.ofSeconds(20))).isTrue();

    for (CompletableFuture<Outcome> future : outcomes) {
      assertThat(outcome(future).isAccepted()).isTrue();
    }
    // The answer to the request in flight frees slots, and the records it lets in fill the next
    // request. (Sending at once when the slots ran out made it 4, 2, 4, 2: twice the requests.)
    assertThat(batchSizes()).containsExactly(4, 4, 4);
    assertThat(dispatcher.unresolvedCount()).isZero();
  }

  @Test
  void flush_afterManySubmitsThatWokeNobody_sendsThemAllInOneRequestAndWaitsForThem() throws Exception {
    Dispatcher dispatcher = dispatcher(NEVER, 2000, 20_000_000L, 10_000, 4);

    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      outcomes.add(dispatcher.submit(event(i)));
    }
    assertThat(dispatcher.unresolvedCount()).isEqualTo(1500);

    assertThat(dispatcher.flush(Duration.ofSeconds(20))).isTrue();

    assertThat(outcomes).allSatisfy(future -> assertThat(future).isCompletedWithValueMatching(Outcome::isAccepted));
    assertThat(batchSizes()).containsExactly(1500);
    assertThat(dispatcher.unresolvedCount()).isZero();
    assertThat(dispatcher.flush(Duration.ofSeconds(1))).as("nothing left").isTrue();
  }

  @Test
  void flush_timesOutWhileItsRecordsAreUnanswered_andSucceedsOnceTheyAre() throws Exception {
    fake.delayNext(1, Duration.ofMillis(800));
    Dispatcher dispatcher = dispatcher(NEVER, 2000, 20_000_000L, 10_000, 4);
    CompletableFuture<Outcome> slow = dispatcher.submit(event(1));

    assertThat(dispatcher.flush(Duration.ofMillis(100))).as("the request is held by the fake").isFalse();
    assertThat(dispatcher.flush(Duration.ofSeconds(20))).isTrue();
    assertThat(slow).isCompletedWithValueMatching(Outcome::isAccepted);
  }

  @Test
  void aFutureCancelledByTheCaller_doesNotKeepItsPendingSlot() throws Exception {
    // A linger of an hour: nothing is due before the flush, so the cancel surely comes first (no race
    // with a request that a loaded machine might let finish early).
    Dispatcher dispatcher = dispatcher(Duration.ofHours(1), 2000, 20_000_000L, 10_000, 1);
    CompletableFuture<Outcome> kept = dispatcher.submit(event(1));
    CompletableFuture<Outcome> cancelled = dispatcher.submit(event(2));
    cancelled.cancel(false);

    assertThat(dispatcher.flush(Duration.ofSeconds(20))).isTrue();
    assertThat(outcome(kept).isAccepted()).isTrue();
    assertThat(cancelled).isCancelled();
    assertThat(dispatcher.unresolvedCount()).isZero();
  }

  @Test
  void submittersRacingWithClose_getAnOutcomeForEveryRecordTheyHandedOver() throws Exception {
    for (int round = 0; round < 5; round++) {
      Dispatcher dispatcher = dispatcher(Duration.ofMillis(1), 50, 20_000_000L, 200, 4);
      List<CompletableFuture<Outcome>> outcomes = new CopyOnWriteArrayList<>();
      List<Throwable> refusals = new CopyOnWriteArrayList<>();
      AtomicInteger next = new AtomicInteger();
      List<Thread> submitters = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        Thread submitter =
            new Thread(
                () -> {
                  try {
                    while (true) {
                      outcomes.add(dispatcher.submit(event(next.incrementAndGet())));
                    }
                  } catch (Throwable refused) {
                    refusals.add(refused);
                  }
                });
        submitter.start();
        submitters.add(submitter);
      }
      while (outcomes.size() < 500) {
        Thread.sleep(1);
      }

      dispatcher.close(Duration.ofSeconds(20));
      for (Thread submitter : submitters) {
        submitter.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(submitter.isAlive()).isFalse();
      }

      assertThat(refusals).hasSize(3).allSatisfy(refused -> assertThat(refused)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed"));
      assertThat(outcomes).allSatisfy(future -> {
        assertThat(future).isDone();
        Outcome outcome = future.join();
        if (!outcome.isAccepted()) {
          assertThat(outcome.status()).isEqualTo(Outcome.Status.FAILED);
          assertThat(outcome.reason()).contains("client closed");
        }
      });
      assertThat(dispatcher.unresolvedCount()).isZero();
      assertThatThrownBy(() -> dispatcher.submit(event(0))).isInstanceOf(IllegalStateException.class);
      assertThat(dispatcher.flush(Duration.ofSeconds(1))).isTrue();
    }
  }
}
