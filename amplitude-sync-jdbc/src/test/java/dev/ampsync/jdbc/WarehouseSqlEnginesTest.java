package dev.ampsync.jdbc;

import static dev.ampsync.jdbc.WarehouseSqlFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.internal.engine.Keys;
import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.jdbc.TestDatabases.SqlType;
import dev.ampsync.jdbc.internal.KeyExpression;
import dev.ampsync.jdbc.internal.StateTables;
import dev.ampsync.jdbc.internal.WarehouseDialect;
import dev.ampsync.jdbc.internal.WarehouseSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * WarehouseSql's queries on the four engines that run here: the warehouse finds exactly the rows
 * that changed since the state was stored, its key hashes equal {@link StateTables#hash} (non-ASCII
 * keys and the group separator included), group keys match {@code Keys.group}, and MariaDB reads
 * the state through its primary key whatever the state table's character set.
 * WarehouseSqlDigestsTest covers the digests.
 *
 * <p>The state table is the store's ({@link StateTables#create}) plus the {@code row_digest} column
 * warehouse-side planning adds.
 */
class WarehouseSqlEnginesTest {
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
      Map<String, String> fromColumns = new HashMap<>();
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
}
