package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 on MariaDB: its zero dates ({@code '0000-00-00'}, allowed when {@code sql_mode} lacks
 * NO_ZERO_DATE) are no date at all; reading them must not fail the read, nor turn into a date.
 */
class JdbcZeroDatesTest {
  private static final Engine MARIADB = Engine.MARIADB;
  private String table;

  @AfterEach
  void drop() {
    MARIADB.dropTable(table);
  }

  @Test
  void zeroDates_areReadWithoutFailing_andNeverAsADate() throws Exception {
    MARIADB.assumeAvailable();
    table = "i15v_" + TestDatabases.uniqueName("zero");
    MARIADB.execute("CREATE TABLE " + table + " (id VARCHAR(40), day DATE, at DATETIME(6))");
    MARIADB.execute("SET SESSION sql_mode = ''",
        "INSERT INTO " + table + " VALUES ('user-zero', '0000-00-00', '0000-00-00 00:00:00')",
        "INSERT INTO " + table + " VALUES ('user-good', '2024-03-01', '2024-03-01 12:30:00.123')");

    List<Object[]> rows = new ArrayList<>();
    try (RowStream stream = MARIADB.source().query("SELECT id, day, at FROM " + table + " ORDER BY id").build().open()) {
      for (Row row = stream.next(); row != null; row = stream.next()) {
        rows.add(new Object[] {row.get("id"), row.get("day"), row.get("at")});
      }
    }

    assertThat(rows).hasSize(2);
    assertThat(rows.get(0)).containsExactly("user-good", LocalDate.of(2024, 3, 1), Instant.parse("2024-03-01T12:30:00.123Z"));
    // MariaDB Connector/J 3 returns NULL for a zero date: no date, so the property is left out
    assertThat(rows.get(1)).containsExactly("user-zero", null, null);
  }
}
