package dev.ampsync.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates the benchmark tables in PostgreSQL with {@code generate_series}, once: a table whose
 * comment says it is complete with the right row count is reused.
 */
final class Tables {
  private final String url;
  private final String user;

  Tables(String url, String user) {
    this.url = url;
    this.user = user;
  }

  static String eventsTable(long rows) {
    return "ampsync_bench_events_" + rows;
  }

  static String usersTable(long rows) {
    return "ampsync_bench_users_" + rows;
  }

  /** Ensures the events table of {@code rows} rows exists; returns seconds spent generating (0 if reused). */
  double ensureEvents(long rows) throws SQLException {
    return ensure(eventsTable(rows), rows, Fixtures.eventsDdl(eventsTable(rows), rows));
  }

  double ensureUsers(long rows) throws SQLException {
    return ensure(usersTable(rows), rows, Fixtures.usersDdl(usersTable(rows), rows));
  }

  private double ensure(String table, long rows, String ddl) throws SQLException {
    String marker = "ampsync-bench complete rows=" + rows;
    try (Connection c = DriverManager.getConnection(url, user, null); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("select obj_description(to_regclass('" + table + "'), 'pg_class')")) {
        rs.next();
        if (marker.equals(rs.getString(1))) {
          System.out.printf("table %s: reused (%,d rows)%n", table, rows);
          return 0;
        }
      }
      System.out.printf("table %s: generating %,d rows with generate_series ...%n", table, rows);
      long started = System.nanoTime();
      s.execute("drop table if exists " + table);
      for (String statement : ddl.split(";\n")) {
        s.execute(statement);
      }
      double insertSeconds = (System.nanoTime() - started) / 1e9;
      s.execute("vacuum (freeze, analyze) " + table);
      s.execute("comment on table " + table + " is '" + marker + "'");
      double seconds = (System.nanoTime() - started) / 1e9;
      try (ResultSet rs = s.executeQuery("select pg_size_pretty(pg_total_relation_size('" + table + "'))")) {
        rs.next();
        System.out.printf("table %s: generated %,d rows in %.1f s (insert %.1f s, vacuum freeze analyze %.1f s), %s%n",
            table, rows, seconds, insertSeconds, seconds - insertSeconds, rs.getString(1));
      }
      return seconds;
    }
  }
}
