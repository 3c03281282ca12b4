package dev.ampsync.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.ampsync.client.WireMockAmplitude.submitAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ampsync.client.Outcome.Status;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/**
 * The client against stand-ins for what answers instead of Amplitude, or in front of it: a proxy or
 * captive portal answering {@code 200} with its own page, an empty {@code 200}, a firewall that
 * refuses requests by content, a {@code 400} naming nothing, an echoing proxy. Played by WireMock on
 * 127.0.0.1; Amplitude's own bodies are the documented ones, each test names its source.
 *
 * <p>Batching is made deterministic as in {@link AmplitudeClientAnswersTest}: a long linger and an
 * explicit flush decide which records share a request.
 */
@Timeout(30)
class AmplitudeClientStandInsTest {
  private static final String KEY = "fake-key-77c1";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** amplitude-docs content/collections/api/en/batch-event-upload.md, "SuccessSummary". */
  private static final String SUCCESS =
      "{\"code\":200,\"events_ingested\":1,\"payload_size_bytes\":100,\"server_upload_time\":1396381378123}";
  private static final String PORTAL_PAGE =
      "<!DOCTYPE html>\n<html><head><title>Wi-Fi login</title></head>\n<body><form>Accept the terms</form></body></html>";

  @RegisterExtension final WireMockAmplitude amplitude = new WireMockAmplitude();
  private WireMockServer server;

  @BeforeEach
  void bindServer() {
    server = amplitude.server();
  }

  // ------------------------------------------------------------------ 2xx that are not Amplitude's

