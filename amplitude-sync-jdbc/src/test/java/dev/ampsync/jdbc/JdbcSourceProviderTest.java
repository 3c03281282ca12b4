package dev.ampsync.jdbc;

import static dev.ampsync.jdbc.TestDatabases.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.Source;
import dev.ampsync.spec.SourceProvider;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code jdbc} source type of YAML specs: discovery, settings, and errors naming the key. */
class JdbcSourceProviderTest {
  private static String table;

  @BeforeAll
  static void createTable() throws SQLException {
    table = Engine.H2.createTable("provider", "id INTEGER, seen TIMESTAMP");
    Engine.H2.execute("INSERT INTO " + table + " VALUES (1, TIMESTAMP '2024-03-01 12:30:00'), (2, TIMESTAMP '2024-07-01 12:30:00')");
  }

  @AfterAll
  static void dropTable() {
    Engine.H2.dropTable(table);
  }

  @Test
  void serviceLoader_findsTheJdbcProvider() {
    List<SourceProvider> jdbc = new ArrayList<>();
    for (SourceProvider provider : ServiceLoader.load(SourceProvider.class)) {
      if (provider.type().equals("jdbc")) {
        jdbc.add(provider);
      }
    }

    assertThat(jdbc).hasSize(1);
    assertThat(jdbc.get(0)).isInstanceOf(JdbcSourceProvider.class);
  }

  @Test
  void create_withUrlAndQuery_buildsAWorkingSource() {
    Source source = provider().create(settings("url", Engine.H2.url(), "query", "SELECT id FROM " + table + " ORDER BY id"));

    assertThat(ids(source)).containsExactly(1, 2);
    assertThat(source.describe()).contains(Engine.H2.url()).contains("query: SELECT id FROM " + table);
  }

  @Test
  void create_withUrlUserPasswordTableAndFetchSize_buildsAWorkingSource() throws SQLException {
    String url = "jdbc:h2:mem:" + TestDatabases.uniqueName("provider_pw") + ";DB_CLOSE_DELAY=-1";
    try (var keeper = java.sql.DriverManager.getConnection(url, "sync", SECRET);
        var statement = keeper.createStatement()) {
      statement.execute("CREATE TABLE users (id INTEGER)");
      statement.execute("INSERT INTO users VALUES (7), (8), (9)");

      Source source = provider().create(settings(
          "url", url, "user", "sync", "password", SECRET, "table", "users", "fetch_size", 2));

      assertThat(ids(source)).containsExactlyInAnyOrder(7, 8, 9);
      assertThat(source.describe()).endsWith("(table users)").doesNotContain(SECRET);
      assertThat(source.toString()).doesNotContain(SECRET);
    }
  }

  @Test
  void create_withAnEmptyPassword_connectsWithoutOne() {
    // ${PGPASSWORD:-} substitutes to "" when the variable is unset: no password, not an empty one
    Source source = provider().create(settings("url", Engine.H2.url(), "password", "", "table", table));

    assertThat(ids(source)).containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void create_withFetchSizeAsText_acceptsAWholeNumber() {
    Source source = provider().create(settings("url", Engine.H2.url(), "table", table, "fetch_size", " 500 "));

    assertThat(ids(source)).hasSize(2);
  }

  @Test
  void timestampZone_readsZonelessTimestampsInThatZone() {
    Source utc = provider().create(settings("url", Engine.H2.url(), "query", "SELECT seen FROM " + table + " ORDER BY id"));
    Source berlin = provider().create(settings(
        "url", Engine.H2.url(), "query", "SELECT seen FROM " + table + " ORDER BY id", "timestamp_zone", "Europe/Berlin"));

    assertThat(values(utc, "seen")).containsExactly(Instant.parse("2024-03-01T12:30:00Z"), Instant.parse("2024-07-01T12:30:00Z"));
    assertThat(values(berlin, "seen")).containsExactly(Instant.parse("2024-03-01T11:30:00Z"), Instant.parse("2024-07-01T10:30:00Z"));
  }

  @Test
  void unknownKey_isRefused_namingSourceDotKey() {
    assertThatThrownBy(() -> provider().create(settings("url", Engine.H2.url(), "table", table, "schema", "analytics")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source.schema")
        .hasMessageContaining("fetch_size"); // lists the keys it knows
  }

  @Test
  void missingUrl_isRefused_namingSourceDotUrl() {
    assertThatThrownBy(() -> provider().create(settings("table", table)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source.url");
  }

  @Test
  void urlThatIsNotJdbc_isRefused_namingSourceDotUrl_withoutThePassword() {
    assertThatThrownBy(() -> provider().create(settings("url", "postgresql://db/test?password=" + SECRET, "table", "users")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source.url")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }

  @Test
  void bothQueryAndTable_orNeither_isRefused_namingBothKeys() {
    assertThatThrownBy(() -> provider().create(settings("url", Engine.H2.url(), "query", "select 1", "table", table)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source.query")
        .hasMessageContaining("source.table");
    assertThatThrownBy(() -> provider().create(settings("url", Engine.H2.url())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source.query")
        .hasMessageContaining("source.table");
  }

  @Test
  void badTableName_orBlankQuery_isRefused_namingTheKey() {
    assertThatThrownBy(() -> provider().create(settings("url", Engine.H2.url(), "table", "users; drop table users")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("source.table");
    assertThatThrownBy(() -> provider().create(settings("url", Engine.H2.url(), "query", "   ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("source.query");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "many", "1.5", "99999999999"})
  void badFetchSize_isRefused_namingSourceDotFetchSize(String fetchSize) {
    assertThatThrownBy(() -> provider().create(settings("url", Engine.H2.url(), "table", table, "fetch_size", fetchSize)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source.fetch_size")
        .hasMessageContaining(fetchSize);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Mars/Olympus_Mons", "CEST+", "", "utc+25"})
  void badTimestampZone_isRefused_namingSourceDotTimestampZone(String zone) {
    assertThatThrownBy(() -> provider().create(settings("url", Engine.H2.url(), "table", table, "timestamp_zone", zone)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("source.timestamp_zone");
  }

  @Test
  void create_connectsToNothing_untilTheSourceIsOpened() {
    // an unreachable URL builds fine: the spec can be validated without the database
    Source source = provider().create(settings("url", "jdbc:postgresql://127.0.0.1:1/test", "table", "users"));

    assertThat(source.describe()).isEqualTo("jdbc:postgresql://127.0.0.1:1/test (table users)");
  }

  // ------------------------------------------------------------------------------ helpers

  private static SourceProvider provider() {
    return new JdbcSourceProvider();
  }

  private static Map<String, Object> settings(Object... keysAndValues) {
    Map<String, Object> settings = new HashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      settings.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return settings;
  }

  private static List<Object> ids(Source source) {
    return values(source, "id");
  }

  private static List<Object> values(Source source, String label) {
    List<Object> values = new ArrayList<>();
    try (RowStream stream = source.open()) {
      for (Row row = stream.next(); row != null; row = stream.next()) {
        values.add(row.get(label));
      }
    }
    return values;
  }
}
