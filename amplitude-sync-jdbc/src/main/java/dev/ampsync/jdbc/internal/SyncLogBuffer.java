package dev.ampsync.jdbc.internal;

import dev.ampsync.jdbc.internal.StateTables.Dialect;
import dev.ampsync.state.RunLogEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One sync's logged problems and runs, buffered until the state's commit writes them into the
 * {@link SyncLogTables} with JDBC batches, in the state's own transaction: the logs of a run are
 * committed exactly when its state is, and a failed commit leaves neither behind.
 *
 * <p>Thread-safe (the engine logs problems from several threads). Memory stays bounded: at most
 * {@value #MAX_BUFFERED} problems, or {@value #MAX_BUFFERED_CHARS} characters of keys and reasons
 * (long reasons, such as response bodies, fill memory before the count does), are held;
 * {@link #logProblem} says when the buffer is full, and the state then writes it at once into its
 * open transaction (see {@link #isFull()} for why not a transaction of its own).
 */
public final class SyncLogBuffer {
  /** Problems buffered before they are written into the open transaction. */
  static final int MAX_BUFFERED = 10_000;
  /** Characters of keys and reasons buffered before they are written (about 8 MB). */
  static final long MAX_BUFFERED_CHARS = 4_000_000;

  private final String table;
  private final Dialect dialect;
  private final String sync;
  private final Clock clock;
  private final List<Problem> problems = new ArrayList<>();
  private long bufferedChars;
  /** By run id: a run logged twice is written once, as last logged. */
  private final Map<String, RunLogEntry> runs = new LinkedHashMap<>();

  private record Problem(String runId, String key, String outcome, String reason, Instant loggedAt) {}

  /**
   * Buffers the logs of one sync.
   *
   * @param table the state table, whose {@code _runs} and {@code _problems} tables exist
   */
  public SyncLogBuffer(String table, Dialect dialect, String sync) {
    this(table, dialect, sync, Clock.systemUTC());
  }

  SyncLogBuffer(String table, Dialect dialect, String sync, Clock clock) {
    this.table = table;
    this.dialect = dialect;
    this.sync = sync;
    this.clock = clock;
  }

  /**
   * Buffers a problem, stamped with the time it was logged.
   *
   * @return true when the buffer is full: write it with {@link #write(Connection)}
   */
  public synchronized boolean logProblem(String runId, String key, String outcome, String reason) {
    Problem problem = new Problem(Objects.requireNonNull(runId, "runId"), SyncLogTables.cut(dialect, key),
        Objects.requireNonNull(outcome, "outcome"), SyncLogTables.cut(dialect, reason), clock.instant());
    problems.add(problem);
    bufferedChars += length(problem.key()) + length(problem.reason());
    return isFull();
  }

  /** Buffers a finished run. */
  public synchronized void logRun(RunLogEntry run) {
    Objects.requireNonNull(run, "run");
    runs.put(run.runId(), run);
  }

  private static int length(String text) {
    return text == null ? 0 : text.length();
  }

  /**
   * Whether {@value #MAX_BUFFERED} problems, or {@value #MAX_BUFFERED_CHARS} characters, wait. They
   * are then written into the state's open transaction rather than committed on their own: memory
   * stays bounded (the database holds the uncommitted rows), and problems still commit or roll back
   * with the state they belong to. A transaction of their own would need either a second connection
   * (logs committed for a run whose state then fails to commit, and one more connection per sync)
   * or an early commit of the state's connection, which would make half a batch of state durable
   * before the engine's commit.
   */
  public synchronized boolean isFull() {
    return problems.size() >= MAX_BUFFERED || bufferedChars >= MAX_BUFFERED_CHARS;
  }

  /**
   * Writes everything buffered into the connection's open transaction (not committed here), then
   * forgets it. On failure the buffer is kept, so a retried commit writes it again.
   */
  public synchronized void write(Connection connection) throws SQLException {
    if (!problems.isEmpty()) {
      try (PreparedStatement insert = connection.prepareStatement("insert into " + SyncLogTables.problems(table)
          + " (sync_name, run_id, record_key, outcome, reason, logged_at) values (?, ?, ?, ?, ?, ?)")) {
        for (Problem problem : problems) {
          insert.setString(1, sync);
          insert.setString(2, problem.runId());
          insert.setString(3, problem.key());
          insert.setString(4, problem.outcome());
          insert.setString(5, problem.reason());
          SyncLogTables.setInstant(insert, 6, dialect, problem.loggedAt());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      problems.clear();
      bufferedChars = 0;
    }
    if (!runs.isEmpty()) {
      writeRuns(connection);
      runs.clear();
    }
  }

  /**
   * Upserts (delete then insert where the dialect has no upsert), so that a run logged again, by a
   * retried commit, replaces its row instead of failing the state's commit on the primary key.
   */
  private void writeRuns(Connection connection) throws SQLException {
    String upsert = SyncLogTables.upsertRun(dialect, table);
    try (PreparedStatement delete = upsert != null ? null : connection.prepareStatement(
            "delete from " + SyncLogTables.runs(table) + " where sync_name = ? and run_id = ?");
        PreparedStatement insert = connection.prepareStatement(upsert != null ? upsert
            : "insert into " + SyncLogTables.runs(table) + " (" + SyncLogTables.RUN_COLUMNS + ") values ("
                + "?, ".repeat(11) + "?)")) {
      for (RunLogEntry run : runs.values()) {
        if (delete != null) {
          delete.setString(1, sync);
          delete.setString(2, run.runId());
          delete.addBatch();
        }
        insert.setString(1, sync);
        insert.setString(2, run.runId());
        SyncLogTables.setInstant(insert, 3, dialect, run.started());
        SyncLogTables.setInstant(insert, 4, dialect, run.finished());
        insert.setString(5, run.status());
        insert.setLong(6, run.rowsRead());
        insert.setLong(7, run.accepted());
        insert.setLong(8, run.unchanged());
        insert.setLong(9, run.invalid());
        insert.setLong(10, run.rejected());
        insert.setLong(11, run.failed());
        insert.setString(12, SyncLogTables.cut(dialect, run.error()));
        insert.addBatch();
      }
      if (delete != null) {
        delete.executeBatch();
      }
      insert.executeBatch();
    }
  }
}
