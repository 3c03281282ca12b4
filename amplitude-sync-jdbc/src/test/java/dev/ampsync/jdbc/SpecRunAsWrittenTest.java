package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.RunEntry;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.spec.SyncSpec;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.StateStores;
import dev.ampsync.testing.FakeAmplitude;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run of a spec reports its error and resync reason with the spec's variables as written, in its
 * result and in the history its state keeps, whatever key they came from: the sync's name in another
 * project's resync reason, the state's folder in a refusal. From Java, as {@code SyncSpec} users run
 * it (the command line adds nothing here).
 */
class SpecRunAsWrittenTest {
  private static final String FIRST_KEY = "aswritten-key-first-01";
  private static final String SECOND_KEY = "aswritten-key-second-02";
  private static final String TEAM = "team-omega-7";
  private static final String DB = "jdbc:h2:mem:spec_as_written;DB_CLOSE_DELAY=-1";

  @TempDir Path dir;
  private FakeAmplitude fake;
  private Connection keepAlive;

  @BeforeEach
  void setUp() throws SQLException {
    fake = FakeAmplitude.builder().apiKey(FIRST_KEY).addApiKey(SECOND_KEY).start();
    keepAlive = DriverManager.getConnection(DB, "sa", "");
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("create table users (id varchar(40) primary key, plan varchar(20))");
      statement.execute("insert into users values ('user-00001', 'pro'), ('user-00002', 'free')");
    }
  }

  @AfterEach
  void tearDown() throws SQLException {
    fake.close();
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("drop all objects");
    }
    keepAlive.close();
  }

  private SyncSpec spec(String apiKey) {
    String yaml = """
        name: users-${TEAM}
        object: user
        source:
          type: jdbc
          url: %s
          user: sa
          query: select id, plan from users order by id
        destination:
          api_key: %s
          endpoint: %s
        mapping:
          user_id: id
          properties:
            plan: plan
        state:
          path: ${STATE_DIR}
        """.formatted(DB, apiKey, fake.baseUrl());
    return SyncSpec.parse(yaml, "users.yaml", Map.of("TEAM", TEAM, "STATE_DIR", dir.resolve("state").toString()));
  }

  @Test
  void anotherProjectsResyncReason_namesTheSyncAsWritten_inTheResultAndTheHistory() {
    assertThat(AmplitudeSync.run(spec(FIRST_KEY).job()).status()).isEqualTo(SyncStatus.SUCCEEDED);

    SyncResult otherProject = AmplitudeSync.run(spec(SECOND_KEY).job());

    assertThat(otherProject.fullResync()).hasValueSatisfying(reason -> assertThat(reason)
        .startsWith("another Amplitude project: the state of sync 'users-${TEAM}'").doesNotContain(TEAM));
    RunEntry recorded = AmplitudeSync.state(spec(SECOND_KEY).job()).runs().get(0);
    assertThat(recorded.resync()).hasValueSatisfying(reason -> assertThat(reason)
        .contains("'users-${TEAM}'").doesNotContain(TEAM));
  }

  @Test
  void aRefusalNamingTheStatesFolder_showsItAsWritten() {
    try (StateStore held = StateStores.file(dir.resolve("state"))) {
      held.open("someone-else");

      SyncResult refused = AmplitudeSync.run(spec(FIRST_KEY).job());

      assertThat(refused.status()).isEqualTo(SyncStatus.FAILED);
      assertThat(refused.error()).hasValueSatisfying(error -> assertThat(error)
          .startsWith("the state store ${STATE_DIR}/state.mv.db is in use by another run")
          .doesNotContain(dir.toString()));
    }
  }
}
