package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ampsync.jdbc.internal.StateTables.Dialect;
import dev.ampsync.jdbc.internal.SyncLogBuffer;
import dev.ampsync.jdbc.internal.SyncLogTables;
import dev.ampsync.state.RunLogEntry;
import dev.ampsync.state.StateException;
import dev.ampsync.state.SyncState;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sync logs of JdbcStateStore ({@code logs(true)}) on all four engines: what the runs and problems
 * tables hold after a commit, that they commit with the state or not at all, that a large number of
 * problems before one commit is written whole, and the README's example queries.
 */
class JdbcSyncLogsTest {
  @TempDir static Path dir;

  private static final String UNICODE = "naïve café 日本語 🎉 Ω";

  static Stream<JdbcStateStoreTest.Engine> engines() {
    return Stream.of(
        new JdbcStateStoreTest.Engine("H2", "jdbc:h2:mem:synclogs;DB_CLOSE_DELAY=-1", "sa", "", false),
        new JdbcStateStoreTest.Engine("DuckDB", "jdbc:duckdb:" + dir.resolve("logs.duckdb"), null, null, false),
        new JdbcStateStoreTest.Engine("PostgreSQL", env("AMPSYNC_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"), "postgres", null, true),
        new JdbcStateStoreTest.Engine("MariaDB", env("AMPSYNC_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"), "root", "", true));
  }

