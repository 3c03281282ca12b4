package dev.ampsync.jdbc;

import dev.ampsync.jdbc.internal.KeyExpression;
import dev.ampsync.jdbc.internal.WarehouseDialect;
import dev.ampsync.jdbc.internal.WarehouseSql;
import dev.ampsync.source.Column;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.SourceException;
import dev.ampsync.state.PlannedRows;
import dev.ampsync.state.WarehousePlan;
import dev.ampsync.state.WarehousePlanner;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Plans a {@link JdbcSource}'s sync in its own database ({@link JdbcStateStore.Planning#WAREHOUSE}):
 * the model's query runs as a derived table joined with the state table, and the database returns
 * only the rows whose key is new or whose digest (of the mapped columns, in SQL: {@link
 * WarehouseDialect}) differs from the one stored when the row was last acknowledged. The model's rows
 * are counted in the same repeatable-read transaction, so the rows left in the warehouse can be
 * reported as unchanged.
 */
final class JdbcWarehousePlanner implements WarehousePlanner {
  private final JdbcSource source;
  private final String table;

  JdbcWarehousePlanner(JdbcSource source, String table) {
    this.source = source;
    this.table = table;
  }

  @Override
  public String describe() {
    return source.connector().describe();
  }

  @Override
  public PlannedRows changedRows(WarehousePlan plan) {
    JdbcSource.Model model = source.model(plan.watermarkColumn(), plan.after());
    Connection connection = null;
    PreparedStatement statement = null;
    ResultSet rs = null;
    String sql = null;
    try {
      connection = source.connector().connect();
      JdbcSource.configure(connection);
      try {
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      } catch (SQLException | RuntimeException notSupported) {
        // DuckDB and others: each statement sees its own snapshot
      }
      WarehouseDialect dialect = dialect(connection);
      if (dialect == WarehouseDialect.POSTGRESQL) {
        // JIT compiling the digest expressions costs more than it saves here (0.8 s of 12 s on 1M rows
        // serially, 5 s in a parallel plan): off for this transaction only.
        try (java.sql.Statement jit = connection.createStatement()) {
          jit.execute("set local jit = off");
        }
      }
      WarehouseSql planning = new WarehouseSql(dialect, table);
      Map<String, String> labels = labels(connection, model);
      List<String> digestColumns = new ArrayList<>();
      for (String column : plan.digestColumns()) {
        digestColumns.add(resolve(labels, column));
      }
      sql = planning.changedRows(model.sql(), key(plan, labels), digestColumns, plan.seed(), plan.everyRow());
      long modelRows;
      try (PreparedStatement count = connection.prepareStatement(planning.modelCount(model.sql()))) {
        bind(count, model.parameters(), null);
        try (ResultSet counted = count.executeQuery()) {
          counted.next();
          modelRows = counted.getLong(1);
        }
      }
      statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      statement.setFetchSize(source.fetchSizeFor(connection));
      bind(statement, model.parameters(), plan.syncName());
      rs = statement.executeQuery();
      return new Planned(source.stream(connection, statement, rs), modelRows);
    } catch (SQLException | RuntimeException e) {
      JdbcSource.closeQuietly(rs, statement, connection);
      if (e instanceof SourceException known) {
        throw known;
      }
      String where = source.origin() == null ? "" : " (the query at " + source.origin() + ")";
      throw new SourceException("cannot plan " + source.describe() + " in the warehouse" + where + ": "
          + source.clean(e) + (sql == null ? "" : "\nplanning query:\n" + source.show(sql)), source.connector().sanitized(e));
    }
  }

  @Override
  public void forEachRemovedKey(WarehousePlan plan, Consumer<String> action) {
    JdbcSource.Model model = source.model(null, null); // a key is gone when no row of the whole model has it
    try (Connection connection = source.connector().connect()) {
      JdbcSource.configure(connection);
      try {
        WarehouseSql planning = new WarehouseSql(dialect(connection), table);
        String sql = planning.removedKeys(model.sql(), key(plan, labels(connection, model)));
        try (PreparedStatement statement =
            connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
          statement.setFetchSize(source.fetchSizeFor(connection));
          statement.setString(1, plan.syncName());
          bindFrom(statement, 2, model.parameters());
          try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
              action.accept(rs.getString(1));
            }
          }
        }
      } finally {
        try {
          connection.rollback();
        } catch (SQLException | RuntimeException ignored) {
          // read only: nothing to undo
        }
      }
    } catch (SQLException e) {
      throw new SourceException("cannot find the removed keys of " + source.describe() + ": " + source.clean(e),
          source.connector().sanitized(e));
    }
  }

  private static WarehouseDialect dialect(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    return WarehouseDialect.of(product).orElseThrow(() -> new SourceException(
        "state.planning: warehouse does not know " + product + "'s SQL; supported: PostgreSQL, MariaDB/MySQL,"
            + " H2, DuckDB, Snowflake, BigQuery, Redshift, Databricks; use planning: client", null));
  }

  /** The model's column labels by lower case, read from an empty result of the model. */
  private static Map<String, String> labels(Connection connection, JdbcSource.Model model) throws SQLException {
    Map<String, String> labels = new HashMap<>();
    try (PreparedStatement probe = connection.prepareStatement("select * from (" + model.sql() + ") m where 1 = 0")) {
      bind(probe, model.parameters(), null);
      try (ResultSet rs = probe.executeQuery()) {
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          labels.putIfAbsent(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), meta.getColumnLabel(i));
        }
      }
    }
    return labels;
  }

  /** A mapped column's label as the model spells it (the engine matches labels ignoring case). */
  private static String resolve(Map<String, String> labels, String column) {
    String label = labels.get(column.toLowerCase(Locale.ROOT));
    if (label == null) {
      throw new SourceException("the model has no column '" + column + "' (mapped); it has " + labels.values(), null);
    }
    return label;
  }

  private static KeyExpression key(WarehousePlan plan, Map<String, String> labels) {
    List<KeyExpression.Part> parts = new ArrayList<>();
    for (WarehousePlan.KeyPart part : plan.key()) {
      parts.add(part.column() != null
          ? new KeyExpression.Column(resolve(labels, part.column()))
          : new KeyExpression.Constant(part.constant()));
    }
    return new KeyExpression(parts);
  }

  /** Binds the model's parameters, then the sync name (the planning query joins the state after the model). */
  private static void bind(PreparedStatement statement, List<Object> modelParameters, String syncName)
      throws SQLException {
    int next = bindFrom(statement, 1, modelParameters);
    if (syncName != null) {
      statement.setString(next, syncName);
    }
  }

  private static int bindFrom(PreparedStatement statement, int first, List<Object> parameters) throws SQLException {
    int index = first;
    for (Object parameter : parameters) {
      statement.setObject(index++, parameter);
    }
    return index;
  }

  /** Planned rows: a row stream and the model's row count of the same snapshot. */
  private static final class Planned implements PlannedRows {
    private final RowStream rows;
    private final long modelRows;

    Planned(RowStream rows, long modelRows) {
      this.rows = rows;
      this.modelRows = modelRows;
    }

    @Override
    public List<Column> columns() {
      return rows.columns();
    }

    @Override
    public Row next() {
      return rows.next();
    }

    @Override
    public long modelRows() {
      return modelRows;
    }

    @Override
    public void close() {
      rows.close();
    }
  }
}
