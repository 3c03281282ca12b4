package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.testing.FakeAmplitude;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret used in {@code source.query} (and a variable in the sync's name) is shown as the spec
 * wrote it, never expanded, in everything a run leaves behind: stdout, stderr with the DEBUG log, the
 * report, {@code --json}, the state files and the history read back from them. The command line runs
 * as a user runs it: its own JVM, the variables in its environment, a file state beside the spec, the
 * local PostgreSQL (whose trust authentication ignores the password) and a FakeAmplitude.
 */
class CommandLineAsWrittenTest {
  private static final String KEY = "fake-key-aswritten-5b2e";
  /** Holds no quote: it sits in a SQL string literal. */
  private static final String PASSWORD = "pg-Secret-7f3a9x";
  private static final String SUFFIX = "team-omega";
  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String TABLE = "i15_aswritten_users";

  @TempDir Path dir;
  private FakeAmplitude fake;

  @BeforeEach
  void setUp() throws SQLException {
    fake = FakeAmplitude.builder().apiKey(KEY).start();
    sql("drop table if exists " + TABLE, "create table " + TABLE + " (id varchar(40) primary key, plan varchar(20))",
        "insert into " + TABLE + " values ('user-00001', 'pro'), ('user-00002', 'free')");
  }

  @AfterEach
  void tearDown() throws SQLException {
    fake.close();
    sql("drop table if exists " + TABLE);
  }

  @Test
  void aSucceedingRun_showsTheQueryAndTheNameAsWritten_everywhere() throws Exception {
    String query = "select id, plan from " + TABLE + " where plan <> '${PGPASSWORD}' order by id";
    Path spec = spec(query);

    Run run = cli("run", spec.toString(), "--report", dir.resolve("report.json").toString(), "--json");

    assertThat(run.status).as(run.toString()).isZero();
    assertThat(fake.users()).hasSize(2);
    assertThat(run.err.lines().filter(line -> line.startsWith("sync ")).findFirst().orElseThrow())
        .isEqualTo("sync aswritten-${SYNC_SUFFIX}: users from " + PG + " (query: " + query + ")");
    assertThat(run.out).contains("\"sync\" : \"aswritten-${SYNC_SUFFIX}\"");
    assertThat(Files.readString(dir.resolve("report.json"))).contains("\"sync\" : \"aswritten-${SYNC_SUFFIX}\"");
    assertNoSecretIn(run);
    Run history = cli("history", spec.toString(), "--json");
    assertThat(history.out).contains("\"status\" : \"SUCCEEDED\"");
    assertThat(history.out + history.err).doesNotContain(PASSWORD).doesNotContain(SUFFIX);
  }

  @Test
  void aRunWhoseQueryHasASyntaxError_showsItAsWritten_withTheCaretUnderTheWrittenPlace() throws Exception {
    String query = "select id, plan from " + TABLE + " where plan <> '${PGPASSWORD}' and and id > '0'";
    Path spec = spec(query);

    Run run = cli("run", spec.toString(), "--report", dir.resolve("failed.json").toString());

    assertThat(run.status).as(run.toString()).isEqualTo(1);
    int column = query.indexOf("and and") + 4; // the second "and": where PostgreSQL's Position points
    String excerpt = "at line 1, column " + (column + 1) + " of the query:\n    " + query + "\n    " + " ".repeat(column) + "^";
    assertThat(run.err).contains("the query at " + spec + " line 8 (source.query) failed: ERROR: syntax error at or near \"and\"")
        .contains(excerpt);
    assertThat(Files.readString(dir.resolve("failed.json"))).contains("'${PGPASSWORD}' and and id")
        .contains(excerpt.replace("\n", "\\n"));
    assertNoSecretIn(run);
    Run history = cli("history", spec.toString(), "--json");
    assertThat(history.out).contains("\"status\" : \"FAILED\"").contains("'${PGPASSWORD}' and and id");
    assertThat(history.out + history.err).doesNotContain(PASSWORD).doesNotContain(SUFFIX);
  }

  private Path spec(String query) throws IOException {
    return Files.writeString(dir.resolve("users.yaml"), """
        name: aswritten-${SYNC_SUFFIX}
        object: user
        source:
          type: jdbc
          url: %s
          user: postgres
          password: ${PGPASSWORD}
          query: "%s"
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          endpoint: %s
        mapping:
          user_id: id
          properties:
            plan: plan
        """.formatted(PG, query, fake.baseUrl()), StandardCharsets.UTF_8);
  }

  /**
   * No output, log, report or state file holds the password. The name's variable shows in no output
   * either; the state files do hold it, as the name the state keeps the sync under.
   */
  private void assertNoSecretIn(Run run) throws IOException {
    List<String> outputs = new ArrayList<>(List.of(run.out, run.err));
    List<String> stateFiles = new ArrayList<>();
    Path state = dir.resolve(".ampsync");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.filter(Files::isRegularFile).filter(file -> !file.toString().endsWith(".yaml")).toList()) {
        (file.startsWith(state) ? stateFiles : outputs).add(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(outputs).as("stdout, stderr and the report").hasSize(3);
    assertThat(stateFiles).as("the state file and its version marker").isNotEmpty();
    for (String text : outputs) {
      assertThat(text).doesNotContain(PASSWORD).doesNotContain(SUFFIX);
    }
    for (String text : stateFiles) {
      assertThat(text).doesNotContain(PASSWORD);
    }
  }

  private record Run(int status, String out, String err) {
    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /** Runs the command line in its own JVM, the variables in its environment, logging at DEBUG. */
  private Run cli(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(Map.of("PGPASSWORD", PASSWORD, "AMPLITUDE_API_KEY", KEY, "SYNC_SUFFIX", SUFFIX));
    Path out = Files.createTempFile(dir, "cli", ".out");
    Path err = Files.createTempFile(dir, "cli", ".err");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the command line did not finish: " + String.join(" ", args));
    }
    Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return run;
  }

  private static void sql(String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(PG, "postgres", "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
