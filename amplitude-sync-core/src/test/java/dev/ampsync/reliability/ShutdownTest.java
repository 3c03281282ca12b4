package dev.ampsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.Outcome;
import dev.ampsync.record.EventRecord;
import dev.ampsync.testing.FakeAmplitude;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AmplitudeClient#close()} with work in flight: every record gets an outcome, an accepted
 * record really reached Amplitude, a FAILED one says the client was closed, nothing hangs, and a
 * closed client refuses new work. Each test runs under a generous preemptive timeout, so a hang fails
 * the test instead of the build.
 */
class ShutdownTest {
  private static final Duration NO_HANG = Duration.ofSeconds(90);
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
        .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20));
  }

  private static EventRecord event(int i) {
    return EventRecord.builder("Order Completed")
        .userId("user-" + (10_000 + i % 101))
        .insertId("shutdown:" + i)
        .time(Instant.ofEpochMilli(1_700_000_000_000L + i))
        .build();
  }

  private static Map<Outcome.Status, Long> byStatus(List<CompletableFuture<Outcome>> outcomes) {
    return outcomes.stream().collect(Collectors.groupingBy(f -> f.join().status(), Collectors.counting()));
  }

  /** Every record accepted by the client is in Amplitude: an acknowledgement is never invented. */
  private void assertAcceptedMeansIngested(List<CompletableFuture<Outcome>> outcomes) {
    Set<String> ingested = fake.distinctInsertIds();
    for (CompletableFuture<Outcome> future : outcomes) {
      Outcome outcome = future.join();
      if (outcome.isAccepted()) {
        String insertId = ((EventRecord) outcome.record()).insertId().orElseThrow();
        assertThat(ingested).as("accepted %s is in Amplitude", insertId).contains(insertId);
      }
    }
  }

  @Test
  void close_withSlowRequestsInFlight_drainsThem_everyFutureCompletesAccepted() {
    assertTimeoutPreemptively(NO_HANG, () -> {
      fake.delayNext(6, Duration.ofMillis(400)); // every request of this test is slow
      List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
      AmplitudeClient client = client().maxEventsPerRequest(50).maxRequestsInFlight(2).build();
      for (int i = 0; i < 300; i++) {
        outcomes.add(client.submit(event(i)));
      }
      long started = System.nanoTime();
      client.close(); // default close timeout (10 minutes): it drains
      Duration closing = Duration.ofNanos(System.nanoTime() - started);

      assertThat(outcomes).allSatisfy(f -> assertThat(f).isDone());
      assertThat(byStatus(outcomes)).containsOnlyKeys(Outcome.Status.ACCEPTED);
      assertThat(fake.distinctInsertIds()).hasSize(300);
      assertThat(fake.eventCount()).isEqualTo(300);
      assertThat(closing).as("close waited for the slow requests").isGreaterThanOrEqualTo(Duration.ofMillis(400));
      assertThat(client.pendingCount()).isZero();
    });
  }

  @Test
  void close_whoseTimeoutPassesWithRequestsInFlight_failsTheRestAsClientClosed_andNeverFakesAnAcknowledgement() {
    assertTimeoutPreemptively(NO_HANG, () -> {
      fake.delayNext(1_000, Duration.ofMillis(700));
      List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
      AmplitudeClient client =
          client().maxEventsPerRequest(40).maxRequestsInFlight(3).closeTimeout(Duration.ofMillis(250)).build();
      for (int i = 0; i < 400; i++) {
        outcomes.add(client.submit(event(i)));
      }
      Thread.sleep(50); // requests are on the wire, held by the fake
      client.close();

      assertThat(outcomes).allSatisfy(f -> assertThat(f).isDone());
      Map<Outcome.Status, Long> statuses = byStatus(outcomes);
      assertThat(statuses).doesNotContainKey(Outcome.Status.REJECTED);
      assertThat(statuses.get(Outcome.Status.FAILED)).as("in flight or queued at the timeout").isPositive();
      assertThat(outcomes)
          .filteredOn(f -> f.join().status() == Outcome.Status.FAILED)
          .allSatisfy(f -> assertThat(f.join().reason()).contains("client closed"));
      // The requests on the wire at the timeout still land later: at least once, never a false ack.
      Thread.sleep(1_000);
      assertAcceptedMeansIngested(outcomes);
      assertThat(client.pendingCount()).isZero();
    });
  }

  @Test
  void closeTwice_isHarmless_andAClosedClientRefusesNewRecords() {
    assertTimeoutPreemptively(NO_HANG, () -> {
      List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
      AmplitudeClient client = client().build();
      for (int i = 0; i < 50; i++) {
        outcomes.add(client.submit(event(i)));
      }
      client.close();
      Map<Outcome.Status, Long> afterFirst = byStatus(outcomes);
      long started = System.nanoTime();
      client.close();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the second close returns at once")
          .isLessThan(Duration.ofSeconds(2));
      assertThat(byStatus(outcomes)).isEqualTo(afterFirst).containsOnlyKeys(Outcome.Status.ACCEPTED);

      assertThatThrownBy(() -> client.submit(event(1_000)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      assertThat(client.flush(Duration.ofSeconds(1))).as("nothing left to flush").isTrue();
      assertThat(client.pendingCount()).isZero();
      assertThat(fake.eventCount()).isEqualTo(50);
    });
  }

  @Test
  void closeFromAnotherThread_releasesASubmitterBlockedOnBackpressure() {
    assertTimeoutPreemptively(NO_HANG, () -> {
      fake.delayNext(1_000, Duration.ofSeconds(2));
      AmplitudeClient client =
          client().maxPendingRecords(5).maxEventsPerRequest(5).closeTimeout(Duration.ofMillis(300)).build();
      List<CompletableFuture<Outcome>> outcomes = new CopyOnWriteArrayList<>();
      AtomicReference<Throwable> submitError = new AtomicReference<>();
      CountDownLatch submitterDone = new CountDownLatch(1);
      Thread submitter =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 100; i++) {
                    outcomes.add(client.submit(event(i)));
                  }
                } catch (Throwable e) {
                  submitError.set(e);
                } finally {
                  submitterDone.countDown();
                }
              },
              "blocked-submitter");
      submitter.start();

      // Wait until the submitter is parked on the full pending-records bound.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!(outcomes.size() == 5 && submitter.getState() == Thread.State.WAITING) && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(outcomes).hasSize(5);
      assertThat(submitter.getState()).isEqualTo(Thread.State.WAITING);

      client.close(); // from this thread, while the submitter is blocked

      assertThat(submitterDone.await(30, TimeUnit.SECONDS)).as("the submitter was released").isTrue();
      assertThat(submitError.get()).as("the blocked submit throws because the client closed")
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      assertThat(outcomes).hasSize(5).allSatisfy(f -> {
        assertThat(f).isDone();
        assertThat(f.join().status()).isEqualTo(Outcome.Status.FAILED);
        assertThat(f.join().reason()).contains("client closed");
      });
      assertThat(client.pendingCount()).isZero();
    });
  }

  @Test
  void closeFromTwoThreadsAtOnce_bothReturn_andEveryRecordIsStillDrained() {
    assertTimeoutPreemptively(NO_HANG, () -> {
      fake.failNext(3, 503); // the first requests are retried: the drain needs the retry scheduler
      fake.delayNext(20, Duration.ofMillis(300));
      List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
      AmplitudeClient client = client().maxEventsPerRequest(25).maxRequestsInFlight(2).build();
      for (int i = 0; i < 500; i++) {
        outcomes.add(client.submit(event(i)));
      }
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> closers = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        Thread closer = new Thread(() -> {
          try {
            start.await();
            client.close();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }, "closer-" + t);
        closer.start();
        closers.add(closer);
      }
      start.countDown();
      for (Thread closer : closers) {
        closer.join(TimeUnit.SECONDS.toMillis(60));
        assertThat(closer.isAlive()).as("%s returned", closer.getName()).isFalse();
      }
      // Whichever close returned first, the drain goes on until every record has an outcome.
      CompletableFuture.allOf(outcomes.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
      Map<Outcome.Status, Long> statuses = byStatus(outcomes);
      assertThat(statuses).as("statuses, reasons %s",
              outcomes.stream().map(f -> f.join().reason()).filter(r -> r != null).distinct().toList())
          .containsOnlyKeys(Outcome.Status.ACCEPTED);
      assertThat(fake.distinctInsertIds()).hasSize(500);
    });
  }
}
