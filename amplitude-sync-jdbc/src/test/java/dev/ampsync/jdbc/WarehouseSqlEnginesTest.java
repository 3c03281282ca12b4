package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.internal.engine.Keys;
import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.jdbc.TestDatabases.SqlType;
import dev.ampsync.jdbc.internal.KeyExpression;
import dev.ampsync.jdbc.internal.StateTables;
import dev.ampsync.jdbc.internal.WarehouseDialect;
import dev.ampsync.jdbc.internal.WarehouseSql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * WarehouseSql's queries on the four engines that run here: the warehouse finds exactly the rows
 * that changed since the state was stored, its key hashes equal {@link StateTables#hash} (non-ASCII
 * keys and the group separator included), and its digests tell NULL, {@code ''} and {@code 'NULL'}
 * apart and see a change in any column type.
 *
 * <p>The state table is the store's ({@link StateTables#create}) plus the {@code row_digest} column
 * warehouse-side planning adds.
 */
class WarehouseSqlEnginesTest {
  private static final String SYNC = "sync-a";

  /** A row of changedRows: the model's first column, then the three added columns. */
  record Changed(String id, String key, String digest, byte[] stored) {}

  @ParameterizedTest
  @EnumSource(Engine.class)
  void findsExactlyTheChangedRows(Engine engine) throws SQLException {
    engine.assumeAvailable();
    String model = null;
    String state = null;
    try (Connection connection = engine.connect()) {
      model = engine.createTable("wmodel", "id " + engine.ddl(SqlType.VARCHAR) + ", name "
          + engine.ddl(SqlType.VARCHAR) + ", score " + engine.ddl(SqlType.INTEGER));
      state = createState(connection);
      WarehouseSql sql = new WarehouseSql(dialect(connection), state);
      String modelSql = "select id, name, score from " + model + " ;\n";
      List<String> named = reported(connection, modelSql, List.of("id", "name", "score"));
      KeyExpression userKey = KeyExpression.column(named.get(0));
      List<String> digestColumns = named.subList(1, 3);
      List<String> ids = List.of("u1", "é-ü", "東京😀", "a" + KeyExpression.SEPARATOR + "b");
      insert(connection, model, ids.get(0), "Ann", 1);
      insert(connection, model, ids.get(1), "Bob", 2);
      insert(connection, model, ids.get(2), "Cy", null);
      insert(connection, model, ids.get(3), "Di", 4);
      Function<String, List<Changed>> changedFor = sync -> changed(connection, sql.changedRows(
          modelSql, userKey, digestColumns, "seed-1", false), sync);

      List<Changed> first = changedFor.apply(SYNC);
      assertThat(first).extracting(Changed::key).containsExactlyInAnyOrderElementsOf(ids);
      assertThat(first).allSatisfy(row -> {
        assertThat(row.stored()).isNull();
        assertThat(row.key()).isEqualTo(row.id());
        assertThat(row.digest()).matches("[0-9a-f]{32,64}");
      });
      assertThat(count(connection, sql.modelCount(modelSql))).isEqualTo(4);
      assertThat(lastLabels(connection, sql.changedRows(modelSql, userKey, digestColumns, "seed-1", false)))
          .containsExactly("ampsync_key", "ampsync_digest", "ampsync_stored");

      store(connection, state, SYNC, first);
      assertThat(changedFor.apply(SYNC)).as("unchanged model: the SQL key hash equals Java's").isEmpty();

      update(connection, "update " + model + " set name = 'Anne' where id = ?", ids.get(0));
      List<Changed> renamed = changedFor.apply(SYNC);
      assertThat(renamed).extracting(Changed::key).containsExactly(ids.get(0));
      assertThat(renamed.get(0).stored()).isEqualTo(value(ids.get(0)));
      store(connection, state, SYNC, renamed);

      update(connection, "update " + model + " set score = null where id = ?", ids.get(1));
      List<Changed> toNull = changedFor.apply(SYNC);
      assertThat(toNull).extracting(Changed::key).containsExactly(ids.get(1));
      store(connection, state, SYNC, toNull);

      update(connection, "update " + model + " set score = 3 where id = ?", ids.get(2));
      List<Changed> fromNull = changedFor.apply(SYNC);
      assertThat(fromNull).extracting(Changed::key).containsExactly(ids.get(2));
      store(connection, state, SYNC, fromNull);
      assertThat(changedFor.apply(SYNC)).isEmpty();

      update(connection, "update " + state + " set row_digest = null where key_hash = ?", StateTables.hash(ids.get(3)));
      assertThat(changedFor.apply(SYNC)).as("a stored key without a digest").extracting(Changed::key)
          .containsExactly(ids.get(3));
      store(connection, state, SYNC, changedFor.apply(SYNC));

      insert(connection, model, "u5", "Eve", 5);
      List<Changed> added = changedFor.apply(SYNC);
      assertThat(added).extracting(Changed::key).containsExactly("u5");
      assertThat(added.get(0).stored()).isNull();
      store(connection, state, SYNC, added);

      insert(connection, model, null, "Nobody", 0);
      List<Changed> nullKey = changedFor.apply(SYNC);
      assertThat(nullKey).hasSize(1);
      assertThat(nullKey.get(0).key()).isNull();
      assertThat(nullKey.get(0).stored()).isNull();

      List<Changed> every = changed(connection, sql.changedRows(modelSql, userKey, digestColumns, "seed-1", true), SYNC);
      assertThat(every).hasSize(6);
      assertThat(every.stream().filter(row -> row.stored() != null)).hasSize(5);
      assertThat(changedFor.apply("sync-b")).as("another sync's state is not this one's").hasSize(6);
      assertThat(count(connection, sql.modelCount(modelSql))).isEqualTo(6);

      assertThat(removed(connection, sql.removedKeys(modelSql, userKey), SYNC)).isEmpty();
      update(connection, "delete from " + model + " where id = ?", ids.get(0));
      update(connection, "delete from " + model + " where id = ?", ids.get(2));
      assertThat(removed(connection, sql.removedKeys(modelSql, userKey), SYNC))
          .containsExactlyInAnyOrder(ids.get(0), ids.get(2));
      assertThat(removed(connection, sql.removedKeys(modelSql, userKey), "sync-b")).isEmpty();
    } finally {
      engine.dropTable(model);
      dropState(engine, state);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void groupKeysAreTypeValueAndMember(Engine engine) throws SQLException {
    engine.assumeAvailable();
    String model = null;
    String state = null;
    try (Connection connection = engine.connect()) {
      String text = engine.ddl(SqlType.VARCHAR);
      model = engine.createTable("wgroup", "gid " + text + ", member " + text + ", plan " + text);
      state = createState(connection);
      WarehouseSql sql = new WarehouseSql(dialect(connection), state);
      String modelSql = "select gid, member, plan from " + model;
      List<String> named = reported(connection, modelSql, List.of("gid", "member", "plan"));
      KeyExpression key = KeyExpression.group(new KeyExpression.Constant("org's"), named.get(0), named.get(1));
      for (String[] row : new String[][] {{"acme", "u1", "pro"}, {"acme", "u2", "pro"}, {"ünï", "u3", "free"}, {"acme", null, "x"}}) {
        update(connection, "insert into " + model + " (gid, member, plan) values (?, ?, ?)", row);
      }
      String changedSql = sql.changedRows(modelSql, key, List.of(named.get(2)), "g", false);

      List<Changed> first = changed(connection, changedSql, SYNC);
      assertThat(first).extracting(Changed::key).containsExactlyInAnyOrder(
          Keys.group("org's", "acme", "u1"), Keys.group("org's", "acme", "u2"), Keys.group("org's", "ünï", "u3"), null);
      store(connection, state, SYNC, first);
      assertThat(changed(connection, changedSql, SYNC)).extracting(Changed::key).containsExactly((String) null);

      update(connection, "update " + model + " set plan = 'team' where member = ?", "u2");
      assertThat(changed(connection, changedSql, SYNC)).extracting(Changed::key)
          .containsExactlyInAnyOrder(Keys.group("org's", "acme", "u2"), null);

      update(connection, "delete from " + model + " where member = ?", "u3");
      assertThat(removed(connection, sql.removedKeys(modelSql, key), SYNC))
          .containsExactly(Keys.group("org's", "ünï", "u3"));
    } finally {
      engine.dropTable(model);
      dropState(engine, state);
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void keyHashesEqualJavasForAnyText(Engine engine) throws SQLException {
    engine.assumeAvailable();
    String table = null;
    try (Connection connection = engine.connect()) {
      WarehouseDialect dialect = dialect(connection);
      table = engine.createTable("wkeys", "k " + engine.ddl(SqlType.VARCHAR));
      List<String> keys = List.of("", " ", "user-42", "àéîõü", "Ærøskøbing", "東京", "😀🎉", "a\u001fb\u001fc",
          "tab\tnew\nline", "quote'\"\\back", "\\");
      for (String key : keys) {
        update(connection, "insert into " + table + " (k) values (?)", key);
      }
      Map<String, String> fromColumns = new java.util.HashMap<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("select m.k, " + dialect.keyHash(dialect.text("m.k")) + " from " + table + " m")) {
        while (rows.next()) {
          fromColumns.put(rows.getString(1), rows.getString(2));
        }
      }
      assertThat(fromColumns).hasSize(keys.size());
      for (String key : keys) {
        assertThat(fromColumns.get(key)).as("hash of column value %s", key).isEqualTo(StateTables.hash(key));
        try (Statement statement = connection.createStatement();
            ResultSet row = statement.executeQuery("select " + dialect.keyHash(dialect.literal(key)))) {
          row.next();
          assertThat(row.getString(1)).as("hash of literal %s", key).isEqualTo(StateTables.hash(key));
        }
      }
    } finally {
      engine.dropTable(table);
    }
  }

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
      List<SqlType> types = java.util.Arrays.stream(SqlType.values()).filter(engine::supports).toList();
      String columns = types.stream().map(type -> "c_" + type.name().toLowerCase(java.util.Locale.ROOT) + " " + engine.ddl(type))
          .collect(Collectors.joining(", "));
      table = engine.createTable("wtypes", "id " + engine.ddl(SqlType.VARCHAR) + ", " + columns);
      String names = types.stream().map(WarehouseSqlEnginesTest::column).collect(Collectors.joining(", "));
      String values = types.stream().map(type -> value(engine, type, false)).collect(Collectors.joining(", "));
      update(connection, "insert into " + table + " (id, " + names + ") values ('r', " + values + ")");

      state = createState(connection);
      WarehouseSql sql = new WarehouseSql(dialect(connection), state);
      String modelSql = "select * from " + table;
      List<String> digestColumns = types.stream().map(WarehouseSqlEnginesTest::column).toList();
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

  /**
   * MariaDB compares a utf8mb4 hash with a latin1 key_hash not at all ("illegal mix of collations"),
   * and runs an anti-join whose sides differ in character set once per state row: the generated SQL
   * works with a latin1 state table, reads the state through its primary key and materializes the
   * removed-keys subquery.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"latin1", "utf8mb4"})
  void mariaDbStateTablesInAnyCharacterSetUseTheirIndex(String charset) throws SQLException {
    Engine engine = Engine.MARIADB;
    engine.assumeAvailable();
    String model = null;
    String state = TestDatabases.uniqueName("wstate");
    try (Connection connection = engine.connect()) {
      model = engine.createTable("wmodel", "id varchar(100), name varchar(100)");
      engine.execute("create table " + state + " (sync_name varchar(128) not null, key_hash char(64) not null, "
          + "record_key text not null, record_value longblob not null, row_digest varchar(64), "
          + "primary key (sync_name, key_hash)) default charset=" + charset);
      WarehouseSql sql = new WarehouseSql(WarehouseDialect.MYSQL, state);
      String modelSql = "select id, name from " + model;
      for (String id : List.of("u1", "u2", "ü3")) {
        update(connection, "insert into " + model + " (id, name) values (?, 'n')", id);
      }
      String changedSql = sql.changedRows(modelSql, KeyExpression.column("id"), List.of("name"), "s", false);
      List<Changed> first = changed(connection, changedSql, SYNC);
      assertThat(first).hasSize(3);
      store(connection, state, SYNC, first);
      assertThat(changed(connection, changedSql, SYNC)).isEmpty();
      update(connection, "update " + model + " set name = 'm' where id = ?", "u1");
      assertThat(changed(connection, changedSql, SYNC)).extracting(Changed::key).containsExactly("u1");
      update(connection, "delete from " + model + " where id = ?", "u2");
      String removedSql = sql.removedKeys(modelSql, KeyExpression.column("id"));
      assertThat(removed(connection, removedSql, SYNC)).containsExactly("u2");

      assertThat(explain(connection, changedSql)).as("the state is read by its primary key")
          .anySatisfy(row -> assertThat(row).contains("eq_ref", "PRIMARY"));
      assertThat(explain(connection, removedSql)).as("the model's keys are materialized once")
          .noneSatisfy(row -> assertThat(row).contains("DEPENDENT"));
    } finally {
      engine.dropTable(model);
      engine.dropTable(state);
    }
  }

  /** MariaDB's EXPLAIN rows, each as its columns joined with spaces. */
  private static List<String> explain(Connection connection, String sql) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("explain " + sql)) {
      query.setString(1, SYNC);
      List<String> rows = new ArrayList<>();
      try (ResultSet result = query.executeQuery()) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          StringBuilder row = new StringBuilder();
          for (int i = 1; i <= columns; i++) {
            row.append(result.getString(i)).append(' ');
          }
          rows.add(row.toString());
        }
      }
      return rows;
    }
  }

  // ------------------------------------------------------------------------------------ helpers

  private static String column(SqlType type) {
    return "c_" + type.name().toLowerCase(java.util.Locale.ROOT);
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

  private static WarehouseDialect dialect(Connection connection) throws SQLException {
    return WarehouseDialect.of(connection.getMetaData().getDatabaseProductName()).orElseThrow();
  }

  /** The store's state table with the row_digest column warehouse-side planning adds. */
  private static String createState(Connection connection) throws SQLException {
    String name = TestDatabases.uniqueName("wstate");
    StateTables.create(connection, StateTables.Dialect.of(connection), name);
    try (Statement statement = connection.createStatement()) {
      statement.execute("alter table " + name + " add row_digest varchar(64)");
    }
    return name;
  }

  private static void dropState(Engine engine, String state) {
    if (state != null) {
      engine.dropTable(state);
      engine.dropTable(state + "_meta");
      engine.dropTable(state + "_lock");
    }
  }

  private static void insert(Connection connection, String model, String id, String name, Integer score) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("insert into " + model + " (id, name, score) values (?, ?, ?)")) {
      insert.setString(1, id);
      insert.setString(2, name);
      insert.setObject(3, score, java.sql.Types.INTEGER);
      insert.executeUpdate();
    }
  }

  private static void update(Connection connection, String sql, String... parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      statement.executeUpdate();
    }
  }

  private static List<Changed> changed(Connection connection, String sql, String sync) {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, sync);
      List<Changed> rows = new ArrayList<>();
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          rows.add(new Changed(result.getString(1), result.getString(WarehouseSql.KEY_COLUMN),
              result.getString(WarehouseSql.DIGEST_COLUMN), bytes(result, WarehouseSql.STORED_COLUMN)));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new AssertionError("query failed: " + e.getMessage() + "\n" + sql, e);
    }
  }

  /** A binary column's bytes; DuckDB's driver reads a BLOB only as a Blob. */
  private static byte[] bytes(ResultSet result, String label) throws SQLException {
    Object value = result.getObject(label);
    if (value == null || value instanceof byte[]) {
      return (byte[]) value;
    }
    java.sql.Blob blob = result.getBlob(label);
    return blob.getBytes(1, (int) blob.length());
  }

  /** The labels of the last three columns of a query's result. */
  private static List<String> lastLabels(Connection connection, String sql) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, SYNC);
      try (ResultSet result = query.executeQuery()) {
        ResultSetMetaData meta = result.getMetaData();
        int n = meta.getColumnCount();
        return List.of(meta.getColumnLabel(n - 2), meta.getColumnLabel(n - 1), meta.getColumnLabel(n));
      }
    }
  }

  /**
   * The model's column names as its result reports them (H2 upper-cases unquoted names), in the
   * order of {@code names}: key and digest columns are named as the model returns them.
   */
  private static List<String> reported(Connection connection, String modelSql, List<String> names) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(modelSql)) {
      ResultSetMetaData meta = result.getMetaData();
      List<String> reported = new ArrayList<>();
      for (String name : names) {
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          if (meta.getColumnLabel(i).equalsIgnoreCase(name)) {
            reported.add(meta.getColumnLabel(i));
          }
        }
      }
      assertThat(reported).hasSameSizeAs(names);
      return reported;
    }
  }

  /** Each model row's digest by its first column (every row, with the digest columns given). */
  private static Map<String, String> digests(
      Connection connection, WarehouseSql sql, String modelSql, List<String> columns, String seed) throws SQLException {
    KeyExpression key = KeyExpression.column(reported(connection, modelSql, List.of("id")).get(0));
    Map<String, String> digests = new java.util.LinkedHashMap<>();
    for (Changed row : changed(connection, sql.changedRows(modelSql, key, columns, seed, true), SYNC)) {
      digests.put(row.id(), row.digest());
    }
    return digests;
  }

  private static void store(Connection connection, String state, String sync, List<Changed> rows) throws SQLException {
    for (Changed row : rows) {
      if (row.key() == null) {
        continue;
      }
      update(connection, "delete from " + state + " where sync_name = ? and key_hash = ?", sync, StateTables.hash(row.key()));
      try (PreparedStatement insert = connection.prepareStatement("insert into " + state
          + " (sync_name, key_hash, record_key, record_value, row_digest) values (?, ?, ?, ?, ?)")) {
        insert.setString(1, sync);
        insert.setString(2, StateTables.hash(row.key()));
        insert.setString(3, row.key());
        insert.setBytes(4, value(row.key()));
        insert.setString(5, row.digest());
        insert.executeUpdate();
      }
    }
  }

  private static byte[] value(String key) {
    return ("v:" + key).getBytes(StandardCharsets.UTF_8);
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  private static List<String> removed(Connection connection, String sql, String sync) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      query.setString(1, sync);
      List<String> keys = new ArrayList<>();
      try (ResultSet result = query.executeQuery()) {
        while (result.next()) {
          keys.add(result.getString(1));
        }
      }
      return keys;
    }
  }
}
