package dev.ampsync.internal.spec;

import static dev.ampsync.internal.spec.Specs.mistake;
import static dev.ampsync.internal.spec.Specs.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.spec.SpecException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DestinationBinderTest {

  private static AmplitudeClient.Builder bind(String body) {
    return DestinationBinder.bind(section("destination:\n  api_key: KEY-0001\n" + body, "destination"));
  }

  @Test
  void bind_setsRegionAndEndpoint() {
    AmplitudeClient.Builder builder = bind("  region: EU\n  endpoint: ' http://127.0.0.1:8123/proxy '\n");

    assertThat(builder.toString()).contains("region=EU").contains("endpoint=http://127.0.0.1:8123/proxy");
  }

  @Test
  void bind_aBlankEndpoint_meansTheRegionsHost() {
    assertThat(bind("  endpoint: ''\n").toString()).contains("endpoint=null");
  }

  @Test
  void bind_acceptsEveryValueTheBuilderAccepts_aboveTheLimitsTheSpecOnceHad() {
    // Once 1-1024 and 1-64; the builder takes any value of at least 1.
    AmplitudeClient.builder("k").minIdLength(5000).maxRequestsInFlight(500);

    assertThat(bind("  min_id_length: 5000\n  max_requests_in_flight: 500\n  gzip: true\n  events_api: http_v2\n")).isNotNull();
  }

  @Test
  void bind_aValueTheBuilderRefuses_isAMistakeWithTheBuildersMessage() {
    String minIdLength = catchThrowable(() -> AmplitudeClient.builder("k").minIdLength(0)).getMessage();
    String inFlight = catchThrowable(() -> AmplitudeClient.builder("k").maxRequestsInFlight(-3)).getMessage();

    mistake(() -> bind("  min_id_length: 0\n"), "destination.min_id_length", 3, minIdLength);
    mistake(() -> bind("  region: us\n  max_requests_in_flight: -3\n"), "destination.max_requests_in_flight", 4, inFlight);
    mistake(() -> bind("  endpoint: http://proxy.example.com\n"), "destination.endpoint", 3, "must use https");
  }

  @Test
  void bind_unknownNames_listTheValidOnes() {
    mistake(() -> bind("  region: asia\n"), "destination.region", 3, "'asia' is not a region; use us or eu");
    mistake(() -> bind("  events_api: fast\n"), "destination.events_api", 3, "'fast' is not an events API; use batch or httpapi");
  }

  @Test
  void bind_apiKey_mustBeThere_andIsNeverQuoted() {
    mistake(() -> DestinationBinder.bind(section("destination:\n  api_key: ' '\n", "destination")),
        "destination.api_key", 2, "is empty; set it, usually as ${AMPLITUDE_API_KEY}");
    SpecException e = mistake(() -> bind("  region: KEY-0001\n"), "destination.region", 3, "is not a region");
    assertThat(e.getMessage()).doesNotContain("KEY-0001").contains("'<redacted>'");
  }

  @Test
  void bind_unknownKey_suggestsTheNearest() {
    mistake(() -> bind("  regoin: eu\n"), "destination.regoin", 3, "did you mean region?", "api_key, endpoint, events_api");
  }

  // Issue 14: one retry budget, also the outage rule; Amplitude's own retry guide asks to retry 429
  // and 5xx with backoff (https://amplitude.com/docs/apis/analytics/http-api-batching-retries).
  @Test
  void bind_maxRetryDuration_setsTheRetryBudget() {
    assertThat(bind("  max_retry_duration: 10m\n").buildConfig().maxRetryDuration()).isEqualTo(Duration.ofMinutes(10));
    assertThat(bind("  max_retry_duration: PT90S\n").buildConfig().maxRetryDuration()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void bind_withoutMaxRetryDuration_keepsFiveMinutes() {
    assertThat(bind("").buildConfig().maxRetryDuration()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void bind_maxRetryDuration_thatIsNoPositiveDuration_isAMistake() {
    String zero = catchThrowable(() -> AmplitudeClient.builder("k").maxRetryDuration(Duration.ZERO)).getMessage();

    mistake(() -> bind("  max_retry_duration: 0s\n"), "destination.max_retry_duration", 3, zero);
    mistake(() -> bind("  max_retry_duration: soon\n"), "destination.max_retry_duration", 3, "'soon' is not a duration");
  }
}
