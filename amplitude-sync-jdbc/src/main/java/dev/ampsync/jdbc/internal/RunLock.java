package dev.ampsync.jdbc.internal;

import dev.ampsync.state.StateException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's hold on one sync of a JDBC state store: taken when the run opens the sync's state,
 * refused at once (no waiting) while another run holds it, released when the state is closed, and
 * released by the database itself when the holder's connection dies, so a crashed run never blocks
 * the next one.
 *
 * <p>The lock lives on a connection of its own, held for the whole run:
 *
 * <ul>
 *   <li>PostgreSQL: a session-level advisory lock, {@code pg_try_advisory_lock(bigint)} on a hash of
 *       the table and the sync name (advisory locks are per database).
 *   <li>MariaDB and MySQL: {@code GET_LOCK(name, 0)}, also held by the session (names are
 *       server-wide, so the name hashes the database, the table and the sync name).
 *   <li>H2, DuckDB and any other database: a row of {@code TABLE_lock} updated by a transaction that
 *       stays open until the run ends; a second run's update of that row conflicts. H2 is told not to
 *       wait ({@code SET LOCK_TIMEOUT 0}); DuckDB refuses a conflicting update at once; another
 *       database may wait for its own lock timeout before refusing.
 * </ul>
 *
 * <p>Who holds the lock and since when is written to another row of {@code TABLE_lock} once the
 * lock is taken, only to explain a refusal. The lock never depends on that row: a crashed holder's
 * stale row is simply overwritten by the next run that takes the lock.
 */
