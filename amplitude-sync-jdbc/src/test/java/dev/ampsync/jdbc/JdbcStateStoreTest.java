package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.state.StateException;
import dev.ampsync.state.SyncState;
import dev.ampsync.testing.FakeAmplitude;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** JdbcStateStore on all four engines: the state contract, batching, and an incremental sync. */
class JdbcStateStoreTest {
  @TempDir static Path dir;

  record Engine(String name, String url, String user, String password, boolean server) {
    @Override
    public String toString() {
      return name;
    }

    /** Skips (or fails, when AMPSYNC_REQUIRE_SERVERS=1) when a server engine does not answer. */
    void requireReachable() {
      if (!server) {
        return;
      }
      try (Connection ignored = DriverManager.getConnection(url, user, password)) {
        // reachable
      } catch (SQLException e) {
        String message = name + " is not reachable at " + url + ": " + e.getMessage();
        if ("1".equals(System.getenv("AMPSYNC_REQUIRE_SERVERS"))) {
          throw new AssertionError(message + " (AMPSYNC_REQUIRE_SERVERS=1)");
        }
        Assumptions.abort(message);
      }
    }

    JdbcStateStore store(String table) {
      return JdbcStateStore.builder().url(url).user(user).password(password).table(table).build();
    }

    void drop(String table) {
      try (Connection connection = DriverManager.getConnection(url, user, password);
          Statement statement = connection.createStatement()) {
        statement.execute("drop table if exists " + table);
        statement.execute("drop table if exists " + table + "_meta");
        statement.execute("drop table if exists " + table + "_lock");
      } catch (SQLException e) {
        throw new AssertionError(e);
      }
    }
  }

  static Stream<Engine> engines() {
    return Stream.of(
        new Engine("H2", "jdbc:h2:mem:state;DB_CLOSE_DELAY=-1", "sa", "", false),
        new Engine("DuckDB", "jdbc:duckdb:" + dir.resolve("state.duckdb"), null, null, false),
        new Engine("PostgreSQL", env("AMPSYNC_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test"), "postgres", null, true),
        new Engine("MariaDB", env("AMPSYNC_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"), "root", "", true));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  private static String table() {
    return "ampsync_state_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void state_putGetRemoveMetaClear_followTheContract(Engine engine) {
    engine.requireReachable();
    String table = table();
    try {
      try (SyncState state = engine.store(table).open("users")) {
        assertThat(state.get("user-1")).isNull();
        state.put("user-1", new byte[] {1, 2, 3});
        assertThat(state.get("user-1")).containsExactly(1, 2, 3);
        state.put("user-1", new byte[] {4});
        state.put("a-very-long-key-" + "x".repeat(3000), new byte[] {9});
        state.remove("missing");
        state.meta("mapping", "user:abc");
        state.commit();
        assertThat(state.get("user-1")).containsExactly(4);
        assertThat(state.size()).isEqualTo(2);
        assertThat(state.meta("mapping")).isEqualTo("user:abc");
      }
      try (SyncState state = engine.store(table).open("users");
          SyncState other = engine.store(table).open("devices")) {
        assertThat(state.get("user-1")).containsExactly(4);
        assertThat(state.get("a-very-long-key-" + "x".repeat(3000))).containsExactly(9);
        assertThat(other.size()).isZero();
        assertThat(other.meta("mapping")).isNull();
        state.remove("user-1");
        state.commit();
        assertThat(state.get("user-1")).isNull();
        state.clear();
        state.commit();
        assertThat(state.size()).isZero();
        assertThat(state.meta("mapping")).isEqualTo("user:abc");
      }
    } finally {
      engine.drop(table);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void changesNotCommitted_areLostWhenTheStateIsAbandoned(Engine engine) throws Exception {
    engine.requireReachable();
    String table = table();
    try {
      SyncState state = engine.store(table).open("events");
      state.put("committed", new byte[] {1});
      state.commit();
      state.put("uncommitted", new byte[] {2});
      // Abandon without commit, as a killed process would: drop the connections, the run lock's too.
      JdbcStateStoreLockTest.abandon(state);
      JdbcStateStoreLockTest.awaitReleased(engine, table, "events");
      try (SyncState reopened = engine.store(table).open("events")) {
        assertThat(reopened.get("committed")).containsExactly(1);
        assertThat(reopened.get("uncommitted")).isNull();
      }
    } finally {
      engine.drop(table);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void batchedUpserts_andKeyIteration_handleThousandsOfKeys(Engine engine) {
    engine.requireReachable();
    String table = table();
    try (SyncState state = engine.store(table).open("big")) {
      for (int i = 0; i < 5_000; i++) {
        state.put("key-" + i, new byte[] {(byte) i});
      }
      for (int i = 0; i < 5_000; i += 2) {
        state.put("key-" + i, new byte[] {7});
      }
      state.commit();
      Set<String> keys = new HashSet<>();
      state.forEachKey(keys::add);
      assertThat(keys).hasSize(5_000).contains("key-0", "key-4999");
      Map<String, byte[]> entries = new java.util.HashMap<>();
      state.forEachEntry((key, value) -> assertThat(entries.put(key, value)).as("seen once: %s", key).isNull());
      assertThat(entries.keySet()).isEqualTo(keys);
      assertThat(entries.get("key-2")).containsExactly(7);
      assertThat(entries.get("key-3")).containsExactly(3);
      assertThat(state.get("key-2")).containsExactly(7);
      assertThat(state.get("key-3")).containsExactly(3);
    } finally {
      engine.drop(table);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("engines")
  void incrementalSync_withTheJdbcStore_sendsNothingOnAnUnchangedRerun(Engine engine) {
    engine.requireReachable();
    String table = table();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", "user-" + (10_000 + i));
      row.put("plan", i % 2 == 0 ? "pro" : "free");
      rows.add(row);
    }
    try (FakeAmplitude fake = FakeAmplitude.start()) {
      SyncJob job = SyncJob.builder("users")
          .source(InMemorySource.of(rows))
          .mapping(Mapping.builder(ObjectType.USER).userId(Value.column("id")).property("plan", Value.column("plan")).build())
          .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl())))
          .state(engine.store(table))
          .build();
      SyncResult first = AmplitudeSync.run(job);
      int requests = fake.requests().size();
      SyncResult second = AmplitudeSync.run(job);

      assertThat(first.accepted()).isEqualTo(500);
      assertThat(second.unchanged()).isEqualTo(500);
      assertThat(fake.requests()).hasSize(requests);
    } finally {
      engine.drop(table);
    }
  }

  @Test
  void unreachableDatabase_failsWithAMessageWithoutThePassword() {
    JdbcStateStore store = JdbcStateStore.builder()
        .url("jdbc:postgresql://127.0.0.1:1/test").user("x").password("s3cret-state-pw").build();
    assertThatThrownBy(() -> store.open("users"))
        .isInstanceOf(StateException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/test")
        .hasMessageNotContaining("s3cret-state-pw");
  }

  @Test
  void builder_refusesBadTableNamesAndMissingConnections() {
    assertThatThrownBy(() -> JdbcStateStore.builder().table("drop table x;")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> JdbcStateStore.builder().build()).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> JdbcStateStore.builder().url("postgres://x")).isInstanceOf(IllegalArgumentException.class);
  }
}
