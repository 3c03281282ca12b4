package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.source.SourceException;
import dev.ampsync.spec.SyncSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A query the database refuses names where it was written (the spec's file and the line of {@code
 * source.query}) and shows the query's line with a caret under the place the database names; a URL
 * no driver takes lists the drivers on the class path. Real PostgreSQL and MariaDB.
 */
class JdbcQueryErrorMessagesTest {
  /** The syntax error comes first, so the table need not exist. */
  private static final String pgTable = "qerr_users";

  /** Three lines; the typo "whre" starts at column 18 of line 3. */
  private static String badQuery(String table) {
    return "select id,\n       plan\n  from " + table + " whre id > '0'";
  }

  @Test
  void postgresql_syntaxError_pointsAtThePositionInTheQuery() {
    Engine.POSTGRESQL.assumeAvailable();
    String query = badQuery(pgTable);
    JdbcSource source = Engine.POSTGRESQL.source().query(query).origin("users.yaml line 9 (source.query)").build();

    SourceException e = catchThrowableOfType(source::open, SourceException.class);

    String line = "  from " + pgTable + " whre id > '0'";
    int column = line.indexOf("whre") + 1;
    assertThat(e.getMessage())
        .startsWith("cannot read " + Engine.POSTGRESQL.url() + ": the query at users.yaml line 9 (source.query) failed:"
            + " ERROR: syntax error at or near \"id\"\n  at line 3")
        .as("the caret says where: no Position line, no second copy of the query")
        .doesNotContain("Position:").doesNotContain("(query: ")
        .contains("at line 3, column " + (column + 5) + " of the query:\n    " + line + "\n    " + " ".repeat(column + 4) + "^");
  }

  @Test
  void postgresql_aPositionPastTheFirstLine_inAWatermarkedQuery_stillPointsIntoTheUsersQuery() {
    Engine.POSTGRESQL.assumeAvailable();
    // openAfter wraps the query; the position PostgreSQL reports is into the wrapped statement.
    String query = "  select id, plan\n  from (select 'x' as id, 'y' as plan) s\n  where plan = nope";
    JdbcSource source = Engine.POSTGRESQL.source().query(query).build();

    SourceException e = catchThrowableOfType(() -> source.openAfter("id", java.time.Instant.EPOCH), SourceException.class);

    assertThat(e.getMessage()).contains("column \"nope\" does not exist")
        .contains("at line 3, column 16 of the query:\n      where plan = nope\n                   ^");
  }

  @Test
  void postgresql_throughASpec_theRunsErrorNamesTheSpecFileAndLine() {
    Engine.POSTGRESQL.assumeAvailable();
    String yaml = """
        name: qerr
        object: user
        source:
          type: jdbc
          url: %s
          user: %s
          query: |
            select id,
                   plan
              from %s whre id > '0'
        destination:
          api_key: qerr-key-0001
          endpoint: http://127.0.0.1:9
        mapping:
          user_id: id
        state:
          store: none
        """.formatted(Engine.POSTGRESQL.url(), Engine.POSTGRESQL.user(), pgTable);

    SyncResult result = AmplitudeSync.preview(SyncSpec.parse(yaml, "users.yaml", Map.of()).job());

    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    String line = "  from " + pgTable + " whre id > '0'";
    int column = line.indexOf("whre id") + "whre ".length(); // PostgreSQL takes "whre" for an alias
    assertThat(result.error().orElseThrow())
        .contains("the query at users.yaml line 7 (source.query) failed: ERROR: syntax error")
        .as("the block's third line is the spec's line 10")
        .contains("at line 3, column " + (column + 1) + " of the query (users.yaml line 10):\n    " + line
            + "\n    " + " ".repeat(column) + "^");
  }

  @Test
  void mariadb_syntaxError_pointsAtTheTextItNames() {
    Engine.MARIADB.assumeAvailable();
    JdbcSource source = Engine.MARIADB.source().query("select 1 as id,\n  2 as plan\n  form dual").origin("m.yaml line 3 (source.query)").build();

    SourceException e = catchThrowableOfType(source::open, SourceException.class);

    assertThat(e.getMessage()).contains("the query at m.yaml line 3 (source.query) failed: ")
        .contains("near 'form dual' at line 3")
        .contains("at line 3, column 3 of the query:\n      form dual\n      ^");
  }

  @Test
  void mariadb_aWordTwiceOnTheLine_theCaretIsWhereTheRestOfTheStatementStarts() {
    Engine.MARIADB.assumeAvailable();
    String query = "select 1 as id from dual where id = id id";
    JdbcSource source = Engine.MARIADB.source().query(query).build();

    SourceException e = catchThrowableOfType(source::open, SourceException.class);

    int column = query.lastIndexOf("id");
    assertThat(e.getMessage()).contains("near 'id' at line 1")
        .endsWith("at line 1, column " + (column + 1) + " of the query:\n    " + query + "\n    " + " ".repeat(column) + "^");
  }

  @Test
  void mariadb_anUnfinishedQuery_theCaretIsAtItsEnd() {
    Engine.MARIADB.assumeAvailable();
    String query = "select 1 as id\nfrom dual where\n";
    JdbcSource source = Engine.MARIADB.source().query(query).build();

    SourceException e = catchThrowableOfType(source::open, SourceException.class);

    assertThat(e.getMessage()).contains("near ''")
        .endsWith("at line 2, column 16 of the query:\n    from dual where\n    " + " ".repeat(15) + "^");
  }

  @Test
  void aConnectionFailure_isNotBlamedOnTheQuery() {
    JdbcSource source = JdbcSource.builder().url("jdbc:postgresql://127.0.0.1:1/test").query("select 1").origin("x.yaml line 3 (source.query)").build();

    SourceException e = catchThrowableOfType(source::open, SourceException.class);

    assertThat(e.getMessage()).doesNotContain("source.query").doesNotContain("the query");
  }

  @Test
  void noSuitableDriver_listsTheDriversOnTheClassPath_andTheirUrlPrefixes() {
    JdbcSource source = JdbcSource.builder().url("jdbc:postgres://127.0.0.1:5432/test?password=" + TestDatabases.SECRET)
        .query("select 1").build();

    SourceException e = catchThrowableOfType(source::open, SourceException.class);

    assertThat(e.getMessage())
        .contains("No suitable driver")
        .contains("the URL's prefix 'jdbc:postgres:' matches none of the JDBC drivers on the class path: ")
        .contains("org.postgresql.Driver (jdbc:postgresql:)")
        .contains("org.h2.Driver (jdbc:h2:)")
        .contains("org.mariadb.jdbc.Driver (jdbc:mariadb:")
        .contains("add the database's JDBC driver jar")
        .doesNotContain(TestDatabases.SECRET);
  }
}
