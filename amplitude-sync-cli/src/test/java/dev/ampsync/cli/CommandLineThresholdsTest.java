package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampsync.testing.FakeAmplitude;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code options.fail_when} on the command line: exit 0 with problems at or below the thresholds, 2
 * above them, and the summary and {@code --report} list the problems either way. Five orders, one
 * invalid (a user id too short) and one that Amplitude rejects (a silenced device), into a {@link
 * FakeAmplitude}.
 */
class CommandLineThresholdsTest {
  private static final String KEY = "fake-key-cli-thresholds-7c1d";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private FakeAmplitude fake;
  private String dbUrl;
  private Connection keepAlive;

  @BeforeEach
  void setUp() throws SQLException {
    fake = FakeAmplitude.builder().apiKey(KEY).start();
    fake.silenceDevice("silenced-device-1");
    dbUrl = "jdbc:h2:mem:clithresholds" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    keepAlive = DriverManager.getConnection(dbUrl, "sa", "");
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("create table orders (order_id varchar(40) primary key, user_id varchar(40), device_id varchar(40),"
          + " ordered_at timestamp)");
      statement.execute("insert into orders values"
          + " ('order-0001', 'user-00001', null, timestamp '2026-02-01 10:00:00'),"
          + " ('order-0002', 'abc', null, timestamp '2026-02-01 10:01:00'),"
          + " ('order-0003', 'user-00003', null, timestamp '2026-02-01 10:02:00'),"
          + " ('order-0004', 'user-00004', 'silenced-device-1', timestamp '2026-02-01 10:03:00'),"
          + " ('order-0005', 'user-00005', null, timestamp '2026-02-01 10:04:00')");
    }
  }

  @AfterEach
  void tearDown() throws SQLException {
    fake.close();
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("drop all objects");
    }
    keepAlive.close();
  }

  @Test
  void exit0_whenTheProblemsAreAtTheThresholds_andTheReportStillListsThem() throws IOException {
    Path report = dir.resolve("within.json");

    Cli cli = run("options:\n  fail_when: {invalid: 20%, rejected: 1}\n", report);

    assertThat(cli.status).as(cli.toString()).isZero();
    assertThat(fake.eventCount()).isEqualTo(3);
    assertThat(cli.out).containsPattern("status\\s+SUCCEEDED").containsPattern("invalid\\s+1\\b")
        .containsPattern("rejected\\s+1\\b").contains("the problem rows are within fail_when")
        .contains("order-0002").contains("order-0004");
    JsonNode json = readReport(report);
    assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.get("invalid").asLong()).isEqualTo(1);
    assertThat(json.get("rejected").asLong()).isEqualTo(1);
    assertThat(keys(json.get("problems"))).containsExactlyInAnyOrder("order-0002", "order-0004");
    assertThat(json.has("thresholdsExceeded")).isFalse();
  }

  @Test
  void exit2_whenACountIsAboveItsThreshold_andTheSummarySaysWhich() throws IOException {
    Path report = dir.resolve("above.json");

    Cli cli = run("options:\n  fail_when:\n    invalid: 19.9%\n    rejected: 1\n", report);

    assertThat(cli.status).as(cli.toString()).isEqualTo(2);
    String because = "invalid 1 of 5 rows (20.0%) is above fail_when.invalid 19.9%";
    assertThat(cli.out).containsPattern("status\\s+PARTIAL").contains(because)
        .doesNotContain("fail_when.rejected");
    JsonNode json = readReport(report);
    assertThat(json.get("status").asText()).isEqualTo("PARTIAL");
    assertThat(json.get("thresholdsExceeded")).hasSize(1);
    assertThat(json.get("thresholdsExceeded").get(0).asText()).isEqualTo(because);
    assertThat(keys(json.get("problems"))).containsExactlyInAnyOrder("order-0002", "order-0004");
  }

  @Test
  void exit2_withoutFailWhen_anyProblemRowIsPartial_asBefore() throws IOException {
    Cli cli = run("", null);

    assertThat(cli.status).as(cli.toString()).isEqualTo(2);
    assertThat(cli.out).contains("invalid 1 of 5 rows (20.0%) is above fail_when.invalid 0 (the default: any invalid row)")
        .contains("rejected 1 of 5 rows (20.0%) is above fail_when.rejected 0");
  }

  @Test
  void exit1_onAMalformedThreshold_namingTheFileLineAndKey_beforeAnythingIsSent() throws IOException {
    Cli cli = run("options:\n  fail_when:\n    rejected: 150%\n", null);

    assertThat(cli.status).as(cli.toString()).isEqualTo(1);
    assertThat(cli.err).contains("orders.yaml line 24: options.fail_when.rejected:")
        .contains("a threshold percentage must be from 0 to 100, was 150.0");
    assertThat(fake.requests()).isEmpty();
  }

  // ------------------------------------------------------------------------------ helpers

  record Cli(int status, String out, String err) {
    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** Runs an event sync of the orders with these {@code options:} lines; a report when {@code report} is given. */
  private Cli run(String options, Path report) throws IOException {
    String yaml = """
        name: cli-thresholds
        object: event
        behavior: create_only
        source:
          type: jdbc
          url: %s
          user: sa
          query: select * from orders order by order_id
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          endpoint: %s
        mapping:
          event_type: {const: Order Completed}
          user_id: user_id
          device_id: device_id
          insert_id: order_id
          time: ordered_at
          properties:
            order: order_id
        state:
          store: none
        """.formatted(dbUrl, fake.baseUrl()) + options;
    Path spec = Files.writeString(dir.resolve("orders.yaml"), yaml, StandardCharsets.UTF_8);
    List<String> args = new ArrayList<>(List.of("run", spec.toString()));
    if (report != null) {
      args.addAll(List.of("--report", report.toString()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(args.toArray(String[]::new), Map.of("AMPLITUDE_API_KEY", KEY), o, e, false);
    }
    return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static JsonNode readReport(Path report) throws IOException {
    String text = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(KEY);
    return JSON.readTree(text);
  }

  private static List<String> keys(JsonNode problems) {
    List<String> keys = new ArrayList<>();
    problems.forEach(problem -> keys.add(problem.get("key").asText()));
    return keys;
  }
}
