package dev.ampsync.benchmarks;

import dev.ampsync.jdbc.internal.KeyExpression;
import dev.ampsync.jdbc.internal.WarehouseDialect;
import dev.ampsync.jdbc.internal.WarehouseSql;
import dev.ampsync.state.WarehousePlan;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the warehouse run's database time goes: rebuilds the queries {@code JdbcWarehousePlanner}
 * sends (with {@link WarehouseSql}, from the {@link WarehousePlan} the engine handed it) and runs each
 * under {@code EXPLAIN (ANALYZE, BUFFERS)} in PostgreSQL, which executes it fully without sending rows.
 */
final class PlanningExplain {
  private final String url;
  private final String user;

  PlanningExplain(String url, String user) {
    this.url = url;
    this.user = user;
  }

  /** Prints the plans of the model count, the changed-rows query and the removed-keys query. */
  void print(String modelSql, String stateTable, WarehousePlan plan) throws SQLException {
    WarehouseSql sql = new WarehouseSql(WarehouseDialect.POSTGRESQL, stateTable);
    List<KeyExpression.Part> parts = new ArrayList<>();
    for (WarehousePlan.KeyPart part : plan.key()) {
      parts.add(part.column() != null ? new KeyExpression.Column(part.column()) : new KeyExpression.Constant(part.constant()));
    }
    KeyExpression key = new KeyExpression(parts);
    String changed = sql.changedRows(modelSql, key, plan.digestColumns(), plan.seed(), plan.everyRow());
    System.out.println("planning query (JdbcWarehousePlanner's, rebuilt with WarehouseSql):");
    System.out.println(indent(changed));
    explain("model count", sql.modelCount(modelSql), null);
    explain("changed rows", changed, plan.syncName());
    explain("removed keys", sql.removedKeys(modelSql, key), plan.syncName());
  }

  private void explain(String label, String query, String syncName) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, user, null);
        PreparedStatement s = c.prepareStatement("explain (analyze, buffers) " + query)) {
      if (syncName != null) {
        s.setString(1, syncName);
      }
      System.out.println("EXPLAIN (ANALYZE, BUFFERS), " + label + ":");
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          System.out.println("    " + rs.getString(1));
        }
      }
    }
  }

  private static String indent(String text) {
    return "    " + text.replace("\n", "\n    ");
  }
}
