package dev.ampsync.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The state store's tables: {@code TABLE} (sync name, key hash, key, value, and the digest warehouse
 * planning computed of the row last acknowledged, NULL otherwise), {@code TABLE_meta}
 * (sync name, name, value) and the lock table, their DDL, and the SQL that differs between databases.
 */
public final class StateTables {
  private StateTables() {}

  /** Creates the state tables of {@code table} when missing (the connection is left in auto-commit). */
  public static void create(Connection connection, Dialect dialect, String table) throws SQLException {
    connection.setAutoCommit(true);
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "create table if not exists " + table + " ("
              + "sync_name varchar(128) not null, "
              + "key_hash char(64) not null, "
              + "record_key " + dialect.text + " not null, "
              + "record_value " + dialect.bytes + " not null, "
              + "row_digest varchar(64), "
              + "primary key (sync_name, key_hash))");
      addRowDigest(connection, statement, table);
      statement.execute(
          "create table if not exists " + table + "_meta ("
              + "sync_name varchar(128) not null, "
              + "name varchar(128) not null, "
              + "meta_value " + dialect.text + ", "
              + "primary key (sync_name, name))");
      statement.execute(RunLock.createTable(table));
    }
  }

  /**
   * Adds {@code row_digest} to a state table an earlier version created without it: its rows then
   * have no digest, so warehouse planning reads each of them once more.
   */
  private static void addRowDigest(Connection connection, Statement statement, String table) throws SQLException {
    try (Statement probe = connection.createStatement()) {
      probe.executeQuery("select row_digest from " + table + " where 1 = 0").close();
    } catch (SQLException missing) {
      statement.execute("alter table " + table + " add column row_digest varchar(64)");
    }
  }

  /** The SQL that differs between databases. */
  public enum Dialect {
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

    public static Dialect of(Connection connection) throws SQLException {
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

    public String upsert(String table) {
      String columns = " (sync_name, key_hash, record_key, record_value, row_digest) values (?, ?, ?, ?, ?)";
      return switch (this) {
        case POSTGRESQL, DUCKDB -> "insert into " + table + columns
            + " on conflict (sync_name, key_hash) do update set record_value = excluded.record_value,"
            + " row_digest = excluded.row_digest";
        case MYSQL -> "insert into " + table + columns
            + " on duplicate key update record_value = values(record_value), row_digest = values(row_digest)";
        case H2 -> "merge into " + table + columns.replace(" values", " key (sync_name, key_hash) values");
        case OTHER -> null;
      };
    }

    public String upsertMeta(String table) {
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

  /** The SHA-256 of a key, in hex: the primary key, since keys may be longer than index limits allow. */
  public static String hash(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
