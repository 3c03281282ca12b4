package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncProgress;
import dev.ampsync.SyncResult;
import dev.ampsync.internal.engine.ResultBuilder;
import dev.ampsync.internal.engine.Results;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line, driven in-process through {@link Main#run}: exit statuses, flags, the {@code
 * --report} JSON, spec mistakes, progress output, and that the API key never shows. Sources are
 * in-memory H2 databases the tests fill; the destination is a {@link FakeAmplitude}.
 */
class CommandLineTest {
  /** A recognizable key: it must never appear in stdout, stderr or a report. */
  static final String KEY = "fake-key-cli-91b2";

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> REPORT_FIELDS = Set.of(
      "sync", "status", "preview", "rowsRead", "records", "accepted", "unchanged", "invalid", "rejected", "failed",
      "removed", "durationMs", "problems");

  @TempDir Path dir;

  private FakeAmplitude fake;
  private String dbUrl;
  private Connection keepAlive;
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void setUp() throws SQLException {
    fake = FakeAmplitude.builder().apiKey(KEY).start();
    dbUrl = "jdbc:h2:mem:cli" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    keepAlive = DriverManager.getConnection(dbUrl, "sa", "");
    sql("create table users (id varchar(40) primary key, plan varchar(20), country varchar(40), company varchar(20))",
        "insert into users values ('user-00001', 'pro', 'Germany', 'acme-1'), ('user-00002', 'free', 'France', 'acme-1'),"
            + " ('user-00003', 'pro', 'Japan', 'acme-2'), ('user-00004', 'starter', 'Brazil', 'acme-2'),"
            + " ('user-00005', 'enterprise', 'India', 'acme-3')",
        "create table orders (order_id varchar(40) primary key, user_id varchar(40), device_id varchar(40),"
            + " ordered_at timestamp, amount decimal(10,2))",
        "insert into orders values"
            + " ('order-0001', 'user-00001', null, timestamp '2026-02-01 10:00:00', 10.00),"
            + " ('order-0002', 'abc', null, timestamp '2026-02-01 10:01:00', 20.00),"
            + " ('order-0003', 'user-00003', null, timestamp '2026-02-01 10:02:00', 30.00),"
            + " ('order-0004', 'user-00004', 'silenced-device-1', timestamp '2026-02-01 10:03:00', 40.00),"
            + " ('order-0005', 'user-00005', null, timestamp '2026-02-01 10:04:00', 50.00)");
    env.put("AMPLITUDE_API_KEY", KEY);
  }

