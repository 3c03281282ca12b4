package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Streaming, proven: a child JVM with {@code -Xmx128m} reads every value of a 2,000,000-row table
 * (about 10 columns, far more than 128 MB once materialized as Java objects) from PostgreSQL and
 * MariaDB, and 200,000 rows from an H2 file database; a stream closed after 10 rows returns at once
 * instead of draining the rest.
 *
 * <p>The big tables are generated on the server ({@code generate_series}, MariaDB's SEQUENCE engine
 * or a cross join of digits), under unique names, and dropped afterwards.
 */
class JdbcSourceStreamingTest {
  private static final long BIG_ROWS = 2_000_000;
  private static final long H2_ROWS = 200_000;
  private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(3);

  private static final Map<Engine, String> BIG_TABLES = new EnumMap<>(Engine.class);

  @AfterAll
  static void dropBigTables() {
    BIG_TABLES.forEach(Engine::dropTable);
  }

  // ------------------------------------------------------------------------------ whole tables

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void twoMillionRowTable_isReadCompletely_byAChildJvmWith128MbOfHeap(Engine engine) throws Exception {
    engine.assumeAvailable();
    String table = bigTable(engine);

    Map<String, String> out = runChild(engine.url(), engine.user(), engine.password(), table);

    assertThat(Long.parseLong(out.get("ROWS"))).isEqualTo(BIG_ROWS);
    assertThat(Long.parseLong(out.get("ID_SUM"))).isEqualTo(BIG_ROWS * (BIG_ROWS + 1) / 2);
    report(engine.toString(), out);
  }

  @Test
  void h2Table_isReadCompletely_byAChildJvmWith128MbOfHeap(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:file:" + dir.resolve("stream").toAbsolutePath();
    try (Connection connection = java.sql.DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE stream_rows AS SELECT CAST(X AS BIGINT) AS id,"
              + " 'user-' || LPAD(CAST(MOD(X, 100000) AS VARCHAR), 6, '0') AS user_id,"
              + " DATEADD(SECOND, X, TIMESTAMP '2024-01-01 00:00:00') AS event_time,"
              + " CAST(MOD(X, 100000) / 100.0 AS DECIMAL(12,2)) AS amount,"
              + " CASE MOD(X, 3) WHEN 0 THEN 'USD' WHEN 1 THEN 'EUR' ELSE 'GBP' END AS currency,"
              + " CASE MOD(X, 4) WHEN 0 THEN 'US' WHEN 1 THEN 'DE' WHEN 2 THEN 'FR' ELSE 'JP' END AS country,"
              + " CASE WHEN MOD(X, 5) = 0 THEN 'pro' ELSE 'free' END AS plan,"
              + " CAST(MOD(X, 7) AS INTEGER) AS quantity, 'note ' || X AS note,"
              + " CAST(MOD(X, 1000) * 0.5 AS DOUBLE PRECISION) AS score"
              + " FROM SYSTEM_RANGE(1, " + H2_ROWS + ")");
    } // closed, so that the child JVM can open the file

    Map<String, String> out = runChild(url, null, null, "stream_rows");

