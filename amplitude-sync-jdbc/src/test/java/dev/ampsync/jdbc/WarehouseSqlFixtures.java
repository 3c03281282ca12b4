package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.jdbc.internal.KeyExpression;
import dev.ampsync.jdbc.internal.StateTables;
import dev.ampsync.jdbc.internal.WarehouseDialect;
import dev.ampsync.jdbc.internal.WarehouseSql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The helpers the warehouse-side planning tests share: state tables, queries, and storing rows. */
final class WarehouseSqlFixtures {
  static final String SYNC = "sync-a";

  /** A row of changedRows: the model's first column, then the three added columns. */
  record Changed(String id, String key, String digest, byte[] stored) {}

  private WarehouseSqlFixtures() {}




  static WarehouseDialect dialect(Connection connection) throws SQLException {
    return WarehouseDialect.of(connection.getMetaData().getDatabaseProductName()).orElseThrow();
  }

  /** The store's state table, with its row_digest column (the one warehouse planning compares). */
  static String createState(Connection connection) throws SQLException {
    String name = TestDatabases.uniqueName("wstate");
    StateTables.create(connection, StateTables.Dialect.of(connection), name);
    return name;
  }

  static void dropState(Engine engine, String state) {
    if (state != null) {
      engine.dropTable(state);
      engine.dropTable(state + "_meta");
      engine.dropTable(state + "_lock");
    }
  }

  static void insert(Connection connection, String model, String id, String name, Integer score) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("insert into " + model + " (id, name, score) values (?, ?, ?)")) {
      insert.setString(1, id);
      insert.setString(2, name);
      insert.setObject(3, score, java.sql.Types.INTEGER);
      insert.executeUpdate();
    }
  }

  static void update(Connection connection, String sql, String... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    }
  }

  static List<Changed> changed(Connection connection, String sql, String sync) {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, sync);
      List<Changed> rows = new ArrayList<>();
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          rows.add(new Changed(result.getString(1), result.getString(WarehouseSql.KEY_COLUMN),
              result.getString(WarehouseSql.DIGEST_COLUMN), bytes(result, WarehouseSql.STORED_COLUMN)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new AssertionError("query failed: " + e.getMessage() + "\n" + sql, e);
    }
  }

  /** A binary column's bytes; DuckDB's driver reads a BLOB only as a Blob. */
  static byte[] bytes(ResultSet result, String label) throws SQLException {
    Object value = result.getObject(label);
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    java.sql.Blob blob = result.getBlob(label);
    return blob.getBytes(1, (int) blob.length());
  }

  /** The labels of the last three columns of a query's result. */
  static List<String> lastLabels(Connection connection, String sql) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, SYNC);
      try (ResultSet result = query.executeQuery()) {
        ResultSetMetaData meta = result.getMetaData();
        int n = meta.getColumnCount();
        return List.of(meta.getColumnLabel(n - 2), meta.getColumnLabel(n - 1), meta.getColumnLabel(n));
      }
    }
  }

  /**
   * The model's column names as its result reports them (H2 upper-cases unquoted names), in the
   * order of {@code names}: key and digest columns are named as the model returns them.
   */
  static List<String> reported(Connection connection, String modelSql, List<String> names) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(modelSql)) {
      ResultSetMetaData meta = result.getMetaData();
      List<String> reported = new ArrayList<>();
      for (String name : names) {
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          if (meta.getColumnLabel(i).equalsIgnoreCase(name)) {
            reported.add(meta.getColumnLabel(i));
          }
        }
      }
      assertThat(reported).hasSameSizeAs(names);
      return reported;
    }
  }

  /** Each model row's digest by its first column (every row, with the digest columns given). */
  static Map<String, String> digests(
      Connection connection, WarehouseSql sql, String modelSql, List<String> columns, String seed) throws SQLException {
    KeyExpression key = KeyExpression.column(reported(connection, modelSql, List.of("id")).get(0));
    Map<String, String> digests = new LinkedHashMap<>();
    for (Changed row : changed(connection, sql.changedRows(modelSql, key, columns, seed, true), SYNC)) {
      digests.put(row.id(), row.digest());
    }
    return digests;
  }

  static void store(Connection connection, String state, String sync, List<Changed> rows) throws SQLException {
    for (Changed row : rows) {
      if (row.key() == null) {
        continue;
      }
      update(connection, "delete from " + state + " where sync_name = ? and key_hash = ?", sync, StateTables.hash(row.key()));
      try (PreparedStatement insert = connection.prepareStatement("insert into " + state
          + " (sync_name, key_hash, record_key, record_value, row_digest) values (?, ?, ?, ?, ?)")) {
        insert.setString(1, sync);
        insert.setString(2, StateTables.hash(row.key()));
        insert.setString(3, row.key());
        insert.setBytes(4, value(row.key()));
        insert.setString(5, row.digest());
        insert.executeUpdate();
      }
    }
  }

  static byte[] value(String key) {
    return ("v:" + key).getBytes(StandardCharsets.UTF_8);
  }

  static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  static List<String> removed(Connection connection, String sql, String sync) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, sync);
      List<String> keys = new ArrayList<>();
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          keys.add(result.getString(1));
        }
      }
      return keys;
    }
  }
}