  @AfterEach
  void tearDown() throws SQLException {
    fake.close();
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("drop all objects");
    }
    keepAlive.close();
  }

  // ------------------------------------------------------------------------------ exit status 0

  @Test
  void exit0_whenEveryRowIsAccepted_andASecondRunFindsEveryRowUnchanged() throws IOException {
    Path spec = write("users.yaml", userSpec("cli-users", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + fake.baseUrl()));
    Path report = dir.resolve("first.json");

    Cli first = cli("run", spec.toString(), "--report", report.toString());

    assertThat(first.status).as(first.toString()).isZero();
    assertThat(fake.users()).hasSize(5);
    assertThat(fake.user("user-00001").orElseThrow().property("plan")).isEqualTo("pro");
    assertThat(fake.user("user-00003").orElseThrow().fields()).containsEntry("country", "Japan");
    assertThat(fake.user("user-00005").orElseThrow().groups()).containsEntry("company", List.of("acme-3"));
    JsonNode firstReport = readReport(report);
    assertThat(firstReport.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(firstReport.get("accepted").asLong()).isEqualTo(5);
    int requestsAfterFirst = fake.requests().size();
    assertThat(requestsAfterFirst).isPositive();

    Path second = dir.resolve("second.json");
    Cli again = cli("run", spec.toString(), "--report", second.toString());

    assertThat(again.status).as(again.toString()).isZero();
    assertThat(fake.requests()).as("an unchanged run sends nothing").hasSize(requestsAfterFirst);
    JsonNode secondReport = readReport(second);
    assertThat(secondReport.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(secondReport.get("rowsRead").asLong()).isEqualTo(5);
    assertThat(secondReport.get("unchanged").asLong()).isEqualTo(5);
    assertThat(secondReport.get("accepted").asLong()).isZero();
    assertThat(again.out).containsPattern("unchanged\\s+5\\b");
  }

  // ------------------------------------------------------------------------------ exit status 2

  @Test
  void exit2_whenSomeRowsAreInvalidAndSomeRejected() throws IOException {
    fake.silenceDevice("silenced-device-1");
    Path spec = write("orders.yaml", orderSpec("cli-orders", fake.baseUrl()));
    Path report = dir.resolve("partial.json");

    Cli cli = cli("run", spec.toString(), "--report", report.toString());

    assertThat(cli.status).as(cli.toString()).isEqualTo(2);
    assertThat(fake.eventCount()).isEqualTo(3);
    assertThat(fake.distinctInsertIds()).containsExactlyInAnyOrder("order-0001", "order-0003", "order-0005");
    assertThat(cli.out).containsPattern("status\\s+PARTIAL").containsPattern("invalid\\s+1\\b")
        .containsPattern("rejected\\s+1\\b").containsPattern("accepted\\s+3\\b");
    JsonNode json = readReport(report);
    assertThat(json.get("status").asText()).isEqualTo("PARTIAL");
    assertThat(json.get("invalid").asLong()).isEqualTo(1);
    assertThat(json.get("rejected").asLong()).isEqualTo(1);
  }

  // ------------------------------------------------------------------------------ exit status 1

  @Test
  void exit1_onABadSpec_beforeAnythingIsSent() throws IOException {
    Path spec = write("bad.yaml", userSpec("cli-bad", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  region: mars\n  endpoint: " + fake.baseUrl()));

    Cli cli = cli("run", spec.toString());

    assertThat(cli.status).isEqualTo(1);
    assertThat(cli.err).contains("error: ").contains("destination.region").contains("mars");
    assertThat(cli.out).isEmpty();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void exit1_whenTheSpecFileDoesNotExist() {
    Path missing = dir.resolve("nowhere.yaml");

    Cli cli = cli("run", missing.toString());

    assertThat(cli.status).isEqualTo(1);
    assertThat(cli.err).contains("nowhere.yaml").contains("cannot read the spec");
  }

  @Test
  void exit1_whenTheSourceIsUnreachable() throws IOException {
    String yaml = userSpec("cli-unreachable", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + fake.baseUrl())
        .replace("url: " + dbUrl, "url: jdbc:postgresql://127.0.0.1:1/x");
    assertThat(yaml).contains("jdbc:postgresql://127.0.0.1:1/x");
    Path spec = write("unreachable.yaml", yaml);
    Path report = dir.resolve("unreachable.json");

    Cli cli = cli("run", spec.toString(), "--report", report.toString());

    assertThat(cli.status).as(cli.toString()).isEqualTo(1);
    assertThat(cli.out).containsPattern("status\\s+FAILED").containsPattern("(?m)^\\s+error\\s+\\S");
    assertThat(cli.err).containsPattern("(?m)^error: \\S");
    assertThat(fake.requests()).isEmpty();
    JsonNode json = readReport(report);
    assertThat(json.get("status").asText()).isEqualTo("FAILED");
    assertThat(json.get("error").asText()).isNotBlank();
  }

  @Test
  void exit1_whenAmplitudeRefusesTheApiKey_andTheMessageNamesTheKeyProblemWithoutTheKey() throws IOException {
    try (FakeAmplitude other = FakeAmplitude.builder().apiKey("another-project-key-7c3e").start()) {
      Path spec = write("users.yaml", userSpec("cli-badkey", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + other.baseUrl()));
      Path report = dir.resolve("badkey.json");

      Cli cli = cli("run", spec.toString(), "--report", report.toString());

      assertThat(cli.status).as(cli.toString()).isEqualTo(1);
      assertThat(other.requests()).isNotEmpty();
      assertThat(other.users()).isEmpty();
      assertThat(cli.out).containsPattern("status\\s+FAILED").doesNotContain(KEY);
      assertThat(cli.err).as("the error is on stderr too").containsIgnoringCase("API key").doesNotContain(KEY);
      JsonNode json = readReport(report);
      assertThat(fieldNames(json)).isEqualTo(with(REPORT_FIELDS, "error"));
      assertThat(json.get("status").asText()).isEqualTo("FAILED");
      assertThat(json.get("error").asText()).containsIgnoringCase("API key").doesNotContain(KEY);
      assertThat(json.get("accepted").asLong()).isZero();
      assertThat(json.get("rowsRead").asLong()).isEqualTo(5);
    }
  }

  @Test
  void exit1_whenAnotherRunHoldsTheSyncsJdbcState_andNothingIsSent() throws IOException {
    Path spec = write("orders.yaml", orderSpec("cli-orders", fake.baseUrl())
        .replace("store: none", "store: jdbc\n  table: ampsync_cli_state"));
    dev.ampsync.jdbc.JdbcStateStore store = dev.ampsync.jdbc.JdbcStateStore.builder()
        .url(dbUrl).user("sa").table("ampsync_cli_state").build();
    Cli refused;
    // another run of the same sync, holding its state while this one starts
    try (dev.ampsync.state.SyncState otherRun = store.open("cli-orders")) {
      refused = cli("run", spec.toString());
    }

    assertThat(refused.status).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err).contains("sync 'cli-orders' is already running: another run has held its state since ")
        .contains("One run per sync at a time; this run sent nothing.");
    assertThat(fake.requests()).isEmpty();

    Cli next = cli("run", spec.toString());

    assertThat(next.status).as(next.toString()).isNotEqualTo(1);
    assertThat(fake.events("Order Completed")).isNotEmpty();
  }

  @Test
  void exit1_onAnUnknownCommand() {
    Cli cli = cli("sync", "users.yaml");

    assertThat(cli.status).isEqualTo(1);
    assertThat(cli.err).contains("unknown command 'sync'").contains("usage:");
    assertThat(cli.out).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"run", "preview"})
  void exit1_whenTheSpecArgumentIsMissing(String command) {
    Cli cli = cli(command, "--dry-run");

    assertThat(cli.status).isEqualTo(1);
    assertThat(cli.err).contains(command + " needs exactly one spec file").contains("usage:");
    assertThat(cli.out).isEmpty();
  }

  @Test
  void exit1_whenTwoSpecsAreGiven() throws IOException {
    Path spec = write("users.yaml", userSpec("cli-two", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + fake.baseUrl()));

    Cli cli = cli("run", spec.toString(), spec.toString());

    assertThat(cli.status).isEqualTo(1);
    assertThat(cli.err).contains("run needs exactly one spec file");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void exit1_onAnUnknownFlag() throws IOException {
    Path spec = write("users.yaml", userSpec("cli-flag", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + fake.baseUrl()));

    Cli cli = cli("run", spec.toString(), "--verbose");

    assertThat(cli.status).isEqualTo(1);
    assertThat(cli.err).contains("unknown flag --verbose").contains("usage:");
    assertThat(fake.requests()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--report", "--endpoint"})
  void exit1_whenAFlagLacksItsValue(String flag) throws IOException {
    Path spec = write("users.yaml", userSpec("cli-novalue", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + fake.baseUrl()));

    Cli cli = cli("run", spec.toString(), flag);

    assertThat(cli.status).isEqualTo(1);
    assertThat(cli.err).contains(flag + " needs a value").contains("usage:");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void exit1_whenTheEndpointIsNotAUrl() throws IOException {
    Path spec = write("users.yaml", userSpec("cli-badurl", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + fake.baseUrl()));

    Cli cli = cli("run", spec.toString(), "--endpoint", "http://bad host");

    assertThat(cli.status).isEqualTo(1);
    assertThat(cli.err).contains("--endpoint 'http://bad host' is not a URL");
    assertThat(fake.requests()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"not-a-url", "ftp://127.0.0.1/x", "http://example.com"})
  void exit1_whenTheEndpointIsNotAnAbsoluteHttpsUrl_orPlainHttpToAnotherHost(String endpoint) throws IOException {
    Path spec = write("users.yaml", userSpec("cli-badendpoint", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  region: us"));

    Cli cli = cli("run", spec.toString(), "--endpoint", endpoint);

    assertThat(cli.status).as(cli.toString()).isEqualTo(1);
    assertThat(cli.err).startsWith("error: " + spec + ": endpoint ").contains(endpoint);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void exit1_whenTheReportCannotBeWritten_afterTheRowsWereSent() throws IOException {
    Path spec = write("users.yaml", userSpec("cli-noreport", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + fake.baseUrl()));
    Path report = Files.createDirectories(dir.resolve("a-directory.json"));

    Cli cli = cli("run", spec.toString(), "--report", report.toString());

    assertThat(cli.status).as(cli.toString()).isEqualTo(1);
    assertThat(cli.err).contains("error: cannot write the report " + report);
    assertThat(fake.users()).hasSize(5);
  }

  // ------------------------------------------------------------------------------ flags

  @ParameterizedTest
  @ValueSource(strings = {"preview", "run --dry-run"})
  void previewAndDryRun_sendNothing_andPrintTheFirstRequestsShortened(String command) throws IOException {
    Path spec = write("users.yaml", userSpec("cli-preview", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + fake.baseUrl()));
    Path report = dir.resolve("preview.json");
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.addAll(List.of(spec.toString(), "--report", report.toString()));

    Cli cli = cli(args.toArray(String[]::new));

    assertThat(cli.status).as(cli.toString()).isZero();
    assertThat(fake.requests()).isEmpty();
    assertThat(cli.out)
        .contains("POST /identify  (5 records, application/x-www-form-urlencoded")
        .contains("  api_key: <redacted>")
        .containsPattern("(?m)^  identification\\[0\\]: \\{.*\"user_id\":\"user-00001\"")
        .contains("  (+2 more records)")
        .doesNotContain("%5B") // decoded, not form-encoded
        .doesNotContain(KEY);
    assertThat(cli.out).contains("preview: nothing was sent").containsPattern("to send\\s+5\\b");
    JsonNode json = readReport(report);
    assertThat(json.get("preview").asBoolean()).isTrue();
    assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.get("accepted").asLong()).isEqualTo(5);

    Cli real = cli("run", spec.toString());
    assertThat(real.status).as("a preview leaves the state alone: the real run still sends every row").isZero();
    assertThat(fake.users()).hasSize(5);
  }

  @Test
  void preview_ofEvents_showsTheJsonBatchBodyWithTheKeyRedacted() throws IOException {
    Path spec = write("orders.yaml", orderSpec("cli-preview-orders", fake.baseUrl()));

    Cli cli = cli("preview", spec.toString());

    assertThat(cli.status).as("the 3-character user id is invalid in a preview too").isEqualTo(2);
    assertThat(fake.requests()).isEmpty();
    assertThat(cli.out).contains("POST /batch  (4 records, application/json")
        .contains("  api_key: <redacted>").contains("\"insert_id\":\"order-0001\"").doesNotContain(KEY);
  }

  @Test
  void endpointFlag_overridesTheSpecsRegion() throws IOException {
    Path spec = write("eu.yaml", userSpec("cli-eu", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  region: eu"));

    Cli cli = cli("run", spec.toString(), "--endpoint", fake.baseUrl());

    assertThat(cli.status).as(cli.toString()).isZero();
    assertThat(fake.users()).containsOnlyKeys("user-00001", "user-00002", "user-00003", "user-00004", "user-00005");
    assertThat(fake.requests()).allSatisfy(request -> assertThat(request.path()).isEqualTo("/identify"));
  }

  @Test
  void endpointFlag_overridesTheSpecsEndpoint() throws IOException {
    try (FakeAmplitude specs = FakeAmplitude.builder().apiKey(KEY).start()) {
      Path spec = write("users.yaml", userSpec("cli-override", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + specs.baseUrl()));

      Cli cli = cli("run", spec.toString(), "--endpoint", fake.baseUrl());

      assertThat(cli.status).as(cli.toString()).isZero();
      assertThat(fake.users()).hasSize(5);
      assertThat(specs.requests()).isEmpty();
    }
  }

  @Test
  void fullResync_sendsEveryRowAgain_andTheReportAndSummarySayForced() throws IOException {
    Path spec = write("users.yaml", userSpec("cli-resync", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + fake.baseUrl()));
    assertThat(cli("run", spec.toString()).status).isZero();
    int identificationsFirst = identifications();
    assertThat(identificationsFirst).isEqualTo(5);
    assertThat(cli("run", spec.toString()).status).isZero();
    assertThat(identifications()).as("the plain second run sends nothing").isEqualTo(5);
    Path report = dir.resolve("resync.json");

    Cli cli = cli("run", spec.toString(), "--full-resync", "--report", report.toString());

    assertThat(cli.status).as(cli.toString()).isZero();
    assertThat(identifications()).isEqualTo(10);
    assertThat(cli.out).containsPattern("resync\\s+forced");
    JsonNode json = readReport(report);
    assertThat(fieldNames(json)).isEqualTo(with(REPORT_FIELDS, "fullResync"));
    assertThat(json.get("fullResync").asText()).isEqualTo("forced");
    assertThat(json.get("accepted").asLong()).isEqualTo(5);
    assertThat(json.get("unchanged").asLong()).isZero();
  }

  @Test
  void aRunFailingAtStartUp_forAMissingColumn_claimsNoResync_andTheNextRunIsNoResync() throws IOException {
    String yaml = userSpec("cli-failed-start", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + fake.baseUrl());
    Path spec = write("users.yaml", yaml);
    assertThat(cli("run", spec.toString()).status).isZero();
    Path broken = write("broken.yaml", yaml.replace("    plan: plan\n", "    plan: plan\n    tier: no_such_column\n"));
    Path report = dir.resolve("failed.json");

    Cli failed = cli("run", broken.toString(), "--report", report.toString());

    assertThat(failed.status).as(failed.toString()).isEqualTo(1);
    assertThat(failed.err).contains("no_such_column");
    assertThat(failed.out).contains("FAILED").doesNotContain("resync");
    assertThat(fieldNames(readReport(report))).doesNotContain("fullResync");
    Cli again = cli("run", spec.toString());
    assertThat(again.status).as(again.toString()).isZero();
    assertThat(again.out).doesNotContain("resync").containsPattern("unchanged\\s+5\\b");
  }

  // ------------------------------------------------------------------------------ --report

  @Test
  void report_ofASucceededRun_hasExactlyTheContractFields() throws IOException {
    Path spec = write("users.yaml", userSpec("cli-report-ok", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + fake.baseUrl()));
    Path report = dir.resolve("out/deeper/report.json");

    Cli cli = cli("run", spec.toString(), "--report", report.toString());

    assertThat(cli.status).isZero();
    JsonNode json = readReport(report);
    assertThat(fieldNames(json)).isEqualTo(REPORT_FIELDS);
    assertThat(json.get("sync").asText()).isEqualTo("cli-report-ok");
    assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.get("preview").asBoolean()).isFalse();
    assertCounts(json, 5, 5, 0, 0, 0, 0);
    assertThat(json.get("removed").asLong()).isZero();
    assertThat(json.get("durationMs").isIntegralNumber()).isTrue();
    assertThat(json.get("durationMs").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(json.get("problems").isArray()).isTrue();
    assertThat(json.get("problems")).isEmpty();
  }

  @Test
  void report_ofAPartialRun_listsEachProblemWithKeyOutcomeAndReason() throws IOException {
    fake.silenceDevice("silenced-device-1");
    Path spec = write("orders.yaml", orderSpec("cli-report-partial", fake.baseUrl()));
    Path report = dir.resolve("partial.json");

    Cli cli = cli("run", spec.toString(), "--report", report.toString());

    assertThat(cli.status).isEqualTo(2);
    JsonNode json = readReport(report);
    assertThat(fieldNames(json)).isEqualTo(with(REPORT_FIELDS, "thresholdsExceeded"));
    assertThat(json.get("sync").asText()).isEqualTo("cli-report-partial");
    assertThat(json.get("status").asText()).isEqualTo("PARTIAL");
    assertCounts(json, 5, 3, 0, 1, 1, 0);
    assertThat(json.get("durationMs").asLong()).isGreaterThanOrEqualTo(0);
    List<Problem> problems = new ArrayList<>();
    for (JsonNode problem : json.get("problems")) {
      assertThat(fieldNames(problem)).isEqualTo(Set.of("key", "outcome", "reason"));
      problems.add(new Problem(problem.get("key").asText(), RowOutcome.valueOf(problem.get("outcome").asText()),
          problem.get("reason").asText()));
    }
    assertThat(problems).hasSize(2);
    assertThat(problems).filteredOn(p -> p.outcome() == RowOutcome.INVALID).singleElement()
        .satisfies(p -> {
          assertThat(p.key()).isEqualTo("order-0002");
          assertThat(p.reason()).contains("user_id");
        });
    assertThat(problems).filteredOn(p -> p.outcome() == RowOutcome.REJECTED).singleElement()
        .satisfies(p -> {
          assertThat(p.key()).isEqualTo("order-0004");
          assertThat(p.reason()).containsIgnoringCase("silenced");
        });
  }

  @Test
  void report_ofABadSpec_isStillWritten_asFailedWithTheSpecProblem() throws IOException {
    Path spec = write("broken.yaml", userSpec("cli-report-failed", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  region: mars"));
    Path report = dir.resolve("failed.json");

    Cli cli = cli("run", spec.toString(), "--report", report.toString());

    assertThat(cli.status).isEqualTo(1);
    JsonNode json = readReport(report);
    assertThat(fieldNames(json)).isEqualTo(with(REPORT_FIELDS, "error"));
    assertThat(json.get("status").asText()).isEqualTo("FAILED");
    assertThat(json.get("sync").asText()).as("the spec could not be read, so the file names the sync").isEqualTo("broken.yaml");
    assertThat(json.get("error").asText()).contains("destination.region").contains("'mars' is not a region");
    assertCounts(json, 0, 0, 0, 0, 0, 0);
    assertThat(json.get("durationMs").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(json.get("problems")).isEmpty();
  }

  // ------------------------------------------------------------------------------ spec mistakes

  @Nested
  class SpecMistakes {
    @Test
    void unknownKey() throws IOException {
      assertMistake(valid().replace("  region: us", "  regoin: us"), "destination.regoin", "regoin:",
          "is not a key here; did you mean region?");
    }

    @Test
    void badObject() throws IOException {
      assertMistake(valid().replace("object: user", "object: person"), "object", "object:", "person");
    }

    @Test
    void behaviorThatDoesNotFitTheObject() throws IOException {
      assertMistake(valid().replace("behavior: update_or_create", "behavior: create_only"), "behavior", "behavior:",
          "create_only does not apply to user syncs");
    }

    @Test
    void missingIdentifier() throws IOException {
      String yaml = valid().replace("  user_id: id\n", "");
      assertThat(yaml).doesNotContain("user_id");
      // The line is where the mapping's content starts: the first key under "mapping:".
      assertMistake(yaml, "mapping", lineOf(yaml, "mapping:") + 1, "user syncs need mapping.user_id");
    }

    @Test
    void badRegion() throws IOException {
      assertMistake(valid().replace("  region: us", "  region: mars"), "destination.region", "region:",
          "'mars' is not a region; use us or eu");
    }

    @Test
    void badOperation() throws IOException {
      assertMistake(valid().replace("plan: plan", "plan: {column: plan, op: multiply}"), "mapping.properties.plan.op",
          "plan: {column", "multiply");
    }

    @Test
    void missingEnvironmentVariable() throws IOException {
      env.remove("AMPLITUDE_API_KEY");
      assertMistake(valid(), "destination.api_key", "api_key:", "environment variable AMPLITUDE_API_KEY is not set");
    }

    /** A spec that runs; each test breaks one thing. */
    private String valid() {
      return """
          name: cli-mistakes
          object: user
          behavior: update_or_create
          source:
            type: jdbc
            url: %s
            user: sa
            table: users
          destination:
            api_key: ${AMPLITUDE_API_KEY}
            region: us
            endpoint: %s
          mapping:
            user_id: id
            fields:
              country: country
            properties:
              plan: plan
          state:
            store: none
          """.formatted(dbUrl, fake.baseUrl());
    }

    private void assertMistake(String yaml, String keyPath, String lineStart, String problem) throws IOException {
      assertMistake(yaml, keyPath, lineOf(yaml, lineStart), problem);
    }

    private void assertMistake(String yaml, String keyPath, int line, String problem) throws IOException {
      Path spec = write("mistake.yaml", yaml);

      Cli cli = cli("run", spec.toString());

      assertThat(cli.status).as(cli.toString()).isEqualTo(1);
      assertThat(cli.err).startsWith("error: " + spec + " line " + line + ": " + keyPath + ": ").contains(problem);
      assertThat(cli.out).isEmpty();
      assertThat(fake.requests()).isEmpty();
    }

    @Test
    void theValidSpecRuns() throws IOException {
      Cli cli = cli("run", write("valid.yaml", valid()).toString());
      assertThat(cli.status).as(cli.toString()).isZero();
      assertThat(fake.users()).hasSize(5);
    }
  }

  // ------------------------------------------------------------------------------ progress, help

  @Test
  void theSummaryGoesToStdout_andProgressToStderr() throws IOException {
    Path spec = write("users.yaml", userSpec("cli-summary", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + fake.baseUrl()));

    Cli cli = cli("run", spec.toString());

    assertThat(cli.status).isZero();
    assertThat(cli.err).as("stderr has the progress, not the result")
        .startsWith("sync cli-summary: users from ").doesNotContain("status").doesNotContain("\r");
    assertThat(cli.out).as("stdout has the result: run > run.log keeps it")
        .startsWith("  sync       cli-summary\n")
        .containsPattern("sync\\s+cli-summary")
        .containsPattern("status\\s+SUCCEEDED")
        .containsPattern("rows read\\s+5\\b")
        .containsPattern("accepted\\s+5\\b")
        .containsPattern("unchanged\\s+0\\b")
        .containsPattern("invalid\\s+0\\b")
        .containsPattern("rejected\\s+0\\b")
        .containsPattern("failed\\s+0\\b")
        .containsPattern("duration\\s+\\d+ ms")
        .doesNotContain("\r");
  }

  @Test
  void onATerminal_theCommandLinePrintsTheSameSummary() throws IOException {
    Path spec = write("users.yaml", userSpec("cli-terminal", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + fake.baseUrl()));

    Cli cli = cli(true, "run", spec.toString());

    assertThat(cli.status).isZero();
    assertThat(cli.out).containsPattern("status\\s+SUCCEEDED").containsPattern("rows read\\s+5\\b")
        .containsPattern("accepted\\s+5\\b");
  }

  @Test
  void groupRowsWithMembers_theReportCountsRecords_whichTheOutcomesAddUpTo_andTheSummarySaysSo() throws Exception {
    SyncResult members = new ResultBuilder("orgs").counts(2, 6, 0, 1, 0, 0).records(7).build();
    Path file = dir.resolve("members-report.json");

    Report.write(members, file);

    JsonNode json = JSON.readTree(file.toFile());
    assertThat(json.get("rowsRead").asLong()).isEqualTo(2);
    assertThat(json.get("records").asLong()).isEqualTo(7);
    long outcomes = 0;
    for (String count : List.of("accepted", "unchanged", "invalid", "rejected", "failed")) {
      outcomes += json.get(count).asLong();
    }
    assertThat(outcomes).isEqualTo(json.get("records").asLong());
    assertThat(Summary.of(members)).containsPattern("rows read\\s+2\\b").containsPattern("records\\s+7\\b");
    assertThat(Summary.of(new ResultBuilder("users").counts(5, 5, 0, 0, 0, 0).build()))
        .as("one record per row: no records line").doesNotContain("records");
  }

  @Test
  void onATerminal_progressIsRedrawnInPlace_andFinishedEndsTheLine() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    ConsoleProgress progress = new ConsoleProgress(err, true, Duration.ofHours(1));

    progress.progress(Results.progress(300, 250, 20, 10, 5, 0, Duration.ofSeconds(2)));
    progress.progress(Results.progress(600, 500, 40, 20, 10, 5, Duration.ofSeconds(3)));
    progress.finished(new ResultBuilder("terminal").counts(600, 540, 40, 10, 5, 5).build());
    err.println("warning: next line");

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text).startsWith("\r  300 rows read, 150 rows/s | accepted 250  unchanged 20  invalid 10  rejected 5  failed 0");
    assertThat(text).contains("\r  600 rows read, 200 rows/s | accepted 500  unchanged 40  invalid 20  rejected 10  failed 5");
    String firstLine = text.substring(0, text.indexOf('\n'));
    assertThat(firstLine).as("both progress lines share one terminal line, each redrawn after a carriage return")
        .contains("300 rows read").contains("600 rows read");
    assertThat(firstLine.chars().filter(c -> c == '\r').count()).isEqualTo(2);
    assertThat(text).as("finished ends the progress line; the summary is the command's, on stdout")
        .endsWith("failed 5   \nwarning: next line\n").doesNotContain("PARTIAL");
  }

  @Test
  void notOnATerminal_progressIsAPlainLineAtMostEveryInterval() {
    ByteArrayOutputStream often = new ByteArrayOutputStream();
    ConsoleProgress everyTime = new ConsoleProgress(new PrintStream(often, true, StandardCharsets.UTF_8), false, Duration.ZERO);
    ByteArrayOutputStream rarely = new ByteArrayOutputStream();
    ConsoleProgress hourly = new ConsoleProgress(new PrintStream(rarely, true, StandardCharsets.UTF_8), false, Duration.ofHours(1));

    for (ConsoleProgress listener : List.of(everyTime, hourly)) {
      listener.progress(Results.progress(300, 250, 20, 10, 5, 0, Duration.ofSeconds(2)));
      listener.progress(Results.progress(600, 500, 40, 20, 10, 5, Duration.ofSeconds(3)));
    }

    assertThat(often.toString(StandardCharsets.UTF_8)).doesNotContain("\r").hasLineCount(2)
        .contains("  300 rows read").contains("  600 rows read");
    assertThat(rarely.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--help", "-h", "help"})
  void help_printsUsageOnStdout_andExits0(String flag) {
    Cli cli = cli(flag);

    assertThat(cli.status).isZero();
    assertThat(cli.out).startsWith("usage:").contains("run SPEC.yaml").contains("preview SPEC.yaml")
        .contains("--dry-run").contains("--endpoint URL").contains("--full-resync").contains("--report FILE")
        .contains("exit status");
    assertThat(cli.err).isEmpty();
  }

  // ------------------------------------------------------------------------------ the API key

  @Test
  void theApiKeyNeverAppears_inStdoutStderrOrReports() throws IOException {
    fake.silenceDevice("silenced-device-1");
    Path users = write("users.yaml", userSpec("cli-key-users", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + fake.baseUrl()));
    Path orders = write("orders.yaml", orderSpec("cli-key-orders", fake.baseUrl()));
    Path broken = write("broken.yaml", userSpec("cli-key-broken", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  region: nowhere"));
    List<Cli> runs = new ArrayList<>();
    List<Path> reports = new ArrayList<>();
    String[][] commands = {
      {"preview", users.toString()},
      {"run", users.toString()},
      {"run", users.toString(), "--full-resync"},
      {"preview", orders.toString()},
      {"run", orders.toString()},
      {"run", broken.toString()},
    };
    for (String[] command : commands) {
      Path report = dir.resolve("key-" + reports.size() + ".json");
      List<String> args = new ArrayList<>(List.of(command));
      args.addAll(List.of("--report", report.toString()));
      runs.add(cli(args.toArray(String[]::new)));
      reports.add(report);
    }
    try (FakeAmplitude other = FakeAmplitude.builder().apiKey("another-project-key-7c3e").start()) {
      Path report = dir.resolve("key-badkey.json");
      runs.add(cli("run", write("badkey.yaml", userSpec("cli-key-bad", "destination:\n  api_key: ${AMPLITUDE_API_KEY}\n  endpoint: " + other.baseUrl())).toString(),
          "--report", report.toString()));
      reports.add(report);
    }

    assertThat(runs).extracting(Cli::status).containsExactly(0, 0, 0, 2, 2, 1, 1);
    for (Cli run : runs) {
      assertThat(run.out).doesNotContain(KEY);
      assertThat(run.err).doesNotContain(KEY);
    }
    for (Path report : reports) {
      assertThat(Files.readString(report, StandardCharsets.UTF_8)).as(report.toString()).doesNotContain(KEY);
    }
  }

  // ------------------------------------------------------------------------------ helpers

  /** What one command line run printed and returned. */
  record Cli(int status, String out, String err) {
    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private Cli cli(String... args) {
    return cli(false, args);
  }

  private Cli cli(boolean terminal, String... args) {
    InProcessCli.Result run = InProcessCli.run(env, terminal, args);
    return new Cli(run.status(), run.out(), run.err());
  }

  /** A user sync over the {@code users} table with a file state store; {@code destination} is the whole section. */
  private String userSpec(String name, String destination) {
    return """
        name: %s
        object: user
        behavior: update_or_create
        source:
          type: jdbc
          url: %s
          user: sa
          query: select id, plan, country, company from users order by id
        %s
        mapping:
          user_id: id
          fields:
            country: country
          properties:
            plan: plan
          groups:
            company: company
        state:
          store: file
          path: %s
        """.formatted(name, dbUrl, destination, dir.resolve("state-" + name));
  }

  /** An event sync over the {@code orders} table, stateless. */
  private String orderSpec(String name, String endpoint) {
    return """
        name: %s
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
          fields:
            revenue: amount
          properties:
            amount: amount
        state:
          store: none
        """.formatted(name, dbUrl, endpoint);
  }

  private Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml, StandardCharsets.UTF_8);
  }

  private static int lineOf(String yaml, String start) {
    List<String> lines = yaml.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).trim().startsWith(start)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line starts with " + start + " in\n" + yaml);
  }

  private void sql(String... statements) throws SQLException {
    try (Statement statement = keepAlive.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** Counts the identifications Amplitude received on /identify, across requests. */
  private int identifications() throws IOException {
    int count = 0;
    for (var request : fake.requests()) {
      if (request.path().equals("/identify")) {
        for (String pair : request.bodyText().split("&")) {
          String[] kv = pair.split("=", 2);
          if (kv[0].equals("identification")) {
            count += JSON.readTree(java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8)).size();
          }
        }
      }
    }
    return count;
  }

  private static JsonNode readReport(Path report) throws IOException {
    assertThat(report).exists();
    String text = Files.readString(report, StandardCharsets.UTF_8);
    assertThat(text).doesNotContain(KEY);
    return JSON.readTree(text);
  }

  private static Set<String> fieldNames(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Set<String> with(Set<String> fields, String extra) {
    Set<String> all = new TreeSet<>(fields);
    all.add(extra);
    return all;
  }

  private static void assertCounts(JsonNode json, long rowsRead, long accepted, long unchanged, long invalid, long rejected, long failed) {
    Map<String, Long> actual = new HashMap<>();
    for (String field : List.of("rowsRead", "accepted", "unchanged", "invalid", "rejected", "failed")) {
      assertThat(json.get(field).isIntegralNumber()).as(field + " is a number").isTrue();
      actual.put(field, json.get(field).asLong());
    }
    assertThat(actual).isEqualTo(Map.of("rowsRead", rowsRead, "accepted", accepted, "unchanged", unchanged,
        "invalid", invalid, "rejected", rejected, "failed", failed));
  }
}
