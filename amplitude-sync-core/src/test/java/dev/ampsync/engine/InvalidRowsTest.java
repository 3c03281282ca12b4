package dev.ampsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncListener;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.Source;
import dev.ampsync.testing.FakeAmplitude;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One sync with valid rows interleaved with every kind of invalid row: each invalid row ends in
 * exactly one INVALID outcome naming its column, and every valid row still arrives.
 */
class InvalidRowsTest {
  private static final byte[] AVATAR = {(byte) 0x89, 'P', 'N', 'G'};

  private FakeAmplitude fake;

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  /** What one invalid row must produce. */
  private record Expected(String key, String... reasonParts) {}

  @Test
  void userSync_withInvalidRowsInterleaved_reportsEachOnceNamingTheColumnAndSendsTheRest() {
    Source rows =
        InMemorySource.builder()
            .column("id", ColumnType.OTHER)
            .column("plan", ColumnType.STRING)
            .column("score", ColumnType.FLOAT)
            .column("avatar", ColumnType.BINARY)
            .row("user-00001", "pro", 1.5, null)
            .row(null, "pro", 1.0, null) // null user_id
            .row("user-00002", "free", 2.5, null)
            .row("abc", "free", 1.0, null) // too short
            .row("null", "free", 1.0, null) // refused value
            .row("user-00003", "team", 3.5, null)
            .row(" Anonymous ", "free", 1.0, null) // refused value, trimmed, any case
            .row("user-00004", "free", Double.NaN, null) // NaN property
            .row("user-00005", "free", 1.0, AVATAR) // binary column
            .row("user-00006", "pro", 4.5, null)
            .row("user-00001", "enterprise", 9.0, null) // duplicate key: the second is invalid
            .row(new BigDecimal("12345.5"), "free", 1.0, null) // id with a fraction
            .row(new BigDecimal("1234567"), "free", 5.5, null) // a whole decimal is a fine id
            .row(98765L, "free", 6.5, null)
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .property("plan", Value.column("plan"))
            .property("score", Value.column("score"))
            .property("avatar", Value.column("avatar"))
            .build();
    List<Expected> expected =
        List.of(
            new Expected(null, "user_id", "NULL", "column 'id'"),
            new Expected("abc", "column 'id'", "min_id_length"),
            new Expected("null", "column 'id'", "refuses"),
            new Expected(" Anonymous ", "column 'id'", "refuses"),
            new Expected("user-00004", "column 'score'", "NaN"),
            new Expected("user-00005", "column 'avatar'", "binary"),
            new Expected("user-00001", "duplicate key 'user-00001'"),
            new Expected(null, "column 'id'", "12345.5"));

    SyncResult result = run("users-invalid", rows, mapping);

    assertThat(result.error()).isEmpty();
    assertThat(result.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(result.rowsRead()).isEqualTo(14);
    assertThat(result.invalid()).isEqualTo(expected.size());
    assertThat(result.accepted()).isEqualTo(6);
    assertThat(result.accepted() + result.invalid()).isEqualTo(result.rowsRead());
    assertThat(result.unchanged() + result.rejected() + result.failed()).isZero();
    assertProblems(result.problems(), expected);

    assertThat(fake.users().keySet())
        .containsExactlyInAnyOrder("user-00001", "user-00002", "user-00003", "user-00006", "1234567", "98765");
    // The first row of a duplicated key wins; the second sends nothing.
    assertThat(fake.user("user-00001").orElseThrow().property("plan")).isEqualTo("pro");
    assertThat((BigDecimal) fake.user("user-00006").orElseThrow().property("score")).isEqualByComparingTo("4.5");
  }

  @Test
  void eventSync_withInvalidRowsInterleaved_reportsEachOnceNamingTheColumnAndSendsTheRest() {
    Instant at = Instant.parse("2024-03-01T12:30:00Z");
    Source rows =
        InMemorySource.builder()
            .column("order_id", ColumnType.STRING)
            .column("id", ColumnType.OTHER)
            .column("signed_up", ColumnType.OTHER)
            .column("score", ColumnType.FLOAT)
            .column("avatar", ColumnType.BINARY)
            .row("order-0001", "user-00001", at, 1.0, null)
            .row("order-0002", null, at, 1.0, null) // null user_id (and no device_id)
            .row("order-0003", "abc", at, 1.0, null) // too short
            .row("order-0004", "user-00002", "yesterday", 1.0, null) // bad time
            .row("order-0005", "user-00002", at.toEpochMilli(), 2.0, null)
            .row("order-0006", "NULL", at, 1.0, null) // refused value
            .row("order-0007", "user-00003", at, Double.NaN, null) // NaN property
            .row("order-0008", "user-00003", at, 1.0, AVATAR) // binary column
            .row("order-0001", "user-00004", at, 1.0, null) // duplicate insert_id
            .row("order-0010", new BigDecimal("100000.25"), at, 1.0, null) // id with a fraction
            .row("order-0011", "user-00005", "2024-03-01T12:30:00Z", 3.0, null)
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Signed Up"))
            .userId(Value.column("id"))
            .insertId(Value.column("order_id"))
            .time(Value.column("signed_up"))
            .property("score", Value.column("score"))
            .property("avatar", Value.column("avatar"))
            .build();
    List<Expected> expected =
        List.of(
            new Expected("order-0002", "user_id", "NULL", "column 'id'"),
            new Expected("order-0003", "column 'id'", "min_id_length"),
            new Expected("order-0004", "column 'signed_up'", "yesterday"),
            new Expected("order-0006", "column 'id'", "refuses"),
            new Expected("order-0007", "column 'score'", "NaN"),
            new Expected("order-0008", "column 'avatar'", "binary"),
            new Expected("order-0001", "duplicate key 'order-0001'"),
            new Expected("order-0010", "column 'id'", "100000.25"));

    SyncResult result = run("signups-invalid", rows, mapping);

    assertThat(result.error()).isEmpty();
    assertThat(result.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(result.rowsRead()).isEqualTo(11);
    assertThat(result.invalid()).isEqualTo(expected.size());
    assertThat(result.accepted()).isEqualTo(3);
    assertThat(result.accepted() + result.invalid()).isEqualTo(result.rowsRead());
    assertProblems(result.problems(), expected);

    List<String> sent = new ArrayList<>();
    for (ObjectNode event : fake.events()) {
      sent.add(event.get("insert_id").asText() + "/" + event.get("user_id").asText());
    }
    assertThat(sent).containsExactlyInAnyOrder("order-0001/user-00001", "order-0005/user-00002", "order-0011/user-00005");
  }

  @Test
  void eventSync_withDerivedInsertIdAndATimeBeyondEpochMillis_marksOnlyThatRowInvalid() {
    Instant at = Instant.parse("2024-03-01T12:30:00Z");
    Source rows =
        InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("signed_up", ColumnType.TIMESTAMP)
            .row("user-00001", at)
            .row("user-00002", Instant.MAX)
            .row("user-00003", at)
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Signed Up"))
            .userId(Value.column("id"))
            .time(Value.column("signed_up"))
            .build();

    SyncResult result = run("signups-far-future", rows, mapping);

    assertThat(result.error()).isEmpty();
    assertThat(result.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(result.rowsRead()).isEqualTo(3);
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.invalid()).isEqualTo(1);
    assertThat(result.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.outcome()).isEqualTo(RowOutcome.INVALID);
      assertThat(problem.reason()).contains("column 'signed_up'");
    });
    assertThat(fake.events()).hasSize(2);
  }

