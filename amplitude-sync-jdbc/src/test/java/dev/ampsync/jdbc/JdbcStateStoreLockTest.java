package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.jdbc.JdbcStateStoreTest.Engine;
import dev.ampsync.jdbc.internal.RunLock;
import dev.ampsync.state.StateException;
import dev.ampsync.state.SyncState;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One run per sync at a time (issue 15): two stores on separate connections, as two processes would
 * have, open the same sync of the same tables on all four engines.
 */
class JdbcStateStoreLockTest {
  private static final Pattern REFUSAL = Pattern.compile(
      "sync 'orders' is already running: another run has held its state since (\\S+Z) \\(host (.+), pid (\\d+)\\)\\."
          + " One run per sync at a time; this run sent nothing\\.");

  @TempDir static Path dir;

  static Stream<Engine> engines() {
    return Stream.of(
        new Engine("H2", "jdbc:h2:mem:lock;DB_CLOSE_DELAY=-1", "sa", "", false),
        new Engine("DuckDB", "jdbc:duckdb:" + dir.resolve("lock.duckdb"), null, null, false),
        postgresql(),
        mariadb());
  }

  private static Engine postgresql() {
    return new Engine("PostgreSQL", env("AMPSYNC_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"), "postgres", null, true);
  }

  private static Engine mariadb() {
    return new Engine("MariaDB", env("AMPSYNC_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"), "root", "", true);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String table() {
    return "ampsync_lock_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void secondOpenOfALockedSync_failsAtOnce_sayingSinceWhenAndWho_andSucceedsAfterTheFirstCloses(Engine engine) {
    engine.requireReachable();
    String table = table();
    try {
      Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      SyncState first = engine.store(table).open("orders");
      Instant after = Instant.now();
      try {
        first.put("order-1", new byte[] {1});
        first.commit();
        StateException refused = catchRefusal(engine.store(table), "orders");
        Matcher matcher = REFUSAL.matcher(refused.getMessage());
        assertThat(matcher.matches()).as(refused.getMessage()).isTrue();
        assertThat(Instant.parse(matcher.group(1))).isBetween(before, after);
        assertThat(matcher.group(2)).isNotBlank();
        assertThat(Long.parseLong(matcher.group(3))).isEqualTo(ProcessHandle.current().pid());
      } finally {
        first.close();
      }
      try (SyncState next = engine.store(table).open("orders")) {
        assertThat(next.get("order-1")).containsExactly(1);
      }
    } finally {
      drop(engine, table);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void holderWhoseConnectionsDie_releasesTheLock_andItsStaleHolderRowDoesNotBlock(Engine engine) throws Exception {
    engine.requireReachable();
    String table = table();
    try {
      SyncState crashed = engine.store(table).open("orders");
      crashed.put("order-1", new byte[] {1});
      crashed.commit();
      abandon(crashed);
      awaitReleased(engine, table, "orders");

      try (Connection connection = connect(engine); Statement statement = connection.createStatement()) {
        // make the crashed holder's row recognizably stale
        statement.executeUpdate("update " + table + "_lock set since_utc = '2001-01-01T00:00:00Z', host = 'gone', pid = 1"
            + " where sync_name = 'orders' and row_kind = 'holder'");
      }
      try (SyncState next = engine.store(table).open("orders")) {
        assertThat(next.get("order-1")).containsExactly(1);
        StateException refused = catchRefusal(engine.store(table), "orders");
        assertThat(refused.getMessage()).doesNotContain("2001-01-01").doesNotContain("host gone")
            .contains("pid " + ProcessHandle.current().pid());
      }
    } finally {
      drop(engine, table);
    }
  }

  @Test
  void postgresqlBackendTerminated_releasesTheLock() throws Exception {
    Engine engine = postgresql();
    engine.requireReachable();
    String table = table();
    try {
      SyncState holder = engine.store(table).open("orders");
      try (Connection admin = connect(engine)) {
        long key = RunLock.advisoryKey(table, "orders");
        long pid;
        try (PreparedStatement select = admin.prepareStatement(
            "select pid from pg_locks where locktype = 'advisory' and granted and objsubid = 1"
                + " and classid = ?::bigint::oid and objid = ?::bigint::oid"
                + " and database = (select oid from pg_database where datname = current_database())")) {
          select.setLong(1, key >>> 32);
          select.setLong(2, key & 0xffffffffL);
          try (ResultSet rs = select.executeQuery()) {
            assertThat(rs.next()).as("the holder's advisory lock is in pg_locks").isTrue();
            pid = rs.getLong(1);
          }
        }
        try (PreparedStatement kill = admin.prepareStatement("select pg_terminate_backend(?, 10000)")) {
          kill.setInt(1, (int) pid); // waits (up to 10 s) until the backend is gone
          try (ResultSet rs = kill.executeQuery()) {
            assertThat(rs.next() && rs.getBoolean(1)).isTrue();
          }
        }
      }
      awaitReleased(engine, table, "orders");
      try (SyncState next = engine.store(table).open("orders")) {
        assertThat(next.size()).isZero();
      }
      closeQuietly(holder);
    } finally {
      drop(engine, table);
    }
  }

  @Test
  void mariadbConnectionKilled_releasesTheLock() throws Exception {
    Engine engine = mariadb();
    engine.requireReachable();
    String table = table();
    try {
      SyncState holder = engine.store(table).open("orders");
      try (Connection admin = connect(engine)) {
        String name = RunLock.lockName(admin.getCatalog(), table, "orders");
        long id;
        try (PreparedStatement used = admin.prepareStatement("select is_used_lock(?)")) {
          used.setString(1, name);
          try (ResultSet rs = used.executeQuery()) {
            rs.next();
            id = rs.getLong(1);
            assertThat(rs.wasNull()).as("the holder's GET_LOCK is in use").isFalse();
          }
        }
        try (Statement kill = admin.createStatement()) {
          kill.execute("kill connection " + id);
        }
      }
      awaitReleased(engine, table, "orders");
      try (SyncState next = engine.store(table).open("orders")) {
        assertThat(next.size()).isZero();
      }
      closeQuietly(holder);
    } finally {
      drop(engine, table);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void differentSyncsInTheSameTables_doNotBlockEachOther(Engine engine) {
    engine.requireReachable();
    String table = table();
    try (SyncState orders = engine.store(table).open("orders");
        SyncState users = engine.store(table).open("users")) {
      orders.put("order-1", new byte[] {1});
      users.put("user-1", new byte[] {2});
      orders.meta("mapping", "event:a");
      users.meta("mapping", "user:b");
      orders.commit();
      users.commit();
      assertThat(orders.size()).isEqualTo(1);
      assertThat(users.get("user-1")).containsExactly(2);
    } finally {
      drop(engine, table);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void previewOfALockedSync_readsItsState(Engine engine) {
    engine.requireReachable();
    String table = table();
    try (SyncState run = engine.store(table).open("orders")) {
      run.put("order-1", new byte[] {7});
      run.meta("mapping", "event:a");
      run.commit();
      try (SyncState preview = engine.store(table).openForPreview("orders")) {
        assertThat(preview.get("order-1")).containsExactly(7);
        assertThat(preview.meta("mapping")).isEqualTo("event:a");
      }
      // the preview neither took nor released the run's lock
      assertThat(catchRefusal(engine.store(table), "orders").getMessage()).matches(REFUSAL);
    } finally {
      drop(engine, table);
    }
  }

  private static StateException catchRefusal(JdbcStateStore store, String sync) {
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> store.open(sync).close());
    assertThat(thrown).isInstanceOf(StateException.class);
    return (StateException) thrown;
  }

  /**
   * Drops every connection of an open state without committing, rolling back or unlocking, as a
   * killed process would.
   */
  static void abandon(SyncState state) throws Exception {
    Connection connection = (Connection) field(state, "connection");
    Object lock = field(state, "lock");
    connection.close();
    ((Connection) field(lock, "connection")).close();
  }

  private static Object field(Object owner, String name) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(owner);
  }

  /**
   * Waits until the database has released a dead holder's lock: a server ends a closed or killed
   * session in its own time, so this blocks on the lock itself (at most 10 s) rather than sleeping.
   * Embedded engines end a closed session at once.
   */
  static void awaitReleased(Engine engine, String table, String sync) throws SQLException {
    if (!engine.server()) {
      return;
    }
    try (Connection connection = connect(engine); Statement statement = connection.createStatement()) {
      if (engine.name().equals("PostgreSQL")) {
        long key = RunLock.advisoryKey(table, sync);
        statement.execute("set statement_timeout = 10000");
        statement.execute("select pg_advisory_lock(" + key + ")");
        statement.execute("select pg_advisory_unlock(" + key + ")");
      } else {
        String name = RunLock.lockName(connection.getCatalog(), table, sync);
        try (ResultSet rs = statement.executeQuery("select get_lock('" + name + "', 10)")) {
          rs.next();
          assertThat(rs.getInt(1)).as("the dead holder's lock was released within 10 s").isEqualTo(1);
        }
        statement.execute("select release_lock('" + name + "')");
      }
    }
  }

  private static Connection connect(Engine engine) throws SQLException {
    return DriverManager.getConnection(engine.url(), engine.user(), engine.password());
  }

  private static void closeQuietly(SyncState state) {
    try {
      state.close();
    } catch (RuntimeException expected) {
      // its connections were killed
    }
  }

  private static void drop(Engine engine, String table) {
    engine.drop(table);
  }
}