    assertThat(Long.parseLong(out.get("ROWS"))).isEqualTo(H2_ROWS);
    assertThat(Long.parseLong(out.get("ID_SUM"))).isEqualTo(H2_ROWS * (H2_ROWS + 1) / 2);
    report("H2 (file)", out);
  }

  // ------------------------------------------------------------------------------ early close

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void closingAfterTenRows_ofTwoMillion_returnsWithinTenSeconds(Engine engine) throws Exception {
    engine.assumeAvailable();
    String table = bigTable(engine);
    JdbcSource source = engine.source().query("SELECT * FROM " + table).build();

    RowStream stream = source.open();
    List<Object> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Row row = stream.next();
      assertThat(row).isNotNull();
      ids.add(row.get("id"));
    }
    long start = System.nanoTime();
    stream.close();
    Duration closing = Duration.ofNanos(System.nanoTime() - start);

    // PostgreSQL closes its cursor in milliseconds. MariaDB passes this bound only because draining
    // 2M narrow rows takes a few seconds: its close() drains (see the disabled BUG test below)
    System.out.printf(Locale.ROOT, "[streaming] %s: closing a stream after 10 of %,d rows took %d ms%n",
        engine, BIG_ROWS, closing.toMillis());
    assertThat(ids).hasSize(10).doesNotContainNull();
    assertThat(closing).as("closing after 10 rows (the rest is cancelled, not read)").isLessThan(Duration.ofSeconds(10));
    assertThat(stream.next()).as("a closed stream has no more rows").isNull();
    stream.close(); // idempotent
    assertNoQueryStillRunsOn(engine, table);
  }

  @Test
  void postgres_closingAfterTenRows_cancelsTheQuery_evenWhenTheRestWouldTakeHoursToProduce() throws Exception {
    Engine engine = Engine.POSTGRESQL;
    engine.assumeAvailable();

    assertEarlyCloseDoesNotDrain(engine, bigTable(engine));
  }

  @Test
  void mariaDb_closingAfterTenRows_cancelsTheQuery_evenWhenTheRestWouldTakeHoursToProduce() throws Exception {
    Engine engine = Engine.MARIADB;
    engine.assumeAvailable();

    assertEarlyCloseDoesNotDrain(engine, bigTable(engine));
  }

  @Test
  void duckDb_largeResult_isStreamed_notMaterializedInNativeMemory() throws Exception {
    Path status = Path.of("/proc/self/status");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(status), "needs Linux /proc");
    JdbcSource source = Engine.DUCKDB.source()
        .query("SELECT range AS id, 'user-' || range || '-with-some-padding' AS user_id FROM range(20000000)")
        .build();

    long before = residentKb(status);
    long during;
    try (RowStream stream = source.open()) {
      for (int i = 0; i < 10; i++) {
        assertThat(stream.next()).isNotNull();
      }
      during = residentKb(status);
    }

    System.out.printf(Locale.ROOT, "[streaming] DUCKDB: resident memory grew by %,d MB while reading 10 of 20M rows%n",
        (during - before) / 1024);
    assertThat((during - before) / 1024).as("MB of resident memory added by an open stream").isLessThan(300);
  }

  private static long residentKb(Path status) throws IOException {
    for (String line : java.nio.file.Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS in " + status);
  }

  // ------------------------------------------------------------------------------ helpers

  /**
   * Reads 10 rows of a query over the 2M-row table that takes a millisecond per row on the server
   * (about 35 minutes for all of them), then closes the stream: a cancelled query returns at once, a
   * drained one would not. When close() is still busy after 10 s the server query is killed, so
   * that a failing run ends.
   */
  private static void assertEarlyCloseDoesNotDrain(Engine engine, String table) throws Exception {
    String marker = TestDatabases.uniqueName("pause");
    String sql = engine == Engine.POSTGRESQL
        ? "SELECT t.*, pg_sleep(0.001)::text AS " + marker + " FROM " + table + " t"
        : "SELECT t.*, SLEEP(0.001) AS " + marker + " FROM " + table + " t";
    JdbcSource source = engine.source().query(sql).build();
    RowStream stream = source.open();
    for (int i = 0; i < 10; i++) {
      assertThat(stream.next()).isNotNull();
    }

    long start = System.nanoTime();
    Thread closer = new Thread(stream::close, "closer");
    closer.start();
    closer.join(10_000);
    Duration closing = Duration.ofNanos(System.nanoTime() - start);
    boolean drained = closer.isAlive();
    if (drained) {
      killQueries(engine, marker);
      closer.join(60_000);
    }

    System.out.printf(Locale.ROOT, "[streaming] %s: closing a slow 2M-row query after 10 rows took %d ms%s%n",
        engine, closing.toMillis(), drained ? " and had to be killed on the server" : "");
    assertThat(drained).as("close() was still draining the result after 10 s").isFalse();
    assertNoQueryStillRunsOn(engine, marker);
  }

  private static void killQueries(Engine engine, String marker) throws SQLException {
    String find = engine == Engine.POSTGRESQL
        ? "SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND query LIKE '%" + marker + "%'"
        : "SELECT ID FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND INFO LIKE '%" + marker + "%'";
    try (Connection connection = engine.connect(); Statement statement = connection.createStatement()) {
      List<Long> ids = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery(find)) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      for (long id : ids) {
        statement.execute(engine == Engine.POSTGRESQL ? "SELECT pg_cancel_backend(" + id + ")" : "KILL QUERY " + id);
      }
    }
  }

  /** The 2,000,000-row table on a server, created once per run. */
  private static synchronized String bigTable(Engine engine) throws SQLException {
    String existing = BIG_TABLES.get(engine);
    if (existing != null) {
      return existing;
    }
    String table = TestDatabases.uniqueName("stream_2m");
    BIG_TABLES.put(engine, table);
    long start = System.nanoTime();
    if (engine == Engine.POSTGRESQL) {
      engine.execute(
          "CREATE TABLE " + table + " AS SELECT g::bigint AS id,"
              + " 'user-' || lpad((g % 100000)::text, 6, '0') AS user_id,"
              + " timestamp '2024-01-01 00:00:00' + g * interval '1 second' AS event_time,"
              + " ((g % 100000) / 100.0)::numeric(12,2) AS amount,"
              + " (array['USD','EUR','GBP'])[1 + g % 3]::char(3) AS currency,"
              + " (array['US','DE','FR','JP'])[1 + g % 4]::varchar(2) AS country,"
              + " (case when g % 5 = 0 then 'pro' else 'free' end)::varchar(16) AS plan,"
              + " (g % 7)::int AS quantity, 'note ' || g AS note, (g % 1000) * 0.5::float8 AS score"
              + " FROM generate_series(1, " + BIG_ROWS + ") g");
    } else if (engine == Engine.MARIADB) {
      String numbers = hasSequenceEngine()
          ? "SELECT seq AS n FROM seq_1_to_" + BIG_ROWS
          : digitsCrossJoin();
      engine.execute(
          "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, user_id VARCHAR(40), event_time DATETIME,"
              + " amount DECIMAL(12,2), currency CHAR(3), country VARCHAR(2), plan VARCHAR(16), quantity INT,"
              + " note TEXT, score DOUBLE)" + engine.tableOptions()
              + " SELECT n AS id, CONCAT('user-', LPAD(n % 100000, 6, '0')) AS user_id,"
              + " TIMESTAMP '2024-01-01 00:00:00' + INTERVAL n SECOND AS event_time,"
              + " (n % 100000) / 100 AS amount, ELT(1 + n % 3, 'USD', 'EUR', 'GBP') AS currency,"
              + " ELT(1 + n % 4, 'US', 'DE', 'FR', 'JP') AS country, IF(n % 5 = 0, 'pro', 'free') AS plan,"
              + " n % 7 AS quantity, CONCAT('note ', n) AS note, (n % 1000) * 0.5 AS score"
              + " FROM (" + numbers + ") numbers");
    } else {
      throw new IllegalArgumentException(engine.toString());
    }
    System.out.printf(Locale.ROOT, "[streaming] %s: generated %,d rows in %s in %.1f s%n",
        engine, BIG_ROWS, table, (System.nanoTime() - start) / 1e9);
    return table;
  }

  private static boolean hasSequenceEngine() throws SQLException {
    try (Connection connection = Engine.MARIADB.connect();
        Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT COUNT(*) FROM information_schema.ENGINES WHERE ENGINE = 'SEQUENCE' AND SUPPORT IN ('YES', 'DEFAULT')")) {
      rs.next();
      return rs.getInt(1) > 0;
    }
  }

  /** 1..2,000,000 without the SEQUENCE engine: seven digits (the last one 0 or 1) cross joined. */
  private static String digitsCrossJoin() {
    String digits = "(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4"
        + " UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)";
    return "SELECT 1 + d0.d + 10 * d1.d + 100 * d2.d + 1000 * d3.d + 10000 * d4.d + 100000 * d5.d"
        + " + 1000000 * d6.d AS n FROM " + digits + " d0, " + digits + " d1, " + digits + " d2, " + digits + " d3, "
        + digits + " d4, " + digits + " d5, (SELECT 0 AS d UNION ALL SELECT 1) d6";
  }

  /** Runs {@link JdbcStreamingMain} in a child JVM with a 128 MB heap; returns its KEY VALUE lines. */
  private static Map<String, String> runChild(String url, String user, String password, String table)
      throws IOException, InterruptedException {
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m",
        "-cp", System.getProperty("java.class.path"),
        JdbcStreamingMain.class.getName(),
        url, user == null ? "-" : user, password == null ? "-" : password, table);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          synchronized (lines) {
            lines.add(line);
          }
        }
      } catch (IOException ignored) {
        // the process ended
      }
    });
    reader.start();
    boolean finished = process.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    reader.join(10_000);
    String output;
    synchronized (lines) {
      output = String.join("\n", lines);
    }
    assertThat(finished).as("child JVM finished within " + CHILD_TIMEOUT + "; output:\n" + output).isTrue();
    assertThat(process.exitValue()).as("child JVM exit code; output:\n" + output).isZero();
    Map<String, String> values = new HashMap<>();
    synchronized (lines) {
      for (String line : lines) {
        String[] parts = line.split(" ", 2);
        if (parts.length == 2 && parts[0].matches("[A-Z_]+")) {
          values.put(parts[0], parts[1]);
        }
      }
    }
    assertThat(values).as("child JVM output:\n" + output).containsKeys("ROWS", "ID_SUM", "ROWS_PER_SECOND");
    return values;
  }

  private static void report(String what, Map<String, String> out) {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    System.out.printf(Locale.ROOT,
        "[streaming] %s: %,d rows in %s s = %s rows/s in a child JVM with -Xmx128m (max heap %s MB, peak used %s MB);"
            + " load average %.2f on %d CPUs%n",
        what, Long.parseLong(out.get("ROWS")), out.get("SECONDS"), out.get("ROWS_PER_SECOND"),
        out.get("MAX_HEAP_MB"), out.get("PEAK_USED_HEAP_MB"), load, Runtime.getRuntime().availableProcessors());
  }

  /** Polls the server until no other session runs a query on the table (the cancelled one is gone). */
  private static void assertNoQueryStillRunsOn(Engine engine, String marker) throws Exception {
    String sql = engine == Engine.POSTGRESQL
        ? "SELECT COUNT(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND state = 'active'"
            + " AND query LIKE '%" + marker + "%'"
        : "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID()"
            + " AND INFO LIKE '%" + marker + "%'";
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int running;
    do {
      try (Connection connection = engine.connect();
          Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery(sql)) {
        rs.next();
        running = rs.getInt(1);
      }
      if (running > 0) {
        Thread.sleep(100);
      }
    } while (running > 0 && System.nanoTime() < deadline);
    assertThat(running).as("queries still running (" + marker + ") after the stream was closed").isZero();
  }
}
