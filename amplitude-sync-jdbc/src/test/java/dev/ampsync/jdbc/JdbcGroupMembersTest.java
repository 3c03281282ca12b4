package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.StateStores;
import dev.ampsync.testing.FakeAmplitude;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group member lists ({@code members}) read from PostgreSQL arrays: {@code text[]}, {@code bigint[]}
 * and a {@code jsonb} array arrive as lists, one membership per element.
 */
class JdbcGroupMembersTest {
  private static final Engine PG = Engine.POSTGRESQL;

  private FakeAmplitude fake;
  private String table;

  @BeforeEach
  void start() throws Exception {
    PG.assumeAvailable();
    fake = FakeAmplitude.start();
    table = "i18m_" + TestDatabases.uniqueName("orgs");
    PG.execute(
        "CREATE TABLE " + table + " (org text, plan text, member_ids text[], numeric_ids bigint[], json_ids jsonb)",
        "INSERT INTO " + table + " VALUES ('acme', 'pro', ARRAY['user-00001','user-00002','user-00003'],"
            + " ARRAY[10001, 10002]::bigint[], '[\"user-00004\", 10005]')",
        "INSERT INTO " + table + " VALUES ('globex', 'free', ARRAY['user-00009', NULL], NULL, '[]')");
  }

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
    PG.dropTable(table);
  }

  @Test
  void aTextArrayColumn_givesOneMembershipPerElement_andAReRunSendsNothing() {
    StateStore state = StateStores.memory();
    SyncResult first = run("i18m-text", "member_ids", state);

    assertThat(first.rowsRead()).isEqualTo(2);
    assertThat(first.records()).as("%s", first).isEqualTo(2 + 3 + 2);
    assertThat(first.accepted()).isEqualTo(6);
    assertThat(first.invalid()).as("globex's NULL member").isEqualTo(1);
    assertThat(first.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.key()).isEqualTo("org/globex");
      assertThat(problem.reason()).contains("member 2 of group org 'globex'").contains("column 'member_ids'");
    });
    assertThat(fake.group("org", "acme").orElseThrow().properties()).isEqualTo(Map.of("plan", "pro"));
    for (String member : List.of("user-00001", "user-00002", "user-00003")) {
      assertThat(fake.user(member).orElseThrow().groups()).isEqualTo(Map.of("org", List.of("acme")));
    }
    assertThat(fake.user("user-00009").orElseThrow().groups()).isEqualTo(Map.of("org", List.of("globex")));
    int requests = fake.requests().size();

    SyncResult second = run("i18m-text", "member_ids", state);

    assertThat(second.unchanged()).isEqualTo(6);
    assertThat(second.invalid()).isEqualTo(1);
    assertThat(fake.requests()).hasSize(requests);
  }

  @Test
  void bigintArraysAndJsonbArrays_areListsOfUserIds() {
    SyncResult numeric = run("i18m-bigint", "numeric_ids", null);

    assertThat(numeric.status()).as("%s", numeric).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(numeric.records()).as("acme with 2 members, globex's NULL list: no members").isEqualTo(4);
    assertThat(fake.user("10001").orElseThrow().groups()).isEqualTo(Map.of("org", List.of("acme")));
    assertThat(fake.user("10002")).isPresent();

    SyncResult json = run("i18m-jsonb", "json_ids", null);

    assertThat(json.status()).as("%s", json).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(json.records()).as("acme with 2 members, globex's empty array").isEqualTo(4);
    assertThat(fake.user("user-00004").orElseThrow().groups()).isEqualTo(Map.of("org", List.of("acme")));
    assertThat(fake.user("10005").orElseThrow().groups()).isEqualTo(Map.of("org", List.of("acme")));
  }

  private SyncResult run(String name, String membersColumn, StateStore state) {
    Mapping mapping = Mapping.builder(ObjectType.GROUP)
        .groupType(Value.constant("org"))
        .groupValue(Value.column("org"))
        .members(Value.column(membersColumn))
        .property("plan", Value.column("plan"))
        .build();
    SyncJob.Builder job = SyncJob.builder(name)
        .source(PG.source().table(table).build())
        .mapping(mapping)
        .destination(AmplitudeClient.builder(fake.apiKey())
            .endpoint(URI.create(fake.baseUrl()))
            .linger(Duration.ofMillis(5))
            .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
            .closeTimeout(Duration.ofSeconds(20)));
    if (state != null) {
      job.state(state);
    }
    SyncResult result = AmplitudeSync.run(job.build());
    assertThat(result.error()).as("run error").isEmpty();
    assertThat(result.accepted() + result.unchanged() + result.invalid() + result.rejected() + result.failed())
        .isEqualTo(result.records());
    return result;
  }
}
