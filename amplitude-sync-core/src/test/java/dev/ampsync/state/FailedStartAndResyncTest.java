package dev.ampsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.source.InMemorySource;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run's own bookkeeping (issue 15): a run that fails before sending changes no state, a resync
 * never applies an acknowledged {@code add} twice, and state belongs to the Amplitude project of the
 * API key. Against the fake, whose profiles apply {@code $add} as Amplitude does.
 */
class FailedStartAndResyncTest {
  private static final String FIRST_KEY = "first-project-key-0001";
  private static final String SECOND_KEY = "second-project-key-0002";
  private FakeAmplitude fake;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    fake = FakeAmplitude.builder().apiKey(FIRST_KEY).addApiKey(SECOND_KEY).start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static Mapping.Builder credits() {
    return Mapping.builder(ObjectType.USER)
        .userId(Value.column("id"))
        .property("plan", Value.column("plan"))
        .property("credits", Value.column("credits"), PropertyOperation.ADD);
  }

  private static List<Map<String, Object>> rows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", "user-" + (1000 + i));
      row.put("plan", i % 2 == 0 ? "pro" : "free");
      row.put("credits", 7L);
      rows.add(row);
    }
    return rows;
  }

  private SyncJob.Builder job(Mapping mapping, StateStore store, String apiKey, String endpoint) {
    return SyncJob.builder("users")
        .source(InMemorySource.of(rows()))
        .mapping(mapping)
        .destination(AmplitudeClient.builder(apiKey).endpoint(URI.create(endpoint)).linger(Duration.ofMillis(5)))
        .state(store);
  }

  private SyncJob.Builder job(Mapping mapping, StateStore store) {
    return job(mapping, store, FIRST_KEY, fake.baseUrl());
  }

  private Object credits(String user) {
    return fake.user(user).orElseThrow().property("credits");
  }

  @Test
  void aRunThatFailsForAMissingColumn_changesNoState_soTheNextRunIsNoResyncAndAddsNothingTwice() {
    try (StateStore store = StateStores.file(dir)) {
      SyncResult first = AmplitudeSync.run(job(credits().build(), store).build());
      assertThat(first.accepted()).isEqualTo(50);
      assertThat(credits("user-1000")).isIn(7, 7L, new BigDecimal(7));
      long requests = fake.requests().size();

      Mapping missingColumn = credits().property("tier", Value.column("no_such_column")).build();
      SyncResult failed = AmplitudeSync.run(job(missingColumn, store).build());
      assertThat(failed.status()).isEqualTo(SyncStatus.FAILED);
      assertThat(failed.error()).hasValueSatisfying(e -> assertThat(e).contains("no_such_column"));
      assertThat(failed.fullResync()).as("the failed run began no resync, so it claims none").isEmpty();

      SyncResult again = AmplitudeSync.run(job(credits().build(), store).build());

      assertThat(again.fullResync()).as("the failed run recorded no mapping change").isEmpty();
      assertThat(again.unchanged()).isEqualTo(50);
      assertThat(fake.requests()).hasSize((int) requests);
      assertThat(((Number) credits("user-1000")).longValue()).isEqualTo(7);
    }
  }

  @Test
  void aResyncForAChangedMapping_sendsEveryUserAgain_butNeverReappliesAnAcknowledgedAdd() {
    try (StateStore store = StateStores.file(dir)) {
      AmplitudeSync.run(job(credits().build(), store).build());

      Mapping withRegion = credits().property("source", Value.constant("warehouse")).build();
      SyncResult resync = AmplitudeSync.run(job(withRegion, store).build());

      assertThat(resync.fullResync()).contains("mapping changed");
      assertThat(resync.accepted()).isEqualTo(50);
      assertThat(((Number) credits("user-1000")).longValue()).as("7 added once, not twice").isEqualTo(7);
      assertThat(fake.user("user-1000").orElseThrow().property("source")).isEqualTo("warehouse");

      SyncResult forced = AmplitudeSync.run(job(withRegion, store).fullResync(true).build());

      assertThat(forced.fullResync()).contains("forced");
      assertThat(forced.accepted()).isEqualTo(50);
      assertThat(((Number) credits("user-1000")).longValue()).isEqualTo(7);

      SyncResult after = AmplitudeSync.run(job(withRegion, store).build());
      assertThat(after.fullResync()).isEmpty();
      assertThat(after.unchanged()).isEqualTo(50);
    }
  }

  @Test
  void aChangedAddValue_isAddedInAResyncToo() {
    try (StateStore store = StateStores.file(dir)) {
      AmplitudeSync.run(job(credits().build(), store).build());
      List<Map<String, Object>> changed = rows();
      changed.get(0).put("credits", 3L);

      SyncResult resync = AmplitudeSync.run(job(credits().build(), store).fullResync(true)
          .source(InMemorySource.of(changed)).build());

      assertThat(resync.accepted()).isEqualTo(50);
      assertThat(((Number) credits("user-1000")).longValue()).as("7, then 3 added").isEqualTo(10);
      assertThat(((Number) credits("user-1001")).longValue()).isEqualTo(7);
    }
  }

  @Test
  void anotherApiKey_startsAFreshStateAndSaysSo_whileAnotherEndpointWithTheSameKeyKeepsIt() {
    try (StateStore store = StateStores.file(dir); FakeAmplitude proxy = FakeAmplitude.builder().apiKey(FIRST_KEY).start()) {
      AmplitudeSync.run(job(credits().build(), store).build());

      SyncResult sameKeyElsewhere = AmplitudeSync.run(
          job(credits().build(), store, FIRST_KEY, proxy.baseUrl()).build());
      assertThat(sameKeyElsewhere.fullResync()).isEmpty();
      assertThat(sameKeyElsewhere.unchanged()).isEqualTo(50);
      assertThat(proxy.requests()).isEmpty();

      SyncResult otherProject = AmplitudeSync.run(
          job(credits().build(), store, SECOND_KEY, fake.baseUrl()).build());
      assertThat(otherProject.fullResync()).hasValueSatisfying(line -> assertThat(line)
          .startsWith("another Amplitude project")
          .doesNotContain(SECOND_KEY, FIRST_KEY));
      assertThat(otherProject.accepted()).isEqualTo(50);

      SyncResult backToTheFirst = AmplitudeSync.run(job(credits().build(), store).build());
      assertThat(backToTheFirst.fullResync()).isEmpty();
      assertThat(backToTheFirst.unchanged()).isEqualTo(50);
      SyncResult secondAgain = AmplitudeSync.run(
          job(credits().build(), store, SECOND_KEY, fake.baseUrl()).build());
      assertThat(secondAgain.fullResync()).isEmpty();
      assertThat(secondAgain.unchanged()).isEqualTo(50);
    }
  }
}
