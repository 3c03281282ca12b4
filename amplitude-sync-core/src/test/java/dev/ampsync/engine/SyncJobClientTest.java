package dev.ampsync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.AmplitudeClientConfig;
import dev.ampsync.client.EventsApi;
import dev.ampsync.client.Outcome;
import dev.ampsync.client.Region;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.testing.FakeAmplitude;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where a job's records go: client settings (each run builds a client and closes it) or a client the
 * caller holds (runs use it and leave it open; a preview never sends through it).
 */
@Timeout(60)
class SyncJobClientTest {
  private FakeAmplitude fake;
  private AmplitudeClient shared;

  @BeforeEach
  void start() {
    fake = FakeAmplitude.start();
    shared = destination().build();
  }

  @AfterEach
  void stop() {
    shared.close();
    fake.close();
  }

  // ------------------------------------------------------------------------------ a caller's client

  @Test
  void run_withACallersClient_sendsThroughIt_andLeavesItOpen() throws Exception {
    SyncJob job = usersJob("users", "user-00001", "user-00002").client(shared).build();

    SyncResult result = AmplitudeSync.run(job);

    assertThat(result.status()).as(result.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(fake.user("user-00002").orElseThrow().property("plan")).isEqualTo("pro");
    assertOpen(shared);
  }

  @Test
  void twoRunsOfTwoJobs_reuseOneClient() throws Exception {
    SyncJob first = usersJob("users-a", "user-00001").client(shared).build();
    SyncJob second = usersJob("users-b", "user-00002").client(shared).build();

    SyncResult a1 = AmplitudeSync.run(first);
    SyncResult b = AmplitudeSync.run(second);
    SyncResult a2 = AmplitudeSync.run(first);

    assertThat(a1.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(b.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(a2.status()).as("a second run through the same client works").isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(a2.accepted()).as("no state store: every run sends every row").isEqualTo(1);
    assertThat(fake.users()).containsKeys("user-00001", "user-00002");
    assertThat(fake.requestCount("/identify")).isEqualTo(3);
    assertThat(first.client()).containsSame(shared);
    assertThat(second.client()).containsSame(shared);
    assertOpen(shared);
  }

  @Test
  void preview_withACallersClient_sendsNothing_andLeavesTheClientAsItWas() {
    SyncJob job = usersJob("users", "user-00001", "user-00002").client(shared).previewRequests(1).build();

    SyncResult preview = AmplitudeSync.preview(job);

    assertThat(preview.status()).as(preview.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(preview.accepted()).isEqualTo(2);
    assertThat(preview.previewRequests()).hasSize(1);
    assertThat(preview.previewRequests().get(0).path()).isEqualTo("/identify");
    assertThat(preview.previewRequests().get(0).body()).contains("user-00001").doesNotContain(fake.apiKey());
    assertThat(fake.requests()).as("a preview never sends for real").isEmpty();
    assertThat(shared.isDryRun()).isFalse();
    assertThat(shared.previewRequests()).isEmpty();
    assertThat(shared.pendingCount()).isZero();
  }

  @Test
  void run_withACallersClientThatIsClosed_failsWithoutSending() {
    AmplitudeClient closed = destination().build();
    closed.close();

    SyncResult result = AmplitudeSync.run(usersJob("users", "user-00001").client(closed).build());

    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(result.error()).isPresent();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aJobWithACallersClient_reportsThatClientsSettings() {
    SyncJob job = usersJob("users", "user-00001").client(shared).build();

    assertThat(job.destination()).isSameAs(shared.config());
    assertThat(job.client()).containsSame(shared);
    assertThat(job.toString()).contains("client=the caller's").doesNotContain(fake.apiKey());
  }

  // ------------------------------------------------------------------------------ client settings

  @Test
  void run_withClientSettings_buildsItsOwnClient_andLeavesOthersAlone() {
    SyncJob job = usersJob("users", "user-00001").destination(destination()).build();

    SyncResult result = AmplitudeSync.run(job);

    assertThat(result.status()).as(result.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(job.client()).isEmpty();
    assertThat(fake.user("user-00001")).isPresent();
  }

  @Test
  void destinationSettings_areCopiedWhenGiven() {
    AmplitudeClient.Builder builder = destination().region(Region.EU);
    SyncJob.Builder jobBuilder = usersJob("users", "user-00001").destination(builder);

    builder.region(Region.US).endpoint(URI.create("https://proxy.example.com")).gzip(true);
    SyncJob job = jobBuilder.build();

    assertThat(job.destination().region()).isEqualTo(Region.EU);
    assertThat(job.destination().endpoint()).contains(URI.create(fake.baseUrl()));
    assertThat(job.destination().gzip()).isFalse();
  }

  @Test
  void destination_acceptsAConfig_forExampleAnotherClients() {
    AmplitudeClientConfig config = shared.config();

    SyncJob job = usersJob("users", "user-00001").destination(config).build();
    SyncResult result = AmplitudeSync.run(job);

    assertThat(job.destination()).isSameAs(config);
    assertThat(job.client()).as("settings, not the client: the run builds its own").isEmpty();
    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
  }

  @Test
  void destinationAndClient_theLaterCallWins() {
    AmplitudeClientConfig other = destination().gzip(true).buildConfig();

    SyncJob clientLast = usersJob("a", "user-00001").destination(other).client(shared).build();
    SyncJob settingsLast = usersJob("b", "user-00001").client(shared).destination(other).build();

    assertThat(clientLast.client()).containsSame(shared);
    assertThat(clientLast.destination()).isSameAs(shared.config());
    assertThat(settingsLast.client()).isEmpty();
    assertThat(settingsLast.destination()).isSameAs(other);
  }

  @Test
  void destinationSettingsThatDoNotFitTogether_areRefusedWhenGiven() {
    AmplitudeClient.Builder conflicting = destination().maxEventBytes(5_000_000).eventsApi(EventsApi.HTTP_V2);

    assertThatThrownBy(() -> usersJob("users", "user-00001").destination(conflicting))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maxEventBytes");
  }

  @Test
  void nullsAndAMissingDestination_sayWhatIsMissing() {
    SyncJob.Builder builder = usersJob("users", "user-00001");

    assertThatThrownBy(() -> builder.client(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("client is null: ");
    assertThatThrownBy(() -> builder.destination((AmplitudeClient.Builder) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("destination is null: ");
    assertThatThrownBy(() -> builder.destination((AmplitudeClientConfig) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("destination is null: ");
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destination")
        .hasMessageContaining("client");
  }

  // ------------------------------------------------------------------------------ helpers

  private AmplitudeClient.Builder destination() {
    return AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .linger(Duration.ofMillis(5))
        .closeTimeout(Duration.ofSeconds(20));
  }

  private static SyncJob.Builder usersJob(String name, String... userIds) {
    InMemorySource.Builder rows = InMemorySource.builder().column("id", ColumnType.STRING).column("plan", ColumnType.STRING);
    for (String userId : userIds) {
      rows.row(userId, "pro");
    }
    return SyncJob.builder(name)
        .source(rows.build())
        .mapping(Mapping.builder(ObjectType.USER).userId(Value.column("id")).property("plan", Value.column("plan")).build());
  }

  /** The client still takes records and delivers them: nothing closed it. */
  private void assertOpen(AmplitudeClient client) throws Exception {
    assertThat(client.fatalError()).isEmpty();
    Outcome outcome = client.submit(EventRecord.builder("Still Open").userId("user-00009").insertId("still-open-1").build())
        .get(20, TimeUnit.SECONDS);
    assertThat(outcome.isAccepted()).as(outcome.toString()).isTrue();
  }
}
