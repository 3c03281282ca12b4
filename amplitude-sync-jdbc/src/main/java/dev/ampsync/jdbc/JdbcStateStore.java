package dev.ampsync.jdbc;

import dev.ampsync.jdbc.internal.Connector;
import dev.ampsync.jdbc.internal.RunLock;
import dev.ampsync.state.StateException;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.SyncState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
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
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,50}");
  private static final int BATCH = 1000;

  private final Connector connector;
  private final String table;

  private JdbcStateStore(Builder builder) {
    this.connector = new Connector(builder.dataSource, builder.url, builder.user, builder.password);
    this.table = builder.table;
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  private Connection connect() throws SQLException {
    return connector.connect();
  }

  private StateException failure(String what, Exception e) {
    return new StateException(what + " (state table " + table + " in " + connector.describe() + "): " + connector.clean(e), null);
  }

  /**
   * Opens a sync's state for a run, holding the sync's lock until the state is closed: a second run
   * of the same sync, from this process or another, fails at once saying who holds it and since
   * when. The database releases the lock of a run whose process dies.
   *
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
    Objects.requireNonNull(syncName, "syncName");
    Connection connection = null;
    RunLock runLock = null;
    try {
      connection = connect();
      Dialect dialect = Dialect.of(connection);
      createTables(connection, dialect);
      if (lock) {
        // taken before the state is read, so a refused run has read and sent nothing
        runLock = RunLock.take(connect(), connection, table, syncName);
      }
      connection.setAutoCommit(false);
      return new JdbcSyncState(connection, dialect, syncName, runLock);
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

  private void createTables(Connection connection, Dialect dialect) throws SQLException {
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "create table if not exists " + table + " ("
              + "sync_name varchar(128) not null, "
              + "key_hash char(64) not null, "
              + "record_key " + dialect.text + " not null, "
              + "record_value " + dialect.bytes + " not null, "
              + "primary key (sync_name, key_hash))");
      statement.execute(
          "create table if not exists " + table + "_meta ("
              + "sync_name varchar(128) not null, "
              + "name varchar(128) not null, "
              + "meta_value " + dialect.text + ", "
              + "primary key (sync_name, name))");
      statement.execute(RunLock.createTable(table));
    }
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "JdbcStateStore{" + table + " in " + connector.describe() + "}";
  }

  /** The SQL that differs between databases. */
  enum Dialect {
    POSTGRESQL("text", "bytea"),
    MYSQL("text", "longblob"),
    H2("varchar", "varbinary"),
    DUCKDB("varchar", "blob"),
    OTHER("varchar(4000)", "blob");

    final String text;
    final String bytes;

    Dialect(String text, String bytes) {
      this.text = text;
      this.bytes = bytes;
    }

    static Dialect of(Connection connection) throws SQLException {
      String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
      if (product.contains("postgres")) {
        return POSTGRESQL;
      }
      if (product.contains("mariadb") || product.contains("mysql")) {
        return MYSQL;
      }
      if (product.contains("h2")) {
        return H2;
      }
      if (product.contains("duckdb")) {
        return DUCKDB;
      }
      return OTHER;
    }

    String upsert(String table) {
      String columns = " (sync_name, key_hash, record_key, record_value) values (?, ?, ?, ?)";
      return switch (this) {
        case POSTGRESQL, DUCKDB -> "insert into " + table + columns
            + " on conflict (sync_name, key_hash) do update set record_value = excluded.record_value";
        case MYSQL -> "insert into " + table + columns + " on duplicate key update record_value = values(record_value)";
        case H2 -> "merge into " + table + " (sync_name, key_hash, record_key, record_value) key (sync_name, key_hash) values (?, ?, ?, ?)";
        case OTHER -> null;
      };
    }

    String upsertMeta(String table) {
      String columns = " (sync_name, name, meta_value) values (?, ?, ?)";
      return switch (this) {
        case POSTGRESQL, DUCKDB -> "insert into " + table + "_meta" + columns
            + " on conflict (sync_name, name) do update set meta_value = excluded.meta_value";
        case MYSQL -> "insert into " + table + "_meta" + columns + " on duplicate key update meta_value = values(meta_value)";
        case H2 -> "merge into " + table + "_meta (sync_name, name, meta_value) key (sync_name, name) values (?, ?, ?)";
        case OTHER -> null;
      };
    }
  }

  private final class JdbcSyncState implements SyncState {
    private final Connection connection;
    private final Dialect dialect;
    private final String sync;
    /** Buffered changes: key → value, or null for a removal. Bounded by {@link #BATCH}. */
    private final Map<String, byte[]> pending = new LinkedHashMap<>();
    /** The run's hold on the sync, or null for a preview. */
    private final RunLock lock;
    private boolean closed;

    JdbcSyncState(Connection connection, Dialect dialect, String sync, RunLock lock) {
      this.connection = connection;
      this.dialect = dialect;
      this.sync = sync;
      this.lock = lock;
    }

    @Override
    public synchronized byte[] get(String key) {
      if (pending.containsKey(key)) {
        byte[] value = pending.get(key);
        return value == null ? null : value.clone();
      }
      try (PreparedStatement select = connection.prepareStatement(
          "select record_value from " + table + " where sync_name = ? and key_hash = ?")) {
        select.setString(1, sync);
        select.setString(2, hash(key));
        try (ResultSet rs = select.executeQuery()) {
          return rs.next() ? rs.getBytes(1) : null;
        }
      } catch (SQLException e) {
        throw failure("cannot read state", e);
      }
    }

    @Override
    public synchronized void put(String key, byte[] value) {
      pending.put(Objects.requireNonNull(key, "key"), value.clone());
      flushIfFull();
    }

    @Override
    public synchronized void remove(String key) {
      pending.put(Objects.requireNonNull(key, "key"), null);
      flushIfFull();
    }

    private void flushIfFull() {
      if (pending.size() >= BATCH) {
        flush();
      }
    }

    /** Writes the buffered changes into the open transaction. */
    private void flush() {
      if (pending.isEmpty()) {
        return;
      }
      String upsert = dialect.upsert(table);
      try (PreparedStatement delete = connection.prepareStatement(
              "delete from " + table + " where sync_name = ? and key_hash = ?");
          PreparedStatement insert = connection.prepareStatement(
              upsert != null ? upsert : "insert into " + table + " (sync_name, key_hash, record_key, record_value) values (?, ?, ?, ?)")) {
        boolean deletes = false;
        boolean inserts = false;
        for (Map.Entry<String, byte[]> change : pending.entrySet()) {
          String hash = hash(change.getKey());
          if (change.getValue() == null || upsert == null) {
            delete.setString(1, sync);
            delete.setString(2, hash);
            delete.addBatch();
            deletes = true;
          }
          if (change.getValue() != null) {
            insert.setString(1, sync);
            insert.setString(2, hash);
            insert.setString(3, change.getKey());
            insert.setBytes(4, change.getValue());
            insert.addBatch();
            inserts = true;
          }
        }
        if (deletes) {
          delete.executeBatch();
        }
        if (inserts) {
          insert.executeBatch();
        }
        pending.clear();
      } catch (SQLException e) {
        throw failure("cannot write state", e);
      }
    }

    @Override
    public void forEachKey(Consumer<String> action) {
      // Its own connection, so that puts and removes can go on during the iteration.
      try (Connection reader = connect()) {
        reader.setAutoCommit(false); // PostgreSQL streams only inside a transaction
        try (PreparedStatement select = reader.prepareStatement(
            "select record_key from " + table + " where sync_name = ?",
            ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
          select.setFetchSize(1000);
          select.setString(1, sync);
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              action.accept(rs.getString(1));
            }
          }
        } finally {
          reader.rollback();
        }
      } catch (SQLException e) {
        throw failure("cannot list state keys", e);
      }
    }

    @Override
    public synchronized long size() {
      flush();
      try (PreparedStatement count = connection.prepareStatement(
          "select count(*) from " + table + " where sync_name = ?")) {
        count.setString(1, sync);
        try (ResultSet rs = count.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      } catch (SQLException e) {
        throw failure("cannot count state keys", e);
      }
    }

    @Override
    public synchronized String meta(String name) {
      try (PreparedStatement select = connection.prepareStatement(
          "select meta_value from " + table + "_meta where sync_name = ? and name = ?")) {
        select.setString(1, sync);
        select.setString(2, name);
        try (ResultSet rs = select.executeQuery()) {
          return rs.next() ? rs.getString(1) : null;
        }
      } catch (SQLException e) {
        throw failure("cannot read state metadata", e);
      }
    }

    @Override
    public synchronized void meta(String name, String value) {
      try {
        String upsert = dialect.upsertMeta(table);
        if (value == null || upsert == null) {
          try (PreparedStatement delete = connection.prepareStatement(
              "delete from " + table + "_meta where sync_name = ? and name = ?")) {
            delete.setString(1, sync);
            delete.setString(2, name);
            delete.executeUpdate();
          }
        }
        if (value != null) {
          try (PreparedStatement insert = connection.prepareStatement(
              upsert != null ? upsert : "insert into " + table + "_meta (sync_name, name, meta_value) values (?, ?, ?)")) {
            insert.setString(1, sync);
            insert.setString(2, name);
            insert.setString(3, value);
            insert.executeUpdate();
          }
        }
      } catch (SQLException e) {
        throw failure("cannot write state metadata", e);
      }
    }

    @Override
    public synchronized void clear() {
      pending.clear();
      try (PreparedStatement delete = connection.prepareStatement("delete from " + table + " where sync_name = ?")) {
        delete.setString(1, sync);
        delete.executeUpdate();
      } catch (SQLException e) {
        throw failure("cannot clear state", e);
      }
    }

    /** Deletes the sync's keys and metadata; committed on close. */
    synchronized void forgetAll() {
      clear();
      try (PreparedStatement delete = connection.prepareStatement("delete from " + table + "_meta where sync_name = ?")) {
        delete.setString(1, sync);
        delete.executeUpdate();
      } catch (SQLException e) {
        throw failure("cannot forget state metadata", e);
      }
    }

    @Override
    public synchronized void commit() {
      if (closed) {
        return;
      }
      flush();
      try {
        connection.commit();
      } catch (SQLException e) {
        throw failure("cannot commit state", e);
      }
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      try {
        commit();
      } finally {
        closed = true;
        try {
          connection.close();
        } catch (SQLException ignored) {
          // committed already
        }
        // released only after the final commit, so the next run reads everything this one wrote
        if (lock != null) {
          lock.close();
        }
      }
    }
  }

  static String hash(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Builds {@link JdbcStateStore}s. Not thread-safe. */
  public static final class Builder {
    private DataSource dataSource;
    private String url;
    private String user;
    private String password;
    private String table = "ampsync_state";

    private Builder() {}

    /**
     * Uses a {@link DataSource}.
     *
     * @param dataSource the data source
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      return this;
    }

    /**
     * Uses a JDBC URL; the driver must be on the class path.
     *
     * @param url the URL
     * @return this builder
     * @throws IllegalArgumentException if it does not start with {@code jdbc:}
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
     * @param table a plain identifier
     * @return this builder
     * @throws IllegalArgumentException if not a plain identifier of at most 51 characters
     */
    public Builder table(String table) {
      Objects.requireNonNull(table, "table");
      if (!TABLE.matcher(table).matches()) {
        throw new IllegalArgumentException("state table '" + table + "' must be a plain identifier (letters, digits, _), at most 51 characters");
      }
      this.table = table;
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
