package dev.ampsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link AmplitudeClientConfig}: what the builder set, read back; copied on {@code build()} and
 * {@code buildConfig()}, so a builder used further changes nothing already built; the key never shows.
 */
@Timeout(30)
class AmplitudeClientConfigTest {
  private static final String KEY = "config-key-7c1e";
  private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  private final ExecutorService executor = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopExecutor() {
    executor.shutdownNow();
  }

  /** A builder with every setting away from its default. */
  private AmplitudeClient.Builder everySetting() {
    return AmplitudeClient.builder(KEY)
        .region(Region.EU)
        .endpoint(URI.create("https://proxy.example.com/amp"))
        .eventsApi(EventsApi.HTTP_V2)
        .minIdLength(3)
        .maxRequestsInFlight(2)
        .requestTimeout(Duration.ofSeconds(7))
        .maxAttempts(4)
        .maxRetryDuration(Duration.ofMinutes(2))
        .retryBackoff(Duration.ofMillis(20), Duration.ofSeconds(3))
        .throttleHold(Duration.ofSeconds(9))
        .gzip(true)
        .maxEventsPerRequest(100)
        .maxEventBytes(500_000)
        .maxIdentificationsPerRequest(50)
        .maxPendingRecords(600)
        .linger(Duration.ofMillis(7))
        .closeTimeout(Duration.ofSeconds(11))
        .executor(executor)
        .clock(FIXED)
        .dryRun(4);
  }

  private void assertEverySetting(AmplitudeClientConfig config) {
    assertThat(config.apiKey()).isEqualTo(KEY);
    assertThat(config.region()).isEqualTo(Region.EU);
    assertThat(config.endpoint()).contains(URI.create("https://proxy.example.com/amp"));
    assertThat(config.baseUri()).isEqualTo(URI.create("https://proxy.example.com/amp"));
    assertThat(config.eventsApi()).isEqualTo(EventsApi.HTTP_V2);
    assertThat(config.minIdLength()).hasValue(3);
    assertThat(config.maxRequestsInFlight()).isEqualTo(2);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
    assertThat(config.maxAttempts()).isEqualTo(4);
    assertThat(config.maxRetryDuration()).isEqualTo(Duration.ofMinutes(2));
    assertThat(config.retryBaseDelay()).isEqualTo(Duration.ofMillis(20));
    assertThat(config.retryMaxDelay()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.throttleHold()).contains(Duration.ofSeconds(9));
    assertThat(config.gzip()).isTrue();
    assertThat(config.maxEventsPerRequest()).isEqualTo(100);
    assertThat(config.maxEventBytes()).isEqualTo(500_000);
    assertThat(config.maxIdentificationsPerRequest()).isEqualTo(50);
    assertThat(config.maxPendingRecords()).isEqualTo(600);
    assertThat(config.linger()).isEqualTo(Duration.ofMillis(7));
    assertThat(config.closeTimeout()).isEqualTo(Duration.ofSeconds(11));
    assertThat(config.executor()).containsSame(executor);
    assertThat(config.clock()).isSameAs(FIXED);
    assertThat(config.dryRun()).hasValue(4);
  }

  // ------------------------------------------------------------------ reading back

