package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.SyncJob;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link RunClient}: which client a run sends through, and whether the run closes it. */
class RunClientTest {
  private static final String KEY = "run-client-key-41";

  // Nothing listens on port 9: a test that sent for real would fail, not pass silently.
  private final AmplitudeClient.Builder settings =
      AmplitudeClient.builder(KEY).endpoint(URI.create("http://127.0.0.1:9")).minIdLength(3)
          .closeTimeout(Duration.ofSeconds(2));
  private final AmplitudeClient shared = settings.build();

  @AfterEach
  void closeShared() {
    shared.close();
  }

  @Test
  void aRunOfAJobWithSettings_buildsAClientAndClosesIt() {
    SyncJob job = job().destination(settings).build();

    RunClient run = RunClient.open(job, false);
    AmplitudeClient client = run.client();
    run.close();

    assertThat(run.owned()).isTrue();
    assertThat(client.config().baseUri()).isEqualTo(URI.create("http://127.0.0.1:9"));
    assertThat(client.isDryRun()).isFalse();
    assertThatThrownBy(() -> client.submit(event())).as("closed").isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRunOfAJobWithACallersClient_usesItAndLeavesItOpen() throws Exception {
    SyncJob job = job().client(shared).build();

    RunClient run = RunClient.open(job, false);
    run.close();

    assertThat(run.owned()).isFalse();
    assertThat(run.client()).isSameAs(shared);
    assertThat(shared.fatalError()).isEmpty();
    assertThat(shared.pendingCount()).isZero();
    shared.submit(event()); // still open: no IllegalStateException
  }

  @Test
  void aPreviewOfAJobWithACallersClient_usesADryRunClientWithTheSameSettings() {
    SyncJob job = job().client(shared).previewRequests(2).build();

    RunClient run = RunClient.open(job, true);
    AmplitudeClient client = run.client();
    run.close();

    assertThat(run.owned()).isTrue();
    assertThat(client).isNotSameAs(shared);
    assertThat(client.isDryRun()).isTrue();
    assertThat(client.config().dryRun()).hasValue(2);
    assertThat(client.config().baseUri()).isEqualTo(shared.config().baseUri());
    assertThat(client.minIdLength()).isEqualTo(3);
    assertThat(shared.isDryRun()).isFalse();
  }

  @Test
  void aPreviewOfAJobWithSettings_usesADryRunClient() {
    SyncJob job = job().destination(settings).previewRequests(0).build();

    try (RunClient run = RunClient.open(job, true)) {
      assertThat(run.owned()).isTrue();
      assertThat(run.client().config().dryRun()).hasValue(0);
    }
  }

  private static SyncJob.Builder job() {
    return SyncJob.builder("users")
        .source(InMemorySource.builder().column("id", ColumnType.STRING).row("user-00001").build())
        .mapping(Mapping.builder(ObjectType.USER).userId(Value.column("id")).build());
  }

  private static EventRecord event() {
    return EventRecord.builder("Probe").userId("user-00001").insertId("probe-1").build();
  }
}
