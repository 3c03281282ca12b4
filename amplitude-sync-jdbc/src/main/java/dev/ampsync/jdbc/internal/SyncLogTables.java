package dev.ampsync.jdbc.internal;

import dev.ampsync.jdbc.internal.StateTables.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The sync log tables beside a state table {@code TABLE}, so that a warehouse's own tools (dbt, BI)
 * can see what each run did:
 *
 * <ul>
 *   <li>{@code TABLE_runs}: one row per run (sync name, run id, started, finished, status, the
 *       report's counts, error), primary key (sync name, run id).
 *   <li>{@code TABLE_problems}: one row per invalid, rejected or failed row (sync name, run id, key,
 *       outcome, reason, when it was logged), indexed on (sync name, run id) where the database
 *       allows creating an index only when missing (PostgreSQL, H2, DuckDB; MariaDB and MySQL get
 *       the index inside {@code create table}; other databases get none).
 * </ul>
 *
 * <p>Timestamps are UTC instants at millisecond precision: {@code timestamptz} (PostgreSQL, DuckDB),
 * {@code timestamp with time zone} (H2), {@code datetime(3)} holding UTC (MariaDB/MySQL, whose
 * {@code timestamp} depends on the session's zone and ends in 2038), plain {@code timestamp} holding
 * UTC elsewhere.
 *
 * <p>Keys, reasons and errors have no length limit that could fail an insert: MariaDB/MySQL use
 * {@code mediumtext} (a {@code text} holds only 64 KB) in {@code utf8mb4}; every text is cut at {@value #LONGEST}
 * characters (which keeps the buffer's memory bounded too), and at {@value #LONGEST_PORTABLE}
 * characters on other databases, whose columns are {@code varchar(4000)}.
 */
public final class SyncLogTables {
  /** The longest key, reason or error written, in characters; longer ones are cut. */
  static final int LONGEST = 100_000;
  /** The longest text on databases other than the four tested, whose texts are varchar(4000). */
  static final int LONGEST_PORTABLE = 4_000;

  private SyncLogTables() {}

  /**
   * Creates {@code TABLE_runs} and {@code TABLE_problems} when missing; the connection is left in
   * auto-commit, as {@link StateTables#create} leaves it.
   *
   * @param table the state table's name, possibly schema-qualified ({@code analytics.ampsync_state})
   */
  public static void create(Connection connection, Dialect dialect, String table) throws SQLException {
    connection.setAutoCommit(true);
    String text = text(dialect);
    String time = timestamp(dialect);
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "create table if not exists " + runs(table) + " ("
              + "sync_name varchar(128) not null, "
              + "run_id varchar(64) not null, "
              + "started_at " + time + " not null, "
              + "finished_at " + time + " not null, "
              + "status varchar(16) not null, "
              + "rows_read bigint not null, "
              + "accepted bigint not null, "
              + "unchanged bigint not null, "
              + "invalid bigint not null, "
              + "rejected bigint not null, "
              + "failed bigint not null, "
              + "error " + text + ", "
              + "primary key (sync_name, run_id))" + options(dialect));
      statement.execute(
          "create table if not exists " + problems(table) + " ("
              + "sync_name varchar(128) not null, "
              + "run_id varchar(64) not null, "
              + "record_key " + text + ", "
              + "outcome varchar(16) not null, "
              + "reason " + text + ", "
              + "logged_at " + time + " not null"
              + (dialect == Dialect.MYSQL ? ", index (sync_name, run_id))" : ")") + options(dialect));
      if (dialect == Dialect.POSTGRESQL || dialect == Dialect.H2 || dialect == Dialect.DUCKDB) {
        statement.execute("create index if not exists " + indexName(dialect, table)
            + " on " + problems(table) + " (sync_name, run_id)");
      }
    }
  }

  /** The runs table's columns, in the order {@link #upsertRun} binds them. */
  static final String RUN_COLUMNS = "sync_name, run_id, started_at, finished_at, status, rows_read, accepted,"
      + " unchanged, invalid, rejected, failed, error";

  /**
   * The dialect's upsert of a run (12 parameters, in {@link #RUN_COLUMNS} order), or null where there
   * is none (delete, then insert). DuckDB needs the upsert: it refuses to insert a key deleted in the
   * same transaction.
   */
  static String upsertRun(Dialect dialect, String table) {
    String insert = "insert into " + runs(table) + " (" + RUN_COLUMNS + ") values (" + "?, ".repeat(11) + "?)";
    String[] updated = {"started_at", "finished_at", "status", "rows_read", "accepted", "unchanged", "invalid",
        "rejected", "failed", "error"};
    StringBuilder set = new StringBuilder();
    for (String column : updated) {
      set.append(set.length() == 0 ? "" : ", ").append(column).append(" = ")
          .append(dialect == Dialect.MYSQL ? "values(" + column + ")" : "excluded." + column);
    }
    return switch (dialect) {
      case POSTGRESQL, DUCKDB -> insert + " on conflict (sync_name, run_id) do update set " + set;
      case MYSQL -> insert + " on duplicate key update " + set;
      case H2 -> "merge into " + runs(table) + " (" + RUN_COLUMNS + ") key (sync_name, run_id) values ("
          + "?, ".repeat(11) + "?)";
      case OTHER -> null;
    };
  }

  /** The runs table of a state table. */
  public static String runs(String table) {
    return table + "_runs";
  }

  /** The problems table of a state table. */
  public static String problems(String table) {
    return table + "_problems";
  }

  /**
   * The index's name: PostgreSQL and DuckDB put an index in its table's schema and refuse a
   * qualified name, H2 wants the table's schema named.
   */
  private static String indexName(Dialect dialect, String table) {
    int dot = table.lastIndexOf('.');
    String schema = dot < 0 ? "" : table.substring(0, dot + 1);
    String name = table.substring(dot + 1) + "_problems_ix"; // 51 + 12 characters fit PostgreSQL's 63
    return dialect == Dialect.H2 ? schema + name : name;
  }

  /** MariaDB/MySQL: utf8mb4 whatever the database's default, so that any reason (emoji too) inserts. */
  private static String options(Dialect dialect) {
    return dialect == Dialect.MYSQL ? " default charset=utf8mb4" : "";
  }

  private static String text(Dialect dialect) {
    return dialect == Dialect.MYSQL ? "mediumtext" : dialect.text;
  }

  private static String timestamp(Dialect dialect) {
    return switch (dialect) {
      case POSTGRESQL, DUCKDB -> "timestamptz";
      case MYSQL -> "datetime(3)";
      case H2 -> "timestamp(3) with time zone";
      case OTHER -> "timestamp";
    };
  }

  /** Binds an instant, at millisecond precision, as the dialect's column type holds it. */
  static void setInstant(PreparedStatement statement, int index, Dialect dialect, Instant instant) throws SQLException {
    Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
    if (dialect == Dialect.MYSQL || dialect == Dialect.OTHER) {
      statement.setObject(index, LocalDateTime.ofInstant(millis, ZoneOffset.UTC));
    } else {
      statement.setObject(index, OffsetDateTime.ofInstant(millis, ZoneOffset.UTC));
    }
  }

  /** Cuts a text to what the dialect's columns hold, never between the halves of a surrogate pair. */
  static String cut(Dialect dialect, String text) {
    int limit = dialect == Dialect.OTHER ? LONGEST_PORTABLE : LONGEST;
    if (text == null || text.length() <= limit) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
    return text.substring(0, end);
  }
}
