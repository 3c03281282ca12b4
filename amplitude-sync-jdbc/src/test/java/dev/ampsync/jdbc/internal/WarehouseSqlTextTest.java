package dev.ampsync.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.internal.engine.Keys;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The SQL text WarehouseDialect and WarehouseSql generate, for every dialect, including the four
 * that cannot run here (Snowflake, BigQuery, Redshift, Databricks): golden fragments for the
 * functions, quoting and escaping each relies on, and a structural check of every query.
 * WarehouseSqlEnginesTest runs the SQL on the four engines that can.
 */
class WarehouseSqlTextTest {
  private static final KeyExpression USER = KeyExpression.column("user_id");
  private static final KeyExpression GROUP =
      KeyExpression.group(new KeyExpression.Constant("org"), "org_id", "member");

  @Test
  void databaseProductNamesMapToDialects() {
    assertThat(WarehouseDialect.of("PostgreSQL")).contains(WarehouseDialect.POSTGRESQL);
    assertThat(WarehouseDialect.of("MariaDB")).contains(WarehouseDialect.MYSQL);
    assertThat(WarehouseDialect.of("MySQL")).contains(WarehouseDialect.MYSQL);
    assertThat(WarehouseDialect.of("H2")).contains(WarehouseDialect.H2);
    assertThat(WarehouseDialect.of("DuckDB")).contains(WarehouseDialect.DUCKDB);
    assertThat(WarehouseDialect.of("Snowflake")).contains(WarehouseDialect.SNOWFLAKE);
    assertThat(WarehouseDialect.of("Google BigQuery 2.0")).contains(WarehouseDialect.BIGQUERY);
    assertThat(WarehouseDialect.of("Google BigQuery")).contains(WarehouseDialect.BIGQUERY);
    assertThat(WarehouseDialect.of("Redshift")).contains(WarehouseDialect.REDSHIFT);
    assertThat(WarehouseDialect.of("Databricks")).contains(WarehouseDialect.DATABRICKS);
    assertThat(WarehouseDialect.of("Spark SQL")).contains(WarehouseDialect.DATABRICKS);
    assertThat(WarehouseDialect.of("Microsoft SQL Server")).isEqualTo(Optional.empty());
    assertThat(WarehouseDialect.of("Oracle")).isEmpty();
    assertThat(WarehouseDialect.of(null)).isEmpty();
    assertThat(WarehouseDialect.supported()).contains("PostgreSQL", "Snowflake", "Databricks");
  }

  @Test
  void identifiersAreQuotedWithTheDialectsQuoteAndEscape() {
    String name = "we\"ird`na\\me";
    assertThat(WarehouseDialect.POSTGRESQL.quote(name)).isEqualTo("\"we\"\"ird`na\\me\"");
    assertThat(WarehouseDialect.H2.quote(name)).isEqualTo("\"we\"\"ird`na\\me\"");
    assertThat(WarehouseDialect.DUCKDB.quote(name)).isEqualTo("\"we\"\"ird`na\\me\"");
    assertThat(WarehouseDialect.SNOWFLAKE.quote(name)).isEqualTo("\"we\"\"ird`na\\me\"");
    assertThat(WarehouseDialect.REDSHIFT.quote(name)).isEqualTo("\"we\"\"ird`na\\me\"");
    assertThat(WarehouseDialect.MYSQL.quote(name)).isEqualTo("`we\"ird``na\\me`");
    assertThat(WarehouseDialect.DATABRICKS.quote(name)).isEqualTo("`we\"ird``na\\me`");
    // GoogleSQL: quoted identifiers take the string literals' backslash escapes
    assertThat(WarehouseDialect.BIGQUERY.quote(name)).isEqualTo("`we\"ird\\`na\\\\me`");
  }

  @Test
  void literalsEscapeQuotesAndBackslashesAsEachDialectReadsThem() {
    String text = "it's a\\b";
    assertThat(WarehouseDialect.POSTGRESQL.literal(text)).isEqualTo("E'it''s a\\\\b'");
    assertThat(WarehouseDialect.POSTGRESQL.literal("it's")).isEqualTo("'it''s'");
    assertThat(WarehouseDialect.H2.literal(text)).isEqualTo("'it''s a\\b'");
    assertThat(WarehouseDialect.DUCKDB.literal(text)).isEqualTo("'it''s a\\b'");
    assertThat(WarehouseDialect.MYSQL.literal("it's")).isEqualTo("'it''s'");
    assertThat(WarehouseDialect.MYSQL.literal(text)).isEqualTo("convert(X'6974277320615c62' using utf8mb4)");
    assertThat(WarehouseDialect.SNOWFLAKE.literal(text)).isEqualTo("'it''s a\\\\b'");
    assertThat(WarehouseDialect.REDSHIFT.literal(text)).isEqualTo("'it''s a\\\\b'");
    assertThat(WarehouseDialect.BIGQUERY.literal(text)).isEqualTo("'it\\'s a\\\\b'");
    assertThat(WarehouseDialect.DATABRICKS.literal(text)).isEqualTo("'it\\'s a\\\\b'");
    assertThat(WarehouseDialect.BIGQUERY.literal("a\nb\u001f")).isEqualTo("'a\\u000ab\\u001f'");
  }

