package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.SyncSpec;
import dev.ampsync.testing.FakeAmplitude;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code state.planning} in YAML: {@code state: {store: jdbc, planning: warehouse}} is a complete
 * configuration (the state tables go into the source's database), and what cannot be planned there
 * is refused at {@code state.planning}'s line before anything runs.
 */
class WarehousePlanningSpecTest {
  private static final String KEY = "WH-SPEC-KEY-51d0";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private FakeAmplitude fake;
  private String url;

  @BeforeEach
  void start() throws SQLException {
    fake = FakeAmplitude.builder().apiKey(KEY).start();
    url = "jdbc:h2:mem:whspec" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    execute("CREATE TABLE users (id VARCHAR(40), plan VARCHAR(20), seats INTEGER)",
        "INSERT INTO users VALUES ('user-1', 'pro', 3), ('user-2', 'free', 1), ('user-3', 'team', 12)",
        "CREATE TABLE orders (order_id VARCHAR(40), user_id VARCHAR(40), ordered_at TIMESTAMP)",
        "INSERT INTO orders VALUES ('o-1', 'u-1', TIMESTAMP '2026-11-01 10:00:00')");
  }

  @AfterEach
  void stop() throws SQLException {
    fake.close();
    execute("SHUTDOWN");
  }

  @Test
  void storeJdbcWithWarehousePlanning_isComplete_andTheSecondRunReadsNothing() throws SQLException {
    String yaml = users("""
        state:
          store: jdbc
          planning: warehouse
        """);

    SyncResult first = AmplitudeSync.run(SyncSpec.parse(yaml, "users.yaml", Map.of()).job());
    assertThat(first.status()).as(first.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(first.accepted()).isEqualTo(3);

    execute("UPDATE users SET seats = 4 WHERE id = 'user-1'");
    SyncResult second = AmplitudeSync.run(SyncSpec.parse(yaml, "users.yaml", Map.of()).job());
    assertThat(second.rowsRead()).as(second.toString()).isEqualTo(1);
    assertThat(second.accepted()).isEqualTo(1);
    assertThat(second.unchanged()).isEqualTo(2);
    assertThat(fake.user("user-1").orElseThrow().property("seats").toString()).isEqualTo("4");
  }

  @Test
  void aPlanningQueryTheDatabaseRefuses_isShownWithTheSourceQueryAsWritten_andItsMessageHidesTheVariable() {
    String secret = "wh-Secret-93e1c";
    String query = "select id, plan, 10 / (seats - 1) as per_seat from users where plan <> '${PLAN_SECRET}'";
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: %s
          user: sa
          query: "%s"
        destination:
          api_key: %s
          endpoint: %s
        mapping:
          user_id: id
          properties:
            per_seat: per_seat
        state:
          store: jdbc
          planning: warehouse
        """.formatted(url, query, KEY, fake.baseUrl());

    SyncResult failed = AmplitudeSync.run(SyncSpec.parse(yaml, "users.yaml", Map.of("PLAN_SECRET", secret)).job());

    assertThat(failed.status()).as(failed.toString()).isEqualTo(SyncStatus.FAILED);
    assertThat(failed.error()).hasValueSatisfying(error -> assertThat(error)
        .contains("in the warehouse (the query at users.yaml line 7 (source.query))")
        .contains("planning query:\n")
        .contains("from (\n" + query + "\n) m) c")
        .doesNotContain(secret));
  }

  @Test
  void eventsWithoutAMappedInsertId_areRefusedAtStatePlanning() {
    String yaml = """
        name: orders
        object: event
        source:
          type: jdbc
          url: %s
          user: sa
          table: orders
        destination:
          api_key: %s
          endpoint: %s
        mapping:
          user_id: user_id
          event_type: {const: Order Completed}
          time: ordered_at
        state:
          store: jdbc
          planning: warehouse
        """.formatted(url, KEY, fake.baseUrl());

    SpecException e = catchThrowableOfType(() -> SyncSpec.parse(yaml, "orders.yaml", Map.of()), SpecException.class);

    assertThat(e).isNotNull();
    assertThat(e.line()).isEqualTo(17);
    assertThat(e.getMessage()).contains("state.planning").contains("insert_id").doesNotContain(KEY);
  }

  @Test
  void anUnknownPlanningMode_isRefused() {
    String yaml = users("""
        state:
          store: jdbc
          planning: server
        """);

    SpecException e = catchThrowableOfType(() -> SyncSpec.parse(yaml, "users.yaml", Map.of()), SpecException.class);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("planning").contains("client or warehouse");
  }

  @Test
  void warehousePlanningWithTheStateInAnotherDatabase_isRefused() {
    String yaml = users("""
        state:
          store: jdbc
          url: jdbc:h2:mem:elsewhere
          planning: warehouse
        """);

    SpecException e = catchThrowableOfType(() -> SyncSpec.parse(yaml, "users.yaml", Map.of()), SpecException.class);

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("source's database").contains("state.url");
  }

  private String users(String state) {
    return """
        name: users
        object: user
        source:
          type: jdbc
          url: %s
          user: sa
          query: select * from users
        destination:
          api_key: %s
          endpoint: %s
        mapping:
          user_id: id
          properties:
            plan: plan
            seats: seats
        """.formatted(url, KEY, fake.baseUrl()) + state;
  }

  private void execute(String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }
}
