package dev.ampsync.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The four databases the JDBC tests run against, and the one place that knows their dialects and
 * how to reach them.
 *
 * <p>H2 and DuckDB run in memory inside the test JVM and are always available. PostgreSQL and
 * MariaDB are real servers: their URLs come from {@code AMPSYNC_PG_URL} / {@code
 * AMPSYNC_MARIADB_URL} (defaults {@code jdbc:postgresql://127.0.0.1:5432/test} and {@code
 * jdbc:mariadb://127.0.0.1:3306/test}). When no server answers, {@link Engine#assumeAvailable()}
 * skips the test with a message, or fails it when {@code AMPSYNC_REQUIRE_SERVERS=1}.
 *
 * <p>Tables are created with unique names ({@link #uniqueName(String)}) so that parallel runs on
 * the same servers do not clash.
 */
final class TestDatabases {
  /** The recognizable password the error tests look for in every message. */
  static final String SECRET = "s3cret-pw-XYZ";

  static final boolean REQUIRE_SERVERS = "1".equals(System.getenv("AMPSYNC_REQUIRE_SERVERS"));

  private static final String RUN_ID =
      Long.toString(ProcessHandle.current().pid(), 36)
          + HexFormat.of().toHexDigits((byte) ThreadLocalRandom.current().nextInt(256));
  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static final Map<Engine, String> UNAVAILABLE = new ConcurrentHashMap<>();
  private static final Map<Engine, Boolean> CHECKED = new ConcurrentHashMap<>();

  private TestDatabases() {}

  /** The column types the tests use, each mapped to every engine's DDL by {@link Engine#ddl}. */
  enum SqlType {
    SMALLINT,
    INTEGER,
    BIGINT,
    DECIMAL_20_6,
    REAL,
    DOUBLE,
    BOOLEAN,
    CHAR_5,
    VARCHAR,
    TEXT,
    /** A character large object: H2 CLOB, MariaDB LONGTEXT; none in PostgreSQL and DuckDB. */
    CLOB,
    DATE,
    TIME,
    /** A timestamp without time zone (MariaDB: DATETIME(6), whose TIMESTAMP is zone-dependent). */
    TIMESTAMP,
    TIMESTAMP_TZ,
    UUID,
    JSON,
    /** PostgreSQL's second JSON type; only PostgreSQL has it. */
    JSONB,
    INT_ARRAY,
    TEXT_ARRAY,
    /** A variable-length binary string: bytea, VARBINARY, BLOB (DuckDB). */
    BINARY,
    /** A binary large object where the engine has one beside its binary string. */
    BLOB
  }

  /** A database engine the JDBC source is tested against. */
  enum Engine {
    H2 {
      @Override
      String url() {
        return "jdbc:h2:mem:ampsync_" + RUN_ID + ";DB_CLOSE_DELAY=-1";
      }

      @Override
      String ddl(SqlType type) {
        return switch (type) {
          case SMALLINT -> "SMALLINT";
          case INTEGER -> "INTEGER";
          case BIGINT -> "BIGINT";
          case DECIMAL_20_6 -> "DECIMAL(20,6)";
          case REAL -> "REAL";
          case DOUBLE -> "DOUBLE PRECISION";
          case BOOLEAN -> "BOOLEAN";
          case CHAR_5 -> "CHAR(5)";
          case VARCHAR -> "VARCHAR(100)";
          case TEXT -> "CHARACTER VARYING";
          case CLOB -> "CLOB";
          case DATE -> "DATE";
          case TIME -> "TIME";
          case TIMESTAMP -> "TIMESTAMP(6)";
          case TIMESTAMP_TZ -> "TIMESTAMP(6) WITH TIME ZONE";
          case UUID -> "UUID";
          case JSON -> "JSON";
          case JSONB -> null;
          case INT_ARRAY -> "INTEGER ARRAY";
          case TEXT_ARRAY -> "VARCHAR(100) ARRAY";
          case BINARY -> "VARBINARY(100)";
          case BLOB -> "BLOB";
        };
      }

      @Override
      String jsonLiteral(String json) {
        return text(json) + " FORMAT JSON";
      }

      @Override
      String intArrayLiteral(int... values) {
        StringBuilder out = new StringBuilder("ARRAY[");
        for (int i = 0; i < values.length; i++) {
          out.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return out.append(']').toString();
      }

      @Override
      String textArrayLiteral(String... values) {
        return "ARRAY[" + joinTexts(values) + "]";
      }

      @Override
      String binaryLiteral(byte[] bytes) {
        return "X'" + HexFormat.of().formatHex(bytes) + "'";
      }

      @Override
      String schema() {
        return "PUBLIC";
      }
    },

    DUCKDB {
      @Override
      String url() {
        // a named in-memory database, shared by every connection of this JVM while one is open
        return "jdbc:duckdb::memory:ampsync_" + RUN_ID;
      }

      @Override
      String ddl(SqlType type) {
        return switch (type) {
          case SMALLINT -> "SMALLINT";
          case INTEGER -> "INTEGER";
          case BIGINT -> "BIGINT";
          case DECIMAL_20_6 -> "DECIMAL(20,6)";
          case REAL -> "REAL";
          case DOUBLE -> "DOUBLE";
          case BOOLEAN -> "BOOLEAN";
          case CHAR_5 -> "CHAR(5)"; // an alias of VARCHAR: no padding
          case VARCHAR -> "VARCHAR(100)";
          case TEXT -> "TEXT";
          case CLOB -> null;
          case DATE -> "DATE";
          case TIME -> "TIME";
          case TIMESTAMP -> "TIMESTAMP";
          case TIMESTAMP_TZ -> "TIMESTAMPTZ";
          case UUID -> "UUID";
          case JSON -> duckDbJson() ? "JSON" : null;
          case JSONB -> null;
          case INT_ARRAY -> "INTEGER[]";
          case TEXT_ARRAY -> "VARCHAR[]";
          case BINARY -> "BLOB";
          case BLOB -> null;
        };
      }

      @Override
      String jsonLiteral(String json) {
        return text(json);
      }

      @Override
      String intArrayLiteral(int... values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
          out.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return out.append(']').toString();
      }

      @Override
      String textArrayLiteral(String... values) {
        return "[" + joinTexts(values) + "]";
      }

      @Override
      String binaryLiteral(byte[] bytes) {
        StringBuilder out = new StringBuilder("'");
        for (byte b : bytes) {
          out.append("\\x").append(HexFormat.of().toHexDigits(b).toUpperCase(Locale.ROOT));
        }
        return out.append("'::BLOB").toString();
      }

      @Override
      String schema() {
        return "main";
      }
    },

    POSTGRESQL {
      @Override
      String url() {
        return env("AMPSYNC_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
      }

      @Override
      String user() {
        return "postgres";
      }

      @Override
      boolean isServer() {
        return true;
      }

      @Override
      Properties connectProperties() {
        Properties properties = super.connectProperties();
        properties.setProperty("connectTimeout", "5");
        return properties;
      }

      @Override
      String ddl(SqlType type) {
        return switch (type) {
          case SMALLINT -> "smallint";
          case INTEGER -> "integer";
          case BIGINT -> "bigint";
          case DECIMAL_20_6 -> "decimal(20,6)";
          case REAL -> "real";
          case DOUBLE -> "double precision";
          case BOOLEAN -> "boolean";
          case CHAR_5 -> "char(5)";
          case VARCHAR -> "varchar(100)";
          case TEXT -> "text";
          case CLOB -> null;
          case DATE -> "date";
          case TIME -> "time";
          case TIMESTAMP -> "timestamp";
          case TIMESTAMP_TZ -> "timestamptz";
          case UUID -> "uuid";
          case JSON -> "json";
          case JSONB -> "jsonb";
          case INT_ARRAY -> "integer[]";
          case TEXT_ARRAY -> "text[]";
          case BINARY -> "bytea";
          case BLOB -> null;
        };
      }

      @Override
      String jsonLiteral(String json) {
        return text(json);
      }

      @Override
      String intArrayLiteral(int... values) {
        StringBuilder out = new StringBuilder("ARRAY[");
        for (int i = 0; i < values.length; i++) {
          out.append(i == 0 ? "" : ", ").append(values[i]);
        }
        return out.append("]::integer[]").toString();
      }

      @Override
      String textArrayLiteral(String... values) {
        return "ARRAY[" + joinTexts(values) + "]::text[]";
      }

      @Override
      String binaryLiteral(byte[] bytes) {
        return "'\\x" + HexFormat.of().formatHex(bytes) + "'::bytea";
      }

      @Override
      String schema() {
        return "public";
      }
    },

    MARIADB {
      @Override
      String url() {
        return env("AMPSYNC_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
      }

      @Override
      String user() {
        return "root";
      }

      @Override
      boolean isServer() {
        return true;
      }

      @Override
      Properties connectProperties() {
        Properties properties = super.connectProperties();
        properties.setProperty("connectTimeout", "5000");
        return properties;
      }

      @Override
      String ddl(SqlType type) {
        return switch (type) {
          case SMALLINT -> "SMALLINT";
          case INTEGER -> "INTEGER";
          case BIGINT -> "BIGINT";
          case DECIMAL_20_6 -> "DECIMAL(20,6)";
          case REAL -> "FLOAT"; // MariaDB's REAL is DOUBLE unless REAL_AS_FLOAT
          case DOUBLE -> "DOUBLE";
          case BOOLEAN -> "BOOLEAN"; // TINYINT(1)
          case CHAR_5 -> "CHAR(5)";
          case VARCHAR -> "VARCHAR(100)";
          case TEXT -> "TEXT";
          case CLOB -> "LONGTEXT";
          case DATE -> "DATE";
          case TIME -> "TIME";
          case TIMESTAMP -> "DATETIME(6)";
          case TIMESTAMP_TZ -> null;
          case UUID -> mariaDbHasUuid() ? "UUID" : null;
          case JSON -> "JSON"; // an alias of LONGTEXT with a JSON_VALID check
          case JSONB -> null;
          case INT_ARRAY, TEXT_ARRAY -> null;
          case BINARY -> "VARBINARY(100)";
          case BLOB -> "BLOB";
        };
      }

      @Override
      String jsonLiteral(String json) {
        return text(json);
      }

      @Override
      String binaryLiteral(byte[] bytes) {
        return "X'" + HexFormat.of().formatHex(bytes) + "'";
      }

      @Override
      String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
      }

      @Override
      String tableOptions() {
        return " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
      }

      @Override
      String schema() {
        return "test";
      }
    };

    /** The JDBC URL the tests and the sources under test use. */
    abstract String url();

    /** The user, or null. */
    String user() {
      return null;
    }

    /** The password, or null (no test server has one). */
    String password() {
      return null;
    }

    /** Whether this is an external server (which may be down) rather than an embedded engine. */
    boolean isServer() {
      return false;
    }

    /** The properties the test's own connections use; short connect timeouts for servers. */
    Properties connectProperties() {
      Properties properties = new Properties();
      if (user() != null) {
        properties.setProperty("user", user());
      }
      if (password() != null) {
        properties.setProperty("password", password());
      }
      if (url().startsWith("jdbc:duckdb:")) {
        // DuckDB's streaming is a database-wide setting: the test's own connections must match
        // JdbcSource's, or its streaming connection is refused and it falls back to materializing.
        properties.setProperty("jdbc_stream_results", "true");
      }
      return properties;
    }

    /** The DDL type for a test type, or null when the engine has no such type. */
    abstract String ddl(SqlType type);

    /** Whether the engine has a column type for a test type. */
    boolean supports(SqlType type) {
      return ddl(type) != null;
    }

    /** A JSON literal for the JSON column. */
    abstract String jsonLiteral(String json);

    /** An integer array literal. */
    String intArrayLiteral(int... values) {
      throw new UnsupportedOperationException(this + " has no arrays");
    }

    /** A text array literal. */
    String textArrayLiteral(String... values) {
      throw new UnsupportedOperationException(this + " has no arrays");
    }

    /** A binary literal. */
    abstract String binaryLiteral(byte[] bytes);

    /** Quotes an identifier (keeps its case). */
    String quote(String identifier) {
      return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** What follows {@code CREATE TABLE name (...)}. */
    String tableOptions() {
      return "";
    }

    /** The schema (or database) the test tables live in, for qualified names. */
    abstract String schema();

    /**
     * Skips the calling test when this engine is a server that does not answer, or fails it when
     * {@code AMPSYNC_REQUIRE_SERVERS=1}. Embedded engines are always available.
     */
    void assumeAvailable() {
      String problem = unavailability(this);
      if (problem == null) {
        return;
      }
      String message = this + " is not reachable at " + url() + " (" + problem + ")";
      if (REQUIRE_SERVERS) {
        Assertions.fail(message + "; AMPSYNC_REQUIRE_SERVERS=1 requires it");
      }
      Assumptions.abort(message + "; skipped (set AMPSYNC_REQUIRE_SERVERS=1 to fail instead)");
    }

    /** Opens a connection for test setup; call {@link #assumeAvailable()} first for servers. */
    Connection connect() throws SQLException {
      if (this == DUCKDB || this == H2) {
        keepAlive(this);
      }
      return DriverManager.getConnection(url(), connectProperties());
    }

    /** A builder for a source on this engine, with its URL and credentials. */
    JdbcSource.Builder source() {
      if (this == DUCKDB || this == H2) {
        keepAlive(this);
      }
      return JdbcSource.builder().url(url()).user(user()).password(password());
    }

    /** Executes statements on a fresh connection. */
    void execute(String... statements) throws SQLException {
      try (Connection connection = connect(); Statement statement = connection.createStatement()) {
        for (String sql : statements) {
          statement.execute(sql);
        }
      }
    }

    /**
     * Creates a table with a unique name; drop it with {@link #dropTable(String)}.
     *
     * @param prefix a short lower-case prefix
     * @param columns the column definitions, comma-separated
     * @return the table's name (lower case, unquoted)
     */
    String createTable(String prefix, String columns) throws SQLException {
      String name = uniqueName(prefix);
      execute("CREATE TABLE " + name + " (" + columns + ")" + tableOptions());
      return name;
    }

    /** Drops a table if it exists; never throws (cleanup must not hide a test's failure). */
    void dropTable(String name) {
      if (name == null || unavailability(this) != null) {
        return;
      }
      try {
        execute("DROP TABLE IF EXISTS " + name);
      } catch (SQLException e) {
        System.err.println("could not drop " + name + " on " + this + ": " + e);
      }
    }
  }

  /** A table name unique to this JVM and call, such as {@code ampsync_types_k3f9a1_7}. */
  static String uniqueName(String prefix) {
    return ("ampsync_" + prefix + "_" + RUN_ID + "_" + COUNTER.incrementAndGet()).toLowerCase(Locale.ROOT);
  }

  /** A quoted SQL string literal. */
  static String text(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static String joinTexts(String... values) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      out.append(i == 0 ? "" : ", ").append(values[i] == null ? "NULL" : text(values[i]));
    }
    return out.toString();
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /** Null when the engine answers, else why not; checked once per JVM. */
  private static String unavailability(Engine engine) {
    if (!engine.isServer()) {
      return null;
    }
    CHECKED.computeIfAbsent(
        engine,
        e -> {
          try (Connection connection = DriverManager.getConnection(e.url(), e.connectProperties())) {
            connection.isValid(5);
          } catch (SQLException | RuntimeException problem) {
            UNAVAILABLE.put(e, String.valueOf(problem.getMessage()));
          }
          return true;
        });
    return UNAVAILABLE.get(engine);
  }

  // ------------------------------------------------------------------------------ engine facts

  private static final Map<Engine, Connection> KEEPERS = new ConcurrentHashMap<>();
  private static volatile Boolean duckDbJson;
  private static volatile Boolean mariaDbUuid;

  /**
   * Keeps one connection to an in-memory database open for the JVM's lifetime, so that the
   * database (and its tables) outlive the connections of each test and source.
   */
  private static void keepAlive(Engine engine) {
    KEEPERS.computeIfAbsent(
        engine,
        e -> {
          try {
            return DriverManager.getConnection(e.url(), e.connectProperties());
          } catch (SQLException problem) {
            throw new IllegalStateException("cannot open " + e + " at " + e.url(), problem);
          }
        });
  }

  /**
   * Whether DuckDB's JSON extension loads without a network (it is built into the JDBC driver's
   * library in 1.1.3; when a build lacks it, JSON columns are skipped on DuckDB).
   */
  static boolean duckDbJson() {
    if (duckDbJson == null) {
      try (Connection connection = Engine.DUCKDB.connect(); Statement statement = connection.createStatement()) {
        statement.execute("SELECT '{\"a\":1}'::JSON");
        duckDbJson = true;
      } catch (SQLException e) {
        System.err.println("DuckDB JSON extension not available offline; DuckDB JSON columns are skipped: " + e);
        duckDbJson = false;
      }
    }
    return duckDbJson;
  }

  /** Whether the MariaDB server has the UUID type (10.7 and later). */
  static boolean mariaDbHasUuid() {
    if (mariaDbUuid == null) {
      Engine.MARIADB.assumeAvailable();
      try (Connection connection = Engine.MARIADB.connect()) {
        int major = connection.getMetaData().getDatabaseMajorVersion();
        int minor = connection.getMetaData().getDatabaseMinorVersion();
        mariaDbUuid = major > 10 || (major == 10 && minor >= 7);
        if (!mariaDbUuid) {
          System.err.println("MariaDB " + major + "." + minor + " has no UUID type; the UUID column is skipped");
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return mariaDbUuid;
  }

}
