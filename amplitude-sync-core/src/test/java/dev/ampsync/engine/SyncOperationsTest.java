package dev.ampsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncListener;
import dev.ampsync.SyncProgress;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.Source;
import dev.ampsync.source.SourceException;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.RecordedRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operating a sync: the maxRows guardrail, the problems file and sample, the listener, and what a run
 * does when the source or the API key fails, when keys repeat, and when few records may be pending.
 */
class SyncOperationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String API_KEY = "fake-key-7c1e";

  private FakeAmplitude fake;
  @TempDir Path dir;

  @AfterEach
  void stopFake() {
    if (fake != null) {
      fake.close();
    }
  }

  private FakeAmplitude fake() {
    fake = FakeAmplitude.builder().apiKey(API_KEY).start();
    return fake;
  }

  private AmplitudeClient.Builder client() {
    return client(fake.apiKey());
  }

  private AmplitudeClient.Builder client(String apiKey) {
    return AmplitudeClient.builder(apiKey)
        .endpoint(URI.create(fake.baseUrl()))
        .linger(Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(30));
  }

  /** A lazily generated source of valid orders that counts opens, rows handed out and closes. */
  private static final class CountingOrders implements Source {
    final int rows;
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicLong generated = new AtomicLong();

    CountingOrders(int rows) {
      this.rows = rows;
    }

    @Override
    public RowStream open() {
      opens.incrementAndGet();
      Iterable<Map<String, Object>> counted =
          () -> {
            Iterator<Map<String, Object>> orders = StreamingSyncMain.generated(rows, StreamingSyncMain::orderRow).iterator();
            return new Iterator<>() {
              @Override
              public boolean hasNext() {
                return orders.hasNext();
              }

              @Override
              public Map<String, Object> next() {
                generated.incrementAndGet();
                return orders.next();
              }
            };
          };
      RowStream stream = InMemorySource.streaming(StreamingSyncMain.EVENT_COLUMNS, counted).open();
      return new RowStream() {
        @Override
        public List<Column> columns() {
          return stream.columns();
        }

        @Override
        public Row next() {
          return stream.next();
        }

        @Override
        public void close() {
          closes.incrementAndGet();
          stream.close();
        }
      };
    }

    @Override
    public String describe() {
      return "generated orders (" + rows + " rows)";
    }
  }

  private SyncJob.Builder orderSync(Source source, AmplitudeClient.Builder destination) {
    return SyncJob.builder("orders")
        .source(source)
        .mapping(StreamingSyncMain.eventMapping())
        .destination(destination);
  }

  private static long outcomes(SyncResult result) {
    return result.accepted() + result.unchanged() + result.invalid() + result.rejected() + result.failed();
  }

  // ------------------------------------------------------------------------------ maxRows

  @Test
  void maxRows_belowTheSourceSize_failsBeforeSendingAnything() {
    fake();
    CountingOrders source = new CountingOrders(11);

    SyncResult result = AmplitudeSync.run(orderSync(source, client()).maxRows(10).build());

    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(result.error()).hasValueSatisfying(error -> assertThat(error).contains("maxRows").contains("10"));
    assertThat(result.accepted()).isZero();
    assertThat(fake.requests()).isEmpty();
    assertThat(fake.eventCount()).isZero();
    assertThat(source.closes.get()).isEqualTo(source.opens.get());
  }

  @Test
  void maxRows_equalToTheSourceSize_runsAfterACountingPass() {
    fake();
    CountingOrders source = new CountingOrders(11);

    SyncResult result = AmplitudeSync.run(orderSync(source, client()).maxRows(11).build());

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.rowsRead()).isEqualTo(11);
    assertThat(result.accepted()).isEqualTo(11);
    assertThat(fake.eventCount()).isEqualTo(11);
    assertThat(source.opens.get()).as("a counting pass, then the run").isEqualTo(2);
    assertThat(source.closes.get()).isEqualTo(2);
  }

  @Test
  void maxRows_whenTheSourceFailsDuringTheCountingPass_failsWithTheSourceErrorAndSendsNothing() {
    fake();
    FailingSource source = new FailingSource(5);

    SyncResult result = AmplitudeSync.run(orderSync(source, client()).maxRows(100).build());

    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(result.error()).contains(FailingSource.MESSAGE);
    assertThat(fake.requests()).isEmpty();
    assertThat(source.closes.get()).isEqualTo(source.opens.get());
  }

  @Test
  void maxRows_isAlsoEnforcedWhileSending_whenTheSourceGrewAfterTheCountingPass() {
    fake();
    AtomicInteger opens = new AtomicInteger();
    Source growing =
        new Source() {
          @Override
          public RowStream open() {
            int rows = opens.incrementAndGet() == 1 ? 10 : 15; // the counting pass sees 10 rows
            return InMemorySource.streaming(
                    StreamingSyncMain.EVENT_COLUMNS,
                    StreamingSyncMain.generated(rows, StreamingSyncMain::orderRow))
                .open();
          }

          @Override
          public String describe() {
            return "a table that grows during the run";
          }
        };

    SyncResult result = AmplitudeSync.run(orderSync(growing, client()).maxRows(10).build());

    assertThat(opens.get()).isEqualTo(2);
    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(result.error()).hasValueSatisfying(error -> assertThat(error).contains("maxRows"));
    assertThat(result.rowsRead()).isLessThanOrEqualTo(11);
    assertThat(fake.eventCount()).isLessThanOrEqualTo(10);
  }

  // ------------------------------------------------------------------------------ problems

  private static final List<Column> PROBLEM_COLUMNS =
      List.of(
          new Column("user_id", ColumnType.STRING),
          new Column("device_id", ColumnType.STRING),
          new Column("order_id", ColumnType.STRING),
          new Column("ordered_at", ColumnType.TIMESTAMP),
          new Column("amount", ColumnType.DECIMAL));

  private static Mapping problemMapping() {
    return Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Order Completed"))
        .userId(Value.column("user_id"))
        .deviceId(Value.column("device_id"))
        .insertId(Value.column("order_id"))
        .time(Value.column("ordered_at"))
        .property("amount", Value.column("amount"))
        .build();
  }

  private static InMemorySource problemRows() {
    Instant t = Instant.parse("2026-02-01T10:00:00Z");
    InMemorySource.Builder rows = InMemorySource.builder();
    PROBLEM_COLUMNS.forEach(c -> rows.column(c.label(), c.type()));
    return rows
        .row("user-10001", null, "order-1", t, new BigDecimal("10.00"))
        .row("u1", null, "order-2", t, new BigDecimal("20.00")) // user id too short: INVALID
        .row(null, null, "order-3", t, new BigDecimal("30.00")) // no id at all: INVALID
        .row("user-10004", "silenced-device-1", "order-4", t, new BigDecimal("40.00")) // REJECTED
        .row("user-10005", null, "order-5", t, new BigDecimal("50.00"))
        .build();
  }

  @Test
  void problemsFile_holdsOneKeyOutcomeReasonLinePerProblemRow_whileTheSampleIsCapped() throws IOException {
    fake().silenceDevice("silenced-device-1");
    Path file = dir.resolve("reports/problems.jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"key\":\"stale line of an earlier run\"}\n");

    SyncResult result =
        AmplitudeSync.run(
            SyncJob.builder("orders")
                .source(problemRows())
                .mapping(problemMapping())
                .destination(client())
                .problemsFile(file)
                .problemSampleSize(2)
                .build());

    assertThat(result.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.invalid()).isEqualTo(2);
    assertThat(result.rejected()).isEqualTo(1);
    assertThat(result.problems()).hasSize(2);
    assertThat(fake.eventCount()).isEqualTo(2);

    String text = Files.readString(file, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(API_KEY).doesNotContain("stale line");
    List<String> lines = text.lines().toList();
    assertThat(lines).hasSize(3);
    List<Problem> problems = new ArrayList<>();
    for (String line : lines) {
      JsonNode node = JSON.readTree(line);
      Set<String> fields = new HashSet<>();
      node.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).as(line).containsExactlyInAnyOrder("key", "outcome", "reason");
      assertThat(node.get("reason").asText()).isNotBlank();
      problems.add(
          new Problem(
              node.get("key").isNull() ? null : node.get("key").asText(),
              RowOutcome.valueOf(node.get("outcome").asText()),
              node.get("reason").asText()));
    }
    assertThat(problems).filteredOn(p -> p.outcome() == RowOutcome.INVALID).hasSize(2);
    assertThat(problems)
        .filteredOn(p -> p.outcome() == RowOutcome.REJECTED)
        .singleElement()
        .satisfies(p -> {
          assertThat(p.key()).isEqualTo("order-4");
          assertThat(p.reason()).containsIgnoringCase("silenced");
        });
    assertThat(problems)
        .filteredOn(p -> "order-2".equals(p.key()))
        .singleElement()
        .satisfies(p -> assertThat(p.reason()).contains("user_id"));
    assertThat(problems).containsAll(result.problems());
    assertThat(result.toString()).doesNotContain(API_KEY);
    assertThat(result.problems()).allSatisfy(p -> assertThat(p.reason()).doesNotContain(API_KEY));
  }

  // ------------------------------------------------------------------------------ listener

  /** Records every call, in order. */
  private static final class RecordingListener implements SyncListener {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<SyncProgress> progress = new CopyOnWriteArrayList<>();
    final List<SyncResult> finished = new CopyOnWriteArrayList<>();
    final AtomicLong rowsGeneratedAtStart = new AtomicLong(-1);
    private final CountingOrders source;

    RecordingListener(CountingOrders source) {
      this.source = source;
    }

    @Override
    public void started(SyncJob job) {
      calls.add("started");
      rowsGeneratedAtStart.set(source.generated.get());
    }

    @Override
    public void progress(SyncProgress snapshot) {
      calls.add("progress");
      progress.add(snapshot);
    }

    @Override
    public void finished(SyncResult result) {
      calls.add("finished");
      finished.add(result);
    }
  }

  @Test
  void listener_hearsStartedOnceBeforeRows_progressAtABoundedRate_andFinishedOnceWithTheResult() {
    fake();
    int rows = 20_000;
    // 80 requests of 250 events, each held 100 ms, 8 at a time: the run lasts about a second, and the
    // engine's progress check point (every 256 rows) is reached ~78 times.
    fake.delayNext(rows / 250, Duration.ofMillis(100));
    CountingOrders source = new CountingOrders(rows);
    RecordingListener listener = new RecordingListener(source);

    long started = System.nanoTime();
    SyncResult result =
        AmplitudeSync.run(
            orderSync(source, client().maxEventsPerRequest(250).maxPendingRecords(2_000))
                .listener(listener)
                .progressInterval(Duration.ofMillis(50))
                .build());
    long wallMs = Duration.ofNanos(System.nanoTime() - started).toMillis();

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(rows);
    assertThat(wallMs).as("the slowed fake makes the run last").isGreaterThanOrEqualTo(500);

    assertThat(listener.calls).first().isEqualTo("started");
    assertThat(listener.calls).last().isEqualTo("finished");
    assertThat(Collections.frequency(listener.calls, "started")).isEqualTo(1);
    assertThat(Collections.frequency(listener.calls, "finished")).isEqualTo(1);
    assertThat(listener.rowsGeneratedAtStart.get()).as("rows read before started()").isZero();
    assertThat(listener.finished).singleElement().isSameAs(result);

    int progressCalls = listener.progress.size();
    assertThat(progressCalls).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo((int) (wallMs / 50) + 2);
    List<ToLongFunction<SyncProgress>> counts =
        List.of(
            SyncProgress::rowsRead,
            SyncProgress::accepted,
            SyncProgress::unchanged,
            SyncProgress::invalid,
            SyncProgress::rejected,
            SyncProgress::failed,
            SyncProgress::done,
            p -> p.elapsed().toNanos());
    for (int i = 1; i < progressCalls; i++) {
      SyncProgress before = listener.progress.get(i - 1);
      SyncProgress after = listener.progress.get(i);
      for (ToLongFunction<SyncProgress> count : counts) {
        assertThat(count.applyAsLong(after)).as("snapshot %d vs %d", i, i - 1).isGreaterThanOrEqualTo(count.applyAsLong(before));
      }
    }
    for (SyncProgress snapshot : listener.progress) {
      assertThat(snapshot.rowsRead()).isBetween(1L, (long) rows);
      assertThat(snapshot.done()).isLessThanOrEqualTo(snapshot.rowsRead());
    }
  }

  /** A listener's failure without a stack trace, so the engine's warning stays one line. */
  private static final class ListenerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ListenerFailure(String message) {
      super(message, null, false, false);
    }
  }

  @Test
  void listener_thatThrowsFromEveryMethod_doesNotStopTheRun() {
    fake();
    int rows = 3_000;
    fake.delayNext(rows / 100, Duration.ofMillis(20));
    AtomicInteger startedCalls = new AtomicInteger();
    AtomicInteger progressCalls = new AtomicInteger();
    AtomicInteger finishedCalls = new AtomicInteger();
    SyncListener throwing =
        new SyncListener() {
          @Override
          public void started(SyncJob job) {
            startedCalls.incrementAndGet();
            throw new ListenerFailure("listener broke in started");
          }

          @Override
          public void progress(SyncProgress progress) {
            progressCalls.incrementAndGet();
            throw new ListenerFailure("listener broke in progress");
          }

          @Override
          public void finished(SyncResult result) {
            finishedCalls.incrementAndGet();
            throw new ListenerFailure("listener broke in finished");
          }
        };

    SyncResult result =
        AmplitudeSync.run(
            orderSync(new CountingOrders(rows), client().maxEventsPerRequest(100).maxPendingRecords(200))
                .listener(throwing)
                .progressInterval(Duration.ofMillis(1))
                .build());

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(rows);
    assertThat(fake.eventCount()).isEqualTo(rows);
    assertThat(startedCalls.get()).isEqualTo(1);
    assertThat(finishedCalls.get()).isEqualTo(1);
    assertThat(progressCalls.get()).as("progress is still called after it threw").isGreaterThanOrEqualTo(2);
  }

  // ------------------------------------------------------------------------------ source failures

  /** Hands out {@code failAfter} valid orders, then throws from next(). */
  private static final class FailingSource implements Source {
    static final String MESSAGE = "connection to test source dropped";
    final int failAfter;
    final RuntimeException failure;
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger nextCallsAfterFailure = new AtomicInteger();

    FailingSource(int failAfter) {
      this(failAfter, new SourceException(MESSAGE, new IOException("socket closed")));
    }

    FailingSource(int failAfter, RuntimeException failure) {
      this.failAfter = failAfter;
      this.failure = failure;
    }

    @Override
    public RowStream open() {
      opens.incrementAndGet();
      RowStream stream =
          InMemorySource.streaming(
                  StreamingSyncMain.EVENT_COLUMNS,
                  StreamingSyncMain.generated(Integer.MAX_VALUE, StreamingSyncMain::orderRow))
              .open();
      return new RowStream() {
        private int handedOut;
        private boolean failed;

        @Override
        public List<Column> columns() {
          return stream.columns();
        }

        @Override
        public Row next() {
          if (failed) {
            nextCallsAfterFailure.incrementAndGet();
          }
          if (handedOut == failAfter) {
            failed = true;
            throw failure;
          }
          handedOut++;
          return stream.next();
        }

        @Override
        public void close() {
          closes.incrementAndGet();
          stream.close();
        }
      };
    }

    @Override
    public String describe() {
      return "failing test source";
    }
  }

  @Test
  void sourceFailingMidStream_failsTheRun_afterEveryRowReadBeforeGotItsOutcome() {
    fake();
    FailingSource source = new FailingSource(500);

    SyncResult result = AmplitudeSync.run(orderSync(source, client()).build());

    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(result.error()).hasValueSatisfying(error -> assertThat(error).contains(FailingSource.MESSAGE));
    assertThat(result.rowsRead()).isEqualTo(500);
    assertThat(outcomes(result)).isEqualTo(500);
    assertThat(result.accepted()).isEqualTo(500);
    assertThat(fake.eventCount()).isEqualTo(500);
    assertThat(fake.distinctInsertIds()).hasSize(500);
    assertThat(source.closes.get()).as("the stream was closed").isPositive();
    assertThat(source.nextCallsAfterFailure.get()).as("no read after the failure").isZero();
  }

  @Test
  void sourceFailingMidStreamWithAnUncheckedException_failsTheRun_afterEveryRowReadBeforeGotItsOutcome() {
    fake();
    FailingSource source = new FailingSource(300, new IllegalStateException("driver bug: cursor lost"));

    SyncResult result = AmplitudeSync.run(orderSync(source, client()).build());

    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(result.error()).hasValueSatisfying(error -> assertThat(error).contains("driver bug: cursor lost"));
    assertThat(result.rowsRead()).isEqualTo(300);
    assertThat(result.accepted()).isEqualTo(300);
    assertThat(outcomes(result)).isEqualTo(300);
    assertThat(fake.eventCount()).isEqualTo(300);
    assertThat(source.closes.get()).isPositive();
  }

  /** Runs a sync of a slow, backpressured run on its own thread and interrupts it once 1,000 rows were read. */
  private InterruptedRun interruptMidRun() throws InterruptedException {
    fake();
    fake.delayNext(1_000, Duration.ofMillis(20));
    CountingOrders source = new CountingOrders(100_000);
    AtomicReference<SyncResult> outcome = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread runner =
        new Thread(
            () -> {
              outcome.set(
                  AmplitudeSync.run(
                      orderSync(source, client().maxEventsPerRequest(250).maxPendingRecords(500)).build()));
              stillInterrupted.set(Thread.currentThread().isInterrupted());
            },
            "sync-under-test");
    runner.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (source.generated.get() < 1_000 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    runner.interrupt();
    runner.join(Duration.ofSeconds(20).toMillis());
    assertThat(runner.isAlive()).as("the run returned").isFalse();
    return new InterruptedRun(source, outcome.get(), stillInterrupted.get());
  }

  private record InterruptedRun(CountingOrders source, SyncResult result, boolean stillInterrupted) {}

  @Test
  void interruptingTheRunningThread_stopsReading_closesTheStream_andFailsTheRunAsInterrupted() throws Exception {
    InterruptedRun run = interruptMidRun();
    SyncResult result = run.result();

    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(result.error()).hasValueSatisfying(error -> assertThat(error).contains("interrupted"));
    assertThat(result.rowsRead()).isPositive().isLessThan(run.source().rows);
    assertThat(outcomes(result)).isLessThanOrEqualTo(result.rowsRead());
    assertThat(result.invalid() + result.rejected()).isZero();
    assertThat(fake.eventCount()).as("every submitted row was drained and delivered").isEqualTo((int) result.accepted());
    assertThat(run.source().closes.get()).isEqualTo(run.source().opens.get());
    assertThat(run.stillInterrupted()).as("the interrupt status is restored").isTrue();
  }

  @Test
  void interruptingTheRunningThread_givesEveryRowReadAnOutcome() throws Exception {
    InterruptedRun run = interruptMidRun();
    SyncResult result = run.result();

    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(outcomes(result)).isEqualTo(result.rowsRead());
    assertThat(result.failed()).isEqualTo(result.rowsRead() - result.accepted());
  }

  @Test
  void sourceThatCannotBeOpened_failsTheRunWithItsMessage_andSendsNothing() {
    fake();
    String message = "cannot connect to jdbc:postgresql://127.0.0.1:1/test: connection refused";
    Source unreachable =
        new Source() {
          @Override
          public RowStream open() {
            throw new SourceException(message, new IOException("connection refused"));
          }

          @Override
          public String describe() {
            return "unreachable test source";
          }
        };
    RecordingListener listener = new RecordingListener(new CountingOrders(0));

    SyncResult plain = AmplitudeSync.run(orderSync(unreachable, client()).listener(listener).build());
    SyncResult guarded = AmplitudeSync.run(orderSync(unreachable, client()).maxRows(10).build());

    for (SyncResult result : List.of(plain, guarded)) {
      assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
      assertThat(result.error()).contains(message);
      assertThat(result.rowsRead()).isZero();
    }
    assertThat(fake.requests()).isEmpty();
    assertThat(listener.calls).containsExactly("started", "finished");
    assertThat(listener.finished).singleElement().isSameAs(plain);
  }

  // ------------------------------------------------------------------------------ API key

  @Test
  void invalidApiKey_failsTheRunAfterOneRequest_withEveryRowReadFailed_andNeverShowsTheKey() throws IOException {
    fake();
    String wrongKey = "wrong-key-3f9a0d";
    int rows = 100_000;
    CountingOrders source = new CountingOrders(rows);
    Path problemsFile = dir.resolve("problems.jsonl");

    SyncResult result =
        AmplitudeSync.run(
            orderSync(
                    source,
                    client(wrongKey)
                        .linger(Duration.ofMillis(20))
                        .maxRequestsInFlight(1)
                        .maxPendingRecords(1_000))
                .problemsFile(problemsFile)
                .build());

    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(result.error()).hasValueSatisfying(error -> {
      assertThat(error).containsIgnoringCase("API key");
      assertThat(error).doesNotContain(wrongKey).doesNotContain(API_KEY);
    });
    assertThat(fake.requests()).hasSize(1);
    assertThat(fake.requests().get(0).status()).isEqualTo(400);
    assertThat(fake.eventCount()).isZero();
    assertThat(result.rowsRead()).as("the run stops reading").isPositive().isLessThanOrEqualTo(1_001);
    assertThat(result.failed()).isEqualTo(result.rowsRead());
    assertThat(outcomes(result)).isEqualTo(result.rowsRead());
    assertThat(result.toString()).doesNotContain(wrongKey);
    // The rows the stopped client failed are counted, not listed one by one: the error says why,
    // once (issue 14; before, the message came once per row).
    assertThat(result.problems()).isEmpty();
    assertThat(source.closes.get()).isEqualTo(source.opens.get());
    String problems = Files.readString(problemsFile, StandardCharsets.UTF_8);
    assertThat(problems.lines().count()).isZero();
  }

  // ------------------------------------------------------------------------------ keys, backpressure

  @Test
  void duplicateKey_makesTheSecondRowInvalid_andKeepsTheFirst() {
    fake();
    InMemorySource users =
        InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("plan", ColumnType.STRING)
            .row("user-20001", "pro")
            .row("user-20002", "free")
            .row("user-20001", "enterprise")
            .build();

    SyncResult result =
        AmplitudeSync.run(
            SyncJob.builder("users")
                .source(users)
                .mapping(
                    Mapping.builder(ObjectType.USER)
                        .userId(Value.column("id"))
                        .property("plan", Value.column("plan"))
                        .build())
                .destination(client())
                .build());

    assertThat(result.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.invalid()).isEqualTo(1);
    assertThat(result.problems()).singleElement().satisfies(p -> {
      assertThat(p.key()).isEqualTo("user-20001");
      assertThat(p.outcome()).isEqualTo(RowOutcome.INVALID);
      assertThat(p.reason()).contains("duplicate key");
    });
    assertThat(fake.users()).containsOnlyKeys("user-20001", "user-20002");
    assertThat(fake.user("user-20001").orElseThrow().property("plan")).isEqualTo("pro");
  }

  @Test
  void fewPendingRecordsAllowed_aLargeRunStillCompletes_withNoRequestLargerThanThePendingBound() throws IOException {
    fake();
    int rows = 20_000;

    SyncResult result =
        AmplitudeSync.run(orderSync(new CountingOrders(rows), client().maxPendingRecords(100)).build());

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(rows);
    assertThat(fake.eventCount()).isEqualTo(rows);
    assertThat(fake.distinctInsertIds()).hasSize(rows);
    int largest = 0;
    for (RecordedRequest request : fake.requests()) {
      largest = Math.max(largest, JSON.readTree(request.bodyText()).get("events").size());
    }
    assertThat(largest).as("events in the largest request").isPositive().isLessThanOrEqualTo(100);
  }
}