  @Test
  void textCastsAndConcatenation() {
    assertThat(WarehouseDialect.POSTGRESQL.text("x")).isEqualTo("cast(x as text)");
    assertThat(WarehouseDialect.MYSQL.text("x")).isEqualTo("cast(x as char)");
    assertThat(WarehouseDialect.H2.text("x")).isEqualTo("cast(x as varchar)");
    assertThat(WarehouseDialect.DUCKDB.text("x")).isEqualTo("cast(x as varchar)");
    assertThat(WarehouseDialect.REDSHIFT.text("x")).isEqualTo("cast(x as varchar(max))");
    assertThat(WarehouseDialect.SNOWFLAKE.text("x")).isEqualTo("to_varchar(x)");
    assertThat(WarehouseDialect.BIGQUERY.text("x")).isEqualTo("cast(x as string)");
    assertThat(WarehouseDialect.DATABRICKS.text("x")).isEqualTo("cast(x as string)");

    assertThat(WarehouseDialect.MYSQL.concat(List.of("a", "b", "c"))).isEqualTo("concat(a, b, c)");
    assertThat(WarehouseDialect.REDSHIFT.concat(List.of("a", "b", "c"))).isEqualTo("(a || b || c)");
    assertThat(WarehouseDialect.SNOWFLAKE.concat(List.of("a", "b"))).isEqualTo("(a || b)");
    assertThat(WarehouseDialect.DATABRICKS.concat(List.of("a"))).isEqualTo("a");
  }

  @Test
  void keyHashesAreHexSha256OfUtf8() {
    assertThat(WarehouseDialect.POSTGRESQL.keyHash("k")).isEqualTo("encode(sha256(convert_to(k, 'UTF8')), 'hex')");
    assertThat(WarehouseDialect.MYSQL.keyHash("k")).isEqualTo("sha2(convert(k using utf8mb4), 256)");
    assertThat(WarehouseDialect.H2.keyHash("k")).isEqualTo("lower(rawtohex(hash('SHA-256', k)))");
    assertThat(WarehouseDialect.DUCKDB.keyHash("k")).isEqualTo("sha256(k)");
    assertThat(WarehouseDialect.SNOWFLAKE.keyHash("k")).isEqualTo("sha2(k, 256)");
    assertThat(WarehouseDialect.BIGQUERY.keyHash("k")).isEqualTo("to_hex(sha256(k))");
    assertThat(WarehouseDialect.REDSHIFT.keyHash("k")).isEqualTo("sha2(k, 256)");
    assertThat(WarehouseDialect.DATABRICKS.keyHash("k")).isEqualTo("sha2(k, 256)");
  }

  @Test
  void digestsLengthPrefixEachColumnAndMarkNulls() {
    // PostgreSQL: a record's text output is unambiguous by itself (NULL empty, "" quoted, delimiters quoted)
    assertThat(WarehouseDialect.POSTGRESQL.digest(List.of("m.a", "m.b"), "s1"))
        .isEqualTo("md5('s1' || cast(row(m.a, m.b) as text))");
    assertThat(WarehouseDialect.POSTGRESQL.digest(List.of(), "s1")).isEqualTo("md5('s1' || '')");
    assertThat(WarehouseDialect.MYSQL.digest(List.of("m.a"), "s1")).isEqualTo(
        "convert(md5(concat('s1', case when m.a is null then 'n' else concat(cast(char_length(cast(m.a as char)) as char), ':', cast(m.a as char)) end)) using ascii)");
    assertThat(WarehouseDialect.SNOWFLAKE.digest(List.of("m.a"), "s1")).isEqualTo(
        "md5(('s1' || case when m.a is null then 'n' else (to_varchar(length(to_varchar(m.a))) || ':' || to_varchar(m.a)) end))");
    assertThat(WarehouseDialect.BIGQUERY.digest(List.of("m.a"), "s1")).isEqualTo(
        "to_hex(md5(('s1' || case when m.a is null then 'n' else (cast(char_length(to_json_string(m.a)) as string) || ':' || to_json_string(m.a)) end)))");
    assertThat(WarehouseDialect.REDSHIFT.digest(List.of("m.a"), "s1")).isEqualTo(
        "md5(('s1' || case when m.a is null then 'n' else (cast(length(cast(m.a as varchar(max))) as varchar(max)) || ':' || cast(m.a as varchar(max))) end))");
    assertThat(WarehouseDialect.DATABRICKS.digest(List.of("m.a"), "s1")).isEqualTo(
        "md5(('s1' || case when m.a is null then 'n' else (cast(char_length(cast(m.a as string)) as string) || ':' || cast(m.a as string)) end))");
    assertThat(WarehouseDialect.H2.digest(List.of(), "s1")).isEqualTo("lower(rawtohex(hash('SHA-256', 's1')))");
    assertThat(WarehouseDialect.DUCKDB.digest(List.of("m.a"), "s1")).startsWith("md5(('s1' || case when m.a is null");
  }