public final class RunLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  private static final String LOCK_ROW = "lock";
  private static final String HOLDER_ROW = "holder";
  /** H2: the lock timeout expired (50200) or the row was updated concurrently (90131). */
  private static final int H2_LOCK_TIMEOUT = 50200;
  private static final int H2_CONCURRENT_UPDATE = 90131;

  private final Connection connection;
  private final Mechanism mechanism;
  private final String key;
  private final String sync;

  private RunLock(Connection connection, Mechanism mechanism, String key, String sync) {
    this.connection = connection;
    this.mechanism = mechanism;
    this.key = key;
    this.sync = sync;
  }

  /** How a database holds the lock. */
  private enum Mechanism {
    POSTGRESQL_ADVISORY,
    MYSQL_GET_LOCK,
    H2_ROW,
    DUCKDB_ROW,
    OTHER_ROW;

    static Mechanism of(Connection connection) throws SQLException {
      String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("postgres")) {
        return POSTGRESQL_ADVISORY;
      }
      if (product.contains("mariadb") || product.contains("mysql")) {
        return MYSQL_GET_LOCK;
      }
      if (product.contains("h2")) {
        return H2_ROW;
      }
      return product.contains("duckdb") ? DUCKDB_ROW : OTHER_ROW;
    }

    boolean rowLock() {
      return this == H2_ROW || this == DUCKDB_ROW || this == OTHER_ROW;
    }
  }

  /**
   * The DDL of the table that holds the lock rows and the holder's details.
   *
   * @param table the state table (the lock table is {@code TABLE_lock})
   * @return the {@code create table if not exists} statement
   */
  public static String createTable(String table) {
    return "create table if not exists " + table + "_lock ("
        + "sync_name varchar(128) not null, "
        + "row_kind varchar(8) not null, "
        + "since_utc varchar(40), "
        + "host varchar(255), "
        + "pid bigint, "
        + "primary key (sync_name, row_kind))";
  }

  /**
   * Takes the lock of one sync, or fails at once saying who holds it.
   *
   * @param lockConnection a new connection, used only for the lock; closed when the lock is refused
   * @param connection an auto-commit connection for reading and writing the holder's details
   * @param table the state table
   * @param sync the sync's name
   * @return the lock; close it when the run ends
   * @throws StateException if another run holds the sync
   * @throws SQLException if the database fails
   */
  public static RunLock take(Connection lockConnection, Connection connection, String table, String sync)
      throws SQLException {
    RunLock lock = null;
    try {
      Mechanism mechanism = Mechanism.of(lockConnection);
      String key = switch (mechanism) {
        case POSTGRESQL_ADVISORY -> Long.toString(advisoryKey(table, sync));
        case MYSQL_GET_LOCK -> lockName(lockConnection.getCatalog(), table, sync);
        default -> sync;
      };
      lock = new RunLock(lockConnection, mechanism, key, sync);
      boolean taken = mechanism.rowLock() ? lock.lockRow(connection, table) : lock.lockSession();
      if (!taken) {
        throw new StateException(refusal(connection, table, sync), null);
      }
      writeHolder(connection, table, sync);
      return lock;
    } catch (SQLException | RuntimeException e) {
      if (lock != null) {
        lock.close();
      } else {
        closeQuietly(lockConnection);
      }
      throw e;
    }
  }

  /**
   * The PostgreSQL advisory lock key of a sync: the first 8 bytes of the SHA-256 of the table
   * (lower case, as unquoted names are) and the sync name.
   */
  public static long advisoryKey(String table, String sync) {
    byte[] digest = sha256(table.toLowerCase(Locale.ROOT) + "\u0000" + sync);
    long key = 0;
    for (int i = 0; i < 8; i++) {
      key = key << 8 | (digest[i] & 0xff);
    }
    return key;
  }

  /** The MariaDB/MySQL lock name of a sync: 64 characters, as MySQL allows at most. */
  public static String lockName(String database, String table, String sync) {
    String hex = HexFormat.of().formatHex(sha256(database + "\u0000" + table.toLowerCase(Locale.ROOT) + "\u0000" + sync));
    return ("ampsync_" + hex).substring(0, 64);
  }

  private boolean lockSession() throws SQLException {
    String sql = mechanism == Mechanism.POSTGRESQL_ADVISORY ? "select pg_try_advisory_lock(?)" : "select get_lock(?, 0)";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      if (mechanism == Mechanism.POSTGRESQL_ADVISORY) {
        statement.setLong(1, Long.parseLong(key));
      } else {
        statement.setString(1, key);
      }
      try (ResultSet rs = statement.executeQuery()) {
        rs.next();
        // pg: true/false; GET_LOCK: 1 taken, 0 held elsewhere (NULL: an error, treated as refused)
        return mechanism == Mechanism.POSTGRESQL_ADVISORY ? rs.getBoolean(1) : rs.getInt(1) == 1;
      }
    }
  }

  private boolean lockRow(Connection autoCommit, String table) throws SQLException {
    // The row must exist (committed) before a transaction can lock it; two runs may race to insert it.
    if (!rowExists(autoCommit, table, key, LOCK_ROW)) {
      try (PreparedStatement insert = autoCommit.prepareStatement(
          "insert into " + table + "_lock (sync_name, row_kind) values (?, ?)")) {
        insert.setString(1, key);
        insert.setString(2, LOCK_ROW);
        insert.executeUpdate();
      } catch (SQLException e) {
        if (!rowExists(autoCommit, table, key, LOCK_ROW)) {
          throw e;
        }
      }
    }
    connection.setAutoCommit(false);
    if (mechanism == Mechanism.H2_ROW) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("set lock_timeout 0");
      }
    }
    try (PreparedStatement update = connection.prepareStatement(
        "update " + table + "_lock set since_utc = ? where sync_name = ? and row_kind = ?")) {
      update.setString(1, Instant.now().toString());
      update.setString(2, key);
      update.setString(3, LOCK_ROW);
      if (update.executeUpdate() != 1) {
        throw new SQLException("the lock row of sync '" + sync + "' in " + table + "_lock disappeared");
      }
      return true;
    } catch (SQLException e) {
      if (heldElsewhere(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Tells whether a failed update of the lock row means another transaction holds it. */
  private boolean heldElsewhere(SQLException e) {
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    return switch (mechanism) {
      case H2_ROW -> e.getErrorCode() == H2_LOCK_TIMEOUT || e.getErrorCode() == H2_CONCURRENT_UPDATE;
      case DUCKDB_ROW -> message.contains("conflict");
      // By SQL state only (a message may name the TABLE_lock table): lock not available (55P03),
      // timeout (HYT00), serialization failure or deadlock (40...), Oracle's resource busy (61000),
      // Db2's lock timeout (57033); SQL Server's lock timeout is error 1222.
      default -> state.equals("55P03") || state.equals("HYT00") || state.startsWith("40") || state.equals("61000")
          || state.equals("57033") || e.getErrorCode() == 1222;
    };
  }

  private static boolean rowExists(Connection connection, String table, String sync, String kind) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "select count(*) from " + table + "_lock where sync_name = ? and row_kind = ?")) {
      select.setString(1, sync);
      select.setString(2, kind);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  /** Records who holds the lock; only the holder writes this row, so update-then-insert cannot race. */
  private static void writeHolder(Connection connection, String table, String sync) throws SQLException {
    String since = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    long pid = ProcessHandle.current().pid();
    try (PreparedStatement update = connection.prepareStatement(
        "update " + table + "_lock set since_utc = ?, host = ?, pid = ? where sync_name = ? and row_kind = ?")) {
      update.setString(1, since);
      update.setString(2, Host.NAME);
      update.setLong(3, pid);
      update.setString(4, sync);
      update.setString(5, HOLDER_ROW);
      if (update.executeUpdate() > 0) {
        return;
      }
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "insert into " + table + "_lock (sync_name, row_kind, since_utc, host, pid) values (?, ?, ?, ?, ?)")) {
      insert.setString(1, sync);
      insert.setString(2, HOLDER_ROW);
      insert.setString(3, since);
      insert.setString(4, Host.NAME);
      insert.setLong(5, pid);
      insert.executeUpdate();
    }
  }

  /** The message of a refused run, with the holder's details when they are recorded. */
  private static String refusal(Connection connection, String table, String sync) throws SQLException {
    String holder = "another run holds its state (who and since when is not recorded yet)";
    try (PreparedStatement select = connection.prepareStatement(
        "select since_utc, host, pid from " + table + "_lock where sync_name = ? and row_kind = ?")) {
      select.setString(1, sync);
      select.setString(2, HOLDER_ROW);
      try (ResultSet rs = select.executeQuery()) {
        // The holder writes its row just after taking the lock: a refusal in between may read the
        // previous holder's row, whose time is then older than the real one.
        if (rs.next() && rs.getString(1) != null) {
          holder = "another run has held its state since " + rs.getString(1)
              + " (host " + rs.getString(2) + ", pid " + rs.getLong(3) + ")";
        }
      }
    }
    return "sync '" + sync + "' is already running: " + holder
        + ". One run per sync at a time; this run sent nothing.";
  }

  /** Releases the lock and closes its connection; a failure is logged (a closed session holds nothing). */
  @Override
  public void close() {
    try {
      switch (mechanism) {
        case POSTGRESQL_ADVISORY -> {
          try (PreparedStatement unlock = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            unlock.setLong(1, Long.parseLong(key));
            unlock.executeQuery().close();
          }
        }
        case MYSQL_GET_LOCK -> {
          try (PreparedStatement unlock = connection.prepareStatement("select release_lock(?)")) {
            unlock.setString(1, key);
            unlock.executeQuery().close();
          }
        }
        default -> connection.rollback();
      }
    } catch (SQLException e) {
      // A pooled connection that stays open would keep a session lock: say so.
      LOG.warn("could not release the run lock of sync '{}' explicitly; closing its connection releases it (SQL state {})",
          sync, e.getSQLState());
    } finally {
      closeQuietly(connection);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // the database releases the lock of a closed session anyway
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** This machine's name, looked up once (it may need a DNS round trip). */
  private static final class Host {
    static final String NAME = lookUp();

    private static String lookUp() {
      try {
        return InetAddress.getLocalHost().getHostName();
      } catch (java.io.IOException | RuntimeException e) {
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "unknown" : env;
      }
    }
  }
}
