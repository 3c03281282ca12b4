package dev.ampsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.testing.FakeAmplitude;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example runs against a fake Amplitude and leaves the state it promises. */
class ExamplesTest {
  private FakeAmplitude fake;
  private URI endpoint;

  @BeforeEach
  void start() {
    fake = FakeAmplitude.start();
    endpoint = URI.create(fake.baseUrl());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void eventsBackfill_sendsTenThousandHistoricalEventsThatSkipUserPropertySync() {
    SyncResult result = EventsBackfill.run(fake.apiKey(), endpoint);

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(fake.eventCount()).isEqualTo(10_000);
    assertThat(fake.events()).allSatisfy(event -> {
      assertThat(event.get("$skip_user_properties_sync").asBoolean()).isTrue();
      assertThat(event.get("insert_id").asText()).startsWith("order-");
    });
    assertThat(EventsBackfill.run(fake.apiKey(), endpoint).accepted()).isEqualTo(10_000);
    assertThat(fake.eventCount()).as("a re-run is deduplicated by insert_id").isEqualTo(10_000);
  }

  @Test
  void groupsWithMembership_setsGroupPropertiesAndAddsEachUserToItsGroup() {
    SyncResult result = GroupsWithMembership.run(fake.apiKey(), endpoint);

    assertThat(result.accepted()).isEqualTo(3);
    assertThat(fake.group("company", "acme-0001")).isEmpty();
    assertThat(fake.group("company", "acct-0001").orElseThrow().properties())
        .containsEntry("name", "Acme Corp")
        .containsKey("first_synced");
    assertThat((BigDecimal) fake.group("company", "acct-0001").orElseThrow().property("arr"))
        .isEqualByComparingTo("120000");
    assertThat(fake.user("user-00011").orElseThrow().groups()).containsEntry("company", java.util.List.of("acct-0001"));
    assertThat(fake.user("user-00020").orElseThrow().property("company")).isEqualTo("acct-0002");
  }

  @Test
  void propertiesUpdatedEvent_followsEachChangedUsersIdentify() {
    SyncResult result = PropertiesUpdatedEvent.run(fake.apiKey(), endpoint);

    assertThat(result.accepted()).isEqualTo(2);
    assertThat(fake.user("user-00002").orElseThrow().property("plan")).isEqualTo("enterprise");
    assertThat(fake.events("Properties Updated")).hasSize(2);
  }

  @Test
  void programmaticRun_reportsThroughTheListenerAndSendsEveryDevice() {
    SyncResult result = ProgrammaticRun.run(fake.apiKey(), endpoint);

    assertThat(result.accepted()).isEqualTo(5_000);
    assertThat(fake.devices()).hasSize(5_000);
    assertThat(fake.device("device-100001").orElseThrow().fields()).containsEntry("platform", "Android");
  }

  @Test
  void euRegion_sendsToTheGivenEndpoint() {
    SyncResult result = EuRegion.run(fake.apiKey(), endpoint);

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(fake.user("user-00042").orElseThrow().fields()).containsEntry("country", "Germany");
  }

  @Test
  void examples_withoutAKey_previewAndSendNothing() {
    assertThat(EuRegion.run(null, endpoint).isPreview()).isTrue();
    assertThat(GroupsWithMembership.run("", endpoint).isPreview()).isTrue();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void usersFromPostgres_syncsTheTableAndThenOnlyWhatChanged(@TempDir Path state) throws SQLException {
    String base = System.getenv().getOrDefault("AMPSYNC_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    String schema = "ampsync_example_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection connection = connect(base)) {
      try (Statement sql = connection.createStatement()) {
        sql.execute("create schema " + schema);
        sql.execute("create table " + schema + ".users (id text primary key, plan text, lifetime_value numeric(12,2),"
            + " trial_end timestamp, created_at timestamptz)");
        sql.execute("insert into " + schema + ".users values"
            + " ('user-00001', 'pro', 1249.50, null, '2024-01-05 10:00:00+00'),"
            + " ('user-00002', 'free', 0, '2026-12-01 00:00:00', '2025-06-01 08:30:00+00')");
      }
      String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
      try {
        SyncResult first = UsersFromPostgres.run(url, "postgres", null, fake.apiKey(), endpoint, state);
        try (Statement sql = connection.createStatement()) {
          sql.execute("update " + schema + ".users set plan = 'enterprise' where id = 'user-00002'");
        }
        SyncResult second = UsersFromPostgres.run(url, "postgres", null, fake.apiKey(), endpoint, state);

        assertThat(first.accepted()).isEqualTo(2);
        assertThat(second.accepted()).isEqualTo(1);
        assertThat(second.unchanged()).isEqualTo(1);
        assertThat(fake.user("user-00001").orElseThrow().property("first_seen")).isEqualTo("2024-01-05T10:00:00.000Z");
        assertThat(fake.user("user-00002").orElseThrow().property("plan")).isEqualTo("enterprise");
        assertThat(fake.user("user-00002").orElseThrow().property("trial_end")).isEqualTo("2026-12-01T00:00:00.000Z");
      } finally {
        try (Statement sql = connection.createStatement()) {
          sql.execute("drop schema " + schema + " cascade");
        }
      }
    }
  }

  /** Connects to PostgreSQL; skips when it does not answer, unless AMPSYNC_REQUIRE_SERVERS=1. */
  private static Connection connect(String url) throws SQLException {
    try {
      return DriverManager.getConnection(url, "postgres", null);
    } catch (SQLException e) {
      if ("1".equals(System.getenv("AMPSYNC_REQUIRE_SERVERS"))) {
        throw e;
      }
      Assumptions.abort("PostgreSQL is not reachable at " + url + ": " + e.getMessage());
      throw e;
    }
  }
}
