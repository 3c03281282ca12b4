package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.source.Source;
import dev.ampsync.source.SourceException;
import dev.ampsync.spec.SyncSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A jdbc source of a spec shows its query and URL as the spec wrote them: {@code ${SECRET}}, never
 * its value, in its description and in a refused query's message, whose caret points at the place in
 * the text as written (a variable's value is longer or shorter than its {@code ${NAME}}); what the
 * database quotes of a variable's value is hidden too. Real PostgreSQL and MariaDB.
 */
class JdbcSourceAsWrittenTest {
  private static final String SECRET = "pg-Secret-7f3a9-long-enough";
  private static final Map<String, String> ENV = Map.of("PLAN_SECRET", SECRET, "DB_HOST", "127.0.0.1",
      "TABLE_TAIL", "(select 'u1' as id) s whre x");

  private static Source source(Engine engine, String url, String query) {
    String yaml = """
        name: aswritten
        object: user
        source:
          type: jdbc
          url: %s
          user: %s
          query: "%s"
        destination:
          api_key: aswritten-key-0001
          endpoint: http://127.0.0.1:9
        mapping:
          user_id: id
        state:
          store: none
        """.formatted(url, engine.user(), query);
    return SyncSpec.parse(yaml, "users.yaml", ENV).job().source();
  }

  @Test
  void postgresql_aSyntaxErrorAfterAVariable_isShownAsWritten_withTheCaretUnderTheWrittenPlace() {
    Engine.POSTGRESQL.assumeAvailable();
    String written = "select 'u1' as id where 'x' <> '${PLAN_SECRET}' and and 1 = 1";
    Source source = source(Engine.POSTGRESQL, Engine.POSTGRESQL.url(), written);

    SourceException e = catchThrowableOfType(source::open, SourceException.class);

    int column = written.indexOf("and and") + 4; // the second "and", 0-based
    assertThat(e.getMessage())
        .contains("the query at users.yaml line 7 (source.query) failed: ERROR: syntax error at or near \"and\"")
        .contains("at line 1, column " + (column + 1) + " of the query:\n    " + written + "\n    " + " ".repeat(column) + "^")
        .doesNotContain(SECRET);
    assertThat(source.describe()).contains("(query: " + written + ")").doesNotContain(SECRET);
  }

  @Test
  void postgresql_aValueTheDatabaseQuotes_isHidden_andTheCaretPointsAtTheWrittenLiteral() {
    Engine.POSTGRESQL.assumeAvailable();
    String written = "select '${PLAN_SECRET}'::int as id";
    Source source = source(Engine.POSTGRESQL, Engine.POSTGRESQL.url(), written);

    SourceException e = catchThrowableOfType(source::open, SourceException.class);

    assertThat(e.getMessage())
        .contains("invalid input syntax for type integer: \"${PLAN_SECRET}\"")
        .contains("\n    " + written + "\n           ^")
        .doesNotContain(SECRET);
    assertThat(e.getCause().getMessage()).doesNotContain(SECRET);
  }

  @Test
  void postgresql_aPlaceInsideAVariablesValue_pointsAtTheVariable() {
    Engine.POSTGRESQL.assumeAvailable();
    String written = "select id from ${TABLE_TAIL}";
    Source source = source(Engine.POSTGRESQL, Engine.POSTGRESQL.url(), written);

    SourceException e = catchThrowableOfType(source::open, SourceException.class);

    assertThat(e.getMessage())
        .contains("syntax error at or near \"whre\"")
        .contains("at line 1, column 16 of the query:\n    " + written + "\n    " + " ".repeat(15) + "^");
  }

  @Test
  void postgresql_theUrlIsDescribedAsWritten() {
    Engine.POSTGRESQL.assumeAvailable();
    String url = Engine.POSTGRESQL.url().replace("127.0.0.1", "${DB_HOST}");
    Source source = source(Engine.POSTGRESQL, url, "select 'u1' as id");

    assertThat(source.describe()).startsWith(url + " (query: select 'u1' as id)");
  }

  @Test
  void mariadb_theTextItQuotesAfterTheError_hidesTheVariablesValue_andTheCaretFollowsTheWrittenText() {
    Engine.MARIADB.assumeAvailable();
    String written = "select 1 as id form dual where '${PLAN_SECRET}' = 'x'";
    Source source = source(Engine.MARIADB, Engine.MARIADB.url(), written);

    SourceException e = catchThrowableOfType(source::open, SourceException.class);

    int column = written.indexOf("form");
    assertThat(e.getMessage())
        .contains("near 'form dual where '${PLAN_SECRET}' = 'x'' at line 1")
        .contains("at line 1, column " + (column + 1) + " of the query:\n    " + written + "\n    " + " ".repeat(column) + "^")
        .doesNotContain(SECRET);
  }

  @Test
  void theJavaApi_showsTheQueryItWasGiven() {
    Engine.POSTGRESQL.assumeAvailable();
    String query = "select 'u1' as id where 'x' <> '" + SECRET + "' and and 1 = 1";
    JdbcSource source = Engine.POSTGRESQL.source().query(query).build();

    SourceException e = catchThrowableOfType(source::open, SourceException.class);

    int column = query.indexOf("and and") + 4;
    assertThat(e.getMessage()).contains("\n    " + query + "\n    " + " ".repeat(column) + "^");
  }
}
