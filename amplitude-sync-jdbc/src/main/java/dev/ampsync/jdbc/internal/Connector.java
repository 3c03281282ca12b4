package dev.ampsync.jdbc.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * How {@code JdbcSource} and {@code JdbcStateStore} reach a database: a {@link DataSource}, or a URL
 * with a user and password. It describes the database without the password, and cleans any message
 * of it.
 */
public final class Connector {
  /**
   * A secret parameter's name and its {@code =}: {@code password}, {@code pwd}, {@code passwd} and
   * any name ending so ({@code sslpassword}, {@code trustStorePassword}), and names ending in {@code
   * secret} or {@code token}.
   */
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)(?<![A-Za-z0-9_.\\-])[A-Za-z0-9_.\\-]*(?:password|passwd|pwd|secret|token)\\s*=");
  /** What starts the next parameter after a separator: {@code name=}. */
  private static final Pattern NEXT_PARAMETER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*=");
  /**
   * {@code //user:PASSWORD@host} in a URL's authority; up to the last {@code @} before the path, as a
   * password may hold an unencoded {@code @}.
   */
  private static final Pattern USER_INFO = Pattern.compile("(//[^/:@\\s?#]*:)[^\\s/]*@");
  /** Oracle thin: {@code jdbc:oracle:thin:user/PASSWORD@host}. */
  private static final Pattern ORACLE = Pattern.compile("(?i)(:thin:[^/@:\\s]+/)[^\\s]*@");
  private static final String REDACTED = "<redacted>";

  private final DataSource dataSource;
  private final String url;
  private final String user;
  private final String password;
  /**
   * The secrets the URL holds (what {@link #redactUrl} removes from it), longest first: a driver may
   * quote them in a message without the {@code password=} or {@code user:} around them (MariaDB's
   * {@code Incorrect port value : PASSWORD@host} for a {@code user:PASSWORD@host} it does not take).
   */
  private final List<String> urlSecrets;
  /** The URL as the spec wrote it ({@code ${PGHOST}}), what {@link #describe()} shows; the URL itself otherwise. */
  private final String shownUrl;
  /** Hides the values of a spec's variables in messages (see {@link dev.ampsync.spec.WrittenText#hide}). */
  private final UnaryOperator<String> hide;

  /**
   * Creates a connector; exactly one of {@code dataSource} and {@code url} is set.
   *
   * @param dataSource the data source, or null
   * @param url the JDBC URL, or null
   * @param user the user for the URL, or null
   * @param password the password for the URL, or null
   */
  public Connector(DataSource dataSource, String url, String user, String password) {
    this(dataSource, url, user, password, url, UnaryOperator.identity());
  }

  private Connector(DataSource dataSource, String url, String user, String password, String shownUrl,
      UnaryOperator<String> hide) {
    this.dataSource = dataSource;
    this.url = url;
    this.user = user;
    this.password = password == null || password.isEmpty() ? null : password;
    this.urlSecrets = url == null ? List.of() : secretsOf(url);
    this.shownUrl = shownUrl;
    this.hide = hide;
  }

  /**
   * Returns this connector showing a spec's text as written: its description shows the URL as
   * written, and every message it cleans hides the values of the spec's variables.
   *
   * @param urlAsWritten the URL as written, or null to show the URL
   * @param hide replaces each variable's value in a message by its {@code ${NAME}}
   * @return the connector
   */
  public Connector showing(String urlAsWritten, UnaryOperator<String> hide) {
    return new Connector(dataSource, url, user, password, urlAsWritten == null ? url : urlAsWritten, hide);
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
    try {
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      if (!DriverHints.isNoSuitableDriver(e.getMessage())) {
        throw e;
      }
      throw new SQLException(e.getMessage() + ": " + DriverHints.explain(url), e.getSQLState(), e.getErrorCode(), e);
    }
  }

  /** Names the database without its password: the URL, or the data source's class. */
  /**
   * Tells whether two connectors reach the same database: the same data source, or URLs equal up to
   * their parameters.
   */
  public boolean sameDatabase(Connector other) {
    if (dataSource != null || other.dataSource != null) {
      return dataSource == other.dataSource;
    }
    return database(url).equals(database(other.url));
  }

  /** A JDBC URL without its parameters ({@code ?a=b}, {@code ;a=b}): the database it names. */
  private static String database(String url) {
    int end = url.length();
    for (char c : new char[] {'?', ';'}) {
      int at = url.indexOf(c);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    return url.substring(0, end);
  }

  /** Describes the database without a password. */
  public String describe() {
    return url != null ? redactUrl(shownUrl) : "DataSource " + dataSource.getClass().getSimpleName();
  }

  /** Returns an exception's message without the password, and without a spec's variables (see {@link #showing}). */
  public String clean(Exception e) {
    return clean(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  /** Returns a message without the password, and without a spec's variables (see {@link #showing}). */
  public String clean(String message) {
    if (password != null) {
      message = message.replace(password, REDACTED);
    }
    for (String secret : urlSecrets) {
      message = message.replace(secret, REDACTED);
    }
    return hide.apply(redactUrl(message));
  }

  /**
   * The values {@link #redactUrl} removes from a URL, each also without its quotes or braces and
   * percent-decoded (as a driver would quote it), longest first so that a longer one is replaced whole.
   */
  static List<String> secretsOf(String url) {
    List<String> found = new ArrayList<>();
    redact(url, found);
    List<String> secrets = new ArrayList<>();
    for (String value : found) {
      secrets.add(value);
      if (value.length() >= 2 && "'\"{".indexOf(value.charAt(0)) >= 0) {
        secrets.add(value.substring(1, value.length() - 1));
      }
      try {
        secrets.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // not percent-encoded: the value as written is the secret
      }
    }
    secrets.removeIf(secret -> secret.isEmpty() || secret.equals(REDACTED));
    return secrets.stream().distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /**
   * Checks a JDBC URL for a builder: not null, starting with {@code jdbc:}; the message of a bad one
   * shows it redacted.
   *
   * @return the URL
   * @throws NullPointerException if null
   * @throws IllegalArgumentException if blank, or if it does not start with {@code jdbc:}
   */
  public static String requireJdbcUrl(String url) {
    String hint = "pass the database's JDBC URL, e.g. \"jdbc:postgresql://127.0.0.1:5432/analytics\","
        + " perhaps from System.getenv(\"DATABASE_URL\")";
    java.util.Objects.requireNonNull(url, "url is null: " + hint);
    if (url.isBlank()) {
      throw new IllegalArgumentException("url is blank" + (url.isEmpty() ? "" : " (only white space)") + ": " + hint);
    }
    if (!url.startsWith("jdbc:")) {
      throw new IllegalArgumentException("JDBC URL must start with 'jdbc:', was '" + redactUrl(url) + "'");
    }
    return url;
  }

  /**
   * Replaces the passwords of a JDBC URL (or of any text holding one) with {@code <redacted>}, whatever
   * they contain:
   *
   * <ul>
   *   <li>{@code password=...} (and {@code pwd}, {@code passwd}, {@code ...password}, {@code
   *       ...secret}, {@code ...token}) in a query string ({@code ?} or {@code &}): up to the next
   *       {@code &} that starts another {@code name=} parameter, or whitespace, or the end;
   *   <li>the same after {@code ;} (SQL Server, H2): up to the next {@code ;} that starts another
   *       parameter, or whitespace, or the end, so a value may hold {@code ;} and {@code &};
   *   <li>a value in quotes or SQL Server's braces: up to the closing one (doubled, or escaped with
   *       a backslash in quotes, is part of the value);
   *   <li>{@code //user:PASSWORD@host} up to the last {@code @} of the authority, and Oracle's {@code
   *       user/PASSWORD@host}.
   * </ul>
   *
   * Percent-encoded values are redacted like any other. Too much is redacted rather than too little.
   *
   * @param text the URL or message
   * @return the text without passwords
   */
  public static String redactUrl(String text) {
    return redact(text, null);
  }

  /** Redacts as {@link #redactUrl} does, adding each value it removes to {@code found} when not null. */
  private static String redact(String text, List<String> found) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(text.length());
    Matcher parameter = SECRET_PARAMETER.matcher(text);
    int copied = 0;
    while (copied < text.length() && parameter.find(copied)) {
      char before = parameter.start() == 0 ? ' ' : text.charAt(parameter.start() - 1);
      int end = valueEnd(text, parameter.end(), before == ';' ? ';' : '&');
      if (found != null) {
        found.add(text.substring(parameter.end(), end));
      }
      out.append(text, copied, parameter.end()).append(REDACTED);
      copied = end;
    }
    out.append(text, Math.min(copied, text.length()), text.length());
    String clean = redactBeforeAt(ORACLE, out.toString(), found);
    return redactBeforeAt(USER_INFO, clean, found);
  }

  /** Replaces what a pattern matches between its group 1 and the {@code @} ending it. */
  private static String redactBeforeAt(Pattern pattern, String text, List<String> found) {
    Matcher matcher = pattern.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (matcher.find()) {
      if (found != null) {
        found.add(text.substring(matcher.end(1), matcher.end() - 1));
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + REDACTED + "@"));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** Where a parameter's value that starts at {@code start} ends (exclusive). */
  private static int valueEnd(String text, int start, char separator) {
    if (start >= text.length()) {
      return start;
    }
    char first = text.charAt(start);
    if (first == '\'' || first == '"' || first == '{') {
      char close = first == '{' ? '}' : first;
      for (int i = start + 1; i < text.length(); i++) {
        if (text.charAt(i) == '\\' && close != '}') {
          i++; // a quote escaped with a backslash is part of the value
        } else if (text.charAt(i) == close) {
          if (i + 1 < text.length() && text.charAt(i + 1) == close) {
            i++; // a doubled quote or brace is part of the value
          } else {
            return i + 1;
          }
        }
      }
      return text.length();
    }
    int i = start;
    while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
      if (text.charAt(i) == separator && NEXT_PARAMETER.matcher(text).region(i + 1, text.length()).lookingAt()) {
        return i;
      }
      i++;
    }
    return i;
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
