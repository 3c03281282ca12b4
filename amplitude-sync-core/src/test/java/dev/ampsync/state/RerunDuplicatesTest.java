package dev.ampsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.OnRemoved;
import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.UnreadableValue;
import dev.ampsync.testing.FakeAmplitude;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Duplicate keys and removed keys in a whole-model re-run, where the keys the stored digests hold are
 * marked seen beside their slots in the digests' table and every other key goes to the run's key set:
 * whichever way a key goes, a second row with it is refused with the same words (identical or
 * conflicting values, compared with the first row's, changed or not, or with an invalid first row),
 * and only the keys no row had are unset. The re-run is made once with the digests read from the
 * state (the first re-run) and once with the table the last re-run left.
 */
class RerunDuplicatesTest {
  @TempDir Path dir;
  private FakeAmplitude fake;

  @BeforeEach
  void start() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static Map<String, Object> user(String id, Object plan) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("plan", plan);
    row.put("ltv", new BigDecimal("1.5"));
    return row;
  }

  private SyncResult run(List<Map<String, Object>> rows) {
    try (StateStore file = StateStores.file(dir)) {
      return AmplitudeSync.run(SyncJob.builder("users").source(InMemorySource.of(rows))
          .mapping(Mapping.builder(ObjectType.USER).userId(Value.column("id"))
              .property("plan", Value.column("plan")).property("ltv", Value.column("ltv")).build())
          .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl())).linger(Duration.ZERO))
          .onRemoved(OnRemoved.UNSET)
          .state(file).build());
    }
  }

  @ParameterizedTest(name = "re-runs before: {0}")
  @ValueSource(ints = {0, 1})
  void aSecondRowWithAKey_isRefusedAlike_whetherTheStoredDigestsHoldTheKeyOrNot(int reRunsBefore) {
    List<Map<String, Object>> stored = new ArrayList<>();
    for (String id : List.of("user-001", "user-002", "user-003", "user-004", "user-005", "user-006", "user-007")) {
      stored.add(user(id, "free"));
    }
    run(stored);
    for (int i = 0; i < reRunsBefore; i++) {
      assertThat(run(stored).unchanged()).isEqualTo(7);
    }
    fake.reset();

    SyncResult result = run(List.of(
        user("user-001", "free"), user("user-001", "free"), // unchanged twice: identical
        user("user-002", "free"), user("user-002", "gold"), // unchanged, then changed: conflicting
        user("user-003", "gold"), user("user-003", "free"), // changed, then as stored: conflicting
        user("user-004", "gold"), user("user-004", "gold"), // changed twice alike: identical
        user("user-005", UnreadableValue.of("NaN", "numeric NaN")), user("user-005", "free"), // invalid, then unchanged
        user("user-007", "free"),
        user("user-new", "free"), user("user-new", "free"), // a key the state lacks, twice: identical
        user("user-new2", "free"), user("user-new2", "gold"))); // and with other values: conflicting

    assertThat(result.problems()).extracting(Problem::key, Problem::outcome, Problem::reason).containsExactly(
        duplicate("user-001", true),
        duplicate("user-002", false),
        duplicate("user-003", false),
        duplicate("user-004", true),
        org.assertj.core.groups.Tuple.tuple("user-005", RowOutcome.INVALID,
            result.problems().get(4).reason()),
        duplicate("user-005", false),
        duplicate("user-new", true),
        duplicate("user-new2", false));
    assertThat(result.problems().get(4).reason()).contains("plan");
    assertThat(List.of(result.rowsRead(), result.accepted(), result.unchanged(), result.invalid(), result.removed()))
        .as("rows read, accepted, unchanged, invalid, removed")
        .isEqualTo(List.of(15L, 4L, 3L, 8L, 1L));
    assertThat(fake.users().keySet()).as("sent: the changed users, the new ones, and the removed one's unset")
        .containsExactlyInAnyOrder("user-003", "user-004", "user-new", "user-new2", "user-006");
    assertThat(fake.users().get("user-006").properties()).isEmpty();
  }

  private static org.assertj.core.groups.Tuple duplicate(String key, boolean identical) {
    return org.assertj.core.groups.Tuple.tuple(key, RowOutcome.INVALID, identical
        ? "duplicate key '" + key + "' with identical values: an earlier row of this run has it"
        : "duplicate key '" + key + "' with conflicting values: an earlier row of this run has it with other values");
  }
}
