package dev.ampsync.jdbc.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * How {@code JdbcSource} and {@code JdbcStateStore} reach a database: a {@link DataSource}, or a URL
 * with a user and password. It describes the database without the password, and cleans any message
 * of it.
 */
public final class Connector {
  private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password|pwd)=([^&;]*)");
  /** {@code //user:PASSWORD@host} in a URL's authority. */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s]+:)[^@/\\s]+@");
  /** Oracle thin: {@code jdbc:oracle:thin:user/PASSWORD@host}. */
  private static final Pattern ORACLE = Pattern.compile("(?i)(:thin:[^/@:\\s]+/)[^@\\s]+@");

  private final DataSource dataSource;
  private final String url;
  private final String user;
  private final String password;

  /**
   * Creates a connector; exactly one of {@code dataSource} and {@code url} is set.
   *
   * @param dataSource the data source, or null
   * @param url the JDBC URL, or null
   * @param user the user for the URL, or null
   * @param password the password for the URL, or null
   */
  public Connector(DataSource dataSource, String url, String user, String password) {
    this.dataSource = dataSource;
    this.url = url;
    this.user = user;
    this.password = password == null || password.isEmpty() ? null : password;
  }

  /** Opens a connection. */
  public Connection connect() throws SQLException {
    if (dataSource != null) {
      return dataSource.getConnection();
    }
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    if (url.startsWith("jdbc:duckdb:")) {
      // DuckDB holds a whole result in native memory unless asked to stream. It refuses a second
      // connection to the same database with other settings, so fall back to the plain ones then.
      Properties streaming = new Properties();
      streaming.putAll(properties);
      streaming.setProperty("jdbc_stream_results", "true");
      try {
        return DriverManager.getConnection(url, streaming);
      } catch (SQLException e) {
        if (e.getMessage() == null || !e.getMessage().contains("different configuration")) {
          throw e;
        }
        org.slf4j.LoggerFactory.getLogger(Connector.class).warn(
            "DuckDB database {} is already open without jdbc_stream_results=true; its results are read"
                + " whole into native memory. Open your own connections with that property to stream.",
            describe());
      }
    }
    return DriverManager.getConnection(url, properties);
  }

  /** Names the database without its password: the URL, or the data source's class. */
  public String describe() {
    return url != null ? redactUrl(url) : "DataSource " + dataSource.getClass().getSimpleName();
  }

  /** Returns an exception's message without the password. */
  public String clean(Exception e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (password != null) {
      message = message.replace(password, "<redacted>");
    }
    return redactUrl(message);
  }

  /**
   * Checks a JDBC URL for a builder: not null, starting with {@code jdbc:}; the message of a bad one
   * shows it redacted.
   *
   * @return the URL
   * @throws NullPointerException if null
   * @throws IllegalArgumentException if it does not start with {@code jdbc:}
   */
  public static String requireJdbcUrl(String url) {
    java.util.Objects.requireNonNull(url, "url");
    if (!url.startsWith("jdbc:")) {
      throw new IllegalArgumentException("JDBC URL must start with 'jdbc:', was '" + redactUrl(url) + "'");
    }
    return url;
  }

  /** Replaces {@code password=...} parameters of a JDBC URL (or any text) with {@code <redacted>}. */
  public static String redactUrl(String text) {
    String clean = URL_PASSWORD.matcher(text).replaceAll("$1=<redacted>");
    clean = USER_INFO.matcher(clean).replaceAll("$1<redacted>@");
    return ORACLE.matcher(clean).replaceAll("$1<redacted>@");
  }

  /**
   * Returns a copy of an exception that keeps its type family, SQL state and vendor code but not the
   * password, for use as a cause (the original may hold the password in its message).
   */
  public Exception sanitized(Exception e) {
    String message = clean(e);
    if (e instanceof SQLException sql) {
      SQLException copy = new SQLException(message, sql.getSQLState(), sql.getErrorCode());
      copy.setStackTrace(sql.getStackTrace());
      return copy;
    }
    RuntimeException copy = new RuntimeException(e.getClass().getName() + ": " + message);
    copy.setStackTrace(e.getStackTrace());
    return copy;
  }
}
