package dev.ampsync.jdbc;

import static dev.ampsync.jdbc.TestDatabases.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.SourceException;
import dev.ampsync.testing.FakeAmplitude;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What goes wrong, and how it is reported: every failure to open is a {@link SourceException} that
 * names the source and never contains the password; builder validation; the connection's life cycle
 * (read-only, autocommit off, closed on completion, error and early close).
 */
class JdbcSourceErrorsTest {
  private static String table;

  @BeforeAll
  static void createTable() throws SQLException {
    table = Engine.H2.createTable("errors", "id INTEGER, name VARCHAR(20)");
    Engine.H2.execute("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd'), (5, 'e')");
  }

  @AfterAll
  static void dropTable() {
    Engine.H2.dropTable(table);
  }

  // ------------------------------------------------------------------------------ failures to open

  @ParameterizedTest
  @EnumSource(Engine.class)
  void badSql_failsOpen_withASourceExceptionNamingTheSourceAndTheDatabaseError(Engine engine) {
    engine.assumeAvailable();
    JdbcSource source = engine.source().query("SELEC id FRM no_such_table").build();

    SourceException e = catchThrowableOfType(SourceException.class, source::open);

    assertThat(e).as(engine + ": open() with bad SQL").isNotNull();
    assertThat(e.getMessage())
        .contains(engine.url())
        .contains("SELEC id FRM no_such_table");
    if (e.getMessage().contains(" of the query:\n    SELEC id FRM no_such_table\n")) {
      // Where the database names the place, the caret's view shows the query: the description's copy is left out.
      String database = source.describe().substring(0, source.describe().indexOf(" (query: "));
      assertThat(e.getMessage()).as(engine.toString()).startsWith("cannot read " + database + ": the query failed: ")
          .doesNotContain("(query: ");
    } else {
      assertThat(e.getMessage()).as(engine.toString()).startsWith("cannot read " + source.describe() + ": ");
    }
    assertThat(engine == Engine.POSTGRESQL || engine == Engine.MARIADB)
        .as(engine + " names the place: " + e.getMessage()).isEqualTo(e.getMessage().contains(" of the query:"));
    assertThat(e.getMessage().length()).as("the driver's own message follows").isGreaterThan(("cannot read " + source.describe() + ": ").length());
  }

  @Test
  void badSql_onADatabaseWithAPassword_neverShowsThePassword() throws SQLException {
    String url = "jdbc:h2:mem:" + TestDatabases.uniqueName("secret_db") + ";DB_CLOSE_DELAY=-1";
    try (Connection keeper = java.sql.DriverManager.getConnection(url, "sa", SECRET)) {
      assertThat(keeper.isValid(1)).as("the password-protected database exists").isTrue();
      for (String withPassword : List.of(url, url + ";PASSWORD=" + SECRET)) {
        JdbcSource source = JdbcSource.builder().url(withPassword).user("sa").password(SECRET)
            .query("SELECT name FRM nowhere").build();

        SourceException e = catchThrowableOfType(SourceException.class, source::open);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).startsWith("cannot read " + url).contains("Syntax error");
        assertNoSecret(e, source);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "jdbc:postgresql://127.0.0.1:1/test?connectTimeout=5",
      "jdbc:mariadb://127.0.0.1:1/test?connectTimeout=5000"})
  void unreachableHost_failsOpen_namingTheSource_withoutThePassword(String url) {
    for (String withPassword : List.of(url, url + "&password=" + SECRET)) {
      JdbcSource source = JdbcSource.builder().url(withPassword).user("ampsync").password(SECRET)
          .query("select 1").build();

      SourceException e = catchThrowableOfType(SourceException.class, source::open);

      assertThat(e).as("open() of " + url).isNotNull();
      assertThat(e.getMessage()).startsWith("cannot read " + url);
      assertNoSecret(e, source);
    }
  }

  @Test
  void refusedCredentials_onPostgres_failOpen_namingTheSource_withoutThePassword() {
    Engine engine = Engine.POSTGRESQL;
    engine.assumeAvailable();
    // the test server trusts every local connection, so an unknown role is what it refuses
    for (String url : List.of(engine.url(), engine.url() + (engine.url().contains("?") ? "&" : "?") + "password=" + SECRET)) {
      JdbcSource source = JdbcSource.builder().url(url).user("ampsync_no_such_role").password(SECRET)
          .table("anything").build();

      SourceException e = catchThrowableOfType(SourceException.class, source::open);

      assertThat(e).isNotNull();
      assertThat(e.getMessage()).startsWith("cannot read " + engine.url()).contains("ampsync_no_such_role");
      assertNoSecret(e, source);
    }
  }

