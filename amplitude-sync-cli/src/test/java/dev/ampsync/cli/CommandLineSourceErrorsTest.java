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
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command line says when the source fails, run as a user runs it (in-process, through
 * {@link Main#run}): a query the database refuses names the spec's file and the line of {@code
 * source.query} and shows the query once, its line with a caret under the place (a block's line by
 * its own spec line), without PostgreSQL's {@code Position: N}; a URL no driver takes lists the
 * drivers on the class path; a mapped column the source does not return names the file and line of
 * its mapping key, in {@code run}, {@code preview} and {@code validate --connect}. Exit statuses,
 * stdout and stderr are checked apart. Real PostgreSQL (and MariaDB for its syntax errors); skipped
 * when they do not answer, unless {@code AMPSYNC_REQUIRE_SERVERS=1}.
 */
class CommandLineSourceErrorsTest {
  private static final String KEY = "fake-key-srcerrors-41c7";
  /** Unique per JVM, so parallel builds on the same server do not share it. */
  private static final String TABLE = "i18_srcerr_" + ProcessHandle.current().pid();

  @TempDir Path dir;
  private FakeAmplitude fake;

  @BeforeEach
  void setUp() throws SQLException {
    TestServers.assumeAnswers(TestServers.POSTGRESQL, "postgres");
    fake = FakeAmplitude.builder().apiKey(KEY).start();
    postgres("drop table if exists " + TABLE, "create table " + TABLE + " (id varchar(40) primary key, plan varchar(20))",
        "insert into " + TABLE + " values ('user-00001', 'pro')");
  }

  @AfterEach
  void tearDown() throws SQLException {
    if (fake != null) {
      fake.close();
      postgres("drop table if exists " + TABLE);
    }
  }

  // ------------------------------------------------------------------------------ refused queries

  @Test
  void aSyntaxErrorInAOneLineQuery_namesTheSpecLine_andShowsTheQueryOnceWithACaret() throws IOException {
    String query = "select id, plan frm " + TABLE;
    Path spec = spec(TestServers.POSTGRESQL, "postgres", " " + query, "plan");

    InProcessCli.Result run = cli("run", spec.toString());

    assertThat(run.status()).as(run.toString()).isEqualTo(1);
    int column = query.indexOf(TABLE); // "frm" reads as an alias: PostgreSQL stops at the table
    String error = "cannot read " + TestServers.POSTGRESQL + ": the query at " + spec + " line 7 (source.query) failed:"
        + " ERROR: syntax error at or near \"" + TABLE + "\"\n"
        + "  at line 1, column " + (column + 1) + " of the query:\n"
        + "    " + query + "\n"
        + "    " + " ".repeat(column) + "^";
    assertThat(errorOn(run.err())).isEqualTo(error);
    assertThat(run.out()).as("the report on stdout").contains("  status     FAILED").contains("  error      " + error + "\n");
    assertThat(run.out() + run.err()).doesNotContain("Position:");
    assertThat(occurrences(errorOn(run.err()), query)).as("the query shown once").isEqualTo(1);
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aSyntaxErrorInABlockQuery_pointsAtTheBlocksLine_andNamesItsSpecLine() throws IOException {
    Path spec = spec(TestServers.POSTGRESQL, "postgres", " |\n    select id,\n      plan\n    frm " + TABLE, "plan");

    InProcessCli.Result run = cli("run", spec.toString());
    InProcessCli.Result validate = cli("validate", spec.toString(), "--connect");

    String error = "cannot read " + TestServers.POSTGRESQL + ": the query at " + spec + " line 7 (source.query) failed:"
        + " ERROR: syntax error at or near \"" + TABLE + "\"\n"
        + "  at line 3, column 5 of the query (" + spec + " line 10):\n"
        + "    frm " + TABLE + "\n"
        + "        ^";
    assertThat(run.status()).as(run.toString()).isEqualTo(1);
    assertThat(errorOn(run.err())).isEqualTo(error);
    assertThat(run.out()).contains("  error      " + error + "\n");
    assertThat(validate.status()).as(validate.toString()).isEqualTo(1);
    assertThat(validate.out()).isEmpty();
    assertThat(validate.err()).as("the file named where the error names it, not before it too").isEqualTo("error: " + error + "\n");
    assertThat(run.out() + run.err() + validate.err()).doesNotContain("Position:");
    assertThat(run.err().lines().filter(line -> line.contains("(query: select")))
        .as("the query's one-line copy is on the run's first line only, not in its error")
        .containsExactly("sync srcerr: users from " + TestServers.POSTGRESQL + " (query: select id, plan frm " + TABLE + ")");
  }

  @Test
  void aSyntaxErrorOnMariaDb_isPlacedByTheRestOfTheStatementItQuotes() throws IOException {
    TestServers.assumeAnswers(TestServers.MARIADB, "root");
    // "id" twice on the line: MariaDB's "near 'id'" is the rest of the statement, so the second one.
    Path spec = spec(TestServers.MARIADB, "root", " |\n    select id, plan\n    from " + TABLE + "\n    where id = id id", "plan");

    InProcessCli.Result validate = cli("validate", spec.toString(), "--connect");
    InProcessCli.Result preview = cli("preview", spec.toString());

    assertThat(validate.status()).as(validate.toString()).isEqualTo(1);
    assertThat(validate.out()).isEmpty();
    assertThat(validate.err()).startsWith("error: cannot read " + TestServers.MARIADB + ": the query at " + spec
            + " line 7 (source.query) failed: ")
        .contains("right syntax to use near 'id' at line 3\n")
        .endsWith("  at line 3, column 15 of the query (" + spec + " line 10):\n"
            + "    where id = id id\n"
            + "    " + " ".repeat("where id = id ".length()) + "^\n");
    assertThat(preview.status()).as(preview.toString()).isEqualTo(1);
    assertThat(preview.out()).contains("  status     FAILED");
    assertThat(withoutConnectionId(errorOn(preview.err()))).as("preview says what validate says")
        .isEqualTo(withoutConnectionId(errorOn(validate.err())));
  }

  // ------------------------------------------------------------------------------ no driver

  @Test
  void aUrlNoDriverTakes_listsTheDriversOnTheClassPath() throws IOException {
    String url = "jdbc:postgres://127.0.0.1:5432/test";
    Path spec = spec(url, "postgres", " select id, plan from " + TABLE, "plan");

    InProcessCli.Result run = cli("run", spec.toString());
    InProcessCli.Result validate = cli("validate", spec.toString(), "--connect");

    assertThat(run.status()).as(run.toString()).isEqualTo(1);
    assertThat(errorOn(run.err())).startsWith("cannot read " + url + " (query: select id, plan from " + TABLE + "): No suitable driver")
        .contains("the URL's prefix 'jdbc:postgres:' matches none of the JDBC drivers on the class path: ")
        .contains("org.postgresql.Driver (jdbc:postgresql:)")
        .contains("org.mariadb.jdbc.Driver (jdbc:mariadb:");
    assertThat(run.out()).contains("  status     FAILED").contains("org.postgresql.Driver (jdbc:postgresql:)");
    assertThat(validate.status()).as(validate.toString()).isEqualTo(1);
    assertThat(validate.out()).isEmpty();
    assertThat(validate.err()).as("this error names no spec line: the file comes first")
        .isEqualTo("error: " + spec + ": " + errorOn(run.err()) + "\n");
  }

  // ------------------------------------------------------------------------------ missing columns

  @Test
  void aMappedColumnTheSourceDoesNotReturn_namesTheFileAndLineOfItsKey_inRunPreviewAndValidate() throws IOException {
    Path spec = spec(TestServers.POSTGRESQL, "postgres", " select id, plan from " + TABLE, "plann");
    String error = spec + " line 14 (mapping.properties.plan): names column 'plann', which the source does not return;"
        + " its columns are: id, plan";

    InProcessCli.Result run = cli("run", spec.toString());
    InProcessCli.Result preview = cli("preview", spec.toString());
    InProcessCli.Result validate = cli("validate", spec.toString(), "--connect");

    for (InProcessCli.Result result : new InProcessCli.Result[] {run, preview}) {
      assertThat(result.status()).as(result.toString()).isEqualTo(1);
      assertThat(errorOn(result.err())).isEqualTo(error);
      assertThat(result.out()).contains("  status     FAILED").contains("  error      " + error + "\n");
    }
    assertThat(preview.out()).contains("(preview: nothing was sent)");
    assertThat(validate.status()).as(validate.toString()).isEqualTo(1);
    assertThat(validate.out()).isEmpty();
    assertThat(validate.err()).isEqualTo("error: " + error + "\n");
    assertThat(fake.requests()).isEmpty();
  }

  // ------------------------------------------------------------------------------ helpers

  private InProcessCli.Result cli(String... args) {
    return InProcessCli.run(Map.of("AMPLITUDE_API_KEY", KEY), false, args);
  }

  /** The error a run prints on stderr after {@code error: }, to the end (it may span lines). */
  private static String errorOn(String err) {
    int at = err.indexOf("error: ");
    assertThat(at).as("an error on stderr: " + err).isGreaterThanOrEqualTo(0);
    return err.substring(at + "error: ".length()).stripTrailing();
  }

  /** MariaDB's message starts with the connection's id, {@code (conn=12)}, which differs between runs. */
  private static String withoutConnectionId(String message) {
    return message.replaceFirst("\\(conn=\\d+\\) ", "");
  }

  private static int occurrences(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  /**
   * A user sync whose {@code source.query} is on line 7: {@code query} is what follows {@code query:}
   * (a one-line query after a space, or {@code " |"} and the block's lines); {@code plan} the column
   * {@code mapping.properties.plan} names, on line 14 after a one-line query.
   */
  private Path spec(String url, String user, String query, String plan) throws IOException {
    String yaml = "name: srcerr\n"
        + "object: user\n"
        + "source:\n"
        + "  type: jdbc\n"
        + "  url: " + url + "\n"
        + "  user: " + user + "\n"
        + "  query:" + query + "\n"
        + "destination:\n"
        + "  api_key: ${AMPLITUDE_API_KEY}\n"
        + "  endpoint: " + fake.baseUrl() + "\n"
        + "mapping:\n"
        + "  user_id: id\n"
        + "  properties:\n"
        + "    plan: " + plan + "\n"
        + "state:\n"
        + "  store: none\n";
    return Files.writeString(dir.resolve("users.yaml"), yaml, StandardCharsets.UTF_8);
  }

  private static void postgres(String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(TestServers.POSTGRESQL, "postgres", "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
