package dev.ampsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
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
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A group sync's rows repeat each group once per member: a repeat with the same group properties is a
 * membership row, one with other properties is invalid (the earlier row's properties win), with or
 * without a state whose unchanged rows are not sent again.
 */
class GroupConflictsEndToEndTest {
  private static final String CONFLICT =
      "conflicting rows for group company 'acme': property plan is 'free' here and 'pro' in an earlier row of this run";

  private FakeAmplitude fake;

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  private static final Mapping COMPANIES = Mapping.builder(ObjectType.GROUP)
      .groupType(Value.constant("company"))
      .groupValue(Value.column("company"))
      .userId(Value.column("member"))
      .property("plan", Value.column("plan"))
      .property("seats", Value.column("seats"))
      .build();

  private static Source rows() {
    return InMemorySource.builder()
        .column("company", ColumnType.STRING)
        .column("member", ColumnType.STRING)
        .column("plan", ColumnType.STRING)
        .column("seats", ColumnType.INTEGER)
        .row("acme", "user-alice", "pro", 10L)
        .row("acme", "user-bob", "pro", 10L)
        .row("acme", "user-carol", "free", 10L)
        .row("globex", "user-dave", "free", 3L)
        .build();
  }

  @Test
  void aMemberRowWithOtherGroupProperties_isInvalid_andTheIdenticalOnesAreMemberships() {
    SyncResult result = run(null);

    assertThat(result.accepted()).as("%s", result).isEqualTo(3);
    assertThat(result.problems()).containsExactly(new Problem("company/acme/user-carol", RowOutcome.INVALID, CONFLICT));
    assertThat(fake.group("company", "acme").orElseThrow().properties()).containsEntry("plan", "pro");
    assertThat(fake.user("user-bob")).isPresent();
    assertThat(fake.user("user-carol")).as("the invalid row's membership is not sent").isEmpty();
  }

  @Test
  void withAState_theConflictIsFoundAgain_whenTheEarlierRowsAreUnchanged() {
    StateStore state = StateStores.memory();
    run(state);
    int before = fake.requests().size();

    SyncResult second = run(state);

    assertThat(second.unchanged()).as("%s", second).isEqualTo(3);
    assertThat(second.problems()).containsExactly(new Problem("company/acme/user-carol", RowOutcome.INVALID, CONFLICT));
    assertThat(fake.requests()).hasSize(before);
  }

  private SyncResult run(StateStore state) {
    AmplitudeClient.Builder destination = AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .linger(Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(20));
    SyncJob.Builder job = SyncJob.builder("companies").source(rows()).mapping(COMPANIES).destination(destination);
    if (state != null) {
      job.state(state);
    }
    SyncResult result = AmplitudeSync.run(job.build());
    assertThat(result.error()).as("run error").isEmpty();
    return result;
  }
}
