package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.OnRemoved;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.jdbc.TestDatabases.SqlType;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.RecordedRequest;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Warehouse planning end to end on the four engines: the model and the state tables in one database,
 * {@link AmplitudeSync#run}, the fake Amplitude. Each run must read only the rows the database found
 * new or changed, send exactly what changed in them, and count the rest as unchanged.
 */
class JdbcWarehousePlanningTest {
  private static final int USERS = 200;

  private FakeAmplitude fake;
  private Engine engine;
  private final List<String> tables = new ArrayList<>();

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stop() {
    fake.close();
    if (engine != null) {
      for (String table : tables) {
        engine.dropTable(table);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void users_firstRun_unchangedRun_onePercentChanged_newAndRemovedKeys_nulls(Engine engine) throws Exception {
    String users = usersTable(engine);
    String state = stateTable();
    Mapping mapping = userMapping();

    // first run: every row is new
    SyncResult first = run(engine, "wh-users", users, state, mapping, OnRemoved.UNSET);
    assertThat(first.status()).as(first.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(first.rowsRead()).isEqualTo(USERS);
    assertThat(first.accepted()).isEqualTo(USERS);
    assertThat(fake.users()).hasSize(USERS);
    assertThat(storedDigests(engine, state, "wh-users")).as("a digest per acknowledged key").isEqualTo(USERS);

    // unchanged: nothing leaves the warehouse, every model row is counted unchanged
    fake.reset();
    SyncResult unchanged = run(engine, "wh-users", users, state, mapping, OnRemoved.UNSET);
    assertThat(unchanged.status()).as(unchanged.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(unchanged.rowsRead()).isZero();
    assertThat(unchanged.unchanged()).isEqualTo(USERS);
    assertThat(unchanged.records()).isEqualTo(USERS);
    assertThat(fake.requests()).isEmpty();

    // 1 % changed (two plans), one value set to NULL, one new key, one key removed
    engine.execute(
        "UPDATE " + users + " SET plan = 'enterprise' WHERE user_id IN ('user-0007', 'user-0100')",
        "UPDATE " + users + " SET ltv = NULL WHERE user_id = 'user-0042'",
        "INSERT INTO " + users + " VALUES ('user-9999', 'free', 1.50, 3)",
        "DELETE FROM " + users + " WHERE user_id = 'user-0150'");
    fake.reset();
    SyncResult changed = run(engine, "wh-users", users, state, mapping, OnRemoved.UNSET);
    assertThat(changed.status()).as(changed.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(changed.rowsRead()).as("exactly the changed and new rows leave the warehouse; sent %s",
        identifications()).isEqualTo(4);
    assertThat(changed.accepted()).isEqualTo(4);
    assertThat(changed.unchanged()).isEqualTo(USERS - 4);
    assertThat(changed.removed()).isEqualTo(1);

    List<JsonNode> sent = identifications();
    assertThat(sent).extracting(node -> node.path("user_id").asText())
        .containsExactlyInAnyOrder("user-0007", "user-0100", "user-0042", "user-9999", "user-0150");
    JsonNode plan = byUser(sent, "user-0007").path("user_properties");
    assertThat(plan.path("$set").properties()).as("only the changed property is set")
        .extracting(java.util.Map.Entry::getKey).containsExactly("plan");
    assertThat(plan.path("$set").path("plan").asText()).isEqualTo("enterprise");
    JsonNode nulled = byUser(sent, "user-0042").path("user_properties");
    assertThat(nulled.path("$unset").has("ltv")).as("a value set to NULL is unset: %s", nulled).isTrue();
    assertThat(nulled.has("$set")).as("nothing else changed: %s", nulled).isFalse();
    JsonNode removed = byUser(sent, "user-0150").path("user_properties");
    assertThat(removed.path("$unset").has("plan")).as("a removed key's properties are unset: %s", removed).isTrue();
    assertThat(byUser(sent, "user-9999").path("user_properties").path("$set").path("plan").asText()).isEqualTo("free");

    // and then nothing again
    fake.reset();
    SyncResult again = run(engine, "wh-users", users, state, mapping, OnRemoved.UNSET);
    assertThat(again.rowsRead()).isZero();
    assertThat(again.unchanged()).isEqualTo(USERS);
    assertThat(fake.requests()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void mappingChange_isAFullResync_thenUnchangedAgain(Engine engine) throws Exception {
    String users = usersTable(engine);
    String state = stateTable();
    run(engine, "wh-resync", users, state, userMapping(), OnRemoved.IGNORE);

    Mapping more = Mapping.builder(ObjectType.USER)
        .userId(Value.column("user_id"))
        .property("plan", Value.column("plan"))
        .property("ltv", Value.column("ltv"))
        .property("logins", Value.column("logins"))
        .build();
    fake.reset();
    SyncResult resync = run(engine, "wh-resync", users, state, more, OnRemoved.IGNORE);
    assertThat(resync.fullResync()).as(resync.toString()).hasValueSatisfying(reason -> assertThat(reason).contains("mapping changed"));
    assertThat(resync.rowsRead()).isEqualTo(USERS);
    assertThat(resync.accepted()).isEqualTo(USERS);
    assertThat(new java.math.BigDecimal(fake.user("user-0001").orElseThrow().property("logins").toString()))
        .isEqualByComparingTo("1");

    fake.reset();
    SyncResult after = run(engine, "wh-resync", users, state, more, OnRemoved.IGNORE);
    assertThat(after.rowsRead()).isZero();
    assertThat(after.unchanged()).isEqualTo(USERS);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void aRunThatFailsPartWay_thenARerun_sendsTheRestOnce_andNothingTwice(Engine engine) throws Exception {
    this.engine = engine;
    engine.assumeAvailable();
    String orders = engine.createTable("wh_orders",
        "order_id VARCHAR(40), user_id VARCHAR(40), ordered_at " + engine.ddl(SqlType.TIMESTAMP)
            + ", amount DECIMAL(12,2)");
    tables.add(orders);
    List<String> inserts = new ArrayList<>();
    for (int i = 1; i <= 300; i++) {
      inserts.add(String.format(Locale.ROOT, "INSERT INTO %s VALUES ('order-%04d', 'user-%03d', '2026-11-%02d 10:00:00', %d.25)",
          orders, i, i % 50, 1 + i % 28, i));
    }
    engine.execute(inserts.toArray(String[]::new));
    String state = stateTable();
    Mapping mapping = Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Order Completed"))
        .userId(Value.column("user_id"))
        .insertId(Value.column("order_id"))
        .time(Value.column("ordered_at"))
        .property("amount", Value.column("amount"))
        .build();

    // the first two requests (100 events each) succeed, then Amplitude refuses the rest
    SyncResult failing = runEvents(engine, "wh-orders", orders, state, mapping, 100, 2);
    assertThat(failing.status()).as(failing.toString()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(failing.accepted()).as(failing.toString()).isBetween(1L, 299L);
    assertThat(failing.accepted() + failing.rejected() + failing.failed()).isEqualTo(300);
    java.util.Set<String> firstIds = new java.util.HashSet<>(fake.distinctInsertIds());
    assertThat(firstIds).hasSize((int) failing.accepted());

    SyncResult rerun = runEvents(engine, "wh-orders", orders, state, mapping, 100, -1);
    assertThat(rerun.status()).as(rerun.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(rerun.rowsRead()).as("only the rows not acknowledged before").isEqualTo(300 - failing.accepted());
    assertThat(rerun.accepted()).isEqualTo(300 - failing.accepted());
    assertThat(rerun.unchanged()).isEqualTo(failing.accepted());
    assertThat(fake.distinctInsertIds()).as("nothing sent twice").doesNotContainAnyElementsOf(firstIds)
        .hasSize(300 - firstIds.size());

    fake.reset();
    SyncResult third = runEvents(engine, "wh-orders", orders, state, mapping, 100, -1);
    assertThat(third.rowsRead()).isZero();
    assertThat(third.unchanged()).isEqualTo(300);
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void syncLogs_areOnByDefault_aRowPerRun_andAProblemPerInvalidRow(Engine engine) throws Exception {
    String users = usersTable(engine);
    engine.execute("INSERT INTO " + users + " VALUES ('u1', 'free', 1.00, 1)"); // too short a user id
    String state = stateTable();

    SyncResult first = run(engine, "wh-logs", users, state, userMapping(), OnRemoved.IGNORE);
    SyncResult second = run(engine, "wh-logs", users, state, userMapping(), OnRemoved.IGNORE);

    assertThat(first.invalid()).as(first.toString()).isEqualTo(1);
    try (Connection connection = engine.connect();
        PreparedStatement runs = connection.prepareStatement("SELECT status, rows_read, accepted, unchanged, invalid"
            + " FROM " + state + "_runs WHERE sync_name = ? ORDER BY started_at");
        PreparedStatement problems = connection.prepareStatement("SELECT record_key, outcome, reason FROM " + state
            + "_problems WHERE sync_name = ?")) {
      runs.setString(1, "wh-logs");
      List<String> logged = new ArrayList<>();
      try (ResultSet rs = runs.executeQuery()) {
        while (rs.next()) {
          logged.add(rs.getString(1) + " read=" + rs.getLong(2) + " accepted=" + rs.getLong(3) + " unchanged="
              + rs.getLong(4) + " invalid=" + rs.getLong(5));
        }
      }
      assertThat(logged).containsExactly(
          "PARTIAL read=" + (USERS + 1) + " accepted=" + USERS + " unchanged=0 invalid=1",
          // the invalid row has no digest: the warehouse returns it again, and it is invalid again
          "PARTIAL read=1 accepted=0 unchanged=" + USERS + " invalid=1");
      problems.setString(1, "wh-logs");
      try (ResultSet rs = problems.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("u1");
        assertThat(rs.getString(2)).isEqualTo("INVALID");
        assertThat(rs.getString(3)).contains("user_id");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "H2"})
  void aKeyTheDatabaseRendersOtherwise_stopsTheRunBeforeSending_sayingWhatToCast(Engine engine) throws Exception {
    this.engine = engine;
    engine.assumeAvailable();
    String accounts = engine.createTable("wh_accounts", "account_id DECIMAL(10,2), plan VARCHAR(20)");
    tables.add(accounts);
    engine.execute("INSERT INTO " + accounts + " VALUES (42, 'pro')");
    Mapping mapping = Mapping.builder(ObjectType.USER)
        .userId(Value.column("account_id"))
        .property("plan", Value.column("plan"))
        .build();

    SyncResult result = AmplitudeSync.run(SyncJob.builder("wh-accounts")
        .source(engine.source().query("SELECT * FROM " + accounts).build())
        .mapping(mapping)
        .state(store(engine, stateTable()))
        .destination(destination(100))
        .build());

    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(result.error()).hasValueSatisfying(error -> assertThat(error)
        .contains("'42.00'").contains("'42'").contains("cast the key columns to text"));
    assertThat(fake.requests()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Engine.class)
  void watermark_narrowsTheModel_andCombinesWithTheDiff(Engine engine) throws Exception {
    this.engine = engine;
    engine.assumeAvailable();
    String orders = engine.createTable("wh_wm_orders",
        "order_id VARCHAR(40), user_id VARCHAR(40), ordered_at " + engine.ddl(SqlType.TIMESTAMP));
    tables.add(orders);
    engine.execute(
        "INSERT INTO " + orders + " VALUES ('o-1', 'user-1', '2026-10-01 10:00:00')",
        "INSERT INTO " + orders + " VALUES ('o-2', 'user-2', '2026-11-01 10:00:00')");
    String state = stateTable();
    Mapping mapping = Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Order Completed"))
        .userId(Value.column("user_id"))
        .insertId(Value.column("order_id"))
        .time(Value.column("ordered_at"))
        .build();

    SyncResult first = runWatermarked(engine, orders, state, mapping);
    assertThat(first.accepted()).as(first.toString()).isEqualTo(2);

    engine.execute("INSERT INTO " + orders + " VALUES ('o-3', 'user-3', '2026-11-20 10:00:00')");
    fake.reset();
    SyncResult second = runWatermarked(engine, orders, state, mapping);
    assertThat(second.status()).as(second.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(second.rowsRead()).as("only the new order leaves the warehouse").isEqualTo(1);
    assertThat(second.accepted()).isEqualTo(1);
    assertThat(fake.distinctInsertIds()).containsExactly("o-3");
  }

  private SyncResult runWatermarked(Engine engine, String table, String state, Mapping mapping) {
    SyncResult result = AmplitudeSync.run(SyncJob.builder("wh-watermark")
        .source(engine.source().query("SELECT * FROM " + table).build())
        .mapping(mapping)
        .state(store(engine, state))
        .watermark("ordered_at", Duration.ofHours(1))
        .destination(destination(100))
        .build());
    assertThat(result.error()).as("run error: %s", result).isEmpty();
    return result;
  }

  // --- helpers ---

  private String usersTable(Engine engine) throws Exception {
    this.engine = engine;
    engine.assumeAvailable();
    String users = engine.createTable("wh_users",
        "user_id VARCHAR(40), plan VARCHAR(20), ltv " + engine.ddl(SqlType.DECIMAL_20_6) + ", logins INTEGER");
    tables.add(users);
    List<String> inserts = new ArrayList<>();
    for (int i = 1; i <= USERS; i++) {
      inserts.add(String.format(Locale.ROOT, "INSERT INTO %s VALUES ('user-%04d', '%s', %d.5, %d)",
          users, i, i % 3 == 0 ? "pro" : "free", i, i % 7));
    }
    engine.execute(inserts.toArray(String[]::new));
    return users;
  }

  private String stateTable() {
    String state = TestDatabases.uniqueName("wh_state");
    tables.add(state);
    tables.add(state + "_meta");
    tables.add(state + "_lock");
    tables.add(state + "_runs");
    tables.add(state + "_problems");
    return state;
  }

  /** Users with plan and lifetime value; a NULL unsets the property (nulls: unset). */
  private static Mapping userMapping() {
    return Mapping.builder(ObjectType.USER)
        .userId(Value.column("user_id"))
        .property("plan", Value.column("plan"))
        .property("ltv", Value.column("ltv"))
        .nulls(dev.ampsync.mapping.Nulls.UNSET)
        .build();
  }

  private JdbcStateStore store(Engine engine, String state) {
    return JdbcStateStore.builder().url(engine.url()).user(engine.user()).password(engine.password())
        .table(state).planning(JdbcStateStore.Planning.WAREHOUSE).build();
  }

  private SyncResult run(Engine engine, String name, String table, String state, Mapping mapping, OnRemoved onRemoved) {
    SyncResult result = AmplitudeSync.run(SyncJob.builder(name)
        .source(engine.source().query("SELECT * FROM " + table).build())
        .mapping(mapping)
        .state(store(engine, state))
        .onRemoved(onRemoved)
        .destination(destination(100))
        .build());
    assertThat(result.error()).as("run error: %s", result).isEmpty();
    return result;
  }

  /** Runs an event sync; with {@code acceptedRequests} ≥ 0, Amplitude refuses every request after that many. */
  private SyncResult runEvents(Engine engine, String name, String table, String state, Mapping mapping, int batch,
      int acceptedRequests) {
    fake.reset();
    if (acceptedRequests >= 0) {
      fake.delayNext(acceptedRequests, Duration.ZERO).failNext(1000, 400);
    }
    return AmplitudeSync.run(SyncJob.builder(name)
        .source(engine.source().query("SELECT * FROM " + table + " ORDER BY order_id").build())
        .mapping(mapping)
        .state(store(engine, state))
        .destination(destination(batch).maxRequestsInFlight(1))
        .build());
  }

  private AmplitudeClient.Builder destination(int batch) {
    return AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .maxEventsPerRequest(batch)
        .maxIdentificationsPerRequest(batch)
        .linger(Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(20));
  }

  private List<JsonNode> identifications() {
    List<JsonNode> all = new ArrayList<>();
    for (RecordedRequest request : fake.requests()) {
      all.addAll(request.identifications());
    }
    return all;
  }

  private static JsonNode byUser(List<JsonNode> identifications, String userId) {
    return identifications.stream().filter(node -> node.path("user_id").asText().equals(userId)).findFirst()
        .orElseThrow(() -> new AssertionError("no identification of " + userId + " in " + identifications));
  }

  private static long storedDigests(Engine engine, String state, String sync) throws Exception {
    try (Connection connection = engine.connect();
        PreparedStatement select = connection.prepareStatement(
            "SELECT count(*) FROM " + state + " WHERE sync_name = ? AND row_digest IS NOT NULL")) {
      select.setString(1, sync);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

}
