package dev.ampsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.FailureThresholds;
import dev.ampsync.FailureThresholds.Limit;
import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.Source;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.StateStores;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.FakeProfile;
import dev.ampsync.testing.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Group rows with a member list ({@code members}): one group identification per row and one
 * membership per member, each member an outcome of its own, diffed one by one against the state.
 */
class GroupMembersEndToEndTest {
  private static final Mapping ORGS =
      Mapping.builder(ObjectType.GROUP)
          .groupType(Value.constant("org"))
          .groupValue(Value.column("org"))
          .members(Value.column("member_ids"))
          .property("plan", Value.column("plan"))
          .build();

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
  void aRowWithThreeMembers_sendsTheGroupOnce_andAddsEachMember() {
    SyncResult result = run(null, rows(row("acme", "pro", "user-00001", "user-00002", "user-00003")), 0);

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.rowsRead()).isEqualTo(1);
    assertThat(result.records()).as("the group and its three members").isEqualTo(4);
    assertThat(result.accepted()).isEqualTo(4);
    assertThat(identifications("/groupidentify")).as("the group's properties, once").hasSize(1);
    assertThat(identifications("/identify")).hasSize(3);
    assertThat(fake.group("org", "acme").orElseThrow().properties()).isEqualTo(Map.of("plan", "pro"));
    for (String member : List.of("user-00001", "user-00002", "user-00003")) {
      FakeProfile user = fake.user(member).orElseThrow();
      assertThat(user.groups()).isEqualTo(Map.of("org", List.of("acme")));
      assertThat(user.properties()).isEqualTo(Map.of("org", "acme"));
    }
    assertThat(fake.users()).hasSize(3);
  }

  @Test
  void aMembership_isSentExactlyAsAGroupRowWithAUserIdSendsIt() {
    run(null, rows(row("acme", "pro", "user-00001")), 0);
    JsonNode members = identifications("/identify").get(0);
    fake.reset();
    Mapping perRow = Mapping.builder(ObjectType.GROUP)
        .groupType(Value.constant("org"))
        .groupValue(Value.column("org"))
        .userId(Value.column("member"))
        .property("plan", Value.column("plan"))
        .build();
    Source oneMemberRows = InMemorySource.builder()
        .column("org", ColumnType.STRING).column("member", ColumnType.STRING).column("plan", ColumnType.STRING)
        .row("acme", "user-00001", "pro")
        .build();
    SyncResult perRowResult = AmplitudeSync.run(
        SyncJob.builder("per-row").source(oneMemberRows).mapping(perRow).destination(destination(0)).build());

    assertThat(perRowResult.accepted()).isEqualTo(1);
    assertThat(identifications("/identify")).containsExactly(members);
  }

  @Test
  void anInvalidMember_isAnOutcomeOfItsOwn_namingGroupMemberAndColumn_andTheOthersGoOn() {
    SyncResult result =
        run(null, rows(row("acme", "pro", "user-00001", null, "ab", "user-00002"), row("globex", "free", 12.5, "user-00003")), 5);

    assertThat(result.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(result.rowsRead()).isEqualTo(2);
    assertThat(result.records()).isEqualTo(2 + 4 + 2);
    assertThat(result.invalid()).isEqualTo(3);
    assertThat(result.accepted()).isEqualTo(5);
    assertThat(result.accepted() + result.unchanged() + result.invalid() + result.rejected() + result.failed())
        .isEqualTo(result.records());
    assertThat(result.problems()).extracting(Problem::key)
        .containsExactlyInAnyOrder("org/acme", "org/acme/ab", "org/globex/12.5");
    assertThat(result.problems()).allSatisfy(problem -> {
      assertThat(problem.outcome()).isEqualTo(RowOutcome.INVALID);
      assertThat(problem.reason()).contains("of group org '").contains("column 'member_ids' (members)");
    });
    assertThat(reason(result, "org/acme")).contains("member 2 of group org 'acme'").contains("NULL is not a user id");
    assertThat(reason(result, "org/acme/ab")).startsWith("member 'ab' of group org 'acme'").contains("5");
    assertThat(reason(result, "org/globex/12.5")).contains("member 1 of group org 'globex'").contains("12.5");
    assertThat(fake.users().keySet()).containsExactlyInAnyOrder("user-00001", "user-00002", "user-00003");
    assertThat(fake.group("org", "globex")).isPresent();
  }

  @Test
  void failWhen_countsRecords_soAShareOfMembersNeverPasses100Percent() {
    // 2 rows, 8 records (2 groups, 6 members), 3 of them invalid: 37.5 % of the records. Of rows it
    // would read "3 of 2 rows (150.0%)", a share no percentage threshold could ever tolerate.
    Source source = rows(row("acme", "pro", "user-00001", null, "ab", "user-00002"), row("globex", "free", 12.5, "user-00003"));

    SyncResult above = runWith(source, FailureThresholds.of().invalidAbove(Limit.percent(37)));
    assertThat(above.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(above.thresholdsExceeded()).containsExactly("invalid 3 of 8 records (37.5%) is above fail_when.invalid 37%");

    SyncResult within = runWith(rows(row("acme", "pro", "user-00001", null, "ab", "user-00002"), row("globex", "free", 12.5, "user-00003")),
        FailureThresholds.of().invalidAbove(Limit.percent(38)));
    assertThat(within.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(within.invalid()).as("still counted and listed").isEqualTo(3);
    assertThat(within.problems()).hasSize(3);

    SyncResult byDefault = runWith(rows(row("acme", "pro", "user-00001", null)), FailureThresholds.of());
    assertThat(byDefault.thresholdsExceeded())
        .containsExactly("invalid 1 of 3 records (33.3%) is above fail_when.invalid 0 (the default: any invalid record)");
  }

  private SyncResult runWith(Source source, FailureThresholds thresholds) {
    return AmplitudeSync.run(SyncJob.builder("orgs").source(source).mapping(ORGS).destination(destination(5)).failWhen(thresholds).build());
  }

  @Test
  void aRejectedMember_isRejectedAlone() {
    fake.exceedDailyQuotaForUser("user-00002");

    SyncResult result = run(null, rows(row("acme", "pro", "user-00001", "user-00002", "user-00003")), 0);

    assertThat(result.rejected()).isEqualTo(1);
    assertThat(result.accepted()).isEqualTo(3);
    assertThat(result.problems()).extracting(Problem::key).containsExactly("org/acme/user-00002");
    assertThat(fake.group("org", "acme")).isPresent();
    assertThat(fake.users().keySet()).containsExactlyInAnyOrder("user-00001", "user-00003");
  }

  @Test
  void aRowWhoseGroupIsInvalid_isOneInvalidRecord_andNoMemberIsSent() {
    SyncResult result = run(null, rows(row(null, "pro", "user-00001", "user-00002")), 0);

    assertThat(result.rowsRead()).isEqualTo(1);
    assertThat(result.records()).isEqualTo(1);
    assertThat(result.invalid()).isEqualTo(1);
    assertThat(result.problems().get(0).reason()).contains("group_value is NULL");
    assertThat(fake.users()).isEmpty();
  }

  @Test
  void aColumnThatHoldsNoArray_makesTheRowInvalid_andJsonArrayTextIsAList() {
    Source source = InMemorySource.builder()
        .column("org", ColumnType.STRING).column("plan", ColumnType.STRING).column("member_ids", ColumnType.STRING)
        .row("acme", "pro", "[\"user-00001\", 10042]")
        .row("globex", "free", "user-00003")
        .row("initech", "free", null)
        .build();

    SyncResult result = run(null, source, 0);

    assertThat(result.records()).as("acme and 2 members, globex invalid, initech without members").isEqualTo(5);
    assertThat(result.accepted()).isEqualTo(4);
    assertThat(result.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.key()).isEqualTo("globex");
      assertThat(problem.reason()).contains("column 'member_ids' (members) must be an array of user ids");
    });
    assertThat(fake.user("10042").orElseThrow().groups()).isEqualTo(Map.of("org", List.of("acme")));
    assertThat(fake.group("org", "initech")).isPresent();
  }

  @Test
  void withAState_anUnchangedRowSendsNothing_andANewMemberSendsOnlyItsMembership() {
    StateStore state = StateStores.memory();
    SyncResult first = run(state, rows(row("acme", "pro", "user-00001", "user-00002", "user-00003")), 0);
    assertThat(first.accepted()).isEqualTo(4);
    int afterFirst = fake.requests().size();

    SyncResult second = run(state, rows(row("acme", "pro", "user-00001", "user-00002", "user-00003")), 0);

    assertThat(second.unchanged()).as("%s", second).isEqualTo(4);
    assertThat(second.records()).isEqualTo(4);
    assertThat(fake.requests()).as("an unchanged row sends nothing").hasSize(afterFirst);

    SyncResult third =
        run(state, rows(row("acme", "pro", "user-00001", "user-00002", "user-00003", "user-00004")), 0);

    assertThat(third.accepted()).as("%s", third).isEqualTo(1);
    assertThat(third.unchanged()).isEqualTo(4);
    List<RecordedRequest> sent = fake.requests().subList(afterFirst, fake.requests().size());
    assertThat(sent).singleElement().satisfies(request -> {
      assertThat(request.path()).isEqualTo("/identify");
      assertThat(request.identifications()).singleElement()
          .satisfies(identification -> assertThat(identification.get("user_id").asText()).isEqualTo("user-00004"));
    });
    assertThat(fake.user("user-00004").orElseThrow().groups()).isEqualTo(Map.of("org", List.of("acme")));

    SyncResult fourth =
        run(state, rows(row("acme", "enterprise", "user-00001", "user-00002", "user-00003", "user-00004")), 0);

    assertThat(fourth.accepted()).as("only the group's changed property").isEqualTo(1);
    assertThat(fake.requests().subList(afterFirst + 1, fake.requests().size()))
        .singleElement().satisfies(request -> assertThat(request.path()).isEqualTo("/groupidentify"));
    assertThat(fake.group("org", "acme").orElseThrow().properties()).isEqualTo(Map.of("plan", "enterprise"));
  }

  @Test
  void onRemovedUnset_forgetsAMemberThatLeft_withoutSending_andUnsetsAGroupThatLeft() {
    StateStore state = StateStores.memory();
    runRemoving(state, rows(row("acme", "pro", "user-00001", "user-00002"), row("globex", "free", "user-00003")));
    int before = fake.requests().size();

    SyncResult second = runRemoving(state, rows(row("acme", "pro", "user-00001")));

    assertThat(second.unchanged()).isEqualTo(2);
    assertThat(second.removed()).as("globex, its member and acme's user-00002").isEqualTo(3);
    List<RecordedRequest> sent = fake.requests().subList(before, fake.requests().size());
    assertThat(sent).as("a membership cannot be taken back: only globex's properties are unset")
        .singleElement().satisfies(request -> {
          assertThat(request.path()).isEqualTo("/groupidentify");
          assertThat(request.identifications().get(0).get("group_value").asText()).isEqualTo("globex");
        });
    assertThat(fake.group("org", "globex").orElseThrow().properties()).isEmpty();
    assertThat(fake.group("org", "acme").orElseThrow().properties()).isEqualTo(Map.of("plan", "pro"));
    assertThat(fake.user("user-00002").orElseThrow().groups()).isEqualTo(Map.of("org", List.of("acme")));
  }

  private SyncResult runRemoving(StateStore state, Source source) {
    SyncResult result = AmplitudeSync.run(SyncJob.builder("orgs").source(source).mapping(ORGS)
        .destination(destination(0)).state(state).onRemoved(dev.ampsync.OnRemoved.UNSET).build());
    assertThat(result.error()).as("run error").isEmpty();
    return result;
  }

  @Test
  void aMemberListedTwice_isAnIdenticalDuplicate() {
    SyncResult result = run(null, rows(row("acme", "pro", "user-00001", "user-00001")), 0);

    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.key()).isEqualTo("org/acme/user-00001");
      assertThat(problem.reason()).contains("identical values");
    });
  }

  private static Object[] row(String org, String plan, Object... members) {
    return new Object[] {org, plan, members == null ? null : new ArrayList<>(Arrays.asList(members))};
  }

  private static Source rows(Object[]... rows) {
    InMemorySource.Builder source = InMemorySource.builder()
        .column("org", ColumnType.STRING)
        .column("plan", ColumnType.STRING)
        .column("member_ids", ColumnType.ARRAY);
    for (Object[] row : rows) {
      source.row(row);
    }
    return source.build();
  }

  private static String reason(SyncResult result, String key) {
    return result.problems().stream().filter(p -> p.key().equals(key)).findFirst().orElseThrow().reason();
  }

  private List<JsonNode> identifications(String path) {
    List<JsonNode> all = new ArrayList<>();
    for (RecordedRequest request : fake.requests()) {
      if (request.path().equals(path)) {
        all.addAll(request.identifications());
      }
    }
    return all;
  }

  private AmplitudeClient.Builder destination(int minIdLength) {
    AmplitudeClient.Builder destination = AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .linger(Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(20));
    return minIdLength > 0 ? destination.minIdLength(minIdLength) : destination;
  }

  private SyncResult run(StateStore state, Source source, int minIdLength) {
    SyncJob.Builder job = SyncJob.builder("orgs").source(source).mapping(ORGS).destination(destination(minIdLength));
    if (state != null) {
      job.state(state);
    }
    SyncResult result = AmplitudeSync.run(job.build());
    assertThat(result.error()).as("run error").isEmpty();
    assertThat(result.accepted() + result.unchanged() + result.invalid() + result.rejected() + result.failed())
        .as("every record has one outcome: %s", result).isEqualTo(result.records());
    return result;
  }
}
