package dev.ampsync.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The place a database's message names, found in the query, and the lines that show it. */
class QueryErrorsTest {
  private static final String MARIADB = "You have an error in your SQL syntax; check the manual that corresponds to your"
      + " MariaDB server version for the right syntax to use near '%s' at line %d";

  @Test
  void postgresqlsPosition_isACodePointOffsetIntoTheStatement() {
    String query = "select 'é', plan frm users";

    assertThat(QueryErrors.placeIn("ERROR: syntax error at or near \"users\"\n  Position: 22", query, 0, query))
        .isEqualTo(query.indexOf("users"));
  }

  @Test
  void mariadbsNearText_isTheRestOfTheStatement_soARepeatedWordIsToldApart() {
    String query = "select id from users where id = id id";

    assertThat(QueryErrors.placeIn(MARIADB.formatted("id", 1), query, 0, query)).isEqualTo(query.lastIndexOf("id"));
  }

  @Test
  void mariadbsNearText_cutShort_matchesWhereTheStatementGoesOnWithIt() {
    String query = "select id,\n  plan frm users where id > 1 and plan = (select plan from users limit 1) order by id, plan, id";
    String cut = query.substring(query.indexOf("users"), query.indexOf("users") + 80) + "...";

    assertThat(QueryErrors.placeIn(MARIADB.formatted(cut, 2), query, 0, query)).isEqualTo(query.indexOf("users"));
  }

  @Test
  void mariadbsEmptyNearText_isTheEndOfTheStatement() {
    String query = "select id\nfrom users where\n\n";

    assertThat(QueryErrors.placeIn(MARIADB.formatted("", 3), query, 0, query)).isEqualTo(query.indexOf("where") + 5);
  }

  @Test
  void mariadbsNearText_inAWrappedStatement_isFoundInTheUsersQuery() {
    String query = "select id\nfrm users";
    String statement = "select * from (" + query + ") w where w.id > ?";

    assertThat(QueryErrors.placeIn(MARIADB.formatted("users) w where w.id > '2024-01-01 00:00:00'", 2), statement,
        "select * from (".length(), query)).isEqualTo(query.indexOf("users"));
  }

  @Test
  void aMessageNamingNoPlace_pointsNowhere() {
    assertThat(QueryErrors.placeIn("ERROR: permission denied for table users", "select 1", 0, "select 1")).isEqualTo(-1);
    assertThat(QueryErrors.pointAt("ERROR: permission denied for table users", "select 1", 0, "select 1")).isEmpty();
  }

  @Test
  void withoutPosition_dropsPostgresqlsPositionLine_only() {
    assertThat(QueryErrors.withoutPosition("ERROR: syntax error at or near \"u\"\n  Position: 21"))
        .isEqualTo("ERROR: syntax error at or near \"u\"");
    assertThat(QueryErrors.withoutPosition("ERROR: column \"x\" does not exist\n  Hint: Perhaps you meant \"y\".\n  Position: 8"))
        .isEqualTo("ERROR: column \"x\" does not exist\n  Hint: Perhaps you meant \"y\".");
    assertThat(QueryErrors.withoutPosition("ERROR: Position: 21 is a column name")).isEqualTo("ERROR: Position: 21 is a column name");
  }

  @Test
  void excerpt_namesWhereTheLineWasWritten_whenThatIsKnown() {
    String query = "select id,\n  plan\nfrm users";

    assertThat(QueryErrors.excerpt(query, query.indexOf("users"), line -> "users.yaml line " + (7 + line)))
        .isEqualTo("\n  at line 3, column 5 of the query (users.yaml line 10):\n    frm users\n        ^");
    assertThat(QueryErrors.excerpt(query, query.indexOf("users")))
        .isEqualTo("\n  at line 3, column 5 of the query:\n    frm users\n        ^");
  }
}
