package dev.ampsync.jdbc;

import static dev.ampsync.jdbc.WarehouseSqlFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.jdbc.TestDatabases.SqlType;
import dev.ampsync.jdbc.internal.WarehouseSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The digests WarehouseSql computes, on the four engines that run here: NULL, {@code ''} and {@code
 * 'NULL'} differ, column boundaries cannot shift, and a change in any column type (numbers,
 * timestamps with time zone, booleans, JSON, arrays, UUID, binary) changes the digest, while the
 * same values give the same digest.
 */
class WarehouseSqlDigestsTest {
  @ParameterizedTest
  @EnumSource(Engine.class)
  void digestsTellNullEmptyAndColumnBoundariesApart(Engine engine) throws SQLException {
    engine.assumeAvailable();
    String table = null;
    String state = null;
    try (Connection connection = engine.connect()) {
      String text = engine.ddl(SqlType.VARCHAR);
      table = engine.createTable("wdigest", "id " + text + ", a " + text + ", b " + text);
      String[][] rows = {{"1", null, "x"}, {"2", "", "x"}, {"3", "NULL", "x"}, {"4", "ab", "c"}, {"5", "a", "bc"},
          {"6", "n", "x"}, {"7", null, null}, {"8", "", ""}, {"9", "1:a", "x"}, {"10", "x", null}};
      for (String[] row : rows) {
        update(connection, "insert into " + table + " (id, a, b) values (?, ?, ?)", row);
      }
      state = createState(connection);
      WarehouseSql sql = new WarehouseSql(dialect(connection), state);
      String modelSql = "select id, a, b from " + table;
      List<String> ab = reported(connection, modelSql, List.of("a", "b"));
      Map<String, String> digests = digests(connection, sql, modelSql, ab, "seed-1");
      assertThat(digests).hasSize(rows.length);
      assertThat(new HashSet<>(digests.values())).as("distinct digests of %s", digests).hasSize(rows.length);
      assertThat(digests(connection, sql, modelSql, ab, "seed-1")).isEqualTo(digests);
      Map<String, String> reseeded = digests(connection, sql, modelSql, ab, "seed-2");
      assertThat(reseeded.get("1")).isNotEqualTo(digests.get("1"));
      assertThat(digests(connection, sql, modelSql, ab.subList(1, 2), "seed-1").get("4"))
          .as("the digest covers only its columns").isNotEqualTo(digests.get("4"));
    } finally {
      engine.dropTable(table);
      dropState(engine, state);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void digestsSeeAChangeInEveryColumnType(Engine engine) throws SQLException {
    engine.assumeAvailable();
    String table = null;
    String state = null;
    try (Connection connection = engine.connect()) {
      List<SqlType> types = Arrays.stream(SqlType.values()).filter(engine::supports).toList();
      String columns = types.stream().map(type -> "c_" + type.name().toLowerCase(Locale.ROOT) + " " + engine.ddl(type))
          .collect(Collectors.joining(", "));
      table = engine.createTable("wtypes", "id " + engine.ddl(SqlType.VARCHAR) + ", " + columns);
      String names = types.stream().map(WarehouseSqlDigestsTest::column).collect(Collectors.joining(", "));
      String values = types.stream().map(type -> value(engine, type, false)).collect(Collectors.joining(", "));
      update(connection, "insert into " + table + " (id, " + names + ") values ('r', " + values + ")");

      state = createState(connection);
      WarehouseSql sql = new WarehouseSql(dialect(connection), state);
      String modelSql = "select * from " + table;
      List<String> digestColumns = types.stream().map(WarehouseSqlDigestsTest::column).toList();
      // H2 and DuckDB report unquoted names in their own case; the digest quotes them as the model returns them
      List<String> reported = reported(connection, modelSql, digestColumns);
      String original = digests(connection, sql, modelSql, reported, "t").get("r");
      assertThat(digests(connection, sql, modelSql, reported, "t").get("r")).isEqualTo(original);
      Set<String> seen = new HashSet<>(Set.of(original));
      for (SqlType type : types) {
        String set = "update " + table + " set " + column(type) + " = ";
        update(connection, set + value(engine, type, true));
        String changed = digests(connection, sql, modelSql, reported, "t").get("r");
        assertThat(seen.add(changed)).as("%s: a new value changes the digest", type).isTrue();
        update(connection, set + "null");
        String nulled = digests(connection, sql, modelSql, reported, "t").get("r");
        assertThat(seen.add(nulled)).as("%s: NULL changes the digest", type).isTrue();
        update(connection, set + value(engine, type, false));
        assertThat(digests(connection, sql, modelSql, reported, "t").get("r"))
            .as("%s: the original value gives the original digest", type).isEqualTo(original);
      }
    } finally {
      engine.dropTable(table);
      dropState(engine, state);
    }
  }

  private static String column(SqlType type) {
    return "c_" + type.name().toLowerCase(Locale.ROOT);
  }

  /** A literal of a type: the first or the second of two different values. */
  private static String value(Engine engine, SqlType type, boolean second) {
    return switch (type) {
      case SMALLINT, INTEGER, BIGINT -> second ? "2" : "1";
      case DECIMAL_20_6 -> second ? "1.25" : "1.5";
      case REAL, DOUBLE -> second ? "2.5" : "1.5";
      case BOOLEAN -> second ? "FALSE" : "TRUE";
      case CHAR_5 -> second ? "'abc'" : "'ab'";
      case VARCHAR, TEXT, CLOB -> second ? "'y'" : "'x'";
      case DATE -> second ? "'2024-01-03'" : "'2024-01-02'";
      case TIME -> second ? "'11:00:00'" : "'10:00:00'";
      case TIMESTAMP -> second ? "'2024-01-02 10:00:01'" : "'2024-01-02 10:00:00'";
      case TIMESTAMP_TZ -> second ? "'2024-01-02 10:00:00+01'" : "'2024-01-02 10:00:00+00'";
      case UUID -> second ? "'123e4567-e89b-12d3-a456-426614174001'" : "'123e4567-e89b-12d3-a456-426614174000'";
      case JSON, JSONB -> engine.jsonLiteral(second ? "{\"a\":2}" : "{\"a\":1}");
      case INT_ARRAY -> second ? engine.intArrayLiteral(1, 3) : engine.intArrayLiteral(1, 2);
      case TEXT_ARRAY -> second ? engine.textArrayLiteral("a", "c") : engine.textArrayLiteral("a", "b");
      case BINARY, BLOB -> engine.binaryLiteral(second ? new byte[] {1, 3} : new byte[] {1, 2});
    };
  }
}
