package dev.ampsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncListener;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.StateStores;
import dev.ampsync.testing.FakeAmplitude;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link SyncListener#noStateYet}: told once per run while the sync's state holds nothing. */
class NoStateYetTest {
  private FakeAmplitude fake;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final SyncListener listener = new SyncListener() {
    @Override
    public void started(SyncJob job) {
      calls.add("started");
    }

    @Override
    public void noStateYet(SyncJob job) {
      calls.add("noStateYet " + job.name());
    }
  };

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void theFirstRunIsTold_andThePreviewBeforeIt_butNotTheSecondRun() {
    StateStore state = StateStores.memory();

    AmplitudeSync.preview(job(state));
    AmplitudeSync.run(job(state));
    List<String> afterFirst = List.copyOf(calls);
    AmplitudeSync.run(job(state));

    assertThat(afterFirst).containsExactly("started", "noStateYet users", "started", "noStateYet users");
    assertThat(calls).containsExactly("started", "noStateYet users", "started", "noStateYet users", "started");
    assertThat(fake.users()).hasSize(1);
  }

  @Test
  void aJobWithoutState_isNeverTold() {
    SyncJob.Builder builder = builder();

    AmplitudeSync.run(builder.build());

    assertThat(calls).containsExactly("started");
  }

  private SyncJob job(StateStore state) {
    return builder().state(state).build();
  }

  private SyncJob.Builder builder() {
    return SyncJob.builder("users")
        .source(InMemorySource.builder().column("id", ColumnType.STRING).column("plan", ColumnType.STRING)
            .row("user-00001", "pro").build())
        .mapping(Mapping.builder(ObjectType.USER).userId(Value.column("id")).property("plan", Value.column("plan")).build())
        .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl()))
            .linger(Duration.ofMillis(5)).closeTimeout(Duration.ofSeconds(20)))
        .listener(listener);
  }
}
