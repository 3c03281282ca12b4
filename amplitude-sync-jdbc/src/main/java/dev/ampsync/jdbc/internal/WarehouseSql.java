package dev.ampsync.jdbc.internal;

import java.util.List;
import java.util.Objects;

/**
 * The queries of warehouse-side planning: instead of reading the whole model to find the rows that
 * changed since the last run, the warehouse joins the model with the sync's state table and only
 * changed rows (and removed keys) leave it.
 *
 * <p>The state table is {@code (sync_name, key_hash, record_key, record_value, row_digest)}, primary
 * key {@code (sync_name, key_hash)}; {@code row_digest} is the {@link WarehouseDialect#digest digest}
 * of the row acknowledged last. Every query takes one JDBC parameter but {@link #modelCount}: the
 * sync name. The model is used as a derived table {@code (model) m}, on its own lines so that a
 * trailing line comment in it cannot swallow the closing parenthesis.
 */
public final class WarehouseSql {
  /** The key text column {@link #changedRows} adds after the model's columns. */
  public static final String KEY_COLUMN = "ampsync_key";
  /** The row digest column {@link #changedRows} adds; store it as the state's row_digest. */
  public static final String DIGEST_COLUMN = "ampsync_digest";
  /** The stored record_value column {@link #changedRows} adds; NULL when the key is not stored. */
  public static final String STORED_COLUMN = "ampsync_stored";

  private final WarehouseDialect dialect;
  private final String stateTable;

  /**
   * @param dialect the warehouse's dialect
   * @param stateTable the state table's name as configured, possibly schema-qualified; used as given
   */
  public WarehouseSql(WarehouseDialect dialect, String stateTable) {
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.stateTable = Objects.requireNonNull(stateTable, "stateTable");
  }

  public WarehouseDialect dialect() {
    return dialect;
  }

  /**
   * The model rows to sync: every column of the model in its order, then {@value #KEY_COLUMN} (the
   * key text, NULL when a key column is NULL), {@value #DIGEST_COLUMN} and {@value #STORED_COLUMN}
   * (the stored record_value, NULL when the key is not stored). Without {@code everyRow}, only rows
   * whose key is NULL (the engine reports them invalid), not stored, stored without a digest, or
   * stored with another digest. Parameter 1: the sync name.
   *
   * @param modelSql the user's query; a trailing {@code ;} is dropped
   * @param key how the key is built from the model's columns
   * @param digestColumns the model columns the digest covers (those the mapping reads)
   * @param seed text that changes the digest of every row when the mapping changes
   * @param everyRow whether to return every model row (a full run), each still with the three columns
   */
  public String changedRows(
      String modelSql, KeyExpression key, List<String> digestColumns, String seed, boolean everyRow) {
    List<String> columns = digestColumns.stream().map(name -> "m." + dialect.quote(name)).toList();
    String keyColumn = "c." + dialect.quote(KEY_COLUMN);
    String digestColumn = "c." + dialect.quote(DIGEST_COLUMN);
    String sql = "select c.*, s.record_value as " + dialect.quote(STORED_COLUMN) + "\n"
        + "from (select m.*, "
        + key.sql(dialect, "m") + " as " + dialect.quote(KEY_COLUMN) + ", "
        + dialect.digest(columns, seed) + " as " + dialect.quote(DIGEST_COLUMN) + "\n"
        + "from " + derived(modelSql) + ") c\n"
        + "left join " + stateTable + " s on s.sync_name = ? and s.key_hash = " + stateKeyHash(keyColumn);
    if (everyRow) {
      return sql;
    }
    return sql + "\nwhere " + keyColumn + " is null or s.key_hash is null or s.row_digest is null"
        + " or s.row_digest <> " + digestColumn;
  }

  /** The number of rows of the model. No parameter. */
  public String modelCount(String modelSql) {
    return "select count(*) from " + derived(modelSql);
  }

  /**
   * The record_key of every state row of the sync whose key no model row has. Parameter 1: the sync
   * name. An anti-join each planner turns into a hash (or index) lookup: {@code not exists} where the
   * planner decorrelates it into an anti-join (PostgreSQL: Hash Anti Join); {@code not in} an
   * uncorrelated subquery on H2, which runs a correlated subquery once per outer row but looks
   * values up in an uncorrelated IN result's distinct set, and on MySQL and MariaDB, which
   * materialize it with an index (MariaDB 10.11 runs {@code not exists} as a dependent subquery:
   * once per state row). There both sides are compared as binary: with the hash in another
   * character set than the state table's, MariaDB falls back to a dependent subquery, or refuses
   * the comparison (latin1 against utf8mb4).
   */
  public String removedKeys(String modelSql, KeyExpression key) {
    String hash = stateKeyHash(key.sql(dialect, "m"));
    return switch (dialect) {
      case MYSQL -> "select s.record_key from " + stateTable + " s where s.sync_name = ?"
          + " and cast(s.key_hash as binary) not in (select k.h from (select cast("
          + dialect.keyHash(key.sql(dialect, "m")) + " as binary) as h from " + derived(modelSql)
          + ") k where k.h is not null)";
      case H2 -> "select s.record_key from " + stateTable + " s where s.sync_name = ?"
          + " and s.key_hash not in (select k.h from (select " + hash + " as h from " + derived(modelSql)
          + ") k where k.h is not null)";
      default -> "select s.record_key from " + stateTable + " s where s.sync_name = ?"
          + " and not exists (select 1 from " + derived(modelSql) + " where " + hash + " = s.key_hash)";
    };
  }

  /**
   * The key hash of a text expression, typed as the state's key_hash column where that decides
   * whether the primary key's index is used: PostgreSQL compares {@code char(64)} with {@code text}
   * as text, which no index on the {@code char(64)} column serves; MySQL and MariaDB compare a
   * utf8mb4 hash with a latin1 column not at all ("illegal mix of collations").
   */
  private String stateKeyHash(String textExpr) {
    String hash = dialect.keyHash(textExpr);
    return switch (dialect) {
      case POSTGRESQL -> "cast(" + hash + " as char(64))";
      // ascii converts to the state column's character set, whichever it is, and keeps its index
      case MYSQL -> "convert(" + hash + " using ascii)";
      default -> hash;
    };
  }

  /** {@code (model) m}, the model without a trailing semicolon. */
  private static String derived(String modelSql) {
    return "(\n" + stripModel(modelSql) + "\n) m";
  }

  /** The model without trailing semicolons and whitespace. */
  static String stripModel(String modelSql) {
    String sql = modelSql.strip();
    while (sql.endsWith(";")) {
      sql = sql.substring(0, sql.length() - 1).strip();
    }
    if (sql.isEmpty()) {
      throw new IllegalArgumentException("the model query is empty");
    }
    return sql;
  }
}