  private static JdbcStateStoreTest.Engine postgres() {
    return engines().filter(e -> e.name().equals("PostgreSQL")).findFirst().orElseThrow();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String table() {
    return "ampsync_logs_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static JdbcStateStore store(JdbcStateStoreTest.Engine engine, String table, boolean logs) {
    return JdbcStateStore.builder().url(engine.url()).user(engine.user()).password(engine.password())
        .table(table).logs(logs).build();
  }

  /** A connection of the test's own; on DuckDB with the store's settings, which a shared database requires. */
  private static Connection connect(JdbcStateStoreTest.Engine engine) throws SQLException {
    if (engine.name().equals("DuckDB")) {
      Properties streaming = new Properties();
      streaming.setProperty("jdbc_stream_results", "true");
      return DriverManager.getConnection(engine.url(), streaming);
    }
    return DriverManager.getConnection(engine.url(), engine.user(), engine.password());
  }

  private static void drop(JdbcStateStoreTest.Engine engine, String table) {
    try (Connection connection = connect(engine); Statement statement = connection.createStatement()) {
      statement.execute("drop table if exists " + table);
      statement.execute("drop table if exists " + table + "_meta");
      statement.execute("drop table if exists " + table + "_lock");
      statement.execute("drop table if exists " + table + "_runs");
      statement.execute("drop table if exists " + table + "_problems");
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }

  /** Reads a timestamp column as an instant: MariaDB's datetime(3) holds UTC, the others carry a zone. */
  private static Instant instant(JdbcStateStoreTest.Engine engine, ResultSet rs, String column) throws SQLException {
    if (engine.name().equals("MariaDB")) {
      return rs.getObject(column, LocalDateTime.class).toInstant(ZoneOffset.UTC);
    }
    return rs.getObject(column, OffsetDateTime.class).toInstant();
  }

  private static long count(JdbcStateStoreTest.Engine engine, String sql) throws SQLException {
    try (Connection connection = connect(engine); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static RunLogEntry run(String runId, Instant started, String status, String error) {
    return new RunLogEntry(runId, started, started.plusSeconds(42), status, 250, 200, 30, 1, 2, 197, error);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void problemsFromSeveralThreadsAndARun_areWrittenWithTheCommit_everyColumnIntact(JdbcStateStoreTest.Engine engine)
      throws Exception {
    engine.requireReachable();
    String table = table();
    String longReason = "HTTP 400: " + "x".repeat(20_000) + " " + UNICODE;
    Instant started = Instant.parse("2026-12-02T10:15:30.123456Z");
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    try {
      try (SyncState state = store(engine, table, true).open("users")) {
        int threads = 4;
        int perThread = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          done.add(pool.submit(() -> {
            go.await();
            for (int i = 0; i < perThread; i++) {
              state.logProblem("run-1", "user-" + thread + "-" + i, "FAILED", "timeout " + thread + "/" + i);
              state.put("user-" + thread + "-" + i, new byte[] {1});
            }
            return null;
          }));
        }
        go.countDown();
        for (Future<?> future : done) {
          future.get();
        }
        pool.shutdown();
        state.logProblem("run-1", null, "INVALID", "no user_id");
        state.logProblem("run-1", "user-" + UNICODE, "REJECTED", longReason);
        state.logRun(run("run-1", started, "PARTIAL", "partly failed: " + UNICODE));
        assertThat(count(engine, "select count(*) from " + table + "_problems")).isZero();
        state.commit();
        Instant after = Instant.now().plusMillis(1);

        assertThat(count(engine, "select count(*) from " + table + "_problems where sync_name = 'users' and run_id = 'run-1'"))
            .isEqualTo(threads * perThread + 2);
        assertThat(count(engine, "select count(*) from " + table + "_problems where outcome = 'FAILED'"))
            .isEqualTo(threads * perThread);
        assertThat(count(engine, "select count(distinct record_key) from " + table + "_problems where outcome = 'FAILED'"))
            .isEqualTo(threads * perThread);
        assertThat(state.size()).isEqualTo(threads * perThread);

        try (Connection connection = connect(engine); Statement statement = connection.createStatement()) {
          try (ResultSet rs = statement.executeQuery("select * from " + table + "_runs")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("sync_name")).isEqualTo("users");
            assertThat(rs.getString("run_id")).isEqualTo("run-1");
            assertThat(instant(engine, rs, "started_at")).isEqualTo(started.truncatedTo(ChronoUnit.MILLIS));
            assertThat(instant(engine, rs, "finished_at")).isEqualTo(started.plusSeconds(42).truncatedTo(ChronoUnit.MILLIS));
            assertThat(rs.getString("status")).isEqualTo("PARTIAL");
            assertThat(rs.getLong("rows_read")).isEqualTo(250);
            assertThat(rs.getLong("accepted")).isEqualTo(200);
            assertThat(rs.getLong("unchanged")).isEqualTo(30);
            assertThat(rs.getLong("invalid")).isEqualTo(1);
            assertThat(rs.getLong("rejected")).isEqualTo(2);
            assertThat(rs.getLong("failed")).isEqualTo(197);
            assertThat(rs.getString("error")).isEqualTo("partly failed: " + UNICODE);
            assertThat(rs.next()).isFalse();
          }
          try (ResultSet rs = statement.executeQuery(
              "select * from " + table + "_problems where outcome <> 'FAILED' order by outcome")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("sync_name")).isEqualTo("users");
            assertThat(rs.getString("run_id")).isEqualTo("run-1");
            assertThat(rs.getString("outcome")).isEqualTo("INVALID");
            assertThat(rs.getString("record_key")).isNull();
            assertThat(rs.getString("reason")).isEqualTo("no user_id");
            assertThat(instant(engine, rs, "logged_at")).isBetween(before, after);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("outcome")).isEqualTo("REJECTED");
            assertThat(rs.getString("record_key")).isEqualTo("user-" + UNICODE);
            assertThat(rs.getString("reason")).isEqualTo(longReason);
            assertThat(rs.next()).isFalse();
          }
          try (ResultSet rs = statement.executeQuery(
              "select reason from " + table + "_problems where record_key = 'user-3-249'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("timeout 3/249");
          }
        }

        // a run logged again (a retried commit) replaces its row
        state.logRun(run("run-1", started, "SUCCEEDED", null));
        state.commit();
        try (Connection connection = connect(engine); Statement statement = connection.createStatement();
            ResultSet rs = statement.executeQuery("select status, error from " + table + "_runs")) {
          assertThat(rs.next()).isTrue();
          assertThat(rs.getString("status")).isEqualTo("SUCCEEDED");
          assertThat(rs.getString("error")).isNull();
          assertThat(rs.next()).isFalse();
        }
      }
      // a second run of the sync, from a new store, appends
      try (SyncState state = store(engine, table, true).open("users")) {
        state.logProblem("run-2", "user-9", "FAILED", "boom");
        state.logRun(run("run-2", started.plusSeconds(3600), "FAILED", "boom"));
      } // close commits
      assertThat(count(engine, "select count(*) from " + table + "_runs")).isEqualTo(2);
      assertThat(count(engine, "select count(*) from " + table + "_problems where run_id = 'run-2'")).isEqualTo(1);
    } finally {
      drop(engine, table);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void logsOff_createNoTables_andWriteNothing(JdbcStateStoreTest.Engine engine) throws Exception {
    engine.requireReachable();
    String table = table();
    try {
      try (SyncState state = store(engine, table, false).open("users")) {
        state.logProblem("run-1", "user-1", "FAILED", "timeout");
        state.logRun(run("run-1", Instant.now(), "PARTIAL", null));
        state.put("user-1", new byte[] {1});
        state.commit();
        assertThat(state.size()).isEqualTo(1);
      }
      try (Connection connection = connect(engine); Statement statement = connection.createStatement()) {
        for (String logTable : List.of(table + "_runs", table + "_problems")) {
          assertThatThrownBy(() -> statement.executeQuery("select count(*) from " + logTable).close())
              .as(logTable).isInstanceOf(SQLException.class);
        }
      }
    } finally {
      drop(engine, table);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void aFailedStateCommit_leavesNoProblemsBehind_evenThoseWrittenBeforeIt(JdbcStateStoreTest.Engine engine)
      throws Exception {
    engine.requireReachable();
    String table = table();
    try {
      SyncState state = store(engine, table, true).open("users");
      try {
        // dropped before the transaction writes anything (DuckDB's snapshot would otherwise still see it)
        try (Connection other = connect(engine); Statement statement = other.createStatement()) {
          statement.execute("drop table " + table); // the state's upsert now fails
        }
        // 15,000 problems: the first 10,000 go into the open transaction before the commit
        for (int i = 0; i < 15_000; i++) {
          state.logProblem("run-1", "user-" + i, "FAILED", "timeout");
        }
        state.logRun(run("run-1", Instant.now(), "PARTIAL", null));
        state.put("user-1", new byte[] {1});
        assertThatThrownBy(state::commit).isInstanceOf(StateException.class).hasMessageContaining("cannot write state");
      } finally {
        catchThrowable(state::close); // commits again, fails again, closes the connection
      }
      assertThat(count(engine, "select count(*) from " + table + "_problems")).isZero();
      assertThat(count(engine, "select count(*) from " + table + "_runs")).isZero();
    } finally {
      drop(engine, table);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void manyProblemsBeforeOneCommit_areAllWritten(JdbcStateStoreTest.Engine engine) throws Exception {
    engine.requireReachable();
    String table = table();
    try {
      try (SyncState state = store(engine, table, true).open("events")) {
        for (int i = 0; i < 25_000; i++) {
          state.logProblem("run-1", "event-" + i, i % 2 == 0 ? "REJECTED" : "INVALID", "reason " + i);
        }
        state.logRun(run("run-1", Instant.now(), "PARTIAL", null));
        state.commit();
      }
      assertThat(count(engine, "select count(*) from " + table + "_problems where sync_name = 'events'")).isEqualTo(25_000);
      assertThat(count(engine, "select count(distinct record_key) from " + table + "_problems")).isEqualTo(25_000);
      assertThat(count(engine, "select count(*) from " + table + "_problems where outcome = 'REJECTED'")).isEqualTo(12_500);
      assertThat(count(engine, "select count(*) from " + table + "_runs")).isEqualTo(1);
    } finally {
      drop(engine, table);
    }
  }

  /** A schema-qualified state table (MariaDB: database-qualified) gets its log tables and index in that schema. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void schemaQualifiedTable_getsItsLogTablesInThatSchema(JdbcStateStoreTest.Engine engine) throws Exception {
    engine.requireReachable();
    boolean mariaDb = engine.name().equals("MariaDB");
    String schema = mariaDb ? "test" : "logs_" + table().substring("ampsync_logs_".length());
    String table = schema + "." + table();
    try (Connection connection = connect(engine)) {
      try (Statement statement = connection.createStatement()) {
        if (!mariaDb) {
          statement.execute("create schema " + schema);
        }
      }
      try {
        Dialect dialect = Dialect.of(connection);
        SyncLogTables.create(connection, dialect, table);
        SyncLogTables.create(connection, dialect, table); // again: nothing to do
        SyncLogBuffer logs = new SyncLogBuffer(table, dialect, "users");
        logs.logProblem("run-1", "user-1", "FAILED", "timeout");
        logs.logRun(run("run-1", Instant.now(), "PARTIAL", null));
        connection.setAutoCommit(false);
        logs.write(connection);
        connection.commit();
        connection.setAutoCommit(true);
        assertThat(count(engine, "select count(*) from " + table + "_problems")).isEqualTo(1);
        assertThat(count(engine, "select count(*) from " + table + "_runs")).isEqualTo(1);
      } finally {
        try (Statement statement = connection.createStatement()) {
          statement.execute("drop table if exists " + table + "_runs");
          statement.execute("drop table if exists " + table + "_problems");
          if (!mariaDb) {
            statement.execute("drop schema if exists " + schema);
          }
        }
      }
    }
  }

  /** The README's example queries, on PostgreSQL. */
  @Test
  void readmeQueries_lastRunsWithCounts_andTheLastRunsFailedKeys() throws Exception {
    JdbcStateStoreTest.Engine engine = postgres();
    engine.requireReachable();
    String table = table();
    Instant start = Instant.parse("2026-12-01T00:00:00Z");
    try {
      for (int r = 1; r <= 12; r++) {
        try (SyncState state = store(engine, table, true).open("users")) {
          state.logProblem("run-" + r, "user-a", "FAILED", "timeout in run " + r);
          state.logProblem("run-" + r, "user-b", "REJECTED", "invalid user_id");
          if (r == 12) {
            state.logProblem("run-" + r, "user-c", "FAILED", "HTTP 503");
          }
          state.logRun(run("run-" + r, start.plusSeconds(3600L * r), r == 12 ? "PARTIAL" : "SUCCEEDED", null));
        }
      }
      try (SyncState other = store(engine, table, true).open("devices")) {
        other.logProblem("run-x", "device-1", "FAILED", "elsewhere");
        other.logRun(run("run-x", start.plusSeconds(3600L * 100), "FAILED", "elsewhere"));
      }

      String lastRuns = """
          select run_id, started_at, finished_at, status, rows_read, accepted, unchanged,
                 invalid, rejected, failed, error
          from TABLE_runs
          where sync_name = ?
          order by started_at desc
          limit 10""".replace("TABLE", table);
      String lastRunFailures = """
          select p.record_key, p.reason
          from TABLE_problems p
          where p.sync_name = ?
            and p.outcome = 'FAILED'
            and p.run_id = (select r.run_id from TABLE_runs r
                            where r.sync_name = p.sync_name
                            order by r.started_at desc
                            limit 1)
          order by p.record_key""".replace("TABLE", table);
      try (Connection connection = connect(engine)) {
        List<String> runIds = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(lastRuns)) {
          query.setString(1, "users");
          try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
              runIds.add(rs.getString("run_id") + ":" + rs.getString("status") + ":" + rs.getLong("failed"));
            }
          }
        }
        assertThat(runIds).hasSize(10).startsWith("run-12:PARTIAL:197", "run-11:SUCCEEDED:197").endsWith("run-3:SUCCEEDED:197");
        Map<String, String> failures = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(lastRunFailures)) {
          query.setString(1, "users");
          try (ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
              failures.put(rs.getString("record_key"), rs.getString("reason"));
            }
          }
        }
        assertThat(failures).containsOnly(Map.entry("user-a", "timeout in run 12"), Map.entry("user-c", "HTTP 503"));
      }
    } finally {
      drop(engine, table);
    }
  }
}
