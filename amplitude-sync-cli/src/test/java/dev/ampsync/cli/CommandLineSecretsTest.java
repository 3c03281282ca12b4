package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets from the environment never show: a URL password holding {@code ;} (once printed up to the
 * {@code ;} on every run's first line), a secret used in a key that is not secret ({@code region:
 * ${PGPASSWORD}} once printed the password in "is not a region"), and the API key. Every output of a
 * failing and of a succeeding run is scanned: stdout, stderr, the log and the report. The source is the
 * local PostgreSQL, whose trust authentication ignores the password.
 */
class CommandLineSecretsTest {
  private static final String KEY = "fake-key-secrets-7c1d";
  /** A password holding what once cut redaction short: ; & @ a quote and percent-encoding. */
  private static final String PASSWORD = "pw-S3CR;TAIL&x@y'z%41";
  private static final List<String> SECRET_PARTS = List.of(KEY, PASSWORD, "S3CR", "TAIL", "x@y'z");
  private static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final String TABLE = "i15spec_secret_users";

  @TempDir Path dir;
  private FakeAmplitude fake;
  private final Map<String, String> env = new HashMap<>();
  private final List<String> outputs = new ArrayList<>();

  @BeforeEach
  void setUp() throws SQLException {
    fake = FakeAmplitude.builder().apiKey(KEY).start();
    sql("drop table if exists " + TABLE, "create table " + TABLE + " (id varchar(40) primary key, plan varchar(20))",
        "insert into " + TABLE + " values ('user-00001', 'pro'), ('user-00002', 'free')");
    env.put("AMPLITUDE_API_KEY", KEY);
    env.put("PGPASSWORD", PASSWORD);
  }

  @AfterEach
  void tearDown() throws SQLException {
    fake.close();
    sql("drop table if exists " + TABLE);
  }

  @Test
  void aUrlPasswordHoldingASemicolon_isRedactedWhole_onTheFirstLine_andNowhereElse() throws IOException {
    Path spec = write("users.yaml", spec(PG + "?user=postgres&password=${PGPASSWORD}&ApplicationName=i15", "region: us\n  endpoint: " + fake.baseUrl()));

    Run run = cli("run", spec.toString(), "--report", dir.resolve("ok.json").toString());

    assertThat(run.status).as(run.toString()).isZero();
    assertThat(fake.users()).hasSize(2);
    assertThat(run.err.lines().findFirst().orElseThrow())
        .startsWith("sync secrets: users from " + PG + "?user=postgres&password=<redacted>&ApplicationName=i15");
    assertNoSecretIn(run);
  }

  @Test
  void aSecretUsedInANonSecretKey_isQuotedAsWritten_inTheErrorAndTheReport() throws IOException {
    Path spec = write("users.yaml", spec(PG + "?user=postgres&password=${PGPASSWORD}", "region: ${PGPASSWORD}"));
    Path report = dir.resolve("failed.json");

    Run run = cli("run", spec.toString(), "--report", report.toString());

    assertThat(run.status).as(run.toString()).isEqualTo(1);
    assertThat(run.err).contains("destination.region: '${PGPASSWORD}' (from the environment) is not a region; use us or eu");
    assertThat(Files.readString(report)).contains("'${PGPASSWORD}' (from the environment)");
    assertNoSecretIn(run);
  }

  @Test
  void aRunThatCannotReachItsDatabase_namesItWithoutThePassword() throws IOException {
    Path spec = write("users.yaml",
        spec("jdbc:postgresql://127.0.0.1:5432/i15_no_such_db?user=postgres&password=${PGPASSWORD}", "endpoint: " + fake.baseUrl()));

    Run run = cli("run", spec.toString(), "--report", dir.resolve("unreachable.json").toString());

    assertThat(run.status).as(run.toString()).isEqualTo(1);
    assertThat(run.err).contains("i15_no_such_db?user=postgres&password=<redacted>");
    assertNoSecretIn(run);
  }

  private void assertNoSecretIn(Run run) throws IOException {
    List<String> texts = new ArrayList<>(List.of(run.out, run.err, run.log));
    try (var files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        texts.add(Files.readString(file));
      }
    }
    for (String text : texts) {
      for (String secret : SECRET_PARTS) {
        assertThat(text).as("no output holds %s", secret).doesNotContain(secret);
      }
    }
  }

  private String spec(String url, String destination) {
    return """
        name: secrets
        object: user
        source:
          type: jdbc
          url: %s
          password: ${PGPASSWORD}
          query: select id, plan from %s order by id
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          %s
        mapping:
          user_id: id
          properties:
            plan: plan
        state:
          store: none
        """.formatted(url, TABLE, destination);
  }

  private record Run(int status, String out, String err, String log) {
    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err + "\n--- log\n" + log;
    }
  }

  /** Runs the command line, capturing the log too (slf4j-simple writes to the current System.err). */
  private Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    PrintStream systemErr = System.err;
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream l = new PrintStream(log, true, StandardCharsets.UTF_8)) {
      System.setErr(l);
      status = Main.run(args, Map.copyOf(env), o, e, false);
    } finally {
      System.setErr(systemErr);
    }
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
        log.toString(StandardCharsets.UTF_8));
  }

  private Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml, StandardCharsets.UTF_8);
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
