package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampsync.testing.FakeAmplitude;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The command line's commands as a user types them (issue 18): {@code --version}, per-command help,
 * unknown flags, and {@code validate}. Sources are in-memory H2 databases; the destination a
 * {@link FakeAmplitude}.
 */
class CommandsTest {
  static final String KEY = "fake-key-commands-5d1e";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @TempDir Path dir;

  FakeAmplitude fake;
  String dbUrl;
  private Connection keepAlive;

  @BeforeEach
  void setUp() throws SQLException {
    fake = FakeAmplitude.builder().apiKey(KEY).start();
    dbUrl = "jdbc:h2:mem:commands" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    keepAlive = DriverManager.getConnection(dbUrl, "sa", "");
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("create table users (id varchar(40) primary key, plan varchar(600), country varchar(40))");
      statement.execute("insert into users values ('user-00001', 'pro', 'Germany'), ('user-00002', 'free', 'France'),"
          + " ('user-00003', 'pro', 'Japan')");
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

  // ------------------------------------------------------------------------------ --version, help

  @Test
  void version_printsTheProjectVersion_fromTheFilteredResource() {
    Cli cli = cli("--version");

    assertThat(cli.status).isZero();
    assertThat(cli.out.strip()).matches("amplitude-sync \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(cli.err).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"help run", "run --help", "run -h", "preview --help", "help validate", "validate --help"})
  void perCommandHelp_printsUsageFlagsAndExitCodes_onStdout(String typed) {
    Cli cli = cli(typed.split(" "));

    String command = typed.replace("help ", "").replace(" --help", "").replace(" -h", "");
    assertThat(cli.status).as(cli.toString()).isZero();
    assertThat(cli.out).startsWith("usage: java -jar amplitude-sync.jar " + command + " SPEC.yaml")
        .contains("flags:").contains("exit status");
    assertThat(cli.err).isEmpty();
    if (!command.equals("validate")) {
      assertThat(cli.out).contains("--dry-run").contains("--json").contains("--bodies N").contains("--report FILE");
    } else {
      assertThat(cli.out).contains("--connect");
    }
  }

  @Test
  void runHelp_wins_overAMissingSpec() {
    Cli cli = cli("run", "--help", "--full-resync");

    assertThat(cli.status).isZero();
    assertThat(cli.out).contains("--full-resync");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void anUnknownFlag_exits1_suggestingTheNearestFlag() throws IOException {
    Cli cli = cli("run", spec("typo"), "--full-resnyc");

    assertThat(cli.status).isEqualTo(1);
    assertThat(cli.err).startsWith("error: unknown flag --full-resnyc (did you mean --full-resync?)")
        .contains("usage: java -jar amplitude-sync.jar run SPEC.yaml");
    assertThat(cli.out).isEmpty();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aFarOffFlag_getsNoSuggestion() throws IOException {
    Cli cli = cli("validate", spec("far"), "--verbose");

    assertThat(cli.status).isEqualTo(1);
    assertThat(cli.err).startsWith("error: unknown flag --verbose\n").doesNotContain("did you mean");
  }

  @Test
  void anUnknownCommand_suggestsTheNearestCommand() {
    Cli cli = cli("prevew", "users.yaml");

    assertThat(cli.status).isEqualTo(1);
    assertThat(cli.err).startsWith("unknown command 'prevew' (did you mean preview?)");
    assertThat(cli.out).isEmpty();
  }

  @Test
  void helpOfAnUnknownCommand_exits1() {
    Cli cli = cli("help", "sync");

    assertThat(cli.status).isEqualTo(1);
    assertThat(cli.err).startsWith("unknown command 'sync'");
  }

  // ------------------------------------------------------------------------------ stdout / stderr

  @Test
  void run_printsTheSummaryOnStdout_andOnlyProgressOnStderr() throws IOException {
    Cli cli = cli("run", spec("split"));

    assertThat(cli.status).as(cli.toString()).isZero();
    assertThat(cli.out).containsPattern("(?m)^  status\\s+SUCCEEDED$").containsPattern("(?m)^  accepted\\s+3$")
        .doesNotContain("rows read, ");
    assertThat(cli.err).startsWith("sync split: users from ").doesNotContain("SUCCEEDED").doesNotContain("accepted  ");
  }

  @Test
  void json_printsOnlyTheReportFieldsOnStdout() throws IOException {
    Path report = dir.resolve("report.json");

    Cli cli = cli("run", spec("json"), "--json", "--report", report.toString());

    assertThat(cli.status).as(cli.toString()).isZero();
    JsonNode json = JSON.readTree(cli.out);
    assertThat(json).isEqualTo(withoutDuration(JSON.readTree(report.toFile()), json.get("durationMs")));
    assertThat(json.get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(json.get("accepted").asLong()).isEqualTo(3);
    assertThat(cli.out.strip()).startsWith("{").endsWith("}");
  }

  @Test
  void jsonPreview_printsNoRequestBodies_onlyTheJson() throws IOException {
    Cli cli = cli("preview", spec("jsonpreview"), "--json");

    assertThat(cli.status).as(cli.toString()).isZero();
    JsonNode json = JSON.readTree(cli.out);
    assertThat(json.get("preview").asBoolean()).isTrue();
    assertThat(json.get("accepted").asLong()).isEqualTo(3);
    assertThat(cli.out).doesNotContain("POST ");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void jsonOfABadSpec_isTheFailedReport_andTheErrorIsOnStderr() throws IOException {
    Path spec = write("bad.yaml", userSpec("json-bad", dbUrl, "id, plan, country").replace("object: user", "object: usr"));

    Cli cli = cli("run", spec.toString(), "--json");

    assertThat(cli.status).isEqualTo(1);
    JsonNode json = JSON.readTree(cli.out);
    assertThat(json.get("status").asText()).isEqualTo("FAILED");
    assertThat(json.get("error").asText()).contains("'usr' is not an object type");
    assertThat(cli.err).startsWith("error: " + spec + " line 2: object: ");
  }

  // ------------------------------------------------------------------------------ preview display

  @Test
  void preview_showsEachRequestShortened_threeRecordsOnOneLineEach_cutAt200() throws IOException, SQLException {
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("delete from users");
      statement.execute("insert into users select 'user-1' || x, repeat('p', 500), 'Chile' from system_range(1000, 1099)");
    }

    Cli cli = cli("preview", spec("short"));

    assertThat(cli.status).as(cli.toString()).isZero();
    List<String> lines = cli.out.lines().toList();
    assertThat(lines).as("no line longer than the cut").allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(200));
    List<String> requestLines = lines.stream().filter(line -> line.startsWith("POST ")).toList();
    assertThat(requestLines).isNotEmpty();
    for (String requestLine : requestLines) {
      Matcher records = Pattern.compile("POST /identify  \\((\\d+) records, application/x-www-form-urlencoded\\)").matcher(requestLine);
      assertThat(records.matches()).as(requestLine).isTrue();
      int count = Integer.parseInt(records.group(1));
      List<String> shown = lines.subList(lines.indexOf(requestLine) + 1, lines.indexOf(requestLine) + 6);
      assertThat(shown.get(0)).isEqualTo("  api_key: <redacted>");
      assertThat(shown.subList(1, 4)).allSatisfy(line -> assertThat(line).startsWith("  identification[").endsWith("…").hasSize(200));
      assertThat(shown.get(4)).isEqualTo(count > 3 ? "  (+" + (count - 3) + " more records)" : "");
    }
    assertThat(cli.out).doesNotContain(KEY).doesNotContain("identification[3]");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void bodiesN_printsTheFirstNBodiesInFull_andShortensTheOthers() throws IOException, SQLException {
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("insert into users select 'user-1' || x, repeat('p', 500), 'Chile' from system_range(1000, 1099)");
    }

    Cli cli = cli("preview", spec("full"), "--bodies", "1");

    assertThat(cli.status).as(cli.toString()).isZero();
    String[] requests = cli.out.split("(?m)^POST ");
    assertThat(requests).hasSizeGreaterThanOrEqualTo(2);
    assertThat(requests[1]).contains("\napi_key = <redacted>\n")
        .containsPattern("(?m)^identification = \\[\\{\"user_id\":\"user-00001\".*\"user_id\":\"user-11000\"")
        .doesNotContain("more records");
    // How the client batches 103 records varies from run to run; any request after the first is shortened.
    for (int i = 2; i < requests.length; i++) {
      assertThat(requests[i]).contains("  identification[0]: ").doesNotContain("identification = ");
    }
    assertThat(cli.out).doesNotContain(KEY);
  }

  @Test
  void bodiesNeedsANumber() throws IOException {
    Cli cli = cli("preview", spec("nan"), "--bodies", "all");

    assertThat(cli.status).isEqualTo(1);
    assertThat(cli.err).startsWith("error: --bodies needs a number of bodies (0 or more), not 'all'");
  }

  // ------------------------------------------------------------------------------ warnings on stderr

  @Test
  void theFirstRunWithAStateStore_saysThereIsNoStateYet_andTheSecondDoesNot() throws IOException {
    String spec = spec("fresh");

    Cli preview = cli("preview", spec);
    Cli first = cli("run", spec);
    Cli second = cli("run", spec);

    assertThat(preview.err).as("a preview before any run has no state either").contains("no state yet for sync 'fresh': every row will be sent\n");
    assertThat(first.status).as(first.toString()).isZero();
    assertThat(first.err).contains("no state yet for sync 'fresh': every row will be sent\n");
    assertThat(first.out).doesNotContain("no state yet");
    assertThat(second.status).isZero();
    assertThat(second.err).doesNotContain("no state yet");
  }

  @Test
  void aSyncWithoutAStateStore_getsNoNoStateLine() throws IOException {
    Path spec = write("nostate.yaml", userSpec("nostate", dbUrl, "id, plan, country")
        .replaceAll("(?s)state:\n  store: file\n  path: .*$", "state:\n  store: none\n"));

    Cli cli = cli("run", spec.toString());

    assertThat(cli.status).as(cli.toString()).isZero();
    assertThat(cli.err).doesNotContain("no state yet");
  }

  @Test
  void failingRequests_warnOnStderr_naming503HostAndPort_andWhenTheyRecover() throws IOException {
    fake.failNext(2, 503);
    String where = fake.baseUrl().replaceFirst("^https?://", "").replaceFirst("/.*$", "");

    Cli cli = cli("run", spec("retry"));

    assertThat(cli.status).as(cli.toString()).isZero();
    assertThat(cli.err).contains("warning: requests to " + where + " fail (HTTP 503 Service Unavailable); retrying for up to ")
        .containsPattern("warning: requests to " + Pattern.quote(where) + " succeed again after \\d+ retries");
    assertThat(cli.out).doesNotContain("warning").containsPattern("accepted\\s+3");
    assertThat(fake.users()).hasSize(3);
  }

  // ------------------------------------------------------------------------------ validate

  @Test
  void validate_checksTheSpecWithoutConnecting_orCreatingState() throws IOException {
    String unreachable = "jdbc:postgresql://127.0.0.1:1/nowhere";
    Path spec = write("users.yaml", userSpec("val-users", unreachable, "id, plan, country"));

    Cli cli = cli("validate", spec.toString());

    assertThat(cli.status).as(cli.toString()).isZero();
    assertThat(cli.out.strip()).isEqualTo("users.yaml: valid (val-users sync of users from "
        + "jdbc:postgresql://127.0.0.1:1/nowhere (query: select id, plan, country from users order by id), 2 properties,"
        + " state file " + dir.resolve("state-val-users").resolve("state.mv.db").toAbsolutePath() + ")");
    assertThat(dir.resolve("state-val-users")).doesNotExist();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void validate_ofABadSpec_exits1_withTheErrorRunPrints() throws IOException {
    Path spec = write("bad.yaml", userSpec("val-bad", dbUrl, "id, plan, country").replace("object: user", "object: usr"));

    Cli validate = cli("validate", spec.toString());
    Cli run = cli("run", spec.toString());

    assertThat(validate.status).isEqualTo(1);
    assertThat(validate.out).isEmpty();
    assertThat(validate.err).startsWith("error: " + spec + " line 2: object: ");
    assertThat(validate.err.lines().findFirst()).isEqualTo(run.err.lines().findFirst());
  }

  @Test
  void validateConnect_passes_whenTheSourceReturnsEveryMappedColumn() throws IOException {
    Path spec = write("users.yaml", userSpec("val-connect", dbUrl, "id, plan, country"));

    Cli cli = cli("validate", "--connect", spec.toString());

    assertThat(cli.status).as(cli.toString()).isZero();
    assertThat(cli.out).startsWith("users.yaml: valid (val-connect sync of users from ")
        .contains("the source returns every mapped column");
    assertThat(fake.requests()).isEmpty();
    assertThat(dir.resolve("state-val-connect")).doesNotExist();
  }

  @Test
  void validateConnect_exits1_namingTheMissingColumn() throws IOException {
    Path spec = write("users.yaml", userSpec("val-missing", dbUrl, "id, plan"));

    Cli plain = cli("validate", spec.toString());
    Cli connect = cli("validate", spec.toString(), "--connect");

    assertThat(plain.status).as("without --connect the columns are not checked").isZero();
    assertThat(connect.status).as(connect.toString()).isEqualTo(1);
    assertThat(connect.out).isEmpty();
    assertThat(connect.err).startsWith("error: " + spec + " line 14 (mapping.fields.country): names column 'country',"
        + " which the source does not return; its columns are: ID, PLAN");
    assertThat(connect.err.split(java.util.regex.Pattern.quote(spec.toString()), -1)).as("the file named once").hasSize(2);
  }

  @Test
  void validateConnect_exits1_whenTheSourceIsUnreachable() throws IOException {
    Path spec = write("users.yaml", userSpec("val-down", "jdbc:postgresql://127.0.0.1:1/nowhere", "id, plan, country"));

    Cli cli = cli("validate", spec.toString(), "--connect");
    Cli run = cli("run", spec.toString());

    assertThat(cli.status).isEqualTo(1);
    assertThat(cli.out).isEmpty();
    assertThat(cli.err).startsWith("error: " + spec + ": cannot read jdbc:postgresql://127.0.0.1:1/nowhere ");
    assertThat(cli.err.split("cannot read ", -1)).as("said once: " + cli.err).hasSize(2);
    String runError = run.err.lines().filter(line -> line.startsWith("error: ")).findFirst().orElseThrow();
    assertThat(cli.err.strip()).as("the error run prints").isEqualTo("error: " + spec + ": " + runError.substring("error: ".length()));
  }

  // ------------------------------------------------------------------------------ helpers

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The report with the stdout JSON's duration: both describe the same run. */
  private static JsonNode withoutDuration(JsonNode report, JsonNode durationMs) {
    ((ObjectNode) report).set("durationMs", durationMs);
    return report;
  }

  record Cli(int status, String out, String err) {
    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  Cli cli(String... args) {
    InProcessCli.Result run = InProcessCli.run(Map.of("AMPLITUDE_API_KEY", KEY), false, args);
    return new Cli(run.status(), run.out(), run.err());
  }

  String spec(String name) throws IOException {
    return write(name + ".yaml", userSpec(name, dbUrl, "id, plan, country")).toString();
  }

  /** A user sync reading {@code columns} of {@code users}, mapping id, plan and country, with a file state. */
  String userSpec(String name, String url, String columns) {
    return """
        name: %s
        object: user
        source:
          type: jdbc
          url: %s
          user: sa
          query: select %s from users order by id
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          endpoint: %s
        mapping:
          user_id: id
          fields:
            country: country
          properties:
            plan: plan
            home: country
        state:
          store: file
          path: %s
        """.formatted(name, url, columns, fake.baseUrl(), dir.resolve("state-" + name));
  }

  Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml, StandardCharsets.UTF_8);
  }
}