  /**
   * A proxy's HTML on a 200 is no success: Amplitude-Java HttpCall.makeRequest ("error responses from
   * load balancers and reverse proxies may have response bodies that are not JSON") and
   * Amplitude-Python http_client.Response.parse read the JSON "code"; http-v2.md, "200": "If you don't
   * receive a 200 OK response, retry your request."
   */
  @Test
  void proxyHtml200_isRetriedOnTheSameBody_andAcceptedWhenAmplitudeAnswers() throws Exception {
    ResponseDefinitionBuilder portal = ok(PORTAL_PAGE).withHeader("Content-Type", "text/html");
    answers("/batch", portal, portal, okJson(SUCCESS));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes =
        submitAll(client, event("user-00001", "ins-0"), event("user-00002", "ins-1"));

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED);
    List<LoggedRequest> requests = requests("/batch");
    assertThat(requests).hasSize(3);
    assertThat(requests).allSatisfy(r -> assertThat(r.getBodyAsString()).isEqualTo(requests.get(0).getBodyAsString()));
  }

  @Test
  void proxyHtml200Forever_failsEveryRecord_neverAcceptsOne() throws Exception {
    server.stubFor(post(urlPathEqualTo("/batch")).atPriority(1).willReturn(ok(PORTAL_PAGE).withHeader("Content-Type", "text/html")));
    AmplitudeClient client = client(builder().maxAttempts(3).maxRetryDuration(Duration.ofSeconds(2)));

    List<CompletableFuture<Outcome>> outcomes =
        submitAll(client, event("user-00001", "ins-0"), event("user-00002", "ins-1"));

    assertStatuses(outcomes, Status.FAILED, Status.FAILED);
    assertThat(outcomes.get(0).join().reason())
        .startsWith("gave up after retrying: HTTP 200")
        .contains("Wi-Fi login")
        .contains("not Amplitude's answer");
    assertThat(requests("/batch").size()).isGreaterThanOrEqualTo(2);
    assertThat(client.fatalError()).isEmpty();
  }

  /** The same on the identify API, whose documented success is "200 Success" (identify.md). */
  @Test
  void identifyProxyHtml200_isRetried_andAcceptedOnAmplitudesSuccess() throws Exception {
    answers("/identify", ok(PORTAL_PAGE).withHeader("Content-Type", "text/html"), ok("success"));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, user("user-00001"), user("user-00002"));

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED);
    assertThat(requests("/identify")).hasSize(2);
  }

  @Test
  void empty200_isRetried_andAcceptedWhenAmplitudeAnswers() throws Exception {
    answers("/2/httpapi", ok(), ok(""), okJson(SUCCESS));
    AmplitudeClient client = client(builder().eventsApi(EventsApi.HTTP_V2));

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"));

    assertStatuses(outcomes, Status.ACCEPTED);
    assertThat(requests("/2/httpapi")).hasSize(3);
  }

  @Test
  void empty200Forever_failsTheRecord() throws Exception {
    server.stubFor(post(urlPathEqualTo("/batch")).atPriority(1).willReturn(ok()));
    AmplitudeClient client = client(builder().maxAttempts(3).maxRetryDuration(Duration.ofSeconds(2)));

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"));

    assertStatuses(outcomes, Status.FAILED);
    assertThat(outcomes.get(0).join().reason()).contains("HTTP 200 (empty body)");
  }

  // ------------------------------------------------------------------ 403 by content

  /**
   * http-v2.md, "403 (forbidden)": the request "contains invalid values within the Header, Body,
   * and/or URI that match our security filters"; body {"code":403,"error":"Forbidden"}. A firewall
   * refusing any request whose body holds {@code <script>}: only that row is rejected.
   */
  @Test
  void firewallRefusingOneRowsContent_rejectsThatRowAlone_andDeliversTheOthers() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/batch"))
            .atPriority(1)
            .withRequestBody(containing("<script>"))
            .willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/json").withBody("{\"code\":403,\"error\":\"Forbidden\"}")));
    AmplitudeClient client = client(builder());
    List<AmplitudeRecord> records = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      EventRecord.Builder event = EventRecord.builder("Page Viewed").userId("user-0000" + i).insertId("ins-" + i);
      if (i == 3) {
        event.eventProperty("title", "<script>alert(1)</script>");
      }
      records.add(event.build());
    }

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, records.toArray(new AmplitudeRecord[0]));

    for (int i = 0; i < 10; i++) {
      assertThat(outcomes.get(i).join().status()).as("row %d", i).isEqualTo(i == 3 ? Status.REJECTED : Status.ACCEPTED);
    }
    assertThat(outcomes.get(3).join().reason()).isEqualTo("refused by Amplitude's firewall: HTTP 403 Forbidden");
    assertThat(client.fatalError()).isEmpty();
    // 10 → 5 + 5 → (3 + 2) → (1 + 1): seven requests, the row alone in the last refused one.
    List<LoggedRequest> requests = requests("/batch");
    assertThat(requests).hasSize(7);
    List<String> accepted = new ArrayList<>();
    for (LoggedRequest request : requests) {
      if (!request.getBodyAsString().contains("<script>")) {
        accepted.addAll(insertIds(request));
      }
    }
    assertThat(accepted).hasSize(9).doesNotHaveDuplicates().doesNotContain("ins-3");
  }

  /** The same firewall, three refused rows spread over one request of 400: each isolated in about 2 log2 n requests. */
  @Test
  void firewallRefusingThreeRowsOfFourHundred_rejectsExactlyThose() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/batch"))
            .atPriority(1)
            .withRequestBody(containing("<script>"))
            .willReturn(aResponse().withStatus(403).withBody("{\"code\":403,\"error\":\"Forbidden\"}")));
    AmplitudeClient client = client(builder());
    List<Integer> bad = List.of(17, 200, 399);
    List<AmplitudeRecord> records = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      EventRecord.Builder event = EventRecord.builder("Page Viewed").userId(String.format("user-%05d", i)).insertId("ins-" + i);
      if (bad.contains(i)) {
        event.eventProperty("title", "<script>alert(" + i + ")</script>");
      }
      records.add(event.build());
    }

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, records.toArray(new AmplitudeRecord[0]));

    for (int i = 0; i < 400; i++) {
      assertThat(outcomes.get(i).join().status()).as("row %d", i).isEqualTo(bad.contains(i) ? Status.REJECTED : Status.ACCEPTED);
    }
    int requests = requests("/batch").size();
    System.out.printf("[stand-ins] firewall, 3 refused rows of 400: %d requests%n", requests);
    // Three isolations of about 2 log2(400) = 18 requests each, plus packing slack.
    assertThat(requests).isLessThanOrEqualTo(70);
    assertThat(client.fatalError()).isEmpty();
  }

  /**
   * A firewall refusing everything from the start (http-v2.md: "a sanctioned region"): the first
   * request is bisected to single records, and the third refused alone stops the client.
   */
  @Test
  void firewallRefusingEverything_stopsTheClientAfterThreeRecordsRefusedAlone() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/batch"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(403).withBody("{\"code\":403,\"error\":\"Forbidden\"}")));
    AmplitudeClient client = client(builder());
    List<AmplitudeRecord> records = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      records.add(event(String.format("user-%05d", i), "ins-" + i));
    }

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, records.toArray(new AmplitudeRecord[0]));

    long rejected = outcomes.stream().filter(o -> o.join().status() == Status.REJECTED).count();
    long failed = outcomes.stream().filter(o -> o.join().status() == Status.FAILED).count();
    int requests = requests("/batch").size();
    System.out.printf("[stand-ins] firewall refusing everything, 1000 rows: %d requests, %d rejected, %d failed%n", requests, rejected, failed);
    assertThat(client.fatalError()).get().isInstanceOf(ForbiddenException.class);
    assertThat(rejected + failed).isEqualTo(1000);
    assertThat(rejected).isEqualTo(AnswerHandlerLimits.BEFORE_ANY - 1); // refused alone before the stop
    assertThat(requests).isLessThan(200); // far from the 1999 of a full bisection
  }

  // ------------------------------------------------------------------ 400

  /**
   * A 400 naming nothing, to every request (http-v2.md lists "Invalid event JSON" among the errors):
   * bisection stops at its bound instead of isolating every record (2n - 1 requests), and the rest is
   * rejected with the answer's reason.
   */
  @Test
  void a400NamingNothingToEveryRequest_isBisectedWithinItsBound_andRejectsEveryRecord() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/batch"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(400).withBody("{\"code\":400,\"error\":\"Invalid event JSON\"}")));
    AmplitudeClient client = client(builder());
    int records = 100;
    List<AmplitudeRecord> events = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      events.add(event(String.format("user-%05d", i), "ins-" + i));
    }

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, events.toArray(new AmplitudeRecord[0]));

    assertThat(outcomes).allSatisfy(outcome -> {
      assertThat(outcome.join().status()).isEqualTo(Status.REJECTED);
      assertThat(outcome.join().reason()).startsWith("HTTP 400 Invalid event JSON");
    });
    int requests = requests("/batch").size();
    System.out.printf("[stand-ins] 400 naming nothing: %d requests for %d records%n", requests, records);
    assertThat(requests).isLessThanOrEqualTo(2 * records).isLessThan(2 * records - 1);
    assertThat(requests).isLessThanOrEqualTo(1 + records + 2 * 7 + 2); // the budget of 100 records, packing slack
    assertThat(client.fatalError()).isEmpty();
  }

  /** An echoing proxy's 400 that mentions api_key is not Amplitude's "Invalid API key: ..." (Amplitude-Java Response.hasInvalidAPIKey). */
  @Test
  void echoingProxy400MentioningApiKey_isNotReportedAsAnInvalidKey() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/batch"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(400).withBody("400 Bad Request: cannot forward {\"api_key\":\"" + KEY + "\",\"events\":[...]}")));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"), event("user-00002", "ins-1"));

    assertStatuses(outcomes, Status.REJECTED, Status.REJECTED);
    assertThat(client.fatalError()).isEmpty();
    assertThat(outcomes.get(0).join().reason()).contains("400 Bad Request").doesNotContainIgnoringCase("refused the API key");
  }

  /**
   * {@code missing_field: ""} names no field: Amplitude-Java HttpTransport.getEventListToRetry
   * ({@code missingField.length() > 0}), Amplitude-Python processor.py and Amplitude-TypeScript
   * destination.ts ({@code if (res.body.missingField || ...)}) then drop the named indexes and resend
   * the rest. Body: Amplitude-TypeScript node tests' invalid-fields 400, with an empty missing_field.
   */
  @Test
  void emptyMissingField_isNotFatal_theNamedEventIsRejectedAndTheOtherResent() throws Exception {
    answers(
        "/batch",
        aResponse()
            .withStatus(400)
            .withBody(
                "{\"code\":400,\"error\":\"Invalid field values on some events\",\"missing_field\":\"\","
                    + "\"events_with_invalid_fields\":{\"device_id\":[1]}}"),
        okJson(SUCCESS));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"), event("user-00002", "ins-1"));

    assertStatuses(outcomes, Status.ACCEPTED, Status.REJECTED);
    assertThat(client.fatalError()).isEmpty();
    assertThat(insertIds(requests("/batch").get(1))).containsExactly("ins-0");
  }

  // ------------------------------------------------------------------ 429 with leading whitespace

  /** batch-event-upload.md, the 429 example's shape, sent after a newline and spaces. */
  @Test
  void throttledAnswerWithLeadingWhitespace_keepsItsPerIdDetail() throws Exception {
    answers(
        "/batch",
        aResponse()
            .withStatus(429)
            .withHeader("Content-Type", "application/json")
            .withBody(
                "\n   {\"code\":429,\"error\":\"Too many requests for some devices and users\",\"eps_threshold\":1000,"
                    + "\"throttled_users\":{\"user-hot-1\":1200},\"throttled_events\":[0]}"),
        okJson(SUCCESS));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-hot-1", "ins-hot"), event("user-00002", "ins-cool"));

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED);
    List<ServeEvent> served = served("/batch");
    assertThat(served).hasSize(3);
    // Only the throttled user waited: the other event was resent at once, alone.
    assertThat(insertIds(served.get(1).getRequest())).containsExactly("ins-cool");
    assertThat(insertIds(served.get(2).getRequest())).containsExactly("ins-hot");
  }

  // ------------------------------------------------------------------ helpers

  /** AnswerHandler's rule, restated: 3 single-record 403s in a row before anything was accepted stop the client. */
  private static final class AnswerHandlerLimits {
    static final int BEFORE_ANY = 3;
  }

  private AmplitudeClient.Builder builder() {
    return AmplitudeClient.builder(KEY)
        .endpoint(URI.create(server.baseUrl()))
        .linger(Duration.ofSeconds(30))
        .closeTimeout(Duration.ofSeconds(10))
        .requestTimeout(Duration.ofSeconds(5))
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
        .throttleHold(Duration.ofMillis(200));
  }

  private AmplitudeClient client(AmplitudeClient.Builder builder) {
    return amplitude.track(builder.build());
  }

  private static void assertStatuses(List<CompletableFuture<Outcome>> outcomes, Status... expected) {
    assertThat(outcomes.stream().map(o -> o.join().status()).toList()).containsExactly(expected);
    for (CompletableFuture<Outcome> outcome : outcomes) {
      assertThat(outcome.join().toString()).doesNotContain(KEY);
    }
  }

  /** Makes {@code path} give these answers in turn, the last one from then on. */
  private void answers(String path, ResponseDefinitionBuilder... answers) {
    String scenario = path + "-" + UUID.randomUUID();
    for (int i = 0; i < answers.length; i++) {
      var stub =
          post(urlPathEqualTo(path))
              .atPriority(1)
              .inScenario(scenario)
              .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "answer-" + i)
              .willReturn(answers[i]);
      if (i < answers.length - 1) {
        stub = stub.willSetStateTo("answer-" + (i + 1));
      }
      server.stubFor(stub);
    }
  }

  private static EventRecord event(String userId, String insertId) {
    return EventRecord.builder("Order Completed").userId(userId).insertId(insertId).build();
  }

  private static UserRecord user(String userId) {
    return UserRecord.builder(userId).userProperties(PropertyOperations.builder().set("plan", "pro").build()).build();
  }

  /** The requests to {@code path}, in the order they were answered (WireMock lists the newest first). */
  private List<ServeEvent> served(String path) {
    List<ServeEvent> all = new ArrayList<>(server.getAllServeEvents());
    Collections.reverse(all);
    all.removeIf(e -> !e.getRequest().getUrl().equals(path));
    return all;
  }

  private List<LoggedRequest> requests(String path) {
    return served(path).stream().map(ServeEvent::getRequest).toList();
  }

  private static List<String> insertIds(LoggedRequest request) {
    try {
      List<String> ids = new ArrayList<>();
      for (JsonNode event : JSON.readTree(request.getBodyAsString()).get("events")) {
        ids.add(event.path("insert_id").asText(null));
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