  @Test
  void defaults_areTheDocumentedOnes() {
    AmplitudeClientConfig config = AmplitudeClient.builder(KEY).buildConfig();

    assertThat(config.apiKey()).isEqualTo(KEY);
    assertThat(config.region()).isEqualTo(Region.US);
    assertThat(config.endpoint()).isEmpty();
    assertThat(config.baseUri()).isEqualTo(Region.US.baseUri());
    assertThat(config.eventsApi()).isEqualTo(EventsApi.BATCH);
    assertThat(config.minIdLength()).isEmpty();
    assertThat(config.maxRequestsInFlight()).isEqualTo(8);
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.maxAttempts()).isEqualTo(Integer.MAX_VALUE); // no limit: the retry duration bounds retries
    assertThat(config.maxRetryDuration()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.retryBaseDelay()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.retryMaxDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.throttleHold()).isEmpty();
    assertThat(config.gzip()).isFalse();
    assertThat(config.maxEventsPerRequest()).isEqualTo(AmplitudeClientConfig.MAX_EVENTS_PER_REQUEST).isEqualTo(2000);
    assertThat(config.maxEventBytes()).isEqualTo(EventsApi.BATCH.maxRequestBytes());
    assertThat(config.maxIdentificationsPerRequest()).isEqualTo(1000);
    assertThat(config.maxPendingRecords()).isEqualTo(10_000);
    assertThat(config.linger()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.closeTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.executor()).isEmpty();
    assertThat(config.clock()).isEqualTo(Clock.systemUTC());
    assertThat(config.dryRun()).as("a client sends for real unless told otherwise").isEmpty();
  }

  @Test
  void everySetting_roundTripsThroughBuildConfig() {
    assertEverySetting(everySetting().buildConfig());
  }

  @Test
  void everySetting_roundTripsThroughABuiltClient() {
    try (AmplitudeClient client = everySetting().build()) {
      assertEverySetting(client.config());
      assertThat(client.isDryRun()).isTrue();
      assertThat(client.minIdLength()).isEqualTo(3);
    }
  }

  @Test
  void everySetting_survivesToBuilder() {
    AmplitudeClientConfig original = everySetting().buildConfig();

    assertEverySetting(original.toBuilder().buildConfig());
  }

  @Test
  void maxEventBytes_unset_followsTheEventsApisLimit() {
    assertThat(AmplitudeClient.builder(KEY).eventsApi(EventsApi.HTTP_V2).buildConfig().maxEventBytes())
        .isEqualTo(EventsApi.HTTP_V2.maxRequestBytes());
    AmplitudeClientConfig batch = AmplitudeClient.builder(KEY).buildConfig();
    assertThat(batch.toBuilder().eventsApi(EventsApi.HTTP_V2).buildConfig().maxEventBytes())
        .as("an unset limit is not frozen at the first API's value").isEqualTo(EventsApi.HTTP_V2.maxRequestBytes());
  }

  @Test
  void maxEventBytes_belowTheMinimum_isRefusedNamingTheConstant() {
    assertThatThrownBy(() -> AmplitudeClient.builder(KEY).maxEventBytes(AmplitudeClientConfig.MIN_EVENT_BYTES - 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(AmplitudeClientConfig.MIN_EVENT_BYTES));
  }

  @Test
  void buildConfig_checksTheSettingsTogetherAsBuildDoes() {
    AmplitudeClient.Builder conflicting = AmplitudeClient.builder(KEY).maxEventBytes(5_000_000).eventsApi(EventsApi.HTTP_V2);

    assertThatThrownBy(conflicting::buildConfig)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("5000000")
        .hasMessageContaining("HTTP_V2")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
  }

  // ------------------------------------------------------------------ copies

  @Test
  void builderUsedAfterBuild_doesNotChangeTheBuiltClientsConfig() {
    AmplitudeClient.Builder builder = everySetting();
    try (AmplitudeClient client = builder.build()) {
      builder.region(Region.US).endpoint(null).eventsApi(EventsApi.BATCH).maxEventBytes(2_000_000).gzip(false)
          .maxPendingRecords(1).executor(null).clock(Clock.systemUTC()).linger(Duration.ZERO);

      assertEverySetting(client.config());
      assertThat(client.toString()).contains("proxy.example.com");
    }
  }

  @Test
  void builderUsedAfterBuildConfig_doesNotChangeTheReturnedConfig() {
    AmplitudeClient.Builder builder = everySetting();
    AmplitudeClientConfig config = builder.buildConfig();

    builder.region(Region.US).minIdLength(9).maxAttempts(1).throttleHold(null).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(1));

    assertEverySetting(config);
    assertThat(builder.buildConfig().minIdLength()).hasValue(9);
  }

  @Test
  void toBuilder_leavesTheOriginalConfigAsItIs() {
    AmplitudeClientConfig original = everySetting().buildConfig();

    AmplitudeClientConfig derived = original.toBuilder().region(Region.US).endpoint(null).dryRun(0).buildConfig();

    assertEverySetting(original);
    assertThat(derived.baseUri()).isEqualTo(Region.US.baseUri());
    assertThat(derived.dryRun()).hasValue(0);
    assertThat(derived.gzip()).as("what was not changed is kept").isTrue();
  }

  @Test
  void copy_ofABuilder_isIndependentBothWays() {
    AmplitudeClient.Builder original = AmplitudeClient.builder(KEY).minIdLength(3);
    AmplitudeClient.Builder copy = original.copy().minIdLength(4);
    original.gzip(true);

    assertThat(original.buildConfig().minIdLength()).hasValue(3);
    assertThat(copy.buildConfig().minIdLength()).hasValue(4);
    assertThat(copy.buildConfig().gzip()).isFalse();
  }

  @Test
  void aClientsConfig_isTheSameEveryCall() {
    try (AmplitudeClient client = AmplitudeClient.builder(KEY).closeTimeout(Duration.ofSeconds(2)).build()) {
      assertThat(client.config()).isSameAs(client.config());
    }
  }

  // ------------------------------------------------------------------ the key never shows

  @Test
  void toString_redactsTheKeyAndShowsTheSettings() {
    AmplitudeClientConfig config = everySetting().buildConfig();

    assertThat(config.toString())
        .doesNotContain(KEY)
        .contains("apiKey=<redacted>")
        .contains("region=EU")
        .contains("https://proxy.example.com/amp")
        .contains("HTTP_V2")
        .contains("minIdLength=3")
        .contains("maxEventBytes=500000")
        .contains("dryRun=keeps 4");
    assertThat(AmplitudeClient.builder(KEY).buildConfig().toString())
        .doesNotContain(KEY)
        .contains("endpoint=null")
        .contains("dryRun=off");
    assertThat(everySetting().toString()).doesNotContain(KEY).contains("region=EU");
  }

  // ------------------------------------------------------------------ exceptions

  @Test
  void aNullKey_saysItMustNotBeNull() {
    assertThatThrownBy(() -> AmplitudeClient.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("apiKey is null: ");
  }

  @Test
  void nullSettings_sayWhichMustNotBeNull() {
    AmplitudeClient.Builder builder = AmplitudeClient.builder(KEY);
    assertThatThrownBy(() -> builder.region(null)).hasMessageStartingWith("region is null: ");
    assertThatThrownBy(() -> builder.eventsApi(null)).hasMessageStartingWith("eventsApi is null: ");
    assertThatThrownBy(() -> builder.requestTimeout(null)).hasMessageStartingWith("requestTimeout is null: ");
    assertThatThrownBy(() -> builder.linger(null)).hasMessageStartingWith("linger is null: ");
    assertThatThrownBy(() -> builder.clock(null)).hasMessageStartingWith("clock is null: ");
    assertThatThrownBy(() -> builder.retryBackoff(null, Duration.ofSeconds(1))).hasMessageStartingWith("baseDelay is null: ");
  }
}
