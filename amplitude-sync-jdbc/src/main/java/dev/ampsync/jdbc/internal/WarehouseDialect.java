package dev.ampsync.jdbc.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SQL fragments that differ between warehouses, for warehouse-side planning: the database
 * computes each model row's key hash and digest and compares them with the state table, so only
 * changed rows leave the warehouse.
 *
 * <p>Two properties matter. {@link #keyHash(String)} must equal {@link StateTables#hash(String)}
 * (lowercase hex SHA-256 of the key's UTF-8 bytes) for the same text, or no stored key is ever
 * found. {@link #digest(List, String)} must be a function of an <em>unambiguous</em> encoding of the
 * row: each column is length-prefixed text ({@code 3:abc}) or {@code n} for NULL, after the seed,
 * so NULL, {@code ''} and {@code 'NULL'} differ, and {@code ('ab','c')} differs from {@code
 * ('a','bc')}. A digest only has to be stable within one dialect and one session setup (time zone,
 * date formats): it is compared with digests the same SQL computed on earlier runs.
 *
 * <p>The per-column NULL test is a {@code case}, not {@code coalesce(a || b, 'n')}, because some
 * engines' string concatenation skips NULLs (DuckDB's and H2's {@code concat()}); the key, on the
 * other hand, relies on {@link #concat(List)} propagating NULL: a row with a NULL key part has a
 * NULL key and is reported invalid by the engine.
 */
public enum WarehouseDialect {
  /**
   * PostgreSQL 11+: {@code sha256(bytea)} over {@code convert_to(x, 'UTF8')} hex-encoded with {@code
   * encode(..., 'hex')} for keys; for digests {@code md5(seed || row(columns...)::text)}: a record's
   * text output converts each value once and is unambiguous (a NULL is empty, an empty string
   * {@code ""}, values holding a comma, quote or parenthesis are quoted), 1.5 times faster than the
   * length-prefixed encoding on 1M rows of ten columns; {@code cast(x as text)} (every type
   * has a text output; {@code timestamptz} follows the session's TimeZone, bytea its bytea_output);
   * {@code ||}, which yields NULL for a NULL operand. Literals holding a backslash are written as
   * {@code E'...'} so that they mean the same whatever standard_conforming_strings says.
   * https://www.postgresql.org/docs/current/functions-binarystring.html
   */
  POSTGRESQL,

  /**
   * MySQL 5.7+ and MariaDB 10.3+: {@code sha2(convert(x using utf8mb4), 256)} (the UTF-8 bytes,
   * whatever the column's or connection's character set) and {@code md5()}, both lowercase hex;
   * {@code cast(x as char)}; {@code concat()}, which yields NULL when an argument is NULL ({@code ||}
   * is logical OR unless PIPES_AS_CONCAT). The digest is converted to ascii: a hex string in the
   * connection's character set (utf8mb4) compared with a latin1 row_digest column is an "illegal mix
   * of collations", an ascii one converts to any. A literal holding a backslash is written as {@code
   * convert(X'..' using utf8mb4)}, which means the same with or without NO_BACKSLASH_ESCAPES.
   * https://mariadb.com/kb/en/sha2/
   */
  MYSQL,

  /**
   * H2 2.x: {@code hash('SHA-256', x)} hashes a character string's UTF-8 bytes, {@code rawtohex} of
   * the binary result is hex (lowered to be sure); the digest uses the same SHA-256 (H2 has no
   * md5). Digest columns are {@code rawtohex(x)}, which takes every type (binary strings, BLOB and
   * JSON as their bytes, anything else as its text's UTF-16 code units): {@code cast(x as varchar)}
   * rejects BLOB and decodes other binary strings as UTF-8, mapping invalid bytes to U+FFFD. Keys use
   * {@code cast(x as varchar)}; {@code ||} yields NULL for a NULL operand.
   * https://h2database.com/html/functions.html#hash , https://h2database.com/html/functions.html#rawtohex
   */
  H2,

  /**
   * DuckDB 1.1+: {@code sha256(varchar)} and {@code md5(varchar)} hash the UTF-8 bytes and return
   * lowercase hex; {@code cast(x as varchar)} works for every type (lists as {@code [1, 2]}, blobs
   * with {@code \xAA} escapes); {@code ||} yields NULL for a NULL operand ({@code concat()} would
   * skip it). https://duckdb.org/docs/sql/functions/text
   */
  DUCKDB,

  /**
   * Snowflake: {@code sha2(x, 256)} and {@code md5(x)} return lowercase hex of the UTF-8 bytes (all
   * Snowflake text is UTF-8); {@code to_varchar(x)} converts every type (VARIANT, ARRAY, OBJECT as
   * JSON, BINARY as hex, timestamps by the session's output formats); {@code ||} yields NULL for a
   * NULL operand. Single-quoted literals interpret backslash escapes, so {@code \} is doubled.
   * https://docs.snowflake.com/en/sql-reference/functions/sha2 ,
   * https://docs.snowflake.com/sql-reference/functions/md5 ,
   * https://docs.snowflake.com/en/sql-reference/data-types-text#escape-sequences-in-single-quoted-string-constants
   */
  SNOWFLAKE,

  /**
   * Google BigQuery (GoogleSQL): {@code to_hex(sha256(x))} and {@code to_hex(md5(x))} hash a
   * STRING's UTF-8 bytes ({@code to_hex} is lowercase); {@code cast(x as string)} for key parts;
   * digest columns use {@code to_json_string(x)}, since CAST to STRING rejects ARRAY, STRUCT and
   * JSON values and BYTES that are not UTF-8. Quoted identifiers and string literals take backslash
   * escapes, not doubling. https://cloud.google.com/bigquery/docs/reference/standard-sql/hash_functions ,
   * https://cloud.google.com/bigquery/docs/reference/standard-sql/lexical
   */
  BIGQUERY,

  /**
   * Amazon Redshift: {@code sha2(x, 256)} and {@code md5(x)} return hex text; {@code cast(x as
   * varchar(max))}, because a bare VARCHAR is VARCHAR(256) there and would truncate; {@code ||}
   * (CONCAT takes only two arguments), NULL for a NULL operand. Backslashes in literals are doubled
   * (Redshift's own QUOTE_LITERAL doubles quotes and backslashes). SUPER values need {@code
   * json_serialize} in the model. https://docs.aws.amazon.com/redshift/latest/dg/SHA2.html ,
   * https://docs.aws.amazon.com/redshift/latest/dg/r_Character_types.html
   */
  REDSHIFT,

  /**
   * Databricks SQL / Spark SQL: {@code sha2(x, 256)} and {@code md5(x)} return lowercase hex of the
   * UTF-8 bytes; {@code cast(x as string)} (arrays and maps as {@code [1, 2]}, binary decoded as
   * UTF-8); {@code ||} yields NULL for a NULL operand. String literals take backslash escapes and
   * two adjacent literals concatenate, so a quote is {@code \'}, never {@code ''}.
   * https://docs.databricks.com/en/sql/language-manual/functions/sha2.html ,
   * https://docs.databricks.com/en/sql/language-manual/data-types/string-type.html
   */
  DATABRICKS;

  /**
   * The dialect of a JDBC {@code DatabaseMetaData.getDatabaseProductName()}, or empty when the
   * database is not supported (see {@link #supported()}). Redshift reached through the PostgreSQL
   * driver reports "PostgreSQL" and is planned as PostgreSQL.
   */
  public static Optional<WarehouseDialect> of(String databaseProductName) {
    if (databaseProductName == null) {
      return Optional.empty();
    }
    String product = databaseProductName.toLowerCase(Locale.ROOT);
    if (product.contains("postgres")) {
      return Optional.of(POSTGRESQL);
    }
    if (product.contains("mariadb") || product.contains("mysql")) {
      return Optional.of(MYSQL);
    }
    if (product.equals("h2") || product.startsWith("h2 ")) {
      return Optional.of(H2);
    }
    if (product.contains("duckdb")) {
      return Optional.of(DUCKDB);
    }
    if (product.contains("snowflake")) {
      return Optional.of(SNOWFLAKE);
    }
    if (product.contains("bigquery")) {
      return Optional.of(BIGQUERY);
    }
    if (product.contains("redshift")) {
      return Optional.of(REDSHIFT);
    }
    if (product.contains("databricks") || product.contains("spark")) {
      return Optional.of(DATABRICKS);
    }
    return Optional.empty();
  }

  /** The supported databases, for an error message. */
  public static String supported() {
    return "PostgreSQL, MySQL, MariaDB, H2, DuckDB, Snowflake, Google BigQuery, Amazon Redshift, Databricks (Spark SQL)";
  }

  /** A quoted identifier, case kept. */
  public String quote(String identifier) {
    return switch (this) {
      case MYSQL, DATABRICKS -> "`" + identifier.replace("`", "``") + "`";
      case BIGQUERY -> "`" + backslashEscaped(identifier, '`') + "`";
      default -> "\"" + identifier.replace("\"", "\"\"") + "\"";
    };
  }

  /** A string literal for {@code text}. */
  public String literal(String text) {
    return switch (this) {
      case POSTGRESQL -> text.indexOf('\\') < 0
          ? "'" + text.replace("'", "''") + "'"
          : "E'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
      case MYSQL -> text.indexOf('\\') < 0
          ? "'" + text.replace("'", "''") + "'"
          : "convert(X'" + HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8))
              + "' using utf8mb4)";
      case SNOWFLAKE, REDSHIFT -> "'" + text.replace("\\", "\\\\").replace("'", "''") + "'";
      case BIGQUERY, DATABRICKS -> "'" + backslashEscaped(text, '\'') + "'";
      case H2, DUCKDB -> "'" + text.replace("'", "''") + "'";
    };
  }

  /** {@code expr} cast to the dialect's text type. */
  public String text(String expr) {
    return switch (this) {
      case POSTGRESQL -> "cast(" + expr + " as text)";
      case MYSQL -> "cast(" + expr + " as char)";
      case H2, DUCKDB -> "cast(" + expr + " as varchar)";
      case REDSHIFT -> "cast(" + expr + " as varchar(max))";
      case SNOWFLAKE -> "to_varchar(" + expr + ")";
      case BIGQUERY, DATABRICKS -> "cast(" + expr + " as string)";
    };
  }

  /** The concatenation of text expressions; NULL when any of them is NULL. */
  public String concat(List<String> exprs) {
    if (exprs.isEmpty()) {
      return literal("");
    }
    if (exprs.size() == 1) {
      return exprs.get(0);
    }
    return this == MYSQL ? "concat(" + String.join(", ", exprs) + ")" : "(" + String.join(" || ", exprs) + ")";
  }

  /** Lowercase hex SHA-256 of the UTF-8 bytes of a text expression: {@link StateTables#hash}. */
  public String keyHash(String textExpr) {
    return switch (this) {
      case POSTGRESQL -> "encode(sha256(convert_to(" + textExpr + ", 'UTF8')), 'hex')";
      case MYSQL -> "sha2(convert(" + textExpr + " using utf8mb4), 256)";
      case H2 -> "lower(rawtohex(hash('SHA-256', " + textExpr + ")))";
      case DUCKDB -> "sha256(" + textExpr + ")";
      case SNOWFLAKE, REDSHIFT, DATABRICKS -> "sha2(" + textExpr + ", 256)";
      case BIGQUERY -> "to_hex(sha256(" + textExpr + "))";
    };
  }

  /**
   * A text digest (at most 64 characters) of the seed and the values of {@code columnExprs}: each
   * column encoded as {@code <length>:<text>}, or {@code n} when NULL, after the seed.
   */
  public String digest(List<String> columnExprs, String seed) {
    if (this == POSTGRESQL) {
      String record = columnExprs.isEmpty() ? "''" : "cast(row(" + String.join(", ", columnExprs) + ") as text)";
      return "md5(" + literal(seed) + " || " + record + ")";
    }
    List<String> parts = new ArrayList<>();
    parts.add(literal(seed));
    for (String column : columnExprs) {
      String value = digestText(column);
      parts.add("case when " + column + " is null then 'n' else "
          + concat(List.of(text(length(value)), "':'", value)) + " end");
    }
    return digestHash(concat(parts));
  }

  /** The number of characters of a text expression. */
  String length(String textExpr) {
    return switch (this) {
      case POSTGRESQL, MYSQL, H2, DATABRICKS, BIGQUERY -> "char_length(" + textExpr + ")";
      case DUCKDB, SNOWFLAKE, REDSHIFT -> "length(" + textExpr + ")";
    };
  }

  /** A column's value as text for the digest: {@link #text}, except where a cast rejects types. */
  String digestText(String expr) {
    return switch (this) {
      case BIGQUERY -> "to_json_string(" + expr + ")";
      case H2 -> "rawtohex(" + expr + ")";
      default -> text(expr);
    };
  }

  /** The hash of the digest's encoded text, as lowercase hex. */
  private String digestHash(String textExpr) {
    return switch (this) {
      case MYSQL -> "convert(md5(" + textExpr + ") using ascii)";
      case POSTGRESQL, DUCKDB, SNOWFLAKE, REDSHIFT, DATABRICKS -> "md5(" + textExpr + ")";
      case H2 -> keyHash(textExpr);
      case BIGQUERY -> "to_hex(md5(" + textExpr + "))";
    };
  }

  /** Backslash-escapes {@code \}, the quote and control characters (BigQuery, Databricks). */
  private String backslashEscaped(String text, char quote) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' || c == quote) {
        out.append('\\').append(c);
      } else if (c < 0x20 && this == BIGQUERY) {
        // a BigQuery single-quoted string cannot hold a raw newline; \\uhhhh is one of its escapes
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
