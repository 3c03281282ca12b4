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

  /** Replaces {@code password=...} parameters of a JDBC URL (or any text) with {@code <redacted>}. */
  public static String redactUrl(String text) {
    return URL_PASSWORD.matcher(text).replaceAll("$1=<redacted>");
  }
}
