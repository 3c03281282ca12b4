package dev.ampsync.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link AmplitudeClient.Builder} validates every setting eagerly: null → {@link
 * NullPointerException} naming the parameter, bad values → {@link IllegalArgumentException}, a
 * combination only {@link AmplitudeClient.Builder#build()} can judge → {@link IllegalStateException}.
 * No message or {@code toString} ever shows the API key.
 */
@Timeout(30)
class AmplitudeClientBuilderTest {
  private static final String KEY = "fake-key-3f9a";

  private static AmplitudeClient.Builder builder() {
    return AmplitudeClient.builder(KEY);
  }

  private static void assertNpeNaming(String parameter, ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining(parameter)
        .satisfies(e -> assertThat(String.valueOf(e.getMessage())).doesNotContain(KEY));
  }

  private static void assertIae(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> assertThat(e.getMessage()).isNotBlank().doesNotContain(KEY));
  }

  /** Builds and closes a client, so that a setting is proven to be usable, not only accepted. */
  private static void assertBuilds(AmplitudeClient.Builder builder) {
    AmplitudeClient client = builder.closeTimeout(Duration.ofSeconds(2)).build();
    try {
      assertThat(client.fatalError()).isEmpty();
      assertThat(client.pendingCount()).isZero();
    } finally {
      client.close();
    }
  }

  // ------------------------------------------------------------------ apiKey

  @Test
  void builder_refusesANullKeyNamingIt() {
    assertNpeNaming("apiKey", () -> AmplitudeClient.builder(null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\t\n"})
  void builder_refusesABlankKey(String key) {
    assertIae(() -> AmplitudeClient.builder(key));
  }

  // ------------------------------------------------------------------ region, endpoint, eventsApi

  @Test
  void region_refusesNullNamingIt() {
    assertNpeNaming("region", () -> builder().region(null));
  }

  @Test
  void region_acceptsUsAndEu() {
    assertBuilds(builder().region(Region.US));
    assertBuilds(builder().region(Region.EU));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://api2.amplitude.com", "ws://127.0.0.1:1234", "mailto:ops@example.com", "api2.amplitude.com/batch", "/batch", "http:///batch"})
  void endpoint_refusesAnythingButAnAbsoluteHttpUrl(String endpoint) {
    assertIae(() -> builder().endpoint(URI.create(endpoint)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://example.com", "http://api2.amplitude.com", "http://10.0.0.1:8080", "http://proxy.example.com/amp/"})
  void endpoint_refusesPlainHttpToAHostThatIsNotLoopback(String endpoint) {
    assertThatThrownBy(() -> builder().endpoint(URI.create(endpoint)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:1234", "http://localhost:1", "http://[::1]:1", "http://127.0.0.1:1234/amp/"})
  void endpoint_allowsPlainHttpToLoopback(String endpoint) {
    assertThatCode(() -> builder().endpoint(URI.create(endpoint))).doesNotThrowAnyException();
    AmplitudeClient client = builder().endpoint(URI.create(endpoint)).closeTimeout(Duration.ofSeconds(2)).build();
    try {
      assertThat(client.toString()).contains(endpoint).doesNotContain(KEY);
    } finally {
      client.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://proxy.example.com", "https://proxy.example.com/amp/", "HTTPS://api.eu.amplitude.com"})
  void endpoint_allowsHttpsAnywhere(String endpoint) {
    assertThatCode(() -> builder().endpoint(URI.create(endpoint))).doesNotThrowAnyException();
  }

  @Test
  void endpoint_acceptsNullToGoBackToTheRegionsHost() {
    AmplitudeClient client =
        builder().endpoint(URI.create("https://proxy.example.com")).endpoint(null).region(Region.EU)
            .closeTimeout(Duration.ofSeconds(2)).build();
    try {
      assertThat(client.toString()).contains("https://api.eu.amplitude.com").doesNotContain("proxy");
    } finally {
      client.close();
    }
  }

  @Test
  void eventsApi_refusesNullNamingIt() {
    assertNpeNaming("eventsApi", () -> builder().eventsApi(null));
  }

  // ------------------------------------------------------------------ numbers

  @Test
  void minIdLength_refusesLessThanOne() {
    assertIae(() -> builder().minIdLength(0));
    assertIae(() -> builder().minIdLength(-5));
    assertBuilds(builder().minIdLength(1));
    try (AmplitudeClient configured = builder().minIdLength(3).closeTimeout(Duration.ofSeconds(2)).build();
        AmplitudeClient unconfigured = builder().closeTimeout(Duration.ofSeconds(2)).build()) {
      assertThat(configured.minIdLength()).isEqualTo(3);
      assertThat(unconfigured.minIdLength()).isEqualTo(5);
    }
  }

  @Test
  void maxRequestsInFlight_refusesLessThanOne() {
    assertIae(() -> builder().maxRequestsInFlight(0));
    assertIae(() -> builder().maxRequestsInFlight(-1));
    assertBuilds(builder().maxRequestsInFlight(1));
  }

  @Test
  void maxAttempts_refusesLessThanOne() {
    assertIae(() -> builder().maxAttempts(0));
    assertBuilds(builder().maxAttempts(1));
  }

  @Test
  void maxEventsPerRequest_refusesOutsideOneTo2000() {
    assertIae(() -> builder().maxEventsPerRequest(0));
    assertIae(() -> builder().maxEventsPerRequest(2001));
    assertBuilds(builder().maxEventsPerRequest(1));
    assertBuilds(builder().maxEventsPerRequest(2000));
  }

  @Test
  void maxEventBytes_refusesOutside1024ToTheBatchLimit() {
    assertIae(() -> builder().maxEventBytes(1023));
    assertIae(() -> builder().maxEventBytes(20_000_001L));
    assertIae(() -> builder().maxEventBytes(-1));
    assertBuilds(builder().maxEventBytes(1024));
    assertBuilds(builder().maxEventBytes(20_000_000L));
  }

  @Test
  void maxEventBytes_aboveTheHttpV2LimitFailsAtBuildWithHttpV2() {
    assertThatThrownBy(() -> builder().eventsApi(EventsApi.HTTP_V2).maxEventBytes(5_000_000).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("5000000")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    // Order of the setters does not matter.
    assertThatThrownBy(() -> builder().maxEventBytes(5_000_000).eventsApi(EventsApi.HTTP_V2).build())
        .isInstanceOf(IllegalStateException.class);
    assertBuilds(builder().eventsApi(EventsApi.HTTP_V2).maxEventBytes(1_000_000));
    assertBuilds(builder().eventsApi(EventsApi.BATCH).maxEventBytes(5_000_000));
  }

  @Test
  void maxIdentificationsPerRequest_refusesLessThanOne() {
    assertIae(() -> builder().maxIdentificationsPerRequest(0));
    assertBuilds(builder().maxIdentificationsPerRequest(1));
  }

  @Test
  void maxPendingRecords_refusesLessThanOne() {
    assertIae(() -> builder().maxPendingRecords(0));
    assertBuilds(builder().maxPendingRecords(1));
  }

  // ------------------------------------------------------------------ durations

  @Test
  void requestTimeout_refusesNullZeroAndNegative() {
    assertNpeNaming("requestTimeout", () -> builder().requestTimeout(null));
    assertIae(() -> builder().requestTimeout(Duration.ZERO));
    assertIae(() -> builder().requestTimeout(Duration.ofMillis(-1)));
    assertBuilds(builder().requestTimeout(Duration.ofMillis(1)));
  }

  @Test
  void maxRetryDuration_refusesNullZeroAndNegative() {
    assertNpeNaming("maxRetryDuration", () -> builder().maxRetryDuration(null));
    assertIae(() -> builder().maxRetryDuration(Duration.ZERO));
    assertIae(() -> builder().maxRetryDuration(Duration.ofSeconds(-1)));
    assertBuilds(builder().maxRetryDuration(Duration.ofSeconds(1)));
    assertBuilds(builder().retryBackoff(Duration.ofMillis(1), Duration.ofMillis(2)).maxRetryDuration(Duration.ofMillis(2)));
  }

  @Test
  void maxRetryDuration_shorterThanTheBaseDelay_stillBuilds() {
    assertBuilds(builder().maxRetryDuration(Duration.ofMillis(100)));
  }

  @Test
  void endpoint_withAQueryOrFragment_isRefusedBecausePathsAreAppended() {
    assertIae(() -> builder().endpoint(java.net.URI.create("https://proxy.example.com/amp?t=1")));
    assertIae(() -> builder().endpoint(java.net.URI.create("https://proxy.example.com/amp#x")));
  }

  @Test
  void retryBackoff_refusesNullsNonPositiveDelaysAndMaxBelowBase() {
    assertNpeNaming("baseDelay", () -> builder().retryBackoff(null, Duration.ofSeconds(1)));
    assertNpeNaming("maxDelay", () -> builder().retryBackoff(Duration.ofSeconds(1), null));
    assertIae(() -> builder().retryBackoff(Duration.ZERO, Duration.ofSeconds(1)));
    assertIae(() -> builder().retryBackoff(Duration.ofMillis(-1), Duration.ofSeconds(1)));
    assertIae(() -> builder().retryBackoff(Duration.ofSeconds(1), Duration.ZERO));
    assertIae(() -> builder().retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertBuilds(builder().retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20)));
  }

  @Test
  void retryBackoff_acceptsEqualBaseAndMaxDelays() {
    assertThatCode(() -> builder().retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1))).doesNotThrowAnyException();
    assertBuilds(builder().retryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1)));
  }

  @Test
  void throttleHold_refusesZeroAndNegativeButAcceptsNullForAmplitudesAdvice() {
    assertIae(() -> builder().throttleHold(Duration.ZERO));
    assertIae(() -> builder().throttleHold(Duration.ofSeconds(-1)));
    assertBuilds(builder().throttleHold(null));
    assertBuilds(builder().throttleHold(Duration.ofMillis(1)));
  }

  @Test
  void linger_refusesNullAndNegativeButAcceptsZero() {
    assertNpeNaming("linger", () -> builder().linger(null));
    assertIae(() -> builder().linger(Duration.ofMillis(-1)));
    assertBuilds(builder().linger(Duration.ZERO));
  }

  @Test
  void closeTimeout_refusesNullZeroAndNegative() {
    assertNpeNaming("closeTimeout", () -> builder().closeTimeout(null));
    assertIae(() -> builder().closeTimeout(Duration.ZERO));
    assertIae(() -> builder().closeTimeout(Duration.ofSeconds(-1)));
    assertBuilds(builder().closeTimeout(Duration.ofMillis(1)));
  }

  // ------------------------------------------------------------------ others

  @Test
  void gzip_buildsEitherWay() {
    assertBuilds(builder().gzip(true));
    assertBuilds(builder().gzip(false));
  }

  @Test
  void executor_acceptsNullAndIsNotShutDownByTheClient() {
    assertBuilds(builder().executor(null));
    ExecutorService executor = Executors.newCachedThreadPool();
    try {
      assertBuilds(builder().executor(executor));
      assertThat(executor.isShutdown()).isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void clock_refusesNullNamingIt() {
    assertNpeNaming("clock", () -> builder().clock(null));
    assertBuilds(builder().clock(Clock.systemUTC()));
  }

  @Test
  void dryRun_refusesNegativeAndMakesADryRunClient() {
    assertIae(() -> builder().dryRun(-1));
    try (AmplitudeClient dry = builder().dryRun(0).closeTimeout(Duration.ofSeconds(2)).build();
        AmplitudeClient real = builder().closeTimeout(Duration.ofSeconds(2)).build()) {
      assertThat(dry.isDryRun()).isTrue();
      assertThat(dry.toString()).doesNotContain(KEY);
      assertThat(real.isDryRun()).isFalse();
      assertThat(real.previewRequests()).isEmpty();
    }
  }

  @Test
  void copy_isIndependentOfTheOriginal() {
    AmplitudeClient.Builder original = builder().region(Region.EU);
    AmplitudeClient.Builder copy = original.copy();
    copy.region(Region.US).endpoint(URI.create("https://proxy.example.com"));
    assertThat(original.toString()).contains("EU").doesNotContain("proxy").doesNotContain(KEY);
    assertThat(copy.toString()).contains("US").contains("proxy.example.com").doesNotContain(KEY);
  }

  // ------------------------------------------------------------------ the key never shows

  @Test
  void toStringOfBuilderAndClient_neverContainsTheKey() {
    AmplitudeClient.Builder builder =
        builder().region(Region.EU).endpoint(URI.create("https://proxy.example.com/amp/")).minIdLength(3).gzip(true);
    assertThat(builder.toString()).doesNotContain(KEY).contains("EU").contains("proxy.example.com");
    AmplitudeClient client = builder.closeTimeout(Duration.ofSeconds(2)).build();
    try {
      assertThat(client.toString()).doesNotContain(KEY).contains("proxy.example.com");
    } finally {
      client.close();
    }
    assertThat(client.toString()).doesNotContain(KEY);
  }

  @Test
  void closedClient_refusesSubmitWithoutShowingTheKey() {
    AmplitudeClient client = builder().closeTimeout(Duration.ofSeconds(2)).build();
    client.close();
    client.close(); // idempotent
    assertThatThrownBy(() -> client.submit(dev.ampsync.record.EventRecord.builder("x").userId("user-00001").build()))
        .isInstanceOf(IllegalStateException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
  }
}