  @Test
  void refusedCredentials_onMariaDb_failOpen_namingTheSource_withoutThePassword() {
    Engine engine = Engine.MARIADB;
    engine.assumeAvailable();
    String inUrl = engine.url() + (engine.url().contains("?") ? "&" : "?") + "user=root&password=" + SECRET;
    List<JdbcSource> sources = List.of(
        JdbcSource.builder().url(engine.url()).user("root").password(SECRET).table("anything").build(),
        JdbcSource.builder().url(inUrl).table("anything").build());

    for (JdbcSource source : sources) {
      SourceException e = catchThrowableOfType(SourceException.class, source::open);

      assertThat(e).as(source.describe()).isNotNull();
      assertThat(e.getMessage()).startsWith("cannot read " + engine.url()).contains("Access denied");
      assertNoSecret(e, source);
    }
  }

  /**
   * MariaDB's driver takes no {@code user:password@} in a URL and quotes it in its refusal ({@code
   * Incorrect port value : PASSWORD;tail@127.0.0.1}): the password comes only from the URL, so the
   * message is cleaned of what the URL's redaction removes, not only of the configured password.
   */
  @Test
  void passwordInTheUrlsUserInfo_onMariaDb_whoseDriverQuotesIt_neverAppears() {
    Engine engine = Engine.MARIADB;
    engine.assumeAvailable();
    String authority = engine.url().substring("jdbc:mariadb://".length());
    JdbcSource source = JdbcSource.builder().url("jdbc:mariadb://root:" + SECRET + ";tail@" + authority)
        .table("anything").build();

    SourceException e = catchThrowableOfType(SourceException.class, source::open);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).startsWith("cannot read jdbc:mariadb://root:<redacted>@").doesNotContain(";tail");
    assertNoSecret(e, source);
  }

  @Test
  void missingDriver_failsOpen_namingTheSource_withoutThePassword() {
    JdbcSource source = JdbcSource.builder().url("jdbc:nosuchdb:x?user=me&password=" + SECRET).password(SECRET)
        .query("select 1").build();

    SourceException e = catchThrowableOfType(SourceException.class, source::open);

    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .startsWith("cannot read jdbc:nosuchdb:x?user=me&password=<redacted> (query: select 1)")
        .contains("No suitable driver");
    assertNoSecret(e, source);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "jdbc:postgresql://db:5432/test?user=app&password=" + SECRET + "&ssl=true",
      "jdbc:mariadb://db:3306/test?PASSWORD=" + SECRET,
      "jdbc:sqlserver://db:1433;databaseName=test;password=" + SECRET + ";encrypt=true",
      "jdbc:h2:mem:x;USER=sa;PASSWORD=" + SECRET,
      "jdbc:odbc:dsn;UID=app;PWD=" + SECRET})
  void describeAndToString_neverContainThePassword_givenInTheUrl(String url) {
    JdbcSource source = JdbcSource.builder().url(url).password(SECRET).table("users").build();

    assertThat(source.describe()).doesNotContain(SECRET).contains("<redacted>").endsWith("(table users)");
    assertThat(source.toString()).doesNotContain(SECRET).contains(source.describe());
  }

  @Test
  void describe_namesTheUrlAndTheQuery_onOneLine_abbreviated() {
    String query = "select id,\n       plan\n  from users\n where " + "x = 1 and ".repeat(30) + "y = 2";
    JdbcSource source = JdbcSource.builder().url("jdbc:postgresql://db/test").password(SECRET).query(query).build();

    assertThat(source.describe())
        .startsWith("jdbc:postgresql://db/test (query: select id, plan from users where x = 1")
        .endsWith("...)")
        .doesNotContain("\n");
  }

  @Test
  void passwordInTheUrlsUserInfo_neverAppearsInDescriptionsOrMessages() {
    JdbcSource mysql = JdbcSource.builder().url("jdbc:mysql://app:" + SECRET + "@127.0.0.1:1/test").table("users").build();
    JdbcSource oracle = JdbcSource.builder().url("jdbc:oracle:thin:app/" + SECRET + "@127.0.0.1:1:orcl").table("users").build();

    assertThat(mysql.describe()).doesNotContain(SECRET);
    assertThat(oracle.describe()).doesNotContain(SECRET);
    assertThat(catchThrowableOfType(SourceException.class, mysql::open).getMessage()).doesNotContain(SECRET);
    assertThatThrownBy(() -> JdbcSource.builder().url("postgresql://app:" + SECRET + "@db:5432/test"))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }

  @Test
  void runtimeFailureWhileConnecting_neverCarriesThePasswordInItsCause() {
    class PoolThatCannotStart extends Recorder {
      @Override
      public Connection getConnection() {
        // as HikariCP reports a pool whose driver cannot be loaded
        throw new IllegalStateException("Failed to get driver instance for jdbcUrl=jdbc:nosuchdb://db/x?password=" + SECRET);
      }
    }
    JdbcSource source = JdbcSource.builder().dataSource(new PoolThatCannotStart()).table("users").build();

    SourceException e = catchThrowableOfType(SourceException.class, source::open);

    assertThat(e.getMessage()).contains("password=<redacted>").doesNotContain(SECRET);
    assertNoSecret(e, source);
  }

  // ------------------------------------------------------------------------------ builder validation

  @Test
  void url_thatDoesNotStartWithJdbc_isRefused_withoutEchoingAPasswordParameter() {
    assertThatThrownBy(() -> JdbcSource.builder().url("postgresql://db/test?password=" + SECRET))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jdbc:")
        .hasMessageContaining("postgresql://db/test?password=<redacted>")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    assertThatThrownBy(() -> JdbcSource.builder().url(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void build_needsExactlyOneOfUrlAndDataSource() {
    assertThatThrownBy(() -> JdbcSource.builder().table("users").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("url(...)")
        .hasMessageContaining("dataSource(...)");
    assertThatThrownBy(() -> JdbcSource.builder().url(Engine.H2.url()).dataSource(h2DataSource()).table("users").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly one");
  }

  @Test
  void build_needsExactlyOneOfQueryAndTable() {
    assertThatThrownBy(() -> JdbcSource.builder().url("jdbc:h2:mem:x").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("query(...)")
        .hasMessageContaining("table(...)");
    assertThatThrownBy(() -> JdbcSource.builder().url("jdbc:h2:mem:x").query("select 1").table("users").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exactly one");
  }

  @Test
  void build_refusesUserOrPassword_withADataSource() {
    assertThatThrownBy(() -> JdbcSource.builder().dataSource(h2DataSource()).user("sa").table("users").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DataSource");
    assertThatThrownBy(() -> JdbcSource.builder().dataSource(h2DataSource()).password(SECRET).table("users").build())
        .isInstanceOf(IllegalStateException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }

  @ParameterizedTest
  @ValueSource(strings = {"my table", "users;", "users; drop table users", "users--", "\"Users\"", "a.b.c.d", "1users",
      "users)", ""})
  void table_thatIsNotAPlainOrQualifiedName_isRefused(String name) {
    assertThatThrownBy(() -> JdbcSource.builder().table(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use query(...)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"users", "analytics.users", "warehouse.analytics.users", "_t$1", "Users_2024"})
  void table_acceptsPlainAndQualifiedNames(String name) {
    assertThat(JdbcSource.builder().url("jdbc:h2:mem:x").table(name).build().describe()).endsWith("(table " + name + ")");
  }

  @Test
  void fetchSize_belowOne_isRefused() {
    assertThatThrownBy(() -> JdbcSource.builder().fetchSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fetchSize");
    assertThatThrownBy(() -> JdbcSource.builder().fetchSize(-5)).isInstanceOf(IllegalArgumentException.class);
    assertThat(JdbcSource.builder().fetchSize(1)).isNotNull();
  }

  @Test
  void blankQuery_andNullArguments_areRefused() {
    assertThatThrownBy(() -> JdbcSource.builder().query("  \n")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JdbcSource.builder().query(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> JdbcSource.builder().table(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> JdbcSource.builder().dataSource(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> JdbcSource.builder().timestampZone(null)).isInstanceOf(NullPointerException.class);
  }

  // ------------------------------------------------------------------------------ DataSource and life cycle

  @Test
  void dataSourceSource_readsRows_andDescribesItselfByTheDataSourceType() {
    JdbcSource source = JdbcSource.builder().dataSource(h2DataSource()).query("SELECT id, name FROM " + table + " ORDER BY id").build();

    List<String> names = new ArrayList<>();
    try (RowStream stream = source.open()) {
      for (Row row = stream.next(); row != null; row = stream.next()) {
        names.add((String) row.get("name"));
      }
    }

    assertThat(names).containsExactly("a", "b", "c", "d", "e");
    assertThat(source.describe()).isEqualTo("DataSource JdbcDataSource (query: SELECT id, name FROM " + table + " ORDER BY id)");
  }

  @Test
  void open_makesTheConnectionReadOnlyWithoutAutocommit_andClose_closesResultSetStatementAndConnection() {
    Recorder recorder = new Recorder();
    JdbcSource source = JdbcSource.builder().dataSource(recorder).table(table).fetchSize(2).build();

    int rows = 0;
    try (RowStream stream = source.open()) {
      assertThat(recorder.calls()).contains("Connection.setReadOnly(true)", "Connection.setAutoCommit(false)",
          "PreparedStatement.setFetchSize(2)");
      assertThat(recorder.calls()).doesNotContain("Connection.close()");
      while (stream.next() != null) {
        rows++;
      }
      assertThat(stream.next()).isNull();
    }

    assertThat(rows).isEqualTo(5);
    assertThat(recorder.calls())
        .containsSubsequence("Connection.setReadOnly(true)", "Connection.setAutoCommit(false)", "PreparedStatement.executeQuery()",
            "ResultSet.close()", "PreparedStatement.close()", "Connection.close()")
        .doesNotContain("PreparedStatement.cancel()"); // read to the end: nothing to cancel
    assertThat(recorder.openConnections()).isZero();
  }

  @Test
  void closingEarly_cancelsTheStatement_thenClosesEverything() {
    Recorder recorder = new Recorder();
    JdbcSource source = JdbcSource.builder().dataSource(recorder).table(table).build();

    try (RowStream stream = source.open()) {
      assertThat(stream.next()).isNotNull();
    }

    assertThat(recorder.calls()).containsSubsequence(
        "PreparedStatement.cancel()", "ResultSet.close()", "PreparedStatement.close()", "Connection.rollback()", "Connection.close()");
    assertThat(recorder.openConnections()).isZero();
  }

  @Test
  void whenReadingFails_nextThrowsASourceExceptionNamingTheSource_andClose_stillClosesTheConnection() {
    Recorder recorder = new Recorder();
    recorder.failOnNext(3);
    JdbcSource source = JdbcSource.builder().dataSource(recorder).table(table).build();

    RowStream stream = source.open();
    assertThat(stream.next()).isNotNull();
    assertThat(stream.next()).isNotNull();
    assertThatThrownBy(stream::next)
        .isInstanceOf(SourceException.class)
        .hasMessageStartingWith("reading " + source.describe() + " failed")
        .hasMessageContaining("injected read failure");
    stream.close();

    assertThat(recorder.calls()).containsSubsequence("ResultSet.close()", "PreparedStatement.close()", "Connection.close()");
    assertThat(recorder.openConnections()).isZero();
  }

  @Test
  void whenOpenFails_theConnectionIsClosed() {
    Recorder recorder = new Recorder();
    JdbcSource source = JdbcSource.builder().dataSource(recorder).query("SELEC nothing").build();

    assertThatThrownBy(source::open).isInstanceOf(SourceException.class).hasMessageContaining("DataSource Recorder");

    assertThat(recorder.calls()).contains("Connection.close()");
    assertThat(recorder.openConnections()).isZero();
  }

  @Test
  void aSyncWhoseSourceFailsPartWay_endsFailedNamingTheSource_andClosesTheConnection() {
    Recorder recorder = new Recorder();
    recorder.failOnNext(4);
    JdbcSource source = JdbcSource.builder().dataSource(recorder).query("SELECT 'user-' || id AS id, name FROM " + table).build();
    try (FakeAmplitude fake = FakeAmplitude.start()) {
      SyncJob job = SyncJob.builder("failing-source")
          .source(source)
          .mapping(Mapping.builder(ObjectType.USER).userId(Value.column("id")).property("name", Value.column("name")).build())
          .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl()))
              .linger(Duration.ofMillis(5)).closeTimeout(Duration.ofSeconds(20)))
          .build();

      SyncResult result = AmplitudeSync.run(job);

      assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
      assertThat(result.error()).get().asString().contains(source.describe()).contains("injected read failure");
    }
    assertThat(recorder.openConnections()).isZero();
  }

  @Test
  void postgresSession_isReadOnly_soAWritingQueryFails() throws SQLException {
    Engine engine = Engine.POSTGRESQL;
    engine.assumeAvailable();
    String written = engine.createTable("read_only", "id INTEGER");
    try {
      Object setting;
      try (RowStream stream = engine.source().query("SELECT current_setting('transaction_read_only') AS ro").build().open()) {
        setting = stream.next().get("ro");
      }
      JdbcSource writer = engine.source().query("INSERT INTO " + written + " VALUES (1) RETURNING id").build();

      assertThat(setting).isEqualTo("on");
      assertThatThrownBy(writer::open).isInstanceOf(SourceException.class).hasMessageContaining("read-only transaction");
      try (Connection connection = engine.connect();
          ResultSet rs = connection.createStatement().executeQuery("SELECT COUNT(*) FROM " + written)) {
        rs.next();
        assertThat(rs.getInt(1)).isZero();
      }
    } finally {
      engine.dropTable(written);
    }
  }

  @Test
  void mariaDbSession_readOnlyIsOnlyAHint_theDriverAcceptsItButTheSessionStaysWritable() {
    // Documents driver behaviour behind "read-only where the driver allows": MariaDB Connector/J
    // accepts setReadOnly(true) but sends nothing to a single server (it only routes to replicas
    // in replication mode), so the session is not read-only. If this starts failing, the source
    // enforces read-only on MariaDB now: update the Javadoc and this test.
    Engine engine = Engine.MARIADB;
    engine.assumeAvailable();
    Object readOnly;
    try (RowStream stream = engine.source().query("SELECT @@tx_read_only AS ro").build().open()) {
      readOnly = stream.next().get("ro");
    }

    assertThat(((Number) readOnly).longValue()).isZero();
  }

  // ------------------------------------------------------------------------------ helpers

  private static JdbcDataSource h2DataSource() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(Engine.H2.url());
    return dataSource;
  }

  /** Asserts that the password appears nowhere: message, causes, stack trace text, describe, toString. */
  private static void assertNoSecret(Throwable e, JdbcSource source) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    assertThat(trace.toString()).as("stack trace with causes").doesNotContain(SECRET);
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertThat(String.valueOf(t.getMessage())).doesNotContain(SECRET);
      assertThat(t.toString()).doesNotContain(SECRET);
    }
    assertThat(source.describe()).doesNotContain(SECRET);
    assertThat(source.toString()).doesNotContain(SECRET);
  }

  /**
   * A DataSource over the H2 test database whose connections, statements and result sets record
   * every call ({@code Type.method(args)}), and whose result sets can fail on the n-th next().
   */
  static class Recorder implements DataSource {
    private final JdbcDataSource target = h2DataSource();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger open = new AtomicInteger();
    private volatile int failOnNext = -1;

    void failOnNext(int n) {
      this.failOnNext = n;
    }

    List<String> calls() {
      synchronized (calls) {
        return List.copyOf(calls);
      }
    }

    int openConnections() {
      return open.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
      Connection connection = target.getConnection();
      open.incrementAndGet();
      return wrap(Connection.class, connection);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      throw new SQLException("not used");
    }

    private <T> T wrap(Class<T> type, T real) {
      AtomicInteger nexts = new AtomicInteger();
      InvocationHandler handler = (proxy, method, args) -> {
        String name = method.getName();
        if (name.equals("toString") && (args == null || args.length == 0)) {
          return type.getSimpleName() + "Recorder";
        }
        calls.add(type.getSimpleName() + "." + name + "(" + (args == null ? "" : joined(args)) + ")");
        if (type == ResultSet.class && name.equals("next") && nexts.incrementAndGet() == failOnNext) {
          throw new SQLException("injected read failure");
        }
        if (type == Connection.class && name.equals("close") && !((Connection) real).isClosed()) {
          open.decrementAndGet();
        }
        Object result;
        try {
          result = method.invoke(real, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
        if (result instanceof PreparedStatement statement) {
          return wrap(PreparedStatement.class, statement);
        }
        if (result instanceof ResultSet rs && type != ResultSet.class) {
          return wrap(ResultSet.class, rs);
        }
        return result;
      };
      return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static String joined(Object[] args) {
      return String.join(", ", Arrays.stream(args).map(String::valueOf).toList());
    }

    @Override
    public java.io.PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }
}
