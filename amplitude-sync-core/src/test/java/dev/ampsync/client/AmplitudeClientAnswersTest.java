package dev.ampsync.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.ampsync.client.WireMockAmplitude.submitAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ampsync.client.Outcome.Status;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.DeviceRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of {@code ResponseClassifier}'s answer matrix, played by WireMock against a real client.
 * Each test asserts the outcome of every record and the exact bodies that were sent and resent.
 *
 * <p>Batching is made deterministic by a long {@code linger} and an explicit {@link
 * AmplitudeClient#flush()}: nothing leaves before the flush, and the flush sends everything
 * buffered at once (and makes every later resend due immediately), so the test decides which records
 * share a request. All other delays are a few milliseconds.
 */
@Timeout(30)
class AmplitudeClientAnswersTest {
  private static final String KEY = "fake-key-3f9a";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HOLD = Duration.ofMillis(300);

  @RegisterExtension final WireMockAmplitude amplitude = new WireMockAmplitude();
  private WireMockServer server;

  @BeforeEach
  void bindServer() {
    server = amplitude.server();
  }

  // ------------------------------------------------------------------ 2xx

  @Test
  void answer200Json_acceptsEveryRecordAndSendsOneBatchBody() throws Exception {
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes =
        submitAll(client, event("user-00001", "ins-0"), event("user-00002", "ins-1"), event("user-00003", "ins-2"));

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED, Status.ACCEPTED);
    List<LoggedRequest> requests = requests("/batch");
    assertThat(requests).hasSize(1);
    LoggedRequest request = requests.get(0);
    assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    assertThat(request.containsHeader("Content-Encoding")).isFalse();
    JsonNode body = json(request);
    assertThat(fieldNames(body)).containsExactly("api_key", "events");
    assertThat(body.get("api_key").asText()).isEqualTo(KEY);
    assertThat(insertIds(request)).containsExactly("ins-0", "ins-1", "ins-2");
    assertThat(body.get("events").get(1))
        .isEqualTo(JSON.readTree("{\"user_id\":\"user-00002\",\"event_type\":\"Order Completed\",\"insert_id\":\"ins-1\"}"));
    assertThat(server.getAllServeEvents()).hasSize(1);
  }

  @Test
  void identifyAnswer200PlainTextSuccess_acceptsTheUserAndDevice() throws Exception {
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, user("user-00001"), DeviceRecord.builder("device-00001").build());

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED);
    List<LoggedRequest> requests = requests("/identify");
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    Map<String, String> form = form(requests.get(0));
    assertThat(form).containsOnlyKeys("api_key", "identification");
    assertThat(form.get("api_key")).isEqualTo(KEY);
    assertThat(JSON.readTree(form.get("identification")))
        .isEqualTo(
            JSON.readTree(
                "[{\"user_id\":\"user-00001\",\"user_properties\":{\"$set\":{\"plan\":\"pro\"}}},"
                    + "{\"device_id\":\"device-00001\"}]"));
    assertThat(server.getAllServeEvents()).hasSize(1);
  }

  @Test
  void answer2xxWhoseBodySays429_isTreatedAsThrottled() throws Exception {
    answers(
        "/batch",
        okJson(
            "{\"code\":429,\"error\":\"Too many requests for some devices and users\",\"eps_threshold\":1000,"
                + "\"throttled_users\":{\"user-hot-1\":1200},\"throttled_events\":[0]}"),
        okJson(success()));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes =
        submitAll(client, event("user-hot-1", "ins-hot"), event("user-00002", "ins-cool"));

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED);
    List<ServeEvent> served = served("/batch");
    assertThat(served).hasSize(3);
    assertThat(insertIds(served.get(0).getRequest())).containsExactly("ins-hot", "ins-cool");
    assertThat(insertIds(served.get(1).getRequest())).containsExactly("ins-cool");
    assertThat(insertIds(served.get(2).getRequest())).containsExactly("ins-hot");
    assertThat(millisBetween(served.get(0), served.get(2))).isGreaterThanOrEqualTo(HOLD.toMillis() - 10);
  }

  // ------------------------------------------------------------------ 400

  static Stream<Arguments> answersNamingEvents() {
    return Stream.of(
        Arguments.of(
            "{\"code\":400,\"error\":\"Invalid field values on some events\","
                + "\"events_with_invalid_fields\":{\"time\":[1,3]}}",
            "time",
            "invalid fields: time"),
        Arguments.of(
            "{\"code\":400,\"error\":\"Request missing required field\","
                + "\"events_with_missing_fields\":{\"event_type\":[1,3]}}",
            "event_type",
            "missing fields: event_type"),
        Arguments.of(
            "{\"code\":400,\"error\":\"Invalid id length for user_id or device_id\","
                + "\"events_with_invalid_id_lengths\":{\"user_id\":[1,3]}}",
            "user_id",
            "invalid id lengths: user_id"),
        Arguments.of(
            "{\"code\":400,\"error\":\"Events silenced for device_id\",\"eps_threshold\":100,"
                + "\"exceeded_daily_quota_devices\":{},\"silenced_devices\":[\"device-00001\",\"device-00003\"],"
                + "\"silenced_events\":[1,3],\"throttled_devices\":{},\"throttled_events\":[]}",
            "device_id",
            "silenced"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("answersNamingEvents")
  void answer400NamingEvents_rejectsExactlyThoseAndResendsTheRest(String answer, String field, String reason)
      throws Exception {
    answers("/batch", aResponse().withStatus(400).withHeader("Content-Type", "application/json").withBody(answer), okJson(success()));
    AmplitudeClient client = client(builder());
    List<AmplitudeRecord> records = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      records.add(EventRecord.builder("Order Completed").userId("user-0000" + i).deviceId("device-0000" + i).insertId("ins-" + i).build());
    }

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, records.toArray(new AmplitudeRecord[0]));

    assertStatuses(outcomes, Status.ACCEPTED, Status.REJECTED, Status.ACCEPTED, Status.REJECTED);
    for (int i : new int[] {1, 3}) {
      Outcome rejected = outcomes.get(i).join();
      assertThat(rejected.field()).isEqualTo(field);
      assertThat(rejected.rejectedField()).contains(field);
      assertThat(rejected.reason()).contains(reason);
    }
    List<LoggedRequest> requests = requests("/batch");
    assertThat(requests).hasSize(2);
    JsonNode first = json(requests.get(0));
    JsonNode second = json(requests.get(1));
    assertThat(insertIds(requests.get(0))).containsExactly("ins-0", "ins-1", "ins-2", "ins-3");
    assertThat(insertIds(requests.get(1))).containsExactly("ins-0", "ins-2");
    assertThat(second.get("events").get(0)).isEqualTo(first.get("events").get(0));
    assertThat(second.get("events").get(1)).isEqualTo(first.get("events").get(2));
    assertThat(second.get("api_key").asText()).isEqualTo(KEY);
    assertThat(client.fatalError()).isEmpty();
  }

  @Test
  void answer400InvalidApiKey_stopsTheClientAtOnceWithoutRetryAndNeverLeaksTheKey() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/batch"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"code\":400,\"error\":\"Invalid API key: " + KEY + "\"}")));
    // Two events per request, one request at a time: the first answer stops the client before the
    // other three events are sent.
    AmplitudeClient client = client(builder().maxEventsPerRequest(2).maxRequestsInFlight(1));
    List<AmplitudeRecord> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(event("user-0000" + i, "ins-" + i));
    }

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, records.toArray(new AmplitudeRecord[0]));

    assertStatuses(outcomes, Status.FAILED, Status.FAILED, Status.FAILED, Status.FAILED, Status.FAILED);
    assertThat(server.getAllServeEvents()).hasSize(1);
    assertThat(insertIds(requests("/batch").get(0))).containsExactly("ins-0", "ins-1");
    assertThat(client.fatalError()).get().isInstanceOf(InvalidApiKeyException.class);
    AmplitudeException fatal = client.fatalError().orElseThrow();
    assertThat(fatal.statusCode()).isEqualTo(400);
    assertThatThrownBy(() -> client.submit(event("user-00009", "ins-9"))).isSameAs(fatal);
    assertThat(server.getAllServeEvents()).hasSize(1);

    List<String> texts = new ArrayList<>();
    texts.add(fatal.getMessage());
    texts.add(fatal.toString());
    texts.add(client.toString());
    for (CompletableFuture<Outcome> outcome : outcomes) {
      texts.add(outcome.join().reason());
      texts.add(outcome.join().toString());
    }
    assertThat(texts).allSatisfy(text -> assertThat(text).doesNotContain(KEY));
    assertThat(fatal.getMessage()).contains("Invalid API key");
    // The server did echo the key: the client redacted it.
    assertThat(server.getAllServeEvents().get(0).getResponse().getBodyAsString()).contains(KEY);
  }

  @Test
  void identifyAnswer400InvalidApiKeyInPlainText_isFatalTooAndNeverLeaksTheKey() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/identify")).atPriority(1).willReturn(aResponse().withStatus(400).withBody("Invalid API key: " + KEY)));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, user("user-00001"), user("user-00002"));

    assertStatuses(outcomes, Status.FAILED, Status.FAILED);
    assertThat(server.getAllServeEvents()).hasSize(1); // no bisection of a key error
    AmplitudeException fatal = client.fatalError().orElseThrow();
    assertThat(fatal).isInstanceOf(InvalidApiKeyException.class);
    assertThat(fatal.getMessage()).doesNotContain(KEY).contains("<redacted>");
    assertThatThrownBy(() -> client.submit(user("user-00003"))).isSameAs(fatal);
  }

  @Test
  void answer400MissingField_isFatalBadRequestWithoutRetry() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/batch"))
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody("{\"code\":400,\"error\":\"Request missing required field\",\"missing_field\":\"api_key\"}")));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"), event("user-00002", "ins-1"));

    assertStatuses(outcomes, Status.FAILED, Status.FAILED);
    assertThat(server.getAllServeEvents()).hasSize(1);
    AmplitudeException fatal = client.fatalError().orElseThrow();
    assertThat(fatal).isInstanceOf(BadRequestException.class);
    assertThat(fatal.statusCode()).isEqualTo(400);
    assertThat(fatal.getMessage()).contains("api_key");
    assertThat(outcomes.get(0).join().reason()).isEqualTo(fatal.getMessage());
    assertThatThrownBy(() -> client.submit(event("user-00003", "ins-2"))).isInstanceOf(BadRequestException.class);
  }

  @Test
  void answer400InvalidJson_isFatalBadRequestWithoutRetry() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/batch"))
            .atPriority(1)
            .willReturn(aResponse().withStatus(400).withBody("{\"code\":400,\"error\":\"Invalid JSON request body\"}")));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"));

    assertStatuses(outcomes, Status.FAILED);
    assertThat(server.getAllServeEvents()).hasSize(1);
    assertThat(client.fatalError()).get().isInstanceOf(BadRequestException.class);
    assertThat(client.fatalError().orElseThrow().getMessage()).contains("Invalid JSON request body");
    assertThatThrownBy(() -> client.submit(event("user-00003", "ins-2"))).isInstanceOf(BadRequestException.class);
  }

  @Test
  void identifyAnswer400NamingNoIndex_bisectsToIsolateTheBadIdentification() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/identify"))
            .atPriority(1)
            .withRequestBody(containing("bad-user-6"))
            .willReturn(aResponse().withStatus(400).withBody("invalid identification")));
    AmplitudeClient client = client(builder());
    List<AmplitudeRecord> users = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      users.add(user(i == 6 ? "bad-user-6" : "good-user-" + i));
    }

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, users.toArray(new AmplitudeRecord[0]));

    for (int i = 0; i < 8; i++) {
      assertThat(outcomes.get(i).join().status()).as("user %d", i).isEqualTo(i == 6 ? Status.REJECTED : Status.ACCEPTED);
    }
    assertThat(outcomes.get(6).join().reason()).contains("400").contains("invalid identification");
    List<LoggedRequest> requests = requests("/identify");
    List<List<String>> sent = requests.stream().map(AmplitudeClientAnswersTest::identifiedUsers).toList();
    assertThat(sent.get(0)).hasSize(8);
    assertThat(sent.stream().map(List::size).sorted(Comparator.reverseOrder()).toList())
        .containsExactly(8, 4, 4, 2, 2, 1, 1);
    // The halves that held the bad user are the ones split again.
    assertThat(sent.stream().filter(ids -> ids.contains("bad-user-6")).map(List::size).toList())
        .containsExactly(8, 4, 2, 1);
    // Every good user was accepted in exactly one request without the bad user.
    List<String> acceptedUsers =
        sent.stream().filter(ids -> !ids.contains("bad-user-6")).flatMap(List::stream).sorted().toList();
    assertThat(acceptedUsers)
        .containsExactly("good-user-0", "good-user-1", "good-user-2", "good-user-3", "good-user-4", "good-user-5", "good-user-7");
    assertThat(client.fatalError()).isEmpty();
  }

  @Test
  void groupIdentifyAnswer400NamingNoIndex_bisectsToIsolateTheBadGroup() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/groupidentify"))
            .atPriority(1)
            .withRequestBody(containing("bad-group-1"))
            .willReturn(aResponse().withStatus(400).withBody("invalid group identification")));
    AmplitudeClient client = client(builder());
    List<AmplitudeRecord> groups = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      groups.add(group(i == 1 ? "bad-group-1" : "acme-" + i, null));
    }

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, groups.toArray(new AmplitudeRecord[0]));

    assertStatuses(outcomes, Status.ACCEPTED, Status.REJECTED, Status.ACCEPTED, Status.ACCEPTED);
    assertThat(outcomes.get(1).join().reason()).contains("invalid group identification");
    List<List<String>> sent =
        requests("/groupidentify").stream()
            .map(r -> values(identification(r), "group_value"))
            .toList();
    assertThat(sent.get(0)).containsExactly("acme-0", "bad-group-1", "acme-2", "acme-3");
    assertThat(sent.stream().map(List::size).sorted(Comparator.reverseOrder()).toList()).containsExactly(4, 2, 2, 1, 1);
    assertThat(sent.stream().filter(ids -> ids.contains("bad-group-1")).map(List::size).toList()).containsExactly(4, 2, 1);
    assertThat(requests("/identify")).isEmpty();
  }

  // ------------------------------------------------------------------ 403, 404

  /**
   * 403 to every request from the start (http-v2.md, "403 (forbidden)": also traffic from a refused
   * region): bisected to single records; the client stops at the third one refused alone with
   * nothing accepted. A 403 about content is in AmplitudeClientStandInsTest.
   */
  @Test
  void answer403ToEverythingFromTheStart_isolatesThenStopsTheClientAtTheThirdRecordRefusedAlone() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/batch")).atPriority(1).willReturn(aResponse().withStatus(403).withBody("{\"code\":403,\"error\":\"Forbidden\"}")));
    AmplitudeClient client = client(builder().maxRequestsInFlight(1));

    List<CompletableFuture<Outcome>> outcomes =
        submitAll(client, event("user-00001", "ins-0"), event("user-00002", "ins-1"), event("user-00003", "ins-2"));

    assertStatuses(outcomes, Status.REJECTED, Status.REJECTED, Status.FAILED);
    assertThat(outcomes.get(0).join().reason()).isEqualTo("refused by Amplitude's firewall: HTTP 403 Forbidden");
    assertThat(requests("/batch").stream().map(r -> insertIds(r).size()).toList()).containsExactly(3, 2, 1, 1, 1);
    AmplitudeException fatal = client.fatalError().orElseThrow();
    assertThat(fatal).isInstanceOf(ForbiddenException.class);
    assertThat(fatal.statusCode()).isEqualTo(403);
    assertThat(outcomes.get(2).join().reason()).isEqualTo(fatal.getMessage()).contains("403");
    assertThatThrownBy(() -> client.submit(event("user-00004", "ins-3"))).isSameAs(fatal);
  }

  @Test
  void answer404_isFatalAmplitudeExceptionForAWrongEndpoint() throws Exception {
    server.stubFor(post(urlPathEqualTo("/batch")).atPriority(1).willReturn(aResponse().withStatus(404).withBody("Not Found")));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"));

    assertStatuses(outcomes, Status.FAILED);
    assertThat(server.getAllServeEvents()).hasSize(1);
    AmplitudeException fatal = client.fatalError().orElseThrow();
    assertThat(fatal).isExactlyInstanceOf(AmplitudeException.class);
    assertThat(fatal.statusCode()).isEqualTo(404);
    assertThat(fatal.getMessage()).contains("/batch").contains("404");
    assertThatThrownBy(() -> client.submit(event("user-00003", "ins-2"))).isSameAs(fatal);
  }

  // ------------------------------------------------------------------ 413

  @Test
  void answer413_halvesTheRequestUntilItFitsAndAcceptsEveryRecord() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/batch"))
            .atPriority(1)
            .andMatching(request -> MatchResult.of(eventCount(request.getBodyAsString()) > 2))
            .willReturn(aResponse().withStatus(413).withBody("{\"code\":413,\"error\":\"Payload too large\"}")));
    AmplitudeClient client = client(builder());
    List<AmplitudeRecord> records = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      records.add(event("user-0000" + i, "ins-" + i));
    }

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, records.toArray(new AmplitudeRecord[0]));

    assertThat(outcomes).allSatisfy(o -> assertThat(o.join().status()).isEqualTo(Status.ACCEPTED));
    List<List<String>> sent = requests("/batch").stream().map(AmplitudeClientAnswersTest::insertIds).toList();
    assertThat(sent.get(0)).containsExactly("ins-0", "ins-1", "ins-2", "ins-3", "ins-4", "ins-5", "ins-6", "ins-7");
    assertThat(sent.stream().map(List::size).sorted(Comparator.reverseOrder()).toList())
        .containsExactly(8, 4, 4, 2, 2, 2, 2);
    List<String> accepted = sent.stream().filter(ids -> ids.size() <= 2).flatMap(List::stream).sorted().toList();
    assertThat(accepted).containsExactly("ins-0", "ins-1", "ins-2", "ins-3", "ins-4", "ins-5", "ins-6", "ins-7");
  }

  @Test
  void answer413ForASingleRecord_rejectsThatRecordAndAcceptsTheOthers() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/batch"))
            .atPriority(1)
            .withRequestBody(containing("ins-huge"))
            .willReturn(aResponse().withStatus(413).withBody("{\"code\":413,\"error\":\"Payload too large\"}")));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes =
        submitAll(
            client,
            event("user-00000", "ins-0"),
            event("user-00001", "ins-1"),
            event("user-00002", "ins-2"),
            event("user-00003", "ins-huge"));

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED, Status.ACCEPTED, Status.REJECTED);
    assertThat(outcomes.get(3).join().reason()).contains("413");
    List<List<String>> sent = requests("/batch").stream().map(AmplitudeClientAnswersTest::insertIds).toList();
    assertThat(sent.get(0)).containsExactly("ins-0", "ins-1", "ins-2", "ins-huge");
    assertThat(sent.stream().map(List::size).sorted(Comparator.reverseOrder()).toList()).containsExactly(4, 2, 2, 1, 1);
    assertThat(sent.stream().filter(ids -> ids.contains("ins-huge")).toList())
        .containsExactly(List.of("ins-0", "ins-1", "ins-2", "ins-huge"), List.of("ins-2", "ins-huge"), List.of("ins-huge"));
    assertThat(client.fatalError()).isEmpty();
  }

  // ------------------------------------------------------------------ 429

  @Test
  void answer429ThrottledUsers_holdsOnlyThatUserAndResendsTheOthersAtOnce() throws Exception {
    answers(
        "/batch",
        aResponse()
            .withStatus(429)
            .withHeader("Content-Type", "application/json")
            .withBody(
                "{\"code\":429,\"error\":\"Too many requests for some devices and users\",\"eps_threshold\":1000,"
                    + "\"throttled_devices\":{},\"throttled_users\":{\"user-hot-1\":1032},\"throttled_events\":[0,2]}"),
        okJson(success()));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes =
        submitAll(
            client,
            event("user-hot-1", "ins-hot-a"),
            event("user-00002", "ins-2"),
            event("user-hot-1", "ins-hot-b"),
            event("user-00004", "ins-4"));

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED, Status.ACCEPTED, Status.ACCEPTED);
    List<ServeEvent> served = served("/batch");
    assertThat(served).hasSize(3);
    assertThat(insertIds(served.get(0).getRequest())).containsExactly("ins-hot-a", "ins-2", "ins-hot-b", "ins-4");
    assertThat(insertIds(served.get(1).getRequest())).containsExactly("ins-2", "ins-4");
    // Order-insensitive here; see answer429_resendsAUsersHeldEventsInTheirOriginalOrder.
    assertThat(insertIds(served.get(2).getRequest())).containsExactlyInAnyOrder("ins-hot-a", "ins-hot-b");
    assertThat(millisBetween(served.get(0), served.get(1))).isLessThan(HOLD.toMillis() - 50);
    assertThat(millisBetween(served.get(0), served.get(2))).isGreaterThanOrEqualTo(HOLD.toMillis() - 10);
    Map<String, JsonNode> first = eventsByInsertId(served.get(0).getRequest());
    assertThat(eventsByInsertId(served.get(1).getRequest()))
        .containsOnly(Map.entry("ins-2", first.get("ins-2")), Map.entry("ins-4", first.get("ins-4")));
    assertThat(eventsByInsertId(served.get(2).getRequest()))
        .containsOnly(Map.entry("ins-hot-a", first.get("ins-hot-a")), Map.entry("ins-hot-b", first.get("ins-hot-b")));
    assertThat(json(served.get(2).getRequest()).get("api_key").asText()).isEqualTo(KEY);
  }

  @Test
  void answer429_resendsAUsersHeldEventsInTheirOriginalOrder() throws Exception {
    answers(
        "/batch",
        aResponse().withStatus(429).withBody("{\"code\":429,\"throttled_users\":{\"user-hot-1\":1032},\"throttled_events\":[0,1,2]}"),
        okJson(success()));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes =
        submitAll(
            client,
            EventRecord.builder("Plan Changed").userId("user-hot-1").insertId("ins-1")
                .userProperties(PropertyOperations.builder().set("plan", "pro").build()).build(),
            EventRecord.builder("Plan Changed").userId("user-hot-1").insertId("ins-2")
                .userProperties(PropertyOperations.builder().set("plan", "team").build()).build(),
            EventRecord.builder("Plan Changed").userId("user-hot-1").insertId("ins-3")
                .userProperties(PropertyOperations.builder().set("plan", "enterprise").build()).build());

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED, Status.ACCEPTED);
    List<LoggedRequest> requests = requests("/batch");
    assertThat(requests).hasSize(2);
    assertThat(insertIds(requests.get(1))).containsExactly("ins-1", "ins-2", "ins-3");
    assertThat(requests.get(1).getBody()).isEqualTo(requests.get(0).getBody());
  }

  @Test
  void answer429ThrottledDevices_holdsOnlyThatDeviceAndResendsTheOthersAtOnce() throws Exception {
    answers(
        "/batch",
        aResponse()
            .withStatus(429)
            .withBody(
                "{\"code\":429,\"error\":\"Too many requests for some devices and users\",\"eps_threshold\":1000,"
                    + "\"throttled_devices\":{\"device-hot-1\":1032},\"throttled_users\":{},\"throttled_events\":[1]}"),
        okJson(success()));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes =
        submitAll(
            client,
            EventRecord.builder("Opened").deviceId("device-00001").insertId("ins-0").build(),
            EventRecord.builder("Opened").deviceId("device-hot-1").insertId("ins-hot").build());

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED);
    List<ServeEvent> served = served("/batch");
    assertThat(served.stream().map(e -> insertIds(e.getRequest())).toList())
        .containsExactly(List.of("ins-0", "ins-hot"), List.of("ins-0"), List.of("ins-hot"));
    assertThat(millisBetween(served.get(0), served.get(2))).isGreaterThanOrEqualTo(HOLD.toMillis() - 10);
  }

  @Test
  void answer429DailyQuota_rejectsThoseIdsWithTheQuotaReasonAndResendsTheRest() throws Exception {
    answers(
        "/batch",
        aResponse()
            .withStatus(429)
            .withBody(
                "{\"code\":429,\"error\":\"Too many requests for some devices and users\",\"eps_threshold\":1000,"
                    + "\"exceeded_daily_quota_users\":{\"user-quota-1\":500200},"
                    + "\"exceeded_daily_quota_devices\":{\"device-quota-1\":500900}}"),
        okJson(success()));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes =
        submitAll(
            client,
            event("user-quota-1", "ins-user-quota"),
            event("user-00002", "ins-2"),
            EventRecord.builder("Opened").deviceId("device-quota-1").insertId("ins-device-quota").build(),
            event("user-00004", "ins-4"));

    assertStatuses(outcomes, Status.REJECTED, Status.ACCEPTED, Status.REJECTED, Status.ACCEPTED);
    Outcome user = outcomes.get(0).join();
    assertThat(user.field()).isEqualTo("user_id");
    assertThat(user.reason()).contains("daily quota").contains("500200");
    Outcome device = outcomes.get(2).join();
    assertThat(device.field()).isEqualTo("device_id");
    assertThat(device.reason()).contains("daily quota").contains("500900");
    List<List<String>> sent = requests("/batch").stream().map(AmplitudeClientAnswersTest::insertIds).toList();
    assertThat(sent).containsExactly(List.of("ins-user-quota", "ins-2", "ins-device-quota", "ins-4"), List.of("ins-2", "ins-4"));
  }

  @Test
  void answer429WithoutJson_holdsEveryIdOfTheRequestThenSucceeds() throws Exception {
    answers("/batch", aResponse().withStatus(429).withBody("Too Many Requests"), okJson(success()));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"), event("user-00002", "ins-1"));

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED);
    List<ServeEvent> served = served("/batch");
    assertThat(served).hasSize(2);
    // Order-insensitive here; see answer429_resendsAUsersHeldEventsInTheirOriginalOrder.
    assertThat(insertIds(served.get(1).getRequest())).containsExactlyInAnyOrder("ins-0", "ins-1");
    assertThat(eventsByInsertId(served.get(1).getRequest())).isEqualTo(eventsByInsertId(served.get(0).getRequest()));
    assertThat(millisBetween(served.get(0), served.get(1))).isGreaterThanOrEqualTo(HOLD.toMillis() - 10);
  }

  // ------------------------------------------------------------------ transient failures

  static Stream<Arguments> transientAnswers() {
    return Stream.of(
        Arguments.of(500, aResponse().withStatus(500).withBody("{\"code\":500,\"error\":\"Internal Server Error\"}")),
        Arguments.of(
            502,
            aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody("<html><body><h1>502 Bad Gateway</h1></body></html>")),
        Arguments.of(503, aResponse().withStatus(503).withBody("Service Unavailable")),
        Arguments.of(504, aResponse().withStatus(504)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transientAnswers")
  void answer5xx_isRetriedWithBackoffOnTheIdenticalBodyThenAccepted(int status, ResponseDefinitionBuilder answer)
      throws Exception {
    answers("/batch", answer, answer, okJson(success()));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"), event("user-00002", "ins-1"));

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED);
    List<ServeEvent> served = served("/batch");
    assertThat(served).hasSize(3);
    assertThat(served.get(0).getResponse().getStatus()).isEqualTo(status);
    assertThat(served.get(1).getResponse().getStatus()).isEqualTo(status);
    byte[] body = served.get(0).getRequest().getBody();
    assertThat(served.get(1).getRequest().getBody()).isEqualTo(body);
    assertThat(served.get(2).getRequest().getBody()).isEqualTo(body);
    assertThat(insertIds(served.get(2).getRequest())).containsExactly("ins-0", "ins-1");
    assertThat(client.fatalError()).isEmpty();
  }

  @Test
  void retriesExhausted_failWithAReasonNamingTheLastStatus() throws Exception {
    answers(
        "/batch",
        aResponse().withStatus(500).withBody("{\"code\":500,\"error\":\"Internal Server Error\"}"),
        aResponse().withStatus(502).withBody("Bad Gateway"),
        // A proxy that echoes the request it could not forward, key included.
        aResponse().withStatus(503).withBody("Service Unavailable for {\"api_key\":\"" + KEY + "\",\"events\":[...]}"),
        okJson(success()));
    AmplitudeClient client = client(builder().maxAttempts(3));

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"));

    assertStatuses(outcomes, Status.FAILED);
    assertThat(outcomes.get(0).join().reason()).contains("HTTP 503").doesNotContain(KEY);
    assertThat(requests("/batch")).hasSize(3);
    // A transient failure does not stop the client: the next record goes through.
    assertThat(client.fatalError()).isEmpty();
    CompletableFuture<Outcome> next = client.submit(event("user-00002", "ins-1"));
    assertThat(client.flush()).isTrue();
    assertThat(next.join().status()).isEqualTo(Status.ACCEPTED);
  }

  @Test
  void requestTimeout_isRetried() throws Exception {
    answers("/batch", okJson(success()).withFixedDelay(1_000), okJson(success()));
    AmplitudeClient client = client(builder().requestTimeout(Duration.ofMillis(200)));

    long started = System.nanoTime();
    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"));

    assertStatuses(outcomes, Status.ACCEPTED);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(900));
    List<LoggedRequest> requests = awaitRequests("/batch", 2);
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).getBody()).isEqualTo(requests.get(0).getBody());
  }

  @ParameterizedTest
  @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE"})
  void connectionFault_isRetried(Fault fault) throws Exception {
    answers("/batch", aResponse().withFault(fault), okJson(success()));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"));

    assertStatuses(outcomes, Status.ACCEPTED);
    List<LoggedRequest> requests = requests("/batch");
    assertThat(requests).hasSize(2);
    assertThat(requests.get(1).getBody()).isEqualTo(requests.get(0).getBody());
  }

  @Test
  void retryAfterZero_isHonouredInsteadOfTheBackoff() throws Exception {
    answers("/batch", aResponse().withStatus(503).withHeader("Retry-After", "0"), okJson(success()));
    // A backoff of at least 3 s: only the Retry-After header can make the retry come sooner.
    AmplitudeClient client = client(builder().retryBackoff(Duration.ofSeconds(4), Duration.ofSeconds(5)));

    long started = System.nanoTime();
    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"));

    assertStatuses(outcomes, Status.ACCEPTED);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));
    assertThat(requests("/batch")).hasSize(2);
  }

  @Test
  void retryAfterOneSecond_delaysTheRetryFarBeyondTheBackoff() throws Exception {
    answers("/batch", aResponse().withStatus(503).withHeader("Retry-After", "1"), okJson(success()));
    AmplitudeClient client = client(builder()); // backoff 5 to 20 ms

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"));

    assertStatuses(outcomes, Status.ACCEPTED);
    List<ServeEvent> served = served("/batch");
    assertThat(served).hasSize(2);
    // At least the second asked for, less the ±25 % jitter the client (wrongly, see the next test)
    // applies to it as well.
    assertThat(millisBetween(served.get(0), served.get(1))).isGreaterThanOrEqualTo(740);
    assertThat(served.get(1).getRequest().getBody()).isEqualTo(served.get(0).getRequest().getBody());
  }

  @Test
  void retryAfter_isWaitedInFullEveryTime() throws Exception {
    ResponseDefinitionBuilder wait = aResponse().withStatus(503).withHeader("Retry-After", "1");
    answers("/batch", wait, wait, wait, wait, okJson(success()));
    AmplitudeClient client = client(builder().closeTimeout(Duration.ofSeconds(10)));

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"));

    assertStatuses(outcomes, Status.ACCEPTED);
    List<ServeEvent> served = served("/batch");
    assertThat(served).hasSize(5);
    for (int i = 1; i < served.size(); i++) {
      assertThat(millisBetween(served.get(i - 1), served.get(i))).as("wait before attempt %d", i + 1).isGreaterThanOrEqualTo(995);
    }
  }

  // ------------------------------------------------------------------ request shape

  @Test
  void minIdLength_isSentAsOptionsWhenConfigured() throws Exception {
    AmplitudeClient client = client(builder().minIdLength(3));

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("u-1", "ins-0"), user("u-2"));

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED);
    JsonNode body = json(requests("/batch").get(0));
    assertThat(fieldNames(body)).containsExactly("api_key", "events", "options");
    assertThat(body.get("options")).isEqualTo(JSON.readTree("{\"min_id_length\":3}"));
    Map<String, String> form = form(requests("/identify").get(0));
    assertThat(form).containsOnlyKeys("api_key", "identification", "options");
    assertThat(JSON.readTree(form.get("options"))).isEqualTo(JSON.readTree("{\"min_id_length\":3}"));
  }

  @Test
  void minIdLength_isAbsentWhenNotConfigured() throws Exception {
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"), user("user-00002"));

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED);
    assertThat(fieldNames(json(requests("/batch").get(0)))).containsExactly("api_key", "events");
    assertThat(requests("/batch").get(0).getBodyAsString()).doesNotContain("options").doesNotContain("min_id_length");
    assertThat(form(requests("/identify").get(0))).containsOnlyKeys("api_key", "identification");
  }

  @Test
  void gzip_sendsContentEncodingGzipAndTheSameBodyOnceDecompressed() throws Exception {
    AmplitudeClient plain = client(builder());
    submitAll(plain, event("user-00001", "ins-0"), event("user-00002", "ins-1"));
    AmplitudeClient zipped = client(builder().gzip(true));
    List<CompletableFuture<Outcome>> outcomes =
        submitAll(zipped, event("user-00001", "ins-0"), event("user-00002", "ins-1"), user("user-00003"));

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED, Status.ACCEPTED);
    List<LoggedRequest> batches = requests("/batch");
    assertThat(batches).hasSize(2);
    assertThat(batches.get(0).containsHeader("Content-Encoding")).isFalse();
    assertThat(batches.get(1).getHeader("Content-Encoding")).isEqualTo("gzip");
    // WireMock 3 hands over gzip request bodies already decompressed.
    assertThat(isGzip(batches.get(1).getBody())).isFalse();
    assertThat(batches.get(1).getBodyAsString()).isEqualTo(batches.get(0).getBodyAsString());
    // Form bodies are never compressed: gzip is documented for the event endpoints only (see
    // AmplitudeClientThrottlingTest.gzip_compressesOnlyTheEventEndpoints).
    LoggedRequest identify = requests("/identify").get(0);
    assertThat(identify.containsHeader("Content-Encoding")).isFalse();
    assertThat(identifiedUsers(identify)).containsExactly("user-00003");
  }

  @Test
  void userAndDeviceRecords_goToIdentifyAsFormBodies() throws Exception {
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes =
        submitAll(client, user("user-00001"), DeviceRecord.builder("device-00002").userId("user-00002").build());

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED);
    assertThat(requests("/batch")).isEmpty();
    assertThat(requests("/groupidentify")).isEmpty();
    List<LoggedRequest> requests = requests("/identify");
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(requests.get(0).getBodyAsString()).startsWith("api_key=" + KEY + "&identification=");
    JsonNode identification = identification(requests.get(0));
    assertThat(identification.isArray()).isTrue();
    assertThat(identification)
        .isEqualTo(
            JSON.readTree(
                "[{\"user_id\":\"user-00001\",\"user_properties\":{\"$set\":{\"plan\":\"pro\"}}},"
                    + "{\"user_id\":\"user-00002\",\"device_id\":\"device-00002\"}]"));
  }

  @Test
  void groupRecords_goToGroupIdentifyPlusAMembershipIdentifyWhenTheyHaveAUser() throws Exception {
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes =
        submitAll(client, group("acme-corp", "member-00001"), group("globex", null));

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED);
    List<LoggedRequest> groupRequests = requests("/groupidentify");
    assertThat(groupRequests).hasSize(1);
    assertThat(groupRequests.get(0).getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(form(groupRequests.get(0)).get("api_key")).isEqualTo(KEY);
    assertThat(identification(groupRequests.get(0)))
        .isEqualTo(
            JSON.readTree(
                "[{\"group_type\":\"company\",\"group_value\":\"acme-corp\",\"group_properties\":{\"$set\":{\"plan\":\"enterprise\"}}},"
                    + "{\"group_type\":\"company\",\"group_value\":\"globex\",\"group_properties\":{\"$set\":{\"plan\":\"enterprise\"}}}]"));
    List<LoggedRequest> identifyRequests = requests("/identify");
    assertThat(identifyRequests).hasSize(1);
    assertThat(identifyRequests.get(0).getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(identification(identifyRequests.get(0)))
        .isEqualTo(
            JSON.readTree(
                "[{\"user_id\":\"member-00001\",\"user_properties\":{\"$set\":{\"company\":\"acme-corp\"}},"
                    + "\"groups\":{\"company\":\"acme-corp\"}}]"));
    assertThat(requests("/batch")).isEmpty();
  }

  @Test
  void groupRecord_isRejectedWhenItsMembershipIsRejected() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/identify")).atPriority(1).willReturn(aResponse().withStatus(400).withBody("invalid identification")));
    AmplitudeClient client = client(builder());

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, group("acme-corp", "member-00001"));

    assertStatuses(outcomes, Status.REJECTED);
    assertThat(requests("/groupidentify")).hasSize(1);
    assertThat(requests("/identify")).hasSize(1);
  }

  @Test
  void httpV2_sendsEventsToHttpApi() throws Exception {
    AmplitudeClient client = client(builder().eventsApi(EventsApi.HTTP_V2));

    List<CompletableFuture<Outcome>> outcomes = submitAll(client, event("user-00001", "ins-0"));

    assertStatuses(outcomes, Status.ACCEPTED);
    assertThat(requests("/batch")).isEmpty();
    List<LoggedRequest> requests = requests("/2/httpapi");
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).getHeader("Content-Type")).startsWith("application/json");
    assertThat(json(requests.get(0)).get("api_key").asText()).isEqualTo(KEY);
    assertThat(insertIds(requests.get(0))).containsExactly("ins-0");
  }

  @Test
  void eventOfAUserBeingIdentified_isSentOnlyAfterTheIdentifyIsAcknowledged() throws Exception {
    server.stubFor(post(urlPathEqualTo("/identify")).atPriority(1).willReturn(ok("success").withFixedDelay(300)));
    AmplitudeClient client = client(builder());
    // A run's first request goes alone: one answer first (on another endpoint), so that requests overlap.
    submitAll(client, GroupRecord.builder("company", "warm-up").build());

    List<CompletableFuture<Outcome>> outcomes =
        submitAll(client, user("user-00001"), event("user-00001", "ins-after-identify"), event("user-00002", "ins-other"));

    assertStatuses(outcomes, Status.ACCEPTED, Status.ACCEPTED, Status.ACCEPTED);
    ServeEvent identify = served("/identify").get(0);
    long acknowledged = identify.getRequest().getLoggedDate().getTime() + 300;
    List<ServeEvent> batches = served("/batch");
    assertThat(batches).hasSize(2);
    // Another user's event does not wait for the identify...
    assertThat(insertIds(batches.get(0).getRequest())).containsExactly("ins-other");
    assertThat(batches.get(0).getRequest().getLoggedDate().getTime()).isLessThan(acknowledged);
    // ...but the identified user's event leaves only once the identify is answered.
    assertThat(insertIds(batches.get(1).getRequest())).containsExactly("ins-after-identify");
    assertThat(batches.get(1).getRequest().getLoggedDate().getTime()).isGreaterThanOrEqualTo(acknowledged);
  }

  // ------------------------------------------------------------------ helpers

  private AmplitudeClient.Builder builder() {
    return AmplitudeClient.builder(KEY)
        .endpoint(URI.create(server.baseUrl()))
        .linger(Duration.ofSeconds(30)) // nothing leaves before flush(): see the class comment
        .closeTimeout(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(5))
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
        .throttleHold(HOLD);
  }

  private AmplitudeClient client(AmplitudeClient.Builder builder) {
    return amplitude.track(builder.build());
  }

  private static void assertStatuses(List<CompletableFuture<Outcome>> outcomes, Status... expected) {
    assertThat(outcomes.stream().map(o -> o.join().status()).toList()).containsExactly(expected);
    for (CompletableFuture<Outcome> outcome : outcomes) {
      Outcome o = outcome.join();
      if (o.status() == Status.ACCEPTED) {
        assertThat(o.reason()).isNull();
      } else {
        assertThat(o.reason()).isNotBlank().doesNotContain(KEY);
      }
      assertThat(o.toString()).doesNotContain(KEY);
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

  private static String success() {
    return "{\"code\":200,\"events_ingested\":1,\"payload_size_bytes\":100,\"server_upload_time\":1396381378123}";
  }

  private static EventRecord event(String userId, String insertId) {
    return EventRecord.builder("Order Completed").userId(userId).insertId(insertId).build();
  }

  private static UserRecord user(String userId) {
    return UserRecord.builder(userId).userProperties(PropertyOperations.builder().set("plan", "pro").build()).build();
  }

  private static GroupRecord group(String value, String memberUserId) {
    return GroupRecord.builder("company", value)
        .groupProperties(PropertyOperations.builder().set("plan", "enterprise").build())
        .userId(memberUserId)
        .build();
  }

  /** The requests to {@code path}, in the order they were answered. */
  private List<ServeEvent> served(String path) {
    List<ServeEvent> all = new ArrayList<>(server.getAllServeEvents());
    // WireMock journals a request once answered and lists the newest first. Reversed, that is the
    // order of the answers: exact for requests sent one after the other, which is all that the
    // tests rely on (concurrent requests are compared without regard to order).
    Collections.reverse(all);
    all.removeIf(e -> !e.getRequest().getUrl().equals(path));
    return all;
  }

  private List<LoggedRequest> requests(String path) {
    return served(path).stream().map(ServeEvent::getRequest).toList();
  }

  private List<LoggedRequest> awaitRequests(String path, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (requests(path).size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return requests(path);
  }

  private static long millisBetween(ServeEvent earlier, ServeEvent later) {
    return later.getRequest().getLoggedDate().getTime() - earlier.getRequest().getLoggedDate().getTime();
  }

  private static JsonNode json(LoggedRequest request) {
    return parse(request.getBodyAsString());
  }

  private static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<String> insertIds(LoggedRequest request) {
    return values(json(request).get("events"), "insert_id");
  }

  /** The events of a request by insert_id, sorted by insert_id. */
  private static Map<String, JsonNode> eventsByInsertId(LoggedRequest request) {
    Map<String, JsonNode> events = new java.util.TreeMap<>();
    for (JsonNode event : json(request).get("events")) {
      assertThat(events.put(event.get("insert_id").asText(), event)).isNull();
    }
    return events;
  }

  private static int eventCount(String body) {
    return parse(body).get("events").size();
  }

  private static List<String> values(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    for (JsonNode element : array) {
      values.add(element.path(field).asText(null));
    }
    return values;
  }

  /** A form body's fields: split on {@code &}, URL-decoded. */
  private static Map<String, String> form(LoggedRequest request) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : request.getBodyAsString().split("&")) {
      int eq = pair.indexOf('=');
      assertThat(eq).as("form pair %s", pair).isPositive();
      String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      assertThat(fields).doesNotContainKey(name);
      fields.put(name, URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return fields;
  }

  private static JsonNode identification(LoggedRequest request) {
    JsonNode identification = parse(form(request).get("identification"));
    assertThat(identification.isArray()).isTrue();
    return identification;
  }

  private static List<String> identifiedUsers(LoggedRequest request) {
    return values(identification(request), "user_id");
  }

  private static boolean isGzip(byte[] body) {
    return body.length > 1 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
  }
}
