package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.jdbc.TestDatabases.SqlType;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.FakeProfile;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real sync end to end: rows in a database table, {@link JdbcSource}, {@link AmplitudeSync#run},
 * and the fake Amplitude, whose profiles and events must hold exactly the table's values.
 */
class JdbcSyncEndToEndTest {
  private FakeAmplitude fake;
  private Engine engine;
  private String table;

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stop() {
    fake.close();
    if (engine != null) {
      engine.dropTable(table);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"H2", "POSTGRESQL"})
  void usersTable_becomesAmplitudeUserProfiles_withExactlyTheTablesValues(Engine engine) throws Exception {
    engine.assumeAvailable();
    this.engine = engine;
    table = engine.createTable("e2e_users",
        "user_id VARCHAR(40), plan VARCHAR(20), lifetime_value " + engine.ddl(SqlType.DECIMAL_20_6)
            + ", trial_end " + engine.ddl(SqlType.TIMESTAMP) + ", signup DATE");
    engine.execute(
        "INSERT INTO " + table + " VALUES ('user-00001', 'pro', 1249.50, '2024-03-01 12:30:00', '2024-03-01')",
        "INSERT INTO " + table + " VALUES ('user-00002', 'free', 12345678901234.123456, NULL, '2023-12-31')",
        "INSERT INTO " + table + " VALUES ('user-00003', 'team', 0.000001, '2024-07-15 23:59:59.999', '2024-02-29')");
    Mapping mapping = Mapping.builder(ObjectType.USER)
        .userId(Value.column("user_id"))
        .property("plan", Value.column("plan"))
        .property("lifetime_value", Value.column("lifetime_value"))
        .property("trial_end", Value.column("trial_end"))
        .property("signup", Value.column("signup"))
        .build();

    SyncResult result = run("users-" + engine.name().toLowerCase(java.util.Locale.ROOT), engine.source().table(table).build(), mapping);

    assertThat(result.status()).as(result.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.rowsRead()).isEqualTo(3);
    assertThat(result.accepted()).isEqualTo(3);
    assertThat(fake.users()).containsOnlyKeys("user-00001", "user-00002", "user-00003");

    FakeProfile first = fake.user("user-00001").orElseThrow();
    assertThat(first.properties()).containsOnlyKeys("plan", "lifetime_value", "trial_end", "signup");
    assertThat(first.property("plan")).isEqualTo("pro");
    assertThat((BigDecimal) first.property("lifetime_value")).isEqualByComparingTo("1249.50");
    assertThat(first.property("trial_end")).isEqualTo("2024-03-01T12:30:00.000Z");
    assertThat(first.property("signup")).isEqualTo("2024-03-01");

    FakeProfile second = fake.user("user-00002").orElseThrow();
    assertThat(second.properties()).as("a NULL trial_end is skipped").containsOnlyKeys("plan", "lifetime_value", "signup");
    assertThat(second.property("plan")).isEqualTo("free");
    // 20 significant digits: through a double this would be 12345678901234.123047
    assertThat((BigDecimal) second.property("lifetime_value")).isEqualByComparingTo("12345678901234.123456");
    assertThat(second.property("signup")).isEqualTo("2023-12-31");

    FakeProfile third = fake.user("user-00003").orElseThrow();
    assertThat(third.property("plan")).isEqualTo("team");
    assertThat((BigDecimal) third.property("lifetime_value")).isEqualByComparingTo("0.000001");
    assertThat(third.property("trial_end")).isEqualTo("2024-07-15T23:59:59.999Z");
    assertThat(third.property("signup")).isEqualTo("2024-02-29");
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"H2", "POSTGRESQL"})
  void eventsTable_withABinaryColumnMappedAsAProperty_makesThoseRowsInvalidNamingTheColumn(Engine engine) throws Exception {
    engine.assumeAvailable();
    this.engine = engine;
    table = engine.createTable("e2e_events",
        "event_id VARCHAR(40), user_id VARCHAR(40), occurred_at " + engine.ddl(SqlType.TIMESTAMP)
            + ", amount DECIMAL(12,2), payload " + engine.ddl(SqlType.BINARY));
    String bytes = engine.binaryLiteral(HexFormat.of().parseHex("cafebabe"));
    engine.execute(
        "INSERT INTO " + table + " VALUES ('order-1', 'user-00001', '2024-03-01 12:30:00', 19.99, NULL)",
        "INSERT INTO " + table + " VALUES ('order-2', 'user-00001', '2024-03-02 08:00:00', 5.00, " + bytes + ")",
        "INSERT INTO " + table + " VALUES ('order-3', 'user-00002', '2024-03-03 09:15:00', 120.50, NULL)",
        "INSERT INTO " + table + " VALUES ('order-4', 'user-00002', '2024-03-04 10:45:00', 7.25, " + bytes + ")");
    Mapping mapping = Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Order Completed"))
        .userId(Value.column("user_id"))
        .insertId(Value.column("event_id"))
        .time(Value.column("occurred_at"))
        .property("amount", Value.column("amount"))
        .property("payload", Value.column("payload"))
        .build();

    SyncResult result = run("events-" + engine.name().toLowerCase(java.util.Locale.ROOT),
        engine.source().query("SELECT * FROM " + table + " ORDER BY event_id").build(), mapping);

    assertThat(result.status()).as(result.toString()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(result.rowsRead()).isEqualTo(4);
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.invalid()).isEqualTo(2);
    assertThat(result.problems()).extracting(Problem::outcome).containsOnly(RowOutcome.INVALID);
    assertThat(result.problems()).extracting(Problem::reason)
        .allSatisfy(reason -> assertThat(reason).contains("'payload'").contains("binary"));

    List<ObjectNode> events = fake.events("Order Completed");
    assertThat(events).extracting(e -> e.path("insert_id").asText()).containsExactlyInAnyOrder("order-1", "order-3");
    Map<String, ObjectNode> byId = new java.util.HashMap<>();
    events.forEach(e -> byId.put(e.path("insert_id").asText(), e));
    assertThat(byId.get("order-1").path("user_id").asText()).isEqualTo("user-00001");
    assertThat(byId.get("order-1").path("time").asLong()).isEqualTo(Instant.parse("2024-03-01T12:30:00Z").toEpochMilli());
    assertThat(byId.get("order-1").path("event_properties").path("amount").decimalValue()).isEqualByComparingTo("19.99");
    assertThat(byId.get("order-1").path("event_properties").has("payload")).isFalse();
    assertThat(byId.get("order-3").path("event_properties").path("amount").decimalValue()).isEqualByComparingTo("120.50");
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"H2", "POSTGRESQL", "MARIADB"})
  void secondRunOfASyncWhileAnotherHoldsIt_failsAtOnceSendingNothing_andTheNextRunSendsAll(Engine engine) throws Exception {
    engine.assumeAvailable();
    this.engine = engine;
    table = engine.createTable("e2e_orders",
        "order_id VARCHAR(40), user_id VARCHAR(40), ordered_at " + engine.ddl(SqlType.TIMESTAMP));
    engine.execute(
        "INSERT INTO " + table + " VALUES ('order-1', 'user-00001', '2024-03-01 12:30:00')",
        "INSERT INTO " + table + " VALUES ('order-2', 'user-00002', '2024-03-02 08:00:00')",
        "INSERT INTO " + table + " VALUES ('order-3', 'user-00003', '2024-03-03 09:15:00')");
    String stateTable = TestDatabases.uniqueName("e2e_state");
    java.util.function.Supplier<JdbcStateStore> store = () -> JdbcStateStore.builder()
        .url(engine.url()).user(engine.user()).password(engine.password()).table(stateTable).build();
    SyncJob job = SyncJob.builder("orders")
        .source(engine.source().query("SELECT * FROM " + table + " ORDER BY order_id").build())
        .mapping(Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Order Completed"))
            .userId(Value.column("user_id"))
            .insertId(Value.column("order_id"))
            .time(Value.column("ordered_at"))
            .build())
        .destination(AmplitudeClient.builder(fake.apiKey())
            .endpoint(URI.create(fake.baseUrl()))
            .linger(Duration.ofMillis(5))
            .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
            .closeTimeout(Duration.ofSeconds(20)))
        .state(store.get())
        .build();
    try {
      SyncResult refused;
      // The first run holds the sync's state (opened here, so the test does not race two runs).
      try (dev.ampsync.state.SyncState firstRun = store.get().open("orders")) {
        refused = AmplitudeSync.run(job);
      }

      assertThat(refused.status()).as(refused.toString()).isEqualTo(SyncStatus.FAILED);
      assertThat(refused.error()).hasValueSatisfying(error -> assertThat(error)
          .matches("sync 'orders' is already running: another run has held its state since \\S+Z"
              + " \\(host .+, pid " + ProcessHandle.current().pid() + "\\)\\."
              + " One run per sync at a time; this run sent nothing\\."));
      assertThat(refused.rowsRead()).isZero();
      assertThat(refused.accepted()).isZero();
      assertThat(fake.requests()).as("the refused run sent nothing").isEmpty();

      SyncResult next = AmplitudeSync.run(job);

      assertThat(next.status()).as(next.toString()).isEqualTo(SyncStatus.SUCCEEDED);
      assertThat(next.accepted()).isEqualTo(3);
      assertThat(fake.events("Order Completed")).extracting(e -> e.path("insert_id").asText())
          .containsExactlyInAnyOrder("order-1", "order-2", "order-3");
    } finally {
      engine.dropTable(stateTable);
      engine.dropTable(stateTable + "_meta");
      engine.dropTable(stateTable + "_lock");
    }
  }

  private SyncResult run(String name, JdbcSource source, Mapping mapping) {
    SyncResult result = AmplitudeSync.run(SyncJob.builder(name)
        .source(source)
        .mapping(mapping)
        .destination(AmplitudeClient.builder(fake.apiKey())
            .endpoint(URI.create(fake.baseUrl()))
            .linger(Duration.ofMillis(5))
            .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
            .closeTimeout(Duration.ofSeconds(20)))
        .build());
    assertThat(result.error()).as("run error").isEmpty();
    return result;
  }
}