  @Test
  void eventSync_withAnIntegerFieldTooLargeForALong_namesTheColumnInTheReason() {
    Source rows =
        InMemorySource.builder()
            .column("order_id", ColumnType.STRING)
            .column("id", ColumnType.STRING)
            .column("qty", ColumnType.STRING)
            .row("order-0001", "user-00001", "3")
            .row("order-0002", "user-00002", "99999999999999999999")
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Order Completed"))
            .userId(Value.column("id"))
            .insertId(Value.column("order_id"))
            .field("quantity", Value.column("qty"))
            .timeNow()
            .build();

    SyncResult result = run("orders-huge-quantity", rows, mapping);

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.invalid()).isEqualTo(1);
    assertThat(result.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.key()).isEqualTo("order-0002");
      assertThat(problem.reason()).contains("column 'qty'").contains("quantity");
    });
  }

  @Test
  void sync_withInvalidRows_reportsThemToTheProblemsFileAndTheListener() throws Exception {
    Path file = Files.createTempFile("ampsync-problems", ".jsonl");
    List<SyncResult> finished = new CopyOnWriteArrayList<>();
    Source rows =
        InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .row("user-00001")
            .row("abc")
            .row((Object) null)
            .build();
    SyncJob job =
        SyncJob.builder("users-problems-file")
            .source(rows)
            .mapping(Mapping.builder(ObjectType.USER).userId(Value.column("id")).property("x", Value.constant(1)).build())
            .destination(destination())
            .problemsFile(file)
            .problemSampleSize(1)
            .listener(new SyncListener() {
              @Override
              public void finished(SyncResult result) {
                finished.add(result);
              }
            })
            .build();

    SyncResult result = AmplitudeSync.run(job);

    assertThat(result.invalid()).isEqualTo(2);
    assertThat(result.problems()).hasSize(1); // the sample is bounded...
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(2); // ...the file has every problem
    assertThat(lines.get(0)).contains("\"key\":\"abc\"").contains("\"outcome\":\"INVALID\"").contains("column 'id'");
    assertThat(lines.get(1)).contains("\"key\":null").contains("column 'id'");
    assertThat(finished).containsExactly(result);
    Files.deleteIfExists(file);
  }

  private static void assertProblems(List<Problem> problems, List<Expected> expected) {
    assertThat(problems).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      Problem problem = problems.get(i);
      Expected want = expected.get(i);
      assertThat(problem.outcome()).as("outcome of problem %d: %s", i, problem).isEqualTo(RowOutcome.INVALID);
      assertThat(problem.key()).as("key of problem %d: %s", i, problem).isEqualTo(want.key());
      for (String part : want.reasonParts()) {
        assertThat(problem.reason()).as("reason of problem %d", i).contains(part);
      }
    }
  }

  private AmplitudeClient.Builder destination() {
    return AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .linger(Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(20));
  }

  private SyncResult run(String name, Source source, Mapping mapping) {
    return AmplitudeSync.run(SyncJob.builder(name).source(source).mapping(mapping).destination(destination()).build());
  }
}
