package dev.ampsync.jdbc.internal;

import dev.ampsync.jdbc.internal.StateTables.Dialect;
import dev.ampsync.state.RunLogEntry;
import dev.ampsync.state.StateException;
import dev.ampsync.state.SyncState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One sync's state in the {@link StateTables}, over one connection held for the run: writes are
 * buffered (at most {@value #BATCH} changes) and written in the open transaction with the dialect's
 * upsert; {@link #commit()} flushes and commits. Closing commits, then releases the run's lock.
 */
public final class JdbcSyncState implements SyncState {
  private static final int BATCH = 1000;
  private final Connector connector;
  private final String table;
  private final Connection connection;
  private final Dialect dialect;
  private final String sync;
  /** Buffered changes: key → value, or null for a removal. Bounded by {@link #BATCH}. */
  private final Map<String, byte[]> pending = new LinkedHashMap<>();
  /** The row digests of buffered puts that came with one (warehouse planning); others store NULL. */
  private final Map<String, String> pendingDigests = new java.util.HashMap<>();
  /** The run's hold on the sync, or null for a preview. */
  private final RunLock lock;
  /** The sync's buffered logs, or null when the store keeps no sync logs. */
  private final SyncLogBuffer logs;
  private boolean closed;

  /**
   * Wraps an open connection (auto-commit off).
   *
   * @param connector opens the connection {@link #forEachKey} reads on
   * @param lock the run's hold on the sync, or null for a preview
   */
  public JdbcSyncState(Connector connector, String table, Connection connection, Dialect dialect, String sync,
      RunLock lock) {
    this(connector, table, connection, dialect, sync, lock, null);
  }

  /**
   * Wraps an open connection (auto-commit off), keeping sync logs in {@code logs}.
   *
   * @param logs the sync's log buffer, written with each commit, or null to keep no logs
   */
  public JdbcSyncState(Connector connector, String table, Connection connection, Dialect dialect, String sync,
      RunLock lock, SyncLogBuffer logs) {
    this.connector = connector;
    this.table = table;
    this.connection = connection;
    this.dialect = dialect;
    this.sync = sync;
    this.lock = lock;
    this.logs = logs;
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
      select.setString(2, StateTables.hash(key));
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
    pendingDigests.remove(key); // no digest: warehouse planning reads the row again
    flushIfFull();
  }

  @Override
  public synchronized void put(String key, byte[] value, String rowDigest) {
    pending.put(Objects.requireNonNull(key, "key"), value.clone());
    if (rowDigest == null) {
      pendingDigests.remove(key);
    } else {
      pendingDigests.put(key, rowDigest);
    }
    flushIfFull();
  }

  @Override
  public synchronized void remove(String key) {
    pending.put(Objects.requireNonNull(key, "key"), null);
    pendingDigests.remove(key);
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
            upsert != null ? upsert
                : "insert into " + table + " (sync_name, key_hash, record_key, record_value, row_digest)"
                    + " values (?, ?, ?, ?, ?)")) {
      boolean deletes = false;
      boolean inserts = false;
      for (Map.Entry<String, byte[]> change : pending.entrySet()) {
        String hash = StateTables.hash(change.getKey());
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
          insert.setString(5, pendingDigests.get(change.getKey()));
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
      pendingDigests.clear();
    } catch (SQLException e) {
      throw failure("cannot write state", e);
    }
  }

  /** Buffers the problem; a full buffer is written into the open transaction at once. */
  @Override
  public synchronized void logProblem(String runId, String key, String outcome, String reason) {
    if (logs != null && logs.logProblem(runId, key, outcome, reason)) {
      writeLogs();
    }
  }

  @Override
  public synchronized void logRun(RunLogEntry run) {
    if (logs != null) {
      logs.logRun(run);
    }
  }

  private void writeLogs() {
    try {
      logs.write(connection);
    } catch (SQLException e) {
      throw failure("cannot write sync logs to " + SyncLogTables.problems(table) + " and " + SyncLogTables.runs(table), e);
    }
  }

  @Override
  public void forEachKey(Consumer<String> action) {
    select("select record_key from " + table + " where sync_name = ?", rs -> action.accept(rs.getString(1)),
        "cannot list state keys");
  }

  /** One streamed query on a connection of its own, as {@link #forEachKey}: what is committed. */
  @Override
  public void forEachEntry(java.util.function.BiConsumer<String, byte[]> action) {
    select("select record_key, record_value from " + table + " where sync_name = ?", rs -> {
      byte[] value = rs.getBytes(2);
      if (value != null) {
        action.accept(rs.getString(1), value);
      }
    }, "cannot read state entries");
  }

  /** What {@link #select} does with each row. */
  @FunctionalInterface
  private interface RowAction {
    void accept(ResultSet row) throws SQLException;
  }

  /**
   * Streams this sync's rows of a query on a connection of its own, so that puts and removes can go
   * on during the iteration.
   */
  private void select(String sql, RowAction action, String failure) {
    try (Connection reader = connector.connect()) {
      reader.setAutoCommit(false); // PostgreSQL streams only inside a transaction
      try (PreparedStatement select = reader.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
          ResultSet.CONCUR_READ_ONLY)) {
        select.setFetchSize(1000);
        select.setString(1, sync);
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            action.accept(rs);
          }
        }
      } finally {
        reader.rollback();
      }
    } catch (SQLException e) {
      throw failure(failure, e);
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
    pendingDigests.clear();
    try (PreparedStatement delete = connection.prepareStatement("delete from " + table + " where sync_name = ?")) {
      delete.setString(1, sync);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw failure("cannot clear state", e);
    }
  }

  /** Deletes the sync's keys and metadata; committed on close. */
  public synchronized void forgetAll() {
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
    if (logs != null) {
      writeLogs(); // same transaction as the state: committed, or not, with it
    }
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

  /** A state failure naming the table and the database, never the password. */
  public static StateException failure(Connector connector, String table, String what, Exception e) {
    return new StateException(what + " (state table " + table + " in " + connector.describe() + "): " + connector.clean(e), null);
  }

  private StateException failure(String what, Exception e) {
    return failure(connector, table, what, e);
  }
}
