package dev.ampsync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fake as a program ({@link FakeAmplitudeMain}), started in-process as {@code java -jar} starts
 * it: the listening line a script reads the port from, {@code GET /_fake/state} and {@code POST
 * /_fake/reset} over HTTP, and the flags' mistakes.
 */
class FakeAmplitudeMainTest {
  private static final String KEY = "main-test-key-5c1d";
  private static final Pattern LISTENING =
      Pattern.compile("FakeAmplitude listening on (http://127\\.0\\.0\\.1:(\\d+)) \\(.*\\)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private FakeAmplitude fake;
  private FakeAmplitude other;

  @AfterEach
  void close() {
    if (fake != null) {
      fake.close();
    }
    if (other != null) {
      other.close();
    }
  }

  @Test
  void portZero_printsTheChosenPortFirst_andTheStateEndpointShowsWhatWasSent() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    fake = FakeAmplitudeMain.start(
        new String[] {"--port", "0", "--api-key", KEY, "--api-key", "second-key"},
        new PrintStream(printed, true, StandardCharsets.UTF_8));

    String output = printed.toString(StandardCharsets.UTF_8);
    Matcher first = LISTENING.matcher(output.lines().findFirst().orElseThrow());
    assertThat(first.matches()).as(output).isTrue();
    String base = first.group(1);
    assertThat(Integer.parseInt(first.group(2))).isPositive();
    assertThat(base).isEqualTo(fake.baseUrl());
    assertThat(output).as("keys given on the command line are never printed")
        .doesNotContain(KEY).doesNotContain("second-key").contains("2 api keys");

    assertThat(post(base + "/batch", "application/json", "{\"api_key\":\"second-key\",\"events\":["
        + "{\"event_type\":\"Order Completed\",\"user_id\":\"user-00001\",\"insert_id\":\"order-1\","
        + "\"user_properties\":{\"plan\":\"pro\"},\"revenue\":12.50},"
        + "{\"event_type\":\"Order Completed\",\"user_id\":\"user-00001\",\"insert_id\":\"order-1\"}]}").statusCode())
        .isEqualTo(200);
    String identification = "[{\"group_type\":\"company\",\"group_value\":\"acme\","
        + "\"group_properties\":{\"$set\":{\"tier\":\"gold\"}}}]";
    assertThat(post(base + "/groupidentify", "application/x-www-form-urlencoded",
        "api_key=" + KEY + "&identification=" + URLEncoder.encode(identification, StandardCharsets.UTF_8))
        .body()).isEqualTo("success");
    assertThat(post(base + "/identify", "application/x-www-form-urlencoded", "api_key=wrong&identification=[]")
        .statusCode()).isEqualTo(400);

    JsonNode state = state(base);
    assertThat(state.get("event_count").asInt()).isEqualTo(1);
    assertThat(state.get("duplicate_count").asInt()).isEqualTo(1);
    assertThat(state.get("events").get(0).get("insert_id").asText()).isEqualTo("order-1");
    assertThat(state.get("events").get(0).get("revenue").decimalValue()).isEqualByComparingTo("12.50");
    assertThat(state.at("/users/user-00001/properties/plan").asText()).isEqualTo("pro");
    assertThat(state.at("/groups/company/acme/properties/tier").asText()).isEqualTo("gold");
    assertThat(state.get("devices").size()).isZero();
    assertThat(state.at("/requests/count").asInt()).isEqualTo(3);
    assertThat(state.at("/requests/by_path/~1batch").asInt()).isEqualTo(1);
    assertThat(state.at("/requests/by_path/~1groupidentify").asInt()).isEqualTo(1);
    assertThat(state.at("/requests/by_status/200").asInt()).isEqualTo(2);
    assertThat(state.at("/requests/by_status/400").asInt()).isEqualTo(1);
    assertThat(state.toString()).doesNotContain(KEY).doesNotContain("second-key");
    assertThat(fake.requests()).as("the fake's own endpoints are not recorded").hasSize(3);

    HttpResponse<String> reset = post(base + "/_fake/reset", "application/json", "");
    assertThat(reset.statusCode()).isEqualTo(200);
    JsonNode empty = state(base);
    assertThat(empty.get("events").size()).isZero();
    assertThat(empty.get("users").size()).isZero();
    assertThat(empty.get("groups").size()).isZero();
    assertThat(empty.at("/requests/count").asInt()).isZero();
    assertThat(fake.eventCount()).isZero();
  }

  @Test
  void theFakesEndpoints_answerOnlyTheirMethodAndPath() throws Exception {
    fake = FakeAmplitudeMain.start(new String[0], new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    HttpResponse<String> getReset = get(fake.baseUrl() + "/_fake/reset");
    assertThat(getReset.statusCode()).isEqualTo(405);
    assertThat(getReset.headers().firstValue("Allow")).contains("POST");
    assertThat(post(fake.baseUrl() + "/_fake/state", "application/json", "").statusCode()).isEqualTo(405);
    assertThat(get(fake.baseUrl() + "/_fake/nothing").statusCode()).isEqualTo(404);
    assertThat(get(fake.baseUrl() + "/_fake").statusCode()).as("not under /_fake/: an Amplitude path").isEqualTo(400);
  }

  @Test
  void withoutApiKeyFlags_theDocumentedDefaultKeyIsAcceptedAndNamed() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    fake = FakeAmplitudeMain.start(new String[0], new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("(api key: " + FakeAmplitude.DEFAULT_API_KEY + ")");
    assertThat(post(fake.baseUrl() + "/batch", "application/json", "{\"api_key\":\"" + FakeAmplitude.DEFAULT_API_KEY
        + "\",\"events\":[{\"event_type\":\"e\",\"device_id\":\"device-1\"}]}").statusCode()).isEqualTo(200);
  }

  @Test
  void aPortInUse_isNamedInTheError() {
    other = FakeAmplitude.start();
    String port = other.baseUrl().substring(other.baseUrl().lastIndexOf(':') + 1);

    assertThatThrownBy(() -> FakeAmplitudeMain.start(new String[] {"--port", port}, new PrintStream(new ByteArrayOutputStream())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot listen on 127.0.0.1:" + port);
  }

  @Test
  void badFlags_areRejectedNamingTheFlag() {
    PrintStream out = new PrintStream(new ByteArrayOutputStream());
    assertThatThrownBy(() -> FakeAmplitudeMain.start(new String[] {"--port", "70000"}, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--port '70000'");
    assertThatThrownBy(() -> FakeAmplitudeMain.start(new String[] {"--api-key"}, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("--api-key needs a value");
    assertThatThrownBy(() -> FakeAmplitudeMain.start(new String[] {"--verbose"}, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown argument '--verbose'");
    assertThatThrownBy(() -> FakeAmplitudeMain.start(new String[] {"--dedup-window", "0s"}, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--dedup-window '0s'");
    assertThatThrownBy(() -> FakeAmplitudeMain.start(new String[] {"--dedup-window", "soon"}, out))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--dedup-window 'soon'");
  }

  @Test
  void dedupWindow_readsShortFormsAndIso8601() {
    assertThat(FakeAmplitudeMain.duration("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(FakeAmplitudeMain.duration("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(FakeAmplitudeMain.duration("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(FakeAmplitudeMain.duration("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(FakeAmplitudeMain.duration("PT1H")).isEqualTo(Duration.ofHours(1));
  }

  private static JsonNode state(String base) throws IOException, InterruptedException {
    HttpResponse<String> response = get(base + "/_fake/state");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(String url, String contentType, String body)
      throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
