package dev.ampsync.jdbc;

import static dev.ampsync.jdbc.TestDatabases.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.jdbc.TestDatabases.SqlType;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.Source;
import dev.ampsync.source.SourceException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The conversion contract of {@link dev.ampsync.jdbc.internal.ColumnReader}, checked on the four
 * engines with real tables: for every supported column type, the exact Java value and the reported
 * {@link ColumnType}; NULLs; zone-less timestamps; column labels; whole tables.
 */
class JdbcSourceTypesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String UUID_TEXT = "123e4567-e89b-12d3-a456-426614174000";
  private static final String JSON_TEXT = "{\"a\":1,\"b\":[true,null],\"c\":\"\u00fc\"}";
  private static final byte[] BYTES = {0, 1, (byte) 0xFF, 0x7F, (byte) 0x80};
  private static final String UNICODE = "h\u00e9llo w\u00f6rld \uD83D\uDE80";

  /** Per engine: the name of the table holding one row of values and one row of NULLs. */
  private static final Map<Engine, String> TYPE_TABLES = new EnumMap<>(Engine.class);

  private static final List<Runnable> CLEANUP = new ArrayList<>();

  @AfterAll
  static void dropTables() {
    CLEANUP.forEach(Runnable::run);
    TYPE_TABLES.forEach(Engine::dropTable);
  }

  /**
   * One column of the types table.
   *
   * @param label the column name
   * @param type the test type
   * @param literal the SQL literal inserted
   * @param expected the exact Java value the source must return
   * @param columnType the column type the source must report
   */
  record Spec(String label, SqlType type, String literal, Object expected, ColumnType columnType) {}

  /** The columns of the types table on one engine: every type the engine has. */
  private static List<Spec> specs(Engine engine) {
    List<Spec> specs = new ArrayList<>();
    specs.add(new Spec("c_smallint", SqlType.SMALLINT, "32767", 32767, ColumnType.INTEGER));
    specs.add(new Spec("c_integer", SqlType.INTEGER, "-2147483648", Integer.MIN_VALUE, ColumnType.INTEGER));
    specs.add(new Spec("c_bigint", SqlType.BIGINT, "9223372036854775807", Long.MAX_VALUE, ColumnType.INTEGER));
    specs.add(new Spec("c_decimal", SqlType.DECIMAL_20_6, "12345678901234.123456",
        new BigDecimal("12345678901234.123456"), ColumnType.DECIMAL));
    specs.add(new Spec("c_real", SqlType.REAL, "1.5", 1.5d, ColumnType.FLOAT));
    specs.add(new Spec("c_double", SqlType.DOUBLE, "0.1", 0.1d, ColumnType.FLOAT));
    // MariaDB's BOOLEAN is TINYINT(1); its driver reports it as BOOLEAN/BIT, both read as Boolean
    specs.add(new Spec("c_boolean", SqlType.BOOLEAN, "TRUE", Boolean.TRUE, ColumnType.BOOLEAN));
    // CHAR pads to its length where the engine keeps the padding (SQL standard); MariaDB strips
    // trailing spaces on reading and DuckDB's CHAR is VARCHAR
    String padded = engine == Engine.MARIADB || engine == Engine.DUCKDB ? "ab" : "ab   ";
    specs.add(new Spec("c_char", SqlType.CHAR_5, "'ab'", padded, ColumnType.STRING));
    specs.add(new Spec("c_varchar", SqlType.VARCHAR, text(UNICODE), UNICODE, ColumnType.STRING));
    specs.add(new Spec("c_text", SqlType.TEXT, "'some text, with ''quotes'''", "some text, with 'quotes'", ColumnType.STRING));
    specs.add(new Spec("c_clob", SqlType.CLOB, "REPEAT('clob-', 25000)", "clob-".repeat(25000), ColumnType.STRING));
    specs.add(new Spec("c_date", SqlType.DATE, "'2024-03-01'", LocalDate.of(2024, 3, 1), ColumnType.DATE));
    specs.add(new Spec("c_time", SqlType.TIME, "'12:30:45'", LocalTime.of(12, 30, 45), ColumnType.TIME));
    specs.add(new Spec("c_timestamp", SqlType.TIMESTAMP, "'2024-03-01 12:30:00.123456'",
        Instant.parse("2024-03-01T12:30:00.123456Z"), ColumnType.TIMESTAMP));
    specs.add(new Spec("c_timestamptz", SqlType.TIMESTAMP_TZ, "'2024-03-01 12:30:00.123456+02:00'",
        Instant.parse("2024-03-01T10:30:00.123456Z"), ColumnType.TIMESTAMP));
    specs.add(new Spec("c_uuid", SqlType.UUID, text(UUID_TEXT), UUID.fromString(UUID_TEXT), ColumnType.UUID));
    specs.add(new Spec("c_json", SqlType.JSON, engine.jsonLiteral(JSON_TEXT), JSON_TEXT, jsonType(engine)));
    specs.add(new Spec("c_jsonb", SqlType.JSONB, text(JSON_TEXT), JSON_TEXT, ColumnType.JSON));
    if (engine.supports(SqlType.INT_ARRAY)) {
      specs.add(new Spec("c_int_array", SqlType.INT_ARRAY, engine.intArrayLiteral(1, 2, 3), List.of(1, 2, 3), ColumnType.ARRAY));
      specs.add(new Spec("c_text_array", SqlType.TEXT_ARRAY, engine.textArrayLiteral("x", "y z", null),
          Arrays.asList("x", "y z", null), ColumnType.ARRAY));
    }
    specs.add(new Spec("c_binary", SqlType.BINARY, engine.binaryLiteral(BYTES), BYTES, ColumnType.BINARY));
    specs.add(new Spec("c_blob", SqlType.BLOB, engine.binaryLiteral(BYTES), BYTES, ColumnType.BINARY));
    specs.removeIf(spec -> !engine.supports(spec.type()));
    return specs;
  }

  /**
   * MariaDB's JSON is LONGTEXT with a check; Connector/J 3.x names it JSON only when the server
   * sends extended type metadata (MariaDB 10.5.2 and later), and the source then types it JSON.
   * Older servers give a plain STRING. Either way the value is the JSON text.
   */
  private static ColumnType jsonType(Engine engine) {
    if (engine != Engine.MARIADB) {
      return ColumnType.JSON;
    }
    try (Connection connection = engine.connect()) {
      int major = connection.getMetaData().getDatabaseMajorVersion();
      int minor = connection.getMetaData().getDatabaseMinorVersion();
      return major > 10 || (major == 10 && minor >= 5) ? ColumnType.JSON : ColumnType.STRING;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates (once per engine) the types table: a row of values, then a row of NULLs. */
  private static synchronized String typesTable(Engine engine) throws SQLException {
    String existing = TYPE_TABLES.get(engine);
    if (existing != null) {
      return existing;
    }
    List<Spec> specs = specs(engine);
    StringBuilder columns = new StringBuilder();
    StringBuilder labels = new StringBuilder();
    StringBuilder values = new StringBuilder();
    StringBuilder nulls = new StringBuilder();
    for (Spec spec : specs) {
      String sep = columns.length() == 0 ? "" : ", ";
      columns.append(sep).append(spec.label()).append(' ').append(engine.ddl(spec.type()));
      labels.append(sep).append(spec.label());
      values.append(sep).append(spec.literal());
      nulls.append(sep).append("NULL");
    }
    String table = engine.createTable("types", "row_no INTEGER, " + columns);
    TYPE_TABLES.put(engine, table);
    engine.execute(
        "INSERT INTO " + table + " (row_no, " + labels + ") VALUES (1, " + values + ")",
        "INSERT INTO " + table + " (row_no, " + labels + ") VALUES (2, " + nulls + ")");
    return table;
  }

  private static String selectAll(Engine engine, String table) {
    StringBuilder labels = new StringBuilder();
    for (Spec spec : specs(engine)) {
      labels.append(labels.length() == 0 ? "" : ", ").append(spec.label());
    }
    return "SELECT " + labels + " FROM " + table + " ORDER BY row_no";
  }

  /** Reads every row of a source into label → value maps (copies, since rows are reused). */
  private static List<Map<String, Object>> readAll(Source source) {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (RowStream stream = source.open()) {
      for (Row row = stream.next(); row != null; row = stream.next()) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Column column : row.columns()) {
          copy.put(column.label(), row.get(column.label()));
        }
        rows.add(copy);
      }
    }
    return rows;
  }

  private static Map<String, ColumnType> columnTypes(Source source) {
    try (RowStream stream = source.open()) {
      Map<String, ColumnType> types = new LinkedHashMap<>();
      stream.columns().forEach(c -> types.put(c.label().toLowerCase(java.util.Locale.ROOT), c.type()));
      return types;
    }
  }

  // ------------------------------------------------------------------------------ values and types

  @ParameterizedTest
  @EnumSource(Engine.class)
  void everySupportedColumnType_isReadAsItsExactJavaValue_andReportsItsColumnType(Engine engine) throws Exception {
    engine.assumeAvailable();
    String table = typesTable(engine);
    JdbcSource source = engine.source().query(selectAll(engine, table)).build();

    Map<String, ColumnType> types = columnTypes(source);
    List<Map<String, Object>> rows = readAll(source);

    assertThat(rows).hasSize(2);
    Row first = firstRow(source);
    for (Spec spec : specs(engine)) {
      Object actual = first.get(spec.label());
      String what = engine + " " + spec.label() + " (" + engine.ddl(spec.type()) + ")";
      assertThat(types.get(spec.label())).as(what + " column type").isEqualTo(spec.columnType());
      if (engine == Engine.DUCKDB && (spec.type() == SqlType.INTEGER || spec.type() == SqlType.BIGINT)) {
        // DuckDB reports every column unsigned, so its INTEGER comes back as Long and its BIGINT as
        // BigInteger; see duckDbSignedIntegers_areReadAsIntegerAndLong (disabled: BUG)
        assertThat(new BigDecimal(actual.toString())).as(what).isEqualByComparingTo(spec.expected().toString());
        continue;
      }
      if (spec.type() == SqlType.JSON || spec.type() == SqlType.JSONB) {
        assertThat(actual).as(what).isInstanceOf(String.class);
        assertThat(JSON.readTree((String) actual)).as(what).isEqualTo(JSON.readTree(JSON_TEXT));
        continue;
      }
      assertThat(actual).as(what).isInstanceOf(spec.expected() instanceof List ? List.class : spec.expected().getClass());
      assertThat(actual).as(what).isEqualTo(spec.expected());
    }
    assertThat(first.columns()).extracting(c -> c.label().toLowerCase(java.util.Locale.ROOT))
        .containsExactlyElementsOf(specs(engine).stream().map(Spec::label).toList());
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = "POSTGRESQL")
  void postgresJson_keepsItsTextAsWritten_whileJsonbIsNormalized(Engine engine) throws Exception {
    engine.assumeAvailable();
    Row row = firstRow(engine.source().query(
        "SELECT CAST('{\"b\" :2,  \"a\":1}' AS json) AS j, CAST('{\"b\" :2,  \"a\":1}' AS jsonb) AS jb").build());

    assertThat(row.get("j")).isEqualTo("{\"b\" :2,  \"a\":1}");
    assertThat(row.get("jb")).isEqualTo("{\"a\": 1, \"b\": 2}");
    assertThat(row.column("j").orElseThrow().type()).isEqualTo(ColumnType.JSON);
    assertThat(row.column("jb").orElseThrow().type()).isEqualTo(ColumnType.JSON);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aRowOfNulls_readsNullInEveryColumn_withTheSameColumnTypes(Engine engine) throws Exception {
    engine.assumeAvailable();
    String table = typesTable(engine);
    JdbcSource source = engine.source().query(selectAll(engine, table)).build();

    List<Map<String, Object>> rows = readAll(source);

    assertThat(rows).hasSize(2);
    assertThat(rows.get(1)).hasSize(specs(engine).size());
    assertThat(rows.get(1).values()).as(engine + " NULL row").containsOnlyNulls();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void wideDecimal_isExact_neverThroughDouble(Engine engine) throws Exception {
    engine.assumeAvailable();
    String table = engine.createTable("wide_decimal", "d DECIMAL(38,10), n DECIMAL(20,6)");
    CLEANUP.add(() -> engine.dropTable(table));
    engine.execute("INSERT INTO " + table + " VALUES (1234567890123456789012345678.1234567891, -0.000001)");

    Row row = firstRow(engine.source().table(table).build());

    assertThat(row.get("d")).isEqualTo(new BigDecimal("1234567890123456789012345678.1234567891"));
    assertThat(row.get("n")).isEqualTo(new BigDecimal("-0.000001"));
    assertThat(row.column("d").orElseThrow().type()).isEqualTo(ColumnType.DECIMAL);
  }

  // ------------------------------------------------------------------------------ timestamps

  @ParameterizedTest
  @EnumSource(Engine.class)
  void zonelessTimestamp_isReadAsUtcByDefault_andInTheConfiguredTimestampZone(Engine engine) throws Exception {
    engine.assumeAvailable();
    String table = engine.createTable("zoneless", "row_no INTEGER, ts " + engine.ddl(SqlType.TIMESTAMP));
    CLEANUP.add(() -> engine.dropTable(table));
    engine.execute(
        "INSERT INTO " + table + " VALUES (1, '2024-03-01 12:30:00')", // CET, UTC+1
        "INSERT INTO " + table + " VALUES (2, '2024-07-01 12:30:00')"); // CEST, UTC+2
    String sql = "SELECT ts FROM " + table + " ORDER BY row_no";

    List<Object> utc = values(engine.source().query(sql).build(), "ts");
    List<Object> berlin = values(engine.source().query(sql).timestampZone(ZoneId.of("Europe/Berlin")).build(), "ts");

    assertThat(utc).containsExactly(Instant.parse("2024-03-01T12:30:00Z"), Instant.parse("2024-07-01T12:30:00Z"));
    assertThat(berlin).containsExactly(Instant.parse("2024-03-01T11:30:00Z"), Instant.parse("2024-07-01T10:30:00Z"));
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"H2", "DUCKDB", "POSTGRESQL"})
  void timestampWithTimeZone_isItsInstant_whateverTheTimestampZone(Engine engine) throws Exception {
    engine.assumeAvailable();
    String table = engine.createTable("zoned", "ts " + engine.ddl(SqlType.TIMESTAMP_TZ));
    CLEANUP.add(() -> engine.dropTable(table));
    engine.execute("INSERT INTO " + table + " VALUES ('2024-07-01 12:30:00-05:00')");

    Object utc = firstRow(engine.source().table(table).build()).get("ts");
    Object tokyo = firstRow(engine.source().table(table).timestampZone(ZoneId.of("Asia/Tokyo")).build()).get("ts");

    assertThat(utc).isEqualTo(Instant.parse("2024-07-01T17:30:00Z"));
    assertThat(tokyo).isEqualTo(utc);
  }

  // ------------------------------------------------------------------------------ labels and tables

  @ParameterizedTest
  @EnumSource(Engine.class)
  void columnLabels_areAsTheQueryAliasedThem_andLookedUpIgnoringCase(Engine engine) throws Exception {
    engine.assumeAvailable();
    String table = engine.createTable("labels", "id VARCHAR(20), plan VARCHAR(20)");
    CLEANUP.add(() -> engine.dropTable(table));
    engine.execute("INSERT INTO " + table + " VALUES ('user-7', 'pro')");

    Source source = engine.source()
        .query("SELECT id AS " + engine.quote("UserId") + ", plan AS " + engine.quote("Plan_Name") + ", plan FROM " + table)
        .build();
    Row row = firstRow(source);

    assertThat(row.columns()).extracting(Column::label).startsWith("UserId", "Plan_Name");
    assertThat(row.get("UserId")).isEqualTo("user-7");
    assertThat(row.get("userid")).isEqualTo("user-7");
    assertThat(row.get("USERID")).isEqualTo("user-7");
    assertThat(row.has("plan_name")).isTrue();
    assertThat(row.get("PLAN")).isEqualTo("pro"); // unaliased: H2 says PLAN, the others plan
    assertThat(row.has("id")).isFalse();
    assertThatThrownBy(() -> row.get("id")).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void twoColumnsWithTheSameLabel_failOpen_askingForAnAlias(Engine engine) throws Exception {
    engine.assumeAvailable();
    String table = engine.createTable("dup_labels", "id INTEGER");
    CLEANUP.add(() -> engine.dropTable(table));
    Source source = engine.source().query("SELECT id, id FROM " + table).build();

    assertThatThrownBy(source::open)
        .isInstanceOf(SourceException.class)
        .hasMessageContaining(table)
        .hasMessageContaining("alias");
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void table_readsEveryRowAndColumnOfTheTable_plainOrSchemaQualified(Engine engine) throws Exception {
    engine.assumeAvailable();
    String table = engine.createTable("whole", "id INTEGER, name VARCHAR(20)");
    CLEANUP.add(() -> engine.dropTable(table));
    engine.execute("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b'), (3, NULL)");

    for (String name : List.of(table, engine.schema() + "." + table)) {
      JdbcSource source = engine.source().table(name).build();
      List<Map<String, Object>> rows = readAll(source);

      assertThat(source.describe()).contains("table " + name);
      assertThat(rows).hasSize(3);
      assertThat(rows).extracting(r -> r.keySet().stream().map(k -> k.toLowerCase(java.util.Locale.ROOT)).toList())
          .containsOnly(List.of("id", "name"));
      assertThat(rows).extracting(r -> asLong(r.values().iterator().next())).containsExactlyInAnyOrder(1L, 2L, 3L);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void rowsStayValid_aRowKeptWhileLaterRowsAreRead_keepsItsOwnValues(Engine engine) throws Exception {
    // The engine keeps a JDBC source's rows as they are, uncopied, until the run's thread takes them
    // (RowStream.rowsStayValid): each must be an object of its own, across fetches of one row each.
    engine.assumeAvailable();
    String table = engine.createTable("kept", "id INTEGER, name VARCHAR(20)");
    CLEANUP.add(() -> engine.dropTable(table));
    engine.execute("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b'), (3, NULL)");

    List<Row> kept = new ArrayList<>();
    try (RowStream stream = engine.source().query("SELECT id, name FROM " + table + " ORDER BY id").fetchSize(1)
        .build().open()) {
      assertThat(stream.rowsStayValid()).isTrue();
      Row row;
      while ((row = stream.next()) != null) {
        kept.add(row);
      }
    }

    assertThat(kept).extracting(r -> asLong(r.get("id"))).containsExactly(1L, 2L, 3L);
    assertThat(kept).extracting(r -> r.get("name")).containsExactly("a", "b", null);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void queryWithATrailingSemicolon_runsLikeTheQueryWithout(Engine engine) throws Exception {
    // Documented behaviour: the query is sent to the driver as written. Every driver here accepts
    // one trailing semicolon (H2, DuckDB and PostgreSQL parse it away; MariaDB Connector/J sends the
    // text, which the server accepts), so "select ...;" copied from a SQL console works.
    engine.assumeAvailable();
    String table = engine.createTable("semicolon", "id INTEGER");
    CLEANUP.add(() -> engine.dropTable(table));
    engine.execute("INSERT INTO " + table + " VALUES (1), (2)");

    List<Object> ids = values(engine.source().query("SELECT id FROM " + table + " ORDER BY id;").build(), "id");

    assertThat(ids).extracting(JdbcSourceTypesTest::asLong).containsExactly(1L, 2L);
  }

  // ------------------------------------------------------------------------------ bugs

  @Test
  void duckDbSignedIntegers_areReadAsIntegerAndLong() throws Exception {
    Engine engine = Engine.DUCKDB;
    String table = engine.createTable("duck_ints", "i INTEGER, b BIGINT");
    CLEANUP.add(() -> engine.dropTable(table));
    engine.execute("INSERT INTO " + table + " VALUES (-2147483648, 9223372036854775807)");

    Row row = firstRow(engine.source().table(table).build());

    assertThat(row.get("i")).isInstanceOf(Integer.class).isEqualTo(Integer.MIN_VALUE);
    assertThat(row.get("b")).isInstanceOf(Long.class).isEqualTo(Long.MAX_VALUE);
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"H2", "DUCKDB", "POSTGRESQL"})
  void zonelessTimestampsInAnArray_areReadInTheTimestampZone(Engine engine) throws Exception {
    engine.assumeAvailable();
    ZoneId zone = ZoneId.of(TimeZone.getDefault().getID().equals("Asia/Tokyo") ? "Europe/Berlin" : "Asia/Tokyo");
    String array = switch (engine) {
      case DUCKDB -> "[TIMESTAMP '2024-03-01 12:30:00']";
      case POSTGRESQL -> "ARRAY[TIMESTAMP '2024-03-01 12:30:00']::timestamp[]";
      default -> "ARRAY[TIMESTAMP '2024-03-01 12:30:00']";
    };

    Row row = firstRow(engine.source().query("SELECT " + array + " AS ts, TIMESTAMP '2024-03-01 12:30:00' AS single")
        .timestampZone(zone).build());

    Instant expected = java.time.LocalDateTime.of(2024, 3, 1, 12, 30).atZone(zone).toInstant();
    assertThat(row.get("single")).isEqualTo(expected);
    assertThat(row.get("ts")).isEqualTo(List.of(expected));
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void multiBitColumn_isReadAsItsBits_notAsABoolean(Engine engine) throws Exception {
    engine.assumeAvailable();
    String table = engine.createTable("bits", "row_no INTEGER, flags BIT(8)");
    CLEANUP.add(() -> engine.dropTable(table));
    engine.execute("INSERT INTO " + table + " VALUES (1, B'10101010'), (2, B'00000001')");

    List<Object> flags = values(engine.source().query("SELECT flags FROM " + table + " ORDER BY row_no").build(), "flags");

    assertThat(flags).hasSize(2).doesNotHaveAnyElementsOfTypes(Boolean.class);
    assertThat(flags.get(0)).isNotEqualTo(flags.get(1));
  }

  // ------------------------------------------------------------------------------ helpers

  private static Row firstRow(Source source) {
    try (RowStream stream = source.open()) {
      Row row = stream.next();
      assertThat(row).as("first row of " + source.describe()).isNotNull();
      // copy into a detached row: valid after the stream is closed
      List<Column> columns = row.columns();
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = row.get(columns.get(i).label());
      }
      return new dev.ampsync.source.ArrayRow(dev.ampsync.source.Columns.of(columns), values);
    }
  }

  /** An integer value as a long (DuckDB's INTEGER arrives as Long, see the disabled BUG test). */
  private static long asLong(Object value) {
    return ((Number) value).longValue();
  }

  private static List<Object> values(Source source, String label) {
    return readAll(source).stream().map(caseInsensitive(label)).toList();
  }

  private static Function<Map<String, Object>, Object> caseInsensitive(String label) {
    return row -> row.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(label))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no column " + label + " in " + row.keySet()))
        .getValue();
  }
}
