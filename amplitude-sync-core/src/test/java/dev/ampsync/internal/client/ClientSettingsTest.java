package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.AmplitudeClientConfig;
import dev.ampsync.client.EventsApi;
import dev.ampsync.client.Region;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ClientSettings}: the dispatcher's view of a config, read once into plain values. */
class ClientSettingsTest {
  private static final String KEY = "settings-key-90ab";

  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopExecutor() {
    executor.shutdownNow();
  }

  @Test
  void from_readsEverySettingOfTheConfig() {
    Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    AmplitudeClientConfig config = AmplitudeClient.builder(KEY)
        .endpoint(URI.create("http://127.0.0.1:9/amp"))
        .eventsApi(EventsApi.HTTP_V2)
        .minIdLength(2)
        .maxRequestsInFlight(3)
        .requestTimeout(Duration.ofSeconds(4))
        .maxAttempts(5)
        .maxRetryDuration(Duration.ofSeconds(6))
        .retryBackoff(Duration.ofMillis(7), Duration.ofMillis(8))
        .throttleHold(Duration.ofSeconds(9))
        .gzip(true)
        .maxEventsPerRequest(10)
        .maxEventBytes(11_000)
        .maxIdentificationsPerRequest(12)
        .maxPendingRecords(13)
        .linger(Duration.ofMillis(14))
        .closeTimeout(Duration.ofSeconds(15))
        .clock(clock)
        .dryRun(16)
        .buildConfig();

    ClientSettings settings = ClientSettings.from(config, executor);

    assertThat(settings.apiKey()).isEqualTo(KEY);
    assertThat(settings.baseUri()).isEqualTo(URI.create("http://127.0.0.1:9/amp"));
    assertThat(settings.eventsApi()).isEqualTo(EventsApi.HTTP_V2);
    assertThat(settings.eventsEndpoint()).isEqualTo(Endpoint.HTTP_V2);
    assertThat(settings.minIdLength()).isEqualTo(2);
    assertThat(settings.effectiveMinIdLength()).isEqualTo(2);
    assertThat(settings.maxRequestsInFlight()).isEqualTo(3);
    assertThat(settings.requestTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(settings.maxAttempts()).isEqualTo(5);
    assertThat(settings.maxRetryDuration()).isEqualTo(Duration.ofSeconds(6));
    assertThat(settings.retryBaseDelay()).isEqualTo(Duration.ofMillis(7));
    assertThat(settings.retryMaxDelay()).isEqualTo(Duration.ofMillis(8));
    assertThat(settings.throttleHold()).isEqualTo(Duration.ofSeconds(9));
    assertThat(settings.throttleHold(Endpoint.IDENTIFY)).isEqualTo(Duration.ofSeconds(9));
    assertThat(settings.gzip()).isTrue();
    assertThat(settings.maxCount(Endpoint.HTTP_V2)).isEqualTo(10);
    assertThat(settings.maxBytes(Endpoint.HTTP_V2)).isEqualTo(11_000);
    assertThat(settings.maxCount(Endpoint.IDENTIFY)).isEqualTo(12);
    assertThat(settings.maxPendingRecords()).isEqualTo(13);
    assertThat(settings.linger()).isEqualTo(Duration.ofMillis(14));
    assertThat(settings.closeTimeout()).isEqualTo(Duration.ofSeconds(15));
    assertThat(settings.clock()).isSameAs(clock);
    assertThat(settings.dryRunRequests()).isEqualTo(16);
    assertThat(settings.executor()).isSameAs(executor);
    assertThat(settings.pollInterval()).isEqualTo(ClientSettings.POLL_INTERVAL);
  }

  @Test
  void from_aDefaultConfig_usesAmplitudesLimitsAndAdvice() {
    ClientSettings settings = ClientSettings.from(AmplitudeClient.builder(KEY).region(Region.EU).buildConfig(), executor);

    assertThat(settings.baseUri()).isEqualTo(Region.EU.baseUri());
    assertThat(settings.minIdLength()).as("no min_id_length is sent").isNull();
    assertThat(settings.effectiveMinIdLength()).isEqualTo(5);
    assertThat(settings.throttleHold()).isNull();
    assertThat(settings.throttleHold(Endpoint.HTTP_V2)).isEqualTo(Endpoint.HTTP_V2.defaultThrottleHold());
    assertThat(settings.throttleHold(Endpoint.BATCH)).isEqualTo(Endpoint.BATCH.defaultThrottleHold());
    assertThat(settings.eventsEndpoint()).isEqualTo(Endpoint.BATCH);
    assertThat(settings.maxBytes(Endpoint.BATCH)).isEqualTo(EventsApi.BATCH.maxRequestBytes());
    assertThat(settings.maxCount(Endpoint.GROUP_IDENTIFY)).isEqualTo(1024).isEqualTo(settings.maxGroupIdentificationsPerRequest());
    assertThat(settings.maxBytes(Endpoint.GROUP_IDENTIFY)).isEqualTo(1_000_000L).isEqualTo(settings.maxGroupIdentifyBytes());
    assertThat(settings.maxBytes(Endpoint.IDENTIFY)).isEqualTo(1_000_000L).isEqualTo(settings.maxIdentifyBytes());
    assertThat(settings.dryRunRequests()).isEqualTo(ClientSettings.NOT_DRY_RUN);
  }

  @Test
  void withers_changeOnlyTheirValue() {
    ClientSettings settings = ClientSettings.from(AmplitudeClient.builder(KEY).maxEventsPerRequest(7).buildConfig(), executor);

    ClientSettings tuned = settings.withPollInterval(Duration.ofHours(1)).withMaxEventBytes(300);

    assertThat(tuned.pollInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(tuned.maxBytes(Endpoint.BATCH)).isEqualTo(300);
    assertThat(tuned.maxCount(Endpoint.BATCH)).isEqualTo(7);
    assertThat(tuned.executor()).isSameAs(executor);
    assertThat(settings.pollInterval()).isEqualTo(ClientSettings.POLL_INTERVAL);
    assertThat(settings.maxEventBytes()).isEqualTo(EventsApi.BATCH.maxRequestBytes());
  }

  @Test
  void from_refusesNullsAndToStringHidesTheKey() {
    AmplitudeClientConfig config = AmplitudeClient.builder(KEY).buildConfig();
    assertThatThrownBy(() -> ClientSettings.from(null, executor)).hasMessage("config must not be null");
    assertThatThrownBy(() -> ClientSettings.from(config, null)).hasMessage("executor must not be null");
    assertThat(ClientSettings.from(config, executor).toString()).doesNotContain(KEY).contains("<redacted>");
  }
}
