package dev.ampsync.jdbc.internal;

import java.sql.Driver;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Explains {@code No suitable driver}: which JDBC drivers are on the class path and the URL prefixes
 * they take, so that a typo in the URL ({@code jdbc:postgres:}) and a missing driver jar are told
 * apart at a glance.
 */
public final class DriverHints {
  /** The URL prefixes of common drivers, by class name; a driver not listed is named without one. */
  private static final Map<String, String> PREFIXES = Map.ofEntries(
      Map.entry("org.postgresql.Driver", "jdbc:postgresql:"),
      Map.entry("org.mariadb.jdbc.Driver", "jdbc:mariadb: (jdbc:mysql: with permitMysqlScheme)"),
      Map.entry("com.mysql.cj.jdbc.Driver", "jdbc:mysql:"),
      Map.entry("org.h2.Driver", "jdbc:h2:"),
      Map.entry("org.duckdb.DuckDBDriver", "jdbc:duckdb:"),
      Map.entry("org.sqlite.JDBC", "jdbc:sqlite:"),
      Map.entry("org.hsqldb.jdbc.JDBCDriver", "jdbc:hsqldb:"),
      Map.entry("org.apache.derby.jdbc.EmbeddedDriver", "jdbc:derby:"),
      Map.entry("oracle.jdbc.OracleDriver", "jdbc:oracle:"),
      Map.entry("com.microsoft.sqlserver.jdbc.SQLServerDriver", "jdbc:sqlserver:"),
      Map.entry("net.snowflake.client.jdbc.SnowflakeDriver", "jdbc:snowflake:"),
      Map.entry("com.amazon.redshift.jdbc.Driver", "jdbc:redshift:"),
      Map.entry("com.clickhouse.jdbc.ClickHouseDriver", "jdbc:clickhouse:"),
      Map.entry("io.trino.jdbc.TrinoDriver", "jdbc:trino:"),
      Map.entry("com.simba.googlebigquery.jdbc.Driver", "jdbc:bigquery:"),
      Map.entry("com.databricks.client.jdbc.Driver", "jdbc:databricks:"));

  private DriverHints() {}

  /** @return true when the message is DriverManager's: no registered driver accepts the URL */
  public static boolean isNoSuitableDriver(String message) {
    return message != null && message.startsWith("No suitable driver");
  }

  /**
   * Says which drivers are on the class path and that none takes the URL's prefix.
   *
   * @param url the JDBC URL (only its prefix, up to the second colon, is quoted)
   * @return the explanation, to follow DriverManager's message
   */
  public static String explain(String url) {
    List<String> drivers = new ArrayList<>();
    DriverManager.drivers().forEach(driver -> drivers.add(describe(driver)));
    drivers.sort(null);
    return "the URL's prefix '" + prefix(url) + "' matches none of the JDBC drivers on the class path: "
        + (drivers.isEmpty() ? "(none)" : String.join(", ", drivers))
        + ". Check the URL's spelling, or add the database's JDBC driver jar to the class path";
  }

  private static String describe(Driver driver) {
    String name = driver.getClass().getName();
    String prefix = PREFIXES.get(name);
    return prefix == null ? name : name + " (" + prefix + ")";
  }

  /** {@code jdbc:postgresql://host/db} gives {@code jdbc:postgresql:}; the rest may hold secrets. */
  static String prefix(String url) {
    int second = url.indexOf(':', "jdbc:".length());
    return second < 0 ? url.substring(0, Math.min(url.length(), 20)) : url.substring(0, second + 1);
  }
}
