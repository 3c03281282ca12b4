package dev.ampsync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Nulls;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.Source;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.FakeProfile;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Group syncs end to end: group properties through Group Identify, members through Identify. */
class GroupSyncEndToEndTest {
  private FakeAmplitude fake;

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void groupSync_withGroupOperations_leavesTheGroupProfilesAsTheRowsSay() {
    Mapping mapping =
        Mapping.builder(ObjectType.GROUP)
            .groupType(Value.constant("company"))
            .groupValue(Value.column("company_id"))
            .property("name", Value.column("name"))
            .property("plan", Value.column("plan"), PropertyOperation.SET)
            .property("founded", Value.column("founded"), PropertyOperation.SET_ONCE)
            .property("seats", Value.column("seats"), PropertyOperation.ADD)
            .property("domains", Value.column("domain"), PropertyOperation.APPEND)
            .property("history", Value.column("event"), PropertyOperation.PREPEND)
            .property("trial_end", Value.constant("x"), PropertyOperation.UNSET)
            .build();
    Mapping seed =
        Mapping.builder(ObjectType.GROUP)
            .groupType(Value.constant("company"))
            .groupValue(Value.column("company_id"))
            .property("trial_end", Value.column("trial_end"))
            .build();
    Source seedRows =
        InMemorySource.builder()
            .column("company_id", ColumnType.INTEGER)
            .column("trial_end", ColumnType.STRING)
            .row(10042L, "2024-04-01")
            .build();
    assertThat(run("groups-seed", seedRows, seed).status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(fake.group("company", "10042").orElseThrow().properties()).containsKey("trial_end");

    SyncResult first = run("groups", companies("Acme", "pro", "2001", 10, "acme.com", "signed"), mapping);
    SyncResult second =
        run("groups", companies("Acme Corp", "enterprise", "1999", 5, "acme.io", "upgraded"), mapping);

    assertThat(first.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(second.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(second.accepted()).isEqualTo(2);
    Map<String, Object> acme = new HashMap<>();
    acme.put("name", "Acme Corp");
    acme.put("plan", "enterprise");
    acme.put("founded", "2001");
    acme.put("seats", new BigDecimal(15));
    acme.put("domains", List.of("acme.com", "acme.io"));
    acme.put("history", List.of("upgraded", "signed"));
    UserSyncEndToEndTest.assertSameValues(group("company", "10042").properties(), acme);
    Map<String, Object> other = new HashMap<>(acme);
    other.put("name", "Acme Corp 2");
    UserSyncEndToEndTest.assertSameValues(group("company", "10043").properties(), other);
    assertThat(fake.users()).isEmpty();
  }

  @Test
  void groupSync_withUserId_addsTheUserToTheGroupAsMembershipAndUserProperty() {
    Source rows =
        InMemorySource.builder()
            .column("org", ColumnType.STRING)
            .column("member", ColumnType.STRING)
            .column("plan", ColumnType.STRING)
            .row("org-acme", "user-00001", "pro")
            .row("org-acme", "user-00002", "pro")
            .row("org-globex", "user-00003", "free")
            .row("org-initech", null, "free")
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.GROUP)
            .groupType(Value.constant("org"))
            .groupValue(Value.column("org"))
            .userId(Value.column("member"))
            .property("plan", Value.column("plan"))
            .build();

    SyncResult result = run("groups-members", rows, mapping);

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(4);
    assertThat(group("org", "org-acme").properties()).isEqualTo(Map.of("plan", "pro"));
    assertThat(group("org", "org-globex").properties()).isEqualTo(Map.of("plan", "free"));
    assertThat(group("org", "org-initech").properties()).isEqualTo(Map.of("plan", "free"));
    for (String member : List.of("user-00001", "user-00002")) {
      FakeProfile user = fake.user(member).orElseThrow();
      assertThat(user.groups()).isEqualTo(Map.of("org", List.of("org-acme")));
      assertThat(user.properties()).isEqualTo(Map.of("org", "org-acme"));
    }
    FakeProfile globex = fake.user("user-00003").orElseThrow();
    assertThat(globex.groups()).isEqualTo(Map.of("org", List.of("org-globex")));
    assertThat(globex.properties()).isEqualTo(Map.of("org", "org-globex"));
    assertThat(fake.users()).hasSize(3);
  }

  @Test
  void groupSync_withNullsUnset_removesTheGroupProperty() {
    Mapping mapping =
        Mapping.builder(ObjectType.GROUP)
            .groupType(Value.constant("company"))
            .groupValue(Value.column("company_id"))
            .property("plan", Value.column("plan"))
            .nulls(Nulls.UNSET)
            .build();
    run("groups-unset", plan("pro"), mapping);
    assertThat(group("company", "company-0001").properties()).isEqualTo(Map.of("plan", "pro"));

    run("groups-unset", plan(null), mapping);

    assertThat(group("company", "company-0001").properties()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(value = PropertyOperation.class, names = {"PRE_INSERT", "POST_INSERT", "REMOVE"})
  void groupMapping_withAnOperationGroupsDoNotTake_isRefusedAtBuildTime(PropertyOperation operation) {
    Mapping.Builder builder =
        Mapping.builder(ObjectType.GROUP)
            .groupType(Value.constant("company"))
            .groupValue(Value.column("company_id"));

    assertThatThrownBy(() -> builder.property("domains", Value.column("domain"), operation))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mapping.properties.domains")
        .hasMessageContaining(operation.specName());
  }

  @Test
  void groupMapping_withGroupMembership_isRefusedAtBuildTime() {
    assertThatThrownBy(() -> Mapping.builder(ObjectType.GROUP).group("company", Value.column("company_id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mapping.groups");
  }

  private Source companies(String name, String plan, String founded, int seats, String domain, String event) {
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {10042L, name, plan, founded, seats, domain, event});
    rows.add(new Object[] {10043L, name + " 2", plan, founded, seats, domain, event});
    InMemorySource.Builder builder =
        InMemorySource.builder()
            .column("company_id", ColumnType.INTEGER)
            .column("name", ColumnType.STRING)
            .column("plan", ColumnType.STRING)
            .column("founded", ColumnType.STRING)
            .column("seats", ColumnType.INTEGER)
            .column("domain", ColumnType.STRING)
            .column("event", ColumnType.STRING);
    rows.forEach(builder::row);
    return builder.build();
  }

  private static Source plan(String plan) {
    return InMemorySource.builder()
        .column("company_id", ColumnType.STRING)
        .column("plan", ColumnType.STRING)
        .row("company-0001", plan)
        .build();
  }

  private AmplitudeClient.Builder destination() {
    return AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .linger(Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(20));
  }

  private SyncResult run(String name, Source source, Mapping mapping) {
    SyncResult result =
        AmplitudeSync.run(SyncJob.builder(name).source(source).mapping(mapping).destination(destination()).build());
    assertThat(result.error()).as("run error").isEmpty();
    return result;
  }

  private FakeProfile group(String type, String value) {
    return fake.group(type, value).orElseThrow(() -> new AssertionError("no group " + type + "/" + value));
  }
}
