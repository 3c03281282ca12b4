package dev.ampsync.jdbc;

import dev.ampsync.jdbc.internal.ColumnReader;
import dev.ampsync.jdbc.internal.QueryErrors;
import dev.ampsync.jdbc.internal.Connector;
import dev.ampsync.source.ArrayRow;
import dev.ampsync.source.Column;
import dev.ampsync.source.Columns;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.Source;
import dev.ampsync.source.SourceException;
import dev.ampsync.spec.WrittenText;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Streams the rows of a SQL query (or a whole table) from any JDBC database, with constant memory.
 *
 * <pre>{@code
 * Source users = JdbcSource.builder()
 *     .url("jdbc:postgresql://127.0.0.1:5432/warehouse")
 *     .user("sync").password(System.getenv("PGPASSWORD"))
 *     .query("select id, plan, lifetime_value, trial_end from analytics.users")
 *     .build();
 * }</pre>
 *
 * <p>Streaming, per driver: PostgreSQL needs autocommit off and a fetch size, and gets both; MySQL
 * Connector/J gets its row-by-row mode ({@code fetchSize = Integer.MIN_VALUE}); MariaDB
 * Connector/J, H2 and others get the fetch size (default 1000); DuckDB gets {@code
 * jdbc_stream_results=true}, a database-wide setting: if the application already holds a connection
 * to the same DuckDB database opened without it, the source falls back to DuckDB's default, which
 * holds whole results in native memory, and logs a warning. The connection is opened
 * read-only where the driver allows, and the result set, statement and connection are closed on
 * completion, error or cancellation (a stream closed early cancels its statement first, so a
 * half-read MariaDB stream does not have to drain).
 *
 * <p>Values: see {@link dev.ampsync.jdbc.internal.ColumnReader}: DECIMAL is never read through
 * double; TIMESTAMP without a zone is read in {@link Builder#timestampZone(ZoneId)} (UTC by default);
 * column labels are as the query aliased them.
 *
 * <p>Errors: a bad query, an unreachable host or refused credentials fail {@link #open()} with a
 * {@link SourceException} naming the source; no message or description ever contains the password.
 *
 * <p>Immutable and thread-safe; each {@link #open()} opens its own connection.
 */
public final class JdbcSource implements Source {
  private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}");
  /** What {@link #model} puts before the query to narrow it to a watermark's window. */
  private static final String WATERMARK_PREFIX = "select * from (";
  private static final String WATERMARK_COLUMN_HINT =
      "pass the label of the time-like column rows are read after, e.g. \"updated_at\" (SyncJob.Builder.watermark's column)";
  private static final String WATERMARK_HINT = "pass the exclusive lower bound, the stored watermark; call open() to read every row";
  private static final Pattern PLAIN_COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Connector connector;
  private final String sql;
  private final int fetchSize;
  private final ZoneId timestampZone;
  private final String description;
  private final String query;
  /**
   * The query (or table) as shown: as a spec wrote it, {@code ${VAR}} unexpanded; as given to the
   * builder otherwise.
   */
  private final WrittenText shown;
  private final String origin;

  private JdbcSource(Builder builder) {
    String queryOrTable = builder.query != null ? builder.query : builder.table;
    this.shown = builder.written != null && builder.written.value().equals(queryOrTable)
        ? builder.written : WrittenText.of(queryOrTable);
    WrittenText url = builder.writtenUrl != null && builder.writtenUrl.value().equals(builder.url) ? builder.writtenUrl : null;
    UnaryOperator<String> hide = url == null ? shown::hide : text -> shown.hide(url.hide(text));
    this.connector = new Connector(builder.dataSource, builder.url, builder.user, builder.password)
        .showing(url == null ? null : url.asWritten(), hide);
    this.sql = builder.query != null ? builder.query : "select * from " + builder.table;
    this.fetchSize = builder.fetchSize;
    this.timestampZone = builder.timestampZone;
    this.query = builder.query;
    this.origin = builder.origin;
    this.description = connector.describe() + " ("
        + (builder.query != null ? "query: " + abbreviate(shown.asWritten()) : "table " + shown.asWritten()) + ")";
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return "JdbcSource{" + description + "}";
  }

  @Override
  public RowStream open() {
    return open(sql, 0, null);
  }

  /**
   * Pushes watermark mode's condition into the query: {@code select * from (QUERY) w where
   * w.COLUMN > ?}, with a bound one day earlier than asked, so that no zone difference between the
   * database and the engine can drop a row (the engine filters exactly). If the database refuses the
   * comparison (an epoch-milliseconds column compared with a timestamp), the plain query is read.
   *
   * @throws NullPointerException if {@code column} or {@code after} is null
   */
  @Override
  public RowStream openAfter(String column, java.time.Instant after) {
    Objects.requireNonNull(column, "column is null: " + WATERMARK_COLUMN_HINT);
    Objects.requireNonNull(after, "after is null: " + WATERMARK_HINT);
    Model narrowed = model(column, after);
    if (narrowed.parameters().isEmpty()) {
      return open(); // not a plain column: the engine filters every row
    }
    // where the query starts in the statement: after the prefix, less the whitespace strip() removed
    int queryStart = WATERMARK_PREFIX.length() - (sql.length() - sql.stripLeading().length());
    try {
      return open(narrowed.sql(), queryStart, narrowed.parameters().get(0));
    } catch (SourceException refused) {
      return open();
    }
  }

  /** The connector of the database this source reads (warehouse planning compares it with the state's). */
  Connector connector() {
    return connector;
  }

  /**
   * The query (without a trailing semicolon), narrowed to rows after the watermark when a plain
   * watermark column and a bound are given, with its parameters: what {@link #openAfter} reads, and
   * what warehouse planning wraps.
   */
  Model model(String watermarkColumn, java.time.Instant after) {
    String plain = stripSemicolon(sql);
    if (watermarkColumn == null || after == null || !PLAIN_COLUMN.matcher(watermarkColumn).matches()) {
      return new Model(plain, List.of());
    }
    java.time.LocalDateTime bound =
        java.time.LocalDateTime.ofInstant(after.minus(java.time.Duration.ofDays(1)), timestampZone);
    return new Model(WATERMARK_PREFIX + plain + ") ampsync_w where ampsync_w." + watermarkColumn + " > ?",
        List.of(java.sql.Timestamp.valueOf(bound)));
  }

  /** A model query and its parameters. */
  record Model(String sql, List<Object> parameters) {}

  /** The user's query, or null when the source reads a table. */
  String query() {
    return query;
  }

  /** Where the query was written (a spec file's line), or null. */
  String origin() {
    return origin;
  }

  private static String stripSemicolon(String query) {
    String trimmed = query.strip();
    return trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
  }

  private RowStream open(String statementSql, int queryStart, Object parameter) {
    Connection connection = null;
    PreparedStatement statement = null;
    ResultSet rs = null;
    boolean connected = false;
    try {
      connection = connector.connect();
      configure(connection);
      connected = true;
      statement = connection.prepareStatement(statementSql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
      statement.setFetchSize(fetchSizeFor(connection));
      if (parameter != null) {
        statement.setObject(1, parameter);
      }
      rs = statement.executeQuery();
      return stream(connection, statement, rs);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(rs, statement, connection);
      if (connected && query != null) {
        // The database refused the query itself: say where it was written and point at the spot. The
        // caret's line shows the query, so the description's copy of it and PostgreSQL's
        // "Position: N" (which the caret says better) are left out.
        String excerpt = pointAt(e.getMessage(), statementSql, queryStart);
        String said = excerpt.isEmpty() ? clean(e) : QueryErrors.withoutPosition(clean(e));
        throw new SourceException("cannot read " + (excerpt.isEmpty() ? description : connector.describe())
            + ": the query" + (origin == null ? "" : " at " + origin) + " failed: " + said + excerpt,
            connector.sanitized(e));
      }
      throw new SourceException("cannot read " + description + ": " + clean(e), connector.sanitized(e));
    }
  }

  /** Streams an executed query's rows, each column read by its type's reader. */
  RowStream stream(Connection connection, PreparedStatement statement, ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    int count = meta.getColumnCount();
    List<Column> columns = new ArrayList<>(count);
    ColumnReader[] readers = new ColumnReader[count];
    for (int i = 1; i <= count; i++) {
      readers[i - 1] = ColumnReader.of(meta, i, timestampZone);
      columns.add(new Column(meta.getColumnLabel(i), readers[i - 1].type()));
    }
    return new JdbcRowStream(connection, statement, rs, Columns.of(columns), readers);
  }

  static void configure(Connection connection) throws SQLException {
    try {
      connection.setReadOnly(true);
    } catch (SQLException | RuntimeException notSupported) {
      // DuckDB and some others refuse read-only on an open connection; reading works all the same
    }
    if (connection.getAutoCommit()) {
      try {
        connection.setAutoCommit(false); // PostgreSQL streams only inside a transaction
      } catch (SQLException | RuntimeException notSupported) {
        // a driver without transactions streams anyway
      }
    }
  }

  int fetchSizeFor(Connection connection) throws SQLException {
    String driver = String.valueOf(connection.getMetaData().getDriverName()).toLowerCase(Locale.ROOT);
    return driver.contains("mysql") ? Integer.MIN_VALUE : fetchSize;
  }

  /**
   * The query's line with a caret under the place the database's message names, shown as written: the
   * place in the query that ran is mapped to the text as written (inside a variable's value, to its
   * {@code ${NAME}}); no caret when it cannot be mapped. When the spec wrote the query line for
   * line (a YAML block, {@code query: |}), the line's place in the spec is named too.
   */
  private String pointAt(String message, String statementSql, int queryStart) {
    int place = QueryErrors.placeIn(message, statementSql, queryStart, query);
    return place < 0 ? "" : QueryErrors.excerpt(shown.asWritten(), shown.asWrittenIndex(place), shown::whereLine);
  }

  String clean(Exception e) {
    return connector.clean(e);
  }

  /**
   * A statement built around the query (warehouse planning's), as messages show it: the query as
   * written, and no password or variable's value.
   */
  String show(String statement) {
    String plain = stripSemicolon(sql);
    String shownPlain = query != null ? stripSemicolon(shown.asWritten()) : "select * from " + shown.asWritten();
    return connector.clean(statement.replace(plain, shownPlain));
  }

  static String redactUrl(String url) {
    return Connector.redactUrl(url);
  }

  private static String abbreviate(String query) {
    String oneLine = query.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
  }

  static void closeQuietly(AutoCloseable... resources) {
    for (AutoCloseable resource : resources) {
      if (resource != null) {
        try {
          if (resource instanceof Connection connection && !connection.getAutoCommit()) {
            connection.rollback();
          }
        } catch (Exception ignored) {
          // closing anyway
        }
        try {
          resource.close();
        } catch (Exception ignored) {
          // nothing more to do
        }
      }
    }
  }

  private final class JdbcRowStream implements RowStream {
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rs;
    private final Columns columns;
    private final ColumnReader[] readers;
    private boolean exhausted;
    private boolean closed;

    JdbcRowStream(Connection connection, PreparedStatement statement, ResultSet rs, Columns columns, ColumnReader[] readers) {
      this.connection = connection;
      this.statement = statement;
      this.rs = rs;
      this.columns = columns;
      this.readers = readers;
    }

    @Override
    public List<Column> columns() {
      return columns.list();
    }

    @Override
    public Row next() {
      if (closed || exhausted) {
        return null;
      }
      try {
        if (!rs.next()) {
          exhausted = true;
          return null;
        }
        Object[] values = new Object[readers.length];
        for (int i = 0; i < readers.length; i++) {
          values[i] = readers[i].read(rs);
        }
        return new ArrayRow(columns, values);
      } catch (SQLException | RuntimeException e) {
        throw new SourceException("reading " + description + " failed: " + clean(e), connector.sanitized(e));
      }
    }

    @Override
    public boolean rowsStayValid() {
      return true; // each row is a new ArrayRow over a new array of values
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (!exhausted) {
        try {
          statement.cancel();
        } catch (SQLException | RuntimeException ignored) {
          // the driver cannot cancel now
        }
        try {
          // MariaDB's cancel does nothing between fetches, and closing would read every remaining
          // row: abort the connection instead, which ends the query at once on every tested driver.
          connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException | AbstractMethodError notSupported) {
          // fall back to closing, which may drain
        }
      }
      closeQuietly(rs, statement, connection); // after an abort, these are cheap no-ops
    }
  }

  /** Builds {@link JdbcSource}s. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private DataSource dataSource;
    private String url;
    private String user;
    private String password;
    private String query;
    private String table;
    private int fetchSize = 1000;
    private ZoneId timestampZone = ZoneOffset.UTC;
    private String origin;
    private WrittenText written;
    private WrittenText writtenUrl;

    private Builder() {}

    /**
     * Says how a spec wrote the query (or table) and the URL, so that descriptions and messages show
     * them as written ({@code ${PGPASSWORD}}, never its value) and hide the variables' values in what
     * the database says. Each is used only when its value is what the builder was given.
     *
     * @param url the URL as written, or null
     * @param queryOrTable the query or table as written, or null
     * @return this builder
     */
    Builder writtenAs(WrittenText url, WrittenText queryOrTable) {
      this.writtenUrl = url;
      this.written = queryOrTable;
      return this;
    }

    /**
     * Reads through a {@link DataSource} (a pool, a configured driver).
     *
     * @param dataSource the data source
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource,
          "dataSource is null: pass your application's javax.sql.DataSource (a connection pool such as HikariCP),"
              + " or use url(...) with a JDBC URL instead");
      return this;
    }

    /**
     * Reads through {@link java.sql.DriverManager} with this JDBC URL; the driver must be on the class path.
     *
     * @param url a JDBC URL such as {@code jdbc:postgresql://127.0.0.1:5432/test}
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if blank, or if it does not start with {@code jdbc:}
     */
    public Builder url(String url) {
      this.url = Connector.requireJdbcUrl(url);
      return this;
    }

    /**
     * Sets the user for {@link #url(String)}.
     *
     * @param user the user, or null
     * @return this builder
     */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /**
     * Sets the password for {@link #url(String)}. It appears in no message, description or {@code
     * toString}.
     *
     * @param password the password, or null
     * @return this builder
     */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /**
     * Sets the query whose rows are synced.
     *
     * @param query a SELECT statement
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if blank
     */
    public Builder query(String query) {
      Objects.requireNonNull(query,
          "query is null: pass the SELECT statement whose rows are synced, e.g. \"select id, plan from users\","
              + " or use table(...)");
      if (query.isBlank()) {
        throw new IllegalArgumentException("query is blank: pass the SELECT statement whose rows are synced,"
            + " e.g. \"select id, plan from users\"");
      }
      this.query = query;
      return this;
    }

    /**
     * Syncs every row of a table ({@code select * from TABLE}).
     *
     * @param table a table name, optionally qualified ({@code analytics.users})
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if it is not a plain or qualified identifier
     */
    public Builder table(String table) {
      Objects.requireNonNull(table,
          "table is null: pass the name of the table whose rows are synced, e.g. \"analytics.users\", or use query(...)");
      if (!TABLE.matcher(table).matches()) {
        throw new IllegalArgumentException(
            "table '" + table + "' must be a plain or schema-qualified name; use query(...) for anything else");
      }
      this.table = table;
      return this;
    }

    /**
     * Sets how many rows the driver fetches per round trip (default 1000).
     *
     * @param fetchSize at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder fetchSize(int fetchSize) {
      if (fetchSize < 1) {
        throw new IllegalArgumentException("fetchSize must be at least 1, was " + fetchSize);
      }
      this.fetchSize = fetchSize;
      return this;
    }

    /**
     * Sets the zone in which TIMESTAMP values without a zone are read (default UTC).
     *
     * @param zone the zone
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder timestampZone(ZoneId zone) {
      this.timestampZone = Objects.requireNonNull(zone,
          "zone is null: pass the zone TIMESTAMP values without a zone were written in, e.g. ZoneOffset.UTC"
              + " or ZoneId.of(\"Europe/Berlin\")");
      return this;
    }

    /**
     * Says where the query was written, so that a query the database refuses is reported there (the
     * command line passes the spec's file and line). The database's message is then followed by the
     * query's line with a caret under the place it names, when it names one.
     *
     * @param origin such as {@code users.yaml line 9 (source.query)}, or null
     * @return this builder
     */
    public Builder origin(String origin) {
      this.origin = origin;
      return this;
    }

    /**
     * Builds the source; nothing is connected until {@link JdbcSource#open()}.
     *
     * @return the source
     * @throws IllegalStateException if neither or both of a URL and a data source are set, or
     *     neither or both of a query and a table
     */
    public JdbcSource build() {
      if ((url == null) == (dataSource == null)) {
        throw new IllegalStateException("set exactly one of url(...) and dataSource(...)");
      }
      if ((query == null) == (table == null)) {
        throw new IllegalStateException("set exactly one of query(...) and table(...)");
      }
      if (dataSource != null && (user != null || password != null)) {
        throw new IllegalStateException("user and password apply to url(...); configure them on the DataSource");
      }
      return new JdbcSource(this);
    }
  }
}
