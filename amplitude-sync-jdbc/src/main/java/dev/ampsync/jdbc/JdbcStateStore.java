package dev.ampsync.jdbc;

import dev.ampsync.jdbc.internal.Connector;
import dev.ampsync.jdbc.internal.JdbcSyncState;
import dev.ampsync.jdbc.internal.RunLock;
import dev.ampsync.jdbc.internal.StateTables;
import dev.ampsync.jdbc.internal.StateTables.Dialect;
import dev.ampsync.jdbc.internal.SyncLogBuffer;
import dev.ampsync.jdbc.internal.SyncLogTables;
import dev.ampsync.state.StateException;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.SyncState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Optional;
import dev.ampsync.source.Source;
import dev.ampsync.state.WarehousePlanner;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Keeps sync state in tables of any JDBC database, the warehouse itself included: {@code
 * PREFIX} (sync name, key hash, key, value), {@code PREFIX_meta} (sync name, name, value) and {@code
 * PREFIX_lock} (who runs each sync, since when), created if missing. Tested on PostgreSQL, MariaDB, H2 and DuckDB; other databases get portable SQL.
 *
 * <pre>{@code
 * StateStore state = JdbcStateStore.builder()
 *     .url("jdbc:postgresql://db:5432/warehouse").user("sync").password(pw)
 *     .table("ampsync_state")
 *     .build();
 * }</pre>
 *
 * <p>Writes are buffered (at most 1000 changes) and written in one transaction per batch with the
 * dialect's upsert; {@link SyncState#commit()} flushes and commits, so only committed changes survive
 * a crash. Keys are stored with the SHA-256 of the key as primary key, since keys may be longer than
 * index limits allow. Thread-safe: each opened sync state uses one connection, guarded by a lock.
 *
 * <p>One run per sync at a time: {@link #open(String)} holds the sync's lock on a second connection
 * until the state is closed (PostgreSQL: a session advisory lock; MariaDB/MySQL: {@code GET_LOCK};
 * H2, DuckDB and others: a row locked by an open transaction), so the database releases it when the
 * holder's process dies. A second run fails at once with a {@link StateException} naming the
 * holder's host, pid and start time. {@link #openForPreview(String)} takes no lock.
 */
public final class JdbcStateStore implements StateStore {
  /** A plain identifier, optionally after a schema's: {@code ampsync_state}, {@code analytics.ampsync_state}. */
  private static final Pattern TABLE = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,50}");

  private final Connector connector;
  private final String table;
  private final Planning planning;

  /** Where a sync's rows to send are found: see {@link Builder#planning}. */
  public enum Planning {
    /** The engine reads every model row and compares it with the state (the default). */
    CLIENT,
    /**
     * The database compares the model with the state tables, in SQL, and only new and changed rows
     * leave it; needs a {@link JdbcSource} in the same database as the state tables.
     */
    WAREHOUSE
  }
  /** Whether runs and problems are logged to {@code TABLE_runs} and {@code TABLE_problems}. */
  private final boolean logs;

  private JdbcStateStore(Builder builder) {
    this.connector = new Connector(builder.dataSource, builder.url, builder.user, builder.password);
    this.table = builder.table;
    this.planning = builder.planning;
    this.logs = builder.logs != null ? builder.logs : builder.planning == Planning.WAREHOUSE;
  }

  /**
   * Returns the planner of a sync whose store plans in the warehouse: the source must be a {@link
   * JdbcSource} reaching the database that holds the state tables.
   *
   * @throws NullPointerException if {@code source} is null
   * @throws StateException if this store plans in the warehouse and the source is another kind, or
   *     reaches another database
   */
  @Override
  public Optional<WarehousePlanner> warehousePlanner(Source source) {
    Objects.requireNonNull(source, "source is null: pass the source of the sync the store's state is for, e.g. a JdbcSource");
    if (planning != Planning.WAREHOUSE) {
      return Optional.empty();
    }
    if (!(source instanceof JdbcSource jdbc)) {
      throw new StateException("state.planning: warehouse needs a jdbc source in the database of the state tables;"
          + " this sync reads " + source.describe() + ": use planning: client", null);
    }
    if (!jdbc.connector().sameDatabase(connector)) {
      throw new StateException("state.planning: warehouse needs the state tables in the database of the model: the"
          + " source reads " + jdbc.connector().describe() + " and the state is in " + connector.describe()
          + " (leave the state's url unset to use the source's)", null);
    }
    return Optional.of(new JdbcWarehousePlanner(jdbc, table));
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private StateException failure(String what, Exception e) {
    return JdbcSyncState.failure(connector, table, what, e);
  }

  /**
   * Opens a sync's state for a run, holding the sync's lock until the state is closed: a second run
   * of the same sync, from this process or another, fails at once saying who holds it and since
   * when. The database releases the lock of a run whose process dies.
   *
   * @throws NullPointerException if {@code syncName} is null
   * @throws StateException if another run holds the sync, or the database cannot be read
   */
  @Override
  public SyncState open(String syncName) {
    return open(syncName, true);
  }

  /** Opens a sync's state without its lock: a preview only reads, so it may run beside a run. */
  @Override
  public SyncState openForPreview(String syncName) {
    return open(syncName, false);
  }

  /** Says which tables in which database hold the state, without the password. */
  @Override
  public String location() {
    return "table " + table + " (and " + table + "_meta) in " + connector.describe();
  }

  /**
   * Deletes the sync's rows (keys and every metadata entry) in one transaction, holding the sync's
   * lock as a run does: a state held by a running sync is refused, not broken.
   */
  @Override
  public String forget(String syncName) {
    try (JdbcSyncState state = (JdbcSyncState) open(syncName, true)) {
      state.forgetAll();
    }
    return "forgot the state of sync '" + syncName + "' in " + location();
  }

  private SyncState open(String syncName, boolean lock) {
    Objects.requireNonNull(syncName, "syncName is null: pass the sync's name, as SyncJob.builder(name) gave it, e.g. \"users\"");
    Connection connection = null;
    RunLock runLock = null;
    try {
      connection = connector.connect();
      Dialect dialect = Dialect.of(connection);
      StateTables.create(connection, dialect, table);
      if (logs) {
        SyncLogTables.create(connection, dialect, table);
      }
      if (lock) {
        // taken before the state is read, so a refused run has read and sent nothing
        runLock = RunLock.take(connector.connect(), connection, table, syncName);
      }
      connection.setAutoCommit(false);
      return new JdbcSyncState(connector, table, connection, dialect, syncName, runLock,
          logs ? new SyncLogBuffer(table, dialect, syncName) : null);
    } catch (StateException e) {
      closeQuietly(connection);
      throw e;
    } catch (SQLException | RuntimeException e) {
      if (runLock != null) {
        runLock.close();
      }
      if (connection != null) {
        closeQuietly(connection);
      }
      throw failure("cannot open the state of sync '" + syncName + "'", e);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // already failing
    }
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "JdbcStateStore{" + table + " in " + connector.describe() + "}";
  }

  /** Builds {@link JdbcStateStore}s. Not thread-safe. */
  public static final class Builder {
    private DataSource dataSource;
    private String url;
    private String user;
    private String password;
    private String table = "ampsync_state";
    private Planning planning = Planning.CLIENT;
    /** Null: on with warehouse planning, off otherwise. */
    private Boolean logs;

    private Builder() {}

    /**
     * Uses a {@link DataSource}.
     *
     * @param dataSource the data source
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource,
          "dataSource is null: pass your application's javax.sql.DataSource (a connection pool such as HikariCP),"
              + " or use url(...) with a JDBC URL instead");
      return this;
    }

    /**
     * Uses a JDBC URL; the driver must be on the class path.
     *
     * @param url the URL
     * @return this builder
     * @throws IllegalArgumentException if blank, or if it does not start with {@code jdbc:}
     */
    public Builder url(String url) {
      this.url = Connector.requireJdbcUrl(url);
      return this;
    }

    /**
     * Sets the user for {@link #url(String)}.
     *
     * @param user the user, or null
     * @return this builder
     */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /**
     * Sets the password for {@link #url(String)}; it appears in no message.
     *
     * @param password the password, or null
     * @return this builder
     */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * Sets the table name (default {@code ampsync_state}; metadata goes to {@code TABLE_meta}).
     *
     * @param table a plain identifier, optionally schema-qualified ({@code analytics.ampsync_state}:
     *     the schema must exist, and the user may create tables in it)
     * @return this builder
     * @throws IllegalArgumentException if not a plain identifier of at most 51 characters, after an
     *     optional schema
     */
    public Builder table(String table) {
      Objects.requireNonNull(table,
          "table is null: pass the state table's name, e.g. \"ampsync_state\" or \"analytics.ampsync_state\","
              + " or leave it unset for the default ampsync_state");
      if (!TABLE.matcher(table).matches()) {
        throw new IllegalArgumentException("state table '" + table + "' must be a plain identifier (letters, digits, _), at most 51 characters,"
            + " optionally after a schema and a dot");
      }
      this.table = table;
      return this;
    }

    /**
     * Sets where the rows to send are found (default {@link Planning#CLIENT}). With {@link
     * Planning#WAREHOUSE} the database computes which model rows are new or changed, joining the
     * model with the state table in SQL, and only those are read; the source must be a {@link
     * JdbcSource} in the same database:
     *
     * <pre>{@code
     * JdbcStateStore.builder().url(warehouseUrl).user("sync").password(pw)
     *     .planning(JdbcStateStore.Planning.WAREHOUSE)
     *     .build();
     * }</pre>
     *
     * @param planning the planning mode
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder planning(Planning planning) {
      this.planning = Objects.requireNonNull(planning,
          "planning is null: pass JdbcStateStore.Planning.CLIENT (the default) or Planning.WAREHOUSE");
      return this;
    }

    /**
     * Keeps sync logs beside the state, for the warehouse's own tools (dbt models, dashboards): each
     * run appends a row to {@code TABLE_runs} (sync, run id, started, finished, status, the report's
     * counts, error) and a row per invalid, rejected or failed record to {@code TABLE_problems} (run
     * id, sync, key, outcome, reason). Both tables are created when missing, with the state tables;
     * rows are written in the same transaction as the state, so they are committed exactly when the
     * state is. Default: on with {@link Planning#WAREHOUSE}, off otherwise.
     *
     * <pre>{@code
     * StateStore state = JdbcStateStore.builder()
     *     .url("jdbc:postgresql://db:5432/warehouse").user("sync").password(pw)
     *     .table("ampsync_state")  // logs go to ampsync_state_runs and ampsync_state_problems
     *     .logs(true)
     *     .build();
     * }</pre>
     *
     * @param logs whether to keep sync logs
     * @return this builder
     */
    public Builder logs(boolean logs) {
      this.logs = logs;
      return this;
    }

    /**
     * Builds the store; tables are created when a sync state is first opened.
     *
     * @return the store
     * @throws IllegalStateException unless exactly one of a URL and a data source is set
     */
    public JdbcStateStore build() {
      if ((url == null) == (dataSource == null)) {
        throw new IllegalStateException("set exactly one of url(...) and dataSource(...)");
      }
      return new JdbcStateStore(this);
    }
  }
}
