package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.StateStores;
import dev.ampsync.state.SyncState;
import dev.ampsync.testing.FakeAmplitude;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, as a data engineer runs it: {@code state show}, {@code state reset} and {@code history}
 * through {@link Main#run}, over an H2 source, a {@link FakeAmplitude}, and the file state beside the
 * spec (one case on a JDBC state store). stdout and stderr are kept apart; the API key never shows.
 */
class StateCommandsTest {
  private static final String KEY = "fake-key-statecmd-7d41";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private FakeAmplitude fake;
  private String dbUrl;
  private Connection keepAlive;

  @BeforeEach
  void setUp() throws SQLException {
    fake = FakeAmplitude.builder().apiKey(KEY).start();
    dbUrl = "jdbc:h2:mem:i18state" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    keepAlive = DriverManager.getConnection(dbUrl, "sa", "");
    sql("create table users (id varchar(40) primary key, plan varchar(20))",
        "insert into users values ('user-00001', 'pro'), ('user-00002', 'free'), ('user-00003', 'pro'),"
            + " ('user-00004', 'starter'), ('user-00005', 'enterprise')");
  }

  @AfterEach
  void tearDown() throws SQLException {
    fake.close();
    sql("drop all objects");
    keepAlive.close();
  }

  @Test
  void show_beforeARun_saysThereIsNoState_andCreatesNone_thenAfterARun_showsWhereWhatAndHowMuch() throws IOException {
    Path spec = spec("users", "", "");

    Cli before = cli("state", "show", spec.toString());

    assertThat(before.status).as(before.toString()).isZero();
    assertThat(before.out).contains("no state yet: the next run sends every row").contains(stateFile().toString());
    assertThat(stateFile()).doesNotExist();

    assertThat(cli("run", spec.toString()).status).isZero();
    Cli after = cli("state", "show", spec.toString());

    assertThat(after.status).as(after.toString()).isZero();
    assertThat(after.out)
        .contains("state:     " + stateFile())
        .containsPattern("project:   API key fingerprint [0-9a-f]{16} \\(this spec's key\\)")
        .contains("(matches this spec's mapping)")
        .contains("keys:      5")
        .contains("runs:      1 recorded");
    assertThat(after.out + after.err).doesNotContain(KEY);

    JsonNode json = JSON.readTree(cli("state", "show", spec.toString(), "--json").out);
    assertThat(json.get("exists").asBoolean()).isTrue();
    assertThat(json.get("keys").asLong()).isEqualTo(5);
    assertThat(json.get("project").asText()).isEqualTo(json.get("specProject").asText()).hasSize(16);
    assertThat(json.get("mappingMatches").asBoolean()).isTrue();
    assertThat(json.get("nextRunSendsEveryRow").asBoolean()).isFalse();
    assertThat(json.get("location").asText()).isEqualTo(stateFile().toString());
    assertThat(json.toString()).doesNotContain(KEY);
  }

  @Test
  void show_afterAMappingChange_saysTheNextRunIsAResync() throws IOException {
    Path spec = spec("users", "", "");
    assertThat(cli("run", spec.toString()).status).isZero();
    spec("users", "    source_system: {const: warehouse}\n", "");

    Cli show = cli("state", "show", spec.toString());

    assertThat(show.status).as(show.toString()).isZero();
    assertThat(show.out).contains("differs from this spec's mapping").contains("the next run is a resync");
    JsonNode json = JSON.readTree(cli("state", "show", spec.toString(), "--json").out);
    assertThat(json.get("mappingMatches").asBoolean()).isFalse();
    assertThat(json.get("nextRunSendsEveryRow").asBoolean()).isTrue();
    assertThat(json.get("mapping").asText()).isNotEqualTo(json.get("specMapping").asText());
  }

  @Test
  void reset_withYes_forgetsTheState_andTheNextRunSendsEveryRow() throws IOException {
    Path spec = spec("users", "", "");
    assertThat(cli("run", spec.toString()).status).isZero();
    int requests = fake.requests().size();
    assertThat(cli("run", spec.toString()).status).isZero();
    assertThat(fake.requests()).as("unchanged: nothing sent").hasSize(requests);

    Cli reset = cli("state", "reset", spec.toString(), "--yes");

    assertThat(reset.status).as(reset.toString()).isZero();
    assertThat(reset.out).contains("it holds 5 keys and 2 recorded runs")
        .contains("next run sends every row").contains("7 days").contains("forgot the state of sync 'users'");
    assertThat(cli("state", "show", spec.toString()).out).contains("no state yet");
    assertThat(cli("run", spec.toString()).status).isZero();
    assertThat(fake.requests().size()).as("everything sent again").isGreaterThan(requests);
    assertThat(cli("state", "show", spec.toString()).out).contains("keys:      5");
  }

  @Test
  void aReRun_leavesItsDigestTableBesideTheStateFile_theNextRunUsesIt_andResetDeletesIt() throws Exception {
    Path spec = spec("users", "", "");
    assertThat(cli("run", spec.toString()).status).isZero();
    assertThat(digestTables()).as("a first run reads no stored digests, so it leaves none").isEmpty();
    assertThat(cli("run", spec.toString()).status).isZero();
    assertThat(digestTables()).hasSize(1);
    int requests = fake.requests().size();

    sql("update users set plan = 'enterprise' where id = 'user-00002'");
    Cli changed = cli("run", spec.toString(), "--json");

    assertThat(changed.status).as(changed.toString()).isZero();
    JsonNode result = JSON.readTree(changed.out);
    assertThat(result.get("accepted").asLong()).as(changed.out).isEqualTo(1);
    assertThat(result.get("unchanged").asLong()).isEqualTo(4);
    assertThat(fake.user("user-00002").orElseThrow().property("plan")).isEqualTo("enterprise");
    sql("update users set plan = 'free' where id = 'user-00002'"); // back to what the table first held
    Cli reverted = cli("run", spec.toString(), "--json");
    assertThat(JSON.readTree(reverted.out).get("accepted").asLong()).as(reverted.out).isEqualTo(1);
    assertThat(fake.user("user-00002").orElseThrow().property("plan")).isEqualTo("free");
    assertThat(fake.requests().size()).isGreaterThan(requests);

    assertThat(cli("state", "reset", spec.toString(), "--yes").status).isZero();
    assertThat(digestTables()).as("reset deletes it").isEmpty();
  }

  private List<Path> digestTables() throws IOException {
    try (Stream<Path> files = Files.list(stateFile().getParent())) {
      return files.filter(f -> f.getFileName().toString().endsWith(".digests")).toList();
    }
  }

  @Test
  void reset_isRefused_withoutATerminalAndWithoutYes_andChangesNothing() throws IOException {
    Path spec = spec("users", "", "");
    assertThat(cli("run", spec.toString()).status).isZero();

    Cli refused = cli("state", "reset", spec.toString());

    assertThat(refused.status).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err).contains("not resetting without confirmation").contains("--yes");
    assertThat(cli("state", "show", spec.toString()).out).contains("keys:      5");
  }

  @Test
  void reset_onATerminal_asksForTheSyncName() throws IOException {
    Path spec = spec("users", "", "");
    assertThat(cli("run", spec.toString()).status).isZero();

    Cli wrong = cliWithInput("user\n", "state", "reset", spec.toString());
    assertThat(wrong.status).as(wrong.toString()).isEqualTo(1);
    assertThat(wrong.out).contains("it holds 5 keys and 1 recorded run\n").contains("type the sync name to confirm");
    assertThat(wrong.err).contains("not confirmed");
    assertThat(cli("state", "show", spec.toString()).out).contains("keys:      5");

    Cli confirmed = cliWithInput("users\n", "state", "reset", spec.toString());
    assertThat(confirmed.status).as(confirmed.toString()).isZero();
    assertThat(cli("state", "show", spec.toString()).out).contains("no state yet");
  }

  @Test
  void aDamagedStateFile_showsTheStoresMessage_andAConfirmedReset_movesItAside() throws IOException {
    Path spec = spec("users", "", "");
    assertThat(cli("run", spec.toString()).status).isZero();
    try (RandomAccessFile file = new RandomAccessFile(stateFile().toFile(), "rw")) {
      file.setLength(file.length() / 2); // cut short, as a full disk or a bad copy leaves it
    }

    Cli show = cli("state", "show", spec.toString());
    assertThat(show.status).as(show.toString()).isEqualTo(1);
    assertThat(show.err).contains("the state store " + stateFile() + " is damaged");
    assertThat(cli("history", spec.toString()).status).isEqualTo(1);

    Cli refused = cli("state", "reset", spec.toString());
    assertThat(refused.status).isEqualTo(1);
    assertThat(stateFile()).as("not moved without confirmation").exists();

    Cli reset = cli("state", "reset", spec.toString(), "--yes");

    assertThat(reset.status).as(reset.toString()).isZero();
    assertThat(reset.out).contains("moved aside");
    assertThat(stateFile()).doesNotExist();
    try (Stream<Path> files = Files.list(stateFile().getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.matches("state\\.mv\\.db\\.damaged-\\d{8}T\\d{6}Z"));
    }
    int requests = fake.requests().size();
    assertThat(cli("run", spec.toString()).status).isZero();
    assertThat(fake.requests().size()).as("a fresh state: every row sent").isGreaterThan(requests);
  }

  @Test
  void reset_whileAnotherHolderHasTheFileState_isRefused_andTheStateIsIntact() throws IOException {
    Path spec = spec("users", "", "");
    assertThat(cli("run", spec.toString()).status).isZero();

    Cli refused;
    try (StateStore running = StateStores.file(stateFile().getParent());
        SyncState held = running.open("users")) {
      refused = cli("state", "reset", spec.toString(), "--yes");
    }

    assertThat(refused.status).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err).contains("in use by another run");
    assertThat(cli("state", "show", spec.toString()).out).contains("keys:      5");
  }

  @Test
  void history_afterThreeRuns_oneFailed_listsThemNewestFirst_withTheirCounts() throws IOException, SQLException {
    Path spec = spec("users", "", "");
    assertThat(cli("run", spec.toString()).status).isZero();
    spec("users", "    tier: no_such_column\n", "");
    assertThat(cli("run", spec.toString()).status).as("a mapped column the source lacks").isEqualTo(1);
    spec("users", "", "");
    sql("insert into users values ('user-00006', 'pro')");
    assertThat(cli("run", spec.toString()).status).isZero();
    assertThat(cli("preview", spec.toString()).status).isZero();

    Cli history = cli("history", spec.toString());

    assertThat(history.status).as(history.toString()).isZero();
    List<String> lines = history.out.lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).contains("started (UTC)").contains("accepted").contains("unchanged");
    assertThat(lines.get(1)).containsPattern("SUCCEEDED\\s+6\\s+1\\s+5\\s+0\\s+0\\s+0");
    assertThat(lines.get(2)).containsPattern("FAILED\\s+0\\s+0\\s+0\\s+0\\s+0\\s+0").contains("no_such_column");
    assertThat(lines.get(3)).containsPattern("SUCCEEDED\\s+5\\s+5\\s+0\\s+0\\s+0\\s+0");

    JsonNode json = JSON.readTree(cli("history", spec.toString(), "--json").out);
    assertThat(json).hasSize(3);
    assertThat(json.get(0).get("accepted").asLong()).isEqualTo(1);
    assertThat(json.get(0).get("unchanged").asLong()).isEqualTo(5);
    assertThat(json.get(1).get("status").asText()).isEqualTo("FAILED");
    assertThat(json.get(1).get("error").asText()).contains("no_such_column");
    assertThat(json.get(2).get("rowsRead").asLong()).isEqualTo(5);
    assertThat(json.get(2).get("resync").isNull()).isTrue();
    assertThat(json.get(0).get("started").asText()).isGreaterThan(json.get(2).get("started").asText());

    assertThat(JSON.readTree(cli("history", spec.toString(), "--json", "--limit", "1").out)).hasSize(1);
    assertThat(cli("history", spec.toString(), "--limit", "0").status).isEqualTo(1);
  }

  @Test
  void onAJdbcStore_showResetAndHistoryWork_andAResetWhileARunHoldsTheSyncIsRefused() throws IOException {
    String table = "i18_statecmd_" + DATABASES.get();
    Path spec = spec("users", "", "state:\n  store: jdbc\n  table: " + table + "\n");
    assertThat(cli("run", spec.toString()).status).isZero();

    Cli show = cli("state", "show", spec.toString());
    assertThat(show.status).as(show.toString()).isZero();
    assertThat(show.out).contains("table " + table).contains("keys:      5");
    assertThat(show.out + show.err).doesNotContain(KEY);
    assertThat(cli("history", spec.toString()).out.lines()).hasSize(2);

    dev.ampsync.jdbc.JdbcStateStore store = dev.ampsync.jdbc.JdbcStateStore.builder()
        .url(dbUrl).user("sa").table(table).build();
    Cli refused;
    try (SyncState running = store.open("users")) {
      refused = cli("state", "reset", spec.toString(), "--yes");
    }
    assertThat(refused.status).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err).contains("already running");
    assertThat(cli("state", "show", spec.toString()).out).contains("keys:      5");

    Cli reset = cli("state", "reset", spec.toString(), "--yes");

    assertThat(reset.status).as(reset.toString()).isZero();
    assertThat(cli("state", "show", spec.toString()).out).contains("no state yet");
    assertThat(cli("history", spec.toString()).out).contains("no runs recorded yet");
  }

  @Test
  void badUsage_exits1_onStderr() throws IOException {
    Path spec = spec("users", "", "");

    for (String[] args : List.of(new String[] {"state"}, new String[] {"state", "drop", spec.toString()},
        new String[] {"state", "show"}, new String[] {"history", spec.toString(), "--limit"},
        new String[] {"state", "show", spec.toString(), "--wat"})) {
      Cli cli = cli(args);
      assertThat(cli.status).as(cli.toString()).isEqualTo(1);
      assertThat(cli.err).isNotEmpty();
      assertThat(cli.out).isEmpty();
    }
  }

  // ------------------------------------------------------------------------------ helpers

  record Cli(int status, String out, String err) {
    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private Path stateFile() {
    return dir.resolve(".ampsync/state/state.mv.db");
  }

  private Cli cli(String... args) {
    InProcessCli.Result run = InProcessCli.run(Map.of("AMPLITUDE_API_KEY", KEY), false, args);
    return new Cli(run.status(), run.out(), run.err());
  }

  /** A person at a terminal answering the reset's question (Main reads System.in, so this enters below it). */
  private Cli cliWithInput(String input, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = StateCommands.run(args[0], java.util.Arrays.copyOfRange(args, 1, args.length),
          Map.of("AMPLITUDE_API_KEY", KEY), o, e, true, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    }
    return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A user sync over {@code users}; extra properties and a {@code state:} section may be added. */
  private Path spec(String name, String extraProperties, String state) throws IOException {
    return Files.writeString(dir.resolve("users.yaml"), """
        name: %s
        object: user
        source:
          type: jdbc
          url: %s
          user: sa
          query: select id, plan from users order by id
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          endpoint: %s
        mapping:
          user_id: id
          properties:
            plan: plan
        %s%s""".formatted(name, dbUrl, fake.baseUrl(), extraProperties, state), StandardCharsets.UTF_8);
  }

  private void sql(String... statements) throws SQLException {
    try (Statement statement = keepAlive.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