  @Test
  void keyExpressionsJoinPartsWithTheGroupSeparator() {
    assertThat(KeyExpression.SEPARATOR).isEqualTo(Keys.GROUP_SEPARATOR);
    assertThat(USER.sql(WarehouseDialect.POSTGRESQL, "m")).isEqualTo("cast(m.\"user_id\" as text)");
    assertThat(GROUP.sql(WarehouseDialect.POSTGRESQL, "m")).isEqualTo(
        "('org\u001f' || cast(m.\"org_id\" as text) || '\u001f' || cast(m.\"member\" as text))");
    assertThat(GROUP.sql(WarehouseDialect.MYSQL, "m")).isEqualTo(
        "concat('org\u001f', cast(m.`org_id` as char), '\u001f', cast(m.`member` as char))");
    assertThat(KeyExpression.group(new KeyExpression.Column("type"), "v", null).sql(WarehouseDialect.BIGQUERY, "m"))
        .isEqualTo("(cast(m.`type` as string) || '\\u001f' || cast(m.`v` as string))");
    assertThat(new KeyExpression(List.of(new KeyExpression.Constant("only"))).sql(WarehouseDialect.H2, "m"))
        .isEqualTo("'only'");
    assertThatThrownBy(() -> new KeyExpression(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void changedRowsForPostgresql() {
    WarehouseSql sql = new WarehouseSql(WarehouseDialect.POSTGRESQL, "analytics.ampsync_state");
    assertThat(sql.changedRows("select * from users ;\n ", USER, List.of("name"), "v1", false)).isEqualTo(
        "select c.*, s.record_value as \"ampsync_stored\"\n"
            + "from (select m.*, cast(m.\"user_id\" as text) as \"ampsync_key\", "
            + "md5('v1' || cast(row(m.\"name\") as text)) as \"ampsync_digest\"\n"
            + "from (\nselect * from users\n) m) c\n"
            + "left join analytics.ampsync_state s on s.sync_name = ? and s.key_hash = "
            + "cast(encode(sha256(convert_to(c.\"ampsync_key\", 'UTF8')), 'hex') as char(64))\n"
            + "where c.\"ampsync_key\" is null or s.key_hash is null or s.row_digest is null"
            + " or s.row_digest <> c.\"ampsync_digest\"");
    assertThat(sql.changedRows("select * from users", USER, List.of("name"), "v1", true))
        .doesNotContain("where")
        .endsWith("s.key_hash = cast(encode(sha256(convert_to(c.\"ampsync_key\", 'UTF8')), 'hex') as char(64))");
  }

  @Test
  void modelCountAndRemovedKeys() {
    WarehouseSql postgres = new WarehouseSql(WarehouseDialect.POSTGRESQL, "st");
    assertThat(postgres.modelCount("select 1;")).isEqualTo("select count(*) from (\nselect 1\n) m");
    assertThat(postgres.removedKeys("select * from users", USER)).isEqualTo(
        "select s.record_key from st s where s.sync_name = ? and not exists (select 1 from (\nselect * from users\n) m"
            + " where cast(encode(sha256(convert_to(cast(m.\"user_id\" as text), 'UTF8')), 'hex') as char(64)) = s.key_hash)");
    assertThat(new WarehouseSql(WarehouseDialect.MYSQL, "st").removedKeys("select * from users", USER)).isEqualTo(
        "select s.record_key from st s where s.sync_name = ? and cast(s.key_hash as binary) not in (select k.h from (select "
            + "cast(sha2(convert(cast(m.`user_id` as char) using utf8mb4), 256) as binary) as h from (\nselect * from users\n) m) k"
            + " where k.h is not null)");
    assertThat(new WarehouseSql(WarehouseDialect.H2, "st").removedKeys("select * from users", USER))
        .contains("s.key_hash not in (select k.h from (select lower(rawtohex(hash('SHA-256', cast(m.\"user_id\" as varchar)))) as h");
    assertThat(new WarehouseSql(WarehouseDialect.MYSQL, "st").changedRows("select 1", USER, List.of(), "s", false))
        .contains("s.key_hash = convert(sha2(convert(c.`ampsync_key` using utf8mb4), 256) using ascii)");
    assertThat(new WarehouseSql(WarehouseDialect.SNOWFLAKE, "db.sch.st").removedKeys("select * from users", USER))
        .contains("from db.sch.st s where s.sync_name = ? and not exists (select 1 from (")
        .contains("where sha2(to_varchar(m.\"user_id\"), 256) = s.key_hash)");
    assertThatThrownBy(() -> postgres.modelCount(" ;; ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nonRunnableDialectsUseTheirFunctions() {
    String snowflake = new WarehouseSql(WarehouseDialect.SNOWFLAKE, "st").changedRows("select 1", GROUP, List.of("a"), "s", false);
    assertThat(snowflake).contains("sha2(c.\"ampsync_key\", 256)", "md5(", "to_varchar(m.\"org_id\")", "as \"ampsync_digest\"");
    String bigquery = new WarehouseSql(WarehouseDialect.BIGQUERY, "ds.st").changedRows("select 1", GROUP, List.of("a"), "s", false);
    assertThat(bigquery).contains("to_hex(sha256(c.`ampsync_key`))", "to_hex(md5(", "to_json_string(m.`a`)",
        "cast(m.`org_id` as string)", "'org\\u001f'", "left join ds.st s");
    String redshift = new WarehouseSql(WarehouseDialect.REDSHIFT, "st").changedRows("select 1", GROUP, List.of("a"), "s", false);
    assertThat(redshift).contains("sha2(c.\"ampsync_key\", 256)", "md5((", "cast(m.\"org_id\" as varchar(max))", " || ")
        .doesNotContain("concat(");
    String databricks = new WarehouseSql(WarehouseDialect.DATABRICKS, "st").changedRows("select 1", GROUP, List.of("a"), "s", false);
    assertThat(databricks).contains("sha2(c.`ampsync_key`, 256)", "md5((", "cast(m.`org_id` as string)", "as `ampsync_stored`");
    String mysql = new WarehouseSql(WarehouseDialect.MYSQL, "st").changedRows("select 1", GROUP, List.of("a"), "s", false);
    assertThat(mysql).doesNotContain("||");
  }

  @ParameterizedTest
  @EnumSource(WarehouseDialect.class)
  void everyQueryIsWellFormed(WarehouseDialect dialect) {
    WarehouseSql sql = new WarehouseSql(dialect, "ampsync_state");
    String model = "select * from t -- a trailing comment\n;";
    for (KeyExpression key : List.of(USER, GROUP)) {
      for (boolean everyRow : new boolean[] {false, true}) {
        String changed = sql.changedRows(model, key, List.of("a", "b c", "it's"), "seed 'x' \\", everyRow);
        assertWellFormed(dialect, changed, 1);
        assertThat(changed).contains("ampsync_key", "ampsync_digest", "ampsync_stored")
            .contains(dialect.quote("it's"));
      }
      assertWellFormed(dialect, sql.removedKeys(model, key), 1);
    }
    assertWellFormed(dialect, sql.modelCount(model), 0);
  }

  /** Balanced parentheses and the number of {@code ?} outside literals, quoted names and comments. */
  private static void assertWellFormed(WarehouseDialect dialect, String sql, int parameters) {
    int depth = 0;
    int marks = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = endOfQuoted(sql, i, backslashEscapes(dialect, sql, i));
      } else if (c == '-' && sql.startsWith("--", i)) {
        i = sql.indexOf('\n', i);
        assertThat(i).as("line comment ends before the end of %s", sql).isPositive();
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        assertThat(depth).as("parentheses in %s", sql).isNotNegative();
      } else if (c == '?') {
        marks++;
      }
    }
    assertThat(depth).as("unclosed parentheses in %s", sql).isZero();
    assertThat(marks).as("parameters in %s", sql).isEqualTo(parameters);
  }

  /** Whether the quoted text opened at {@code start} takes backslash escapes in this dialect. */
  private static boolean backslashEscapes(WarehouseDialect dialect, String sql, int start) {
    char quote = sql.charAt(start);
    return switch (dialect) {
      case SNOWFLAKE, REDSHIFT, DATABRICKS -> quote == '\'';
      case BIGQUERY -> true;
      case POSTGRESQL -> quote == '\'' && start > 0 && sql.charAt(start - 1) == 'E';
      default -> false;
    };
  }

  /** The index of the quote closing the quoted text opened at {@code start}. */
  private static int endOfQuoted(String sql, int start, boolean backslashEscapes) {
    char quote = sql.charAt(start);
    for (int i = start + 1; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '\\' && backslashEscapes) {
        i++;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i++;
        } else {
          return i;
        }
      }
    }
    throw new AssertionError("unterminated " + quote + " in " + sql);
  }
}
