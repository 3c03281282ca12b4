package dev.ampsync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeAmplitudeTest {
  private static final String KEY = "test-key";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
  private FakeAmplitude fake;

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.builder().apiKey(KEY).clock(clock).start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  // =================================================================== /batch and /2/httpapi

  @Test
  void batch_whenEventsValid_returns200WithCountSizeAndUploadTime() throws Exception {
    String body =
        eventsBody(
            event("Order Completed", "user-00001", null), event("Login", null, "device-0001"));

    Response response = postJson("/batch", body);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/json");
    JsonNode json = response.json();
    assertThat(json.get("code").asInt()).isEqualTo(200);
    assertThat(json.get("events_ingested").asInt()).isEqualTo(2);
    assertThat(json.get("payload_size_bytes").asInt())
        .isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
    assertThat(json.get("server_upload_time").asLong()).isEqualTo(clock.millis());
    assertThat(fake.events())
        .extracting(e -> e.get("event_type").asText())
        .containsExactly("Order Completed", "Login");
    assertThat(fake.eventCount()).isEqualTo(2);
  }

  @Test
  void httpApi_whenEventsValid_storesThemExactlyAsSentInOrder() throws Exception {
    ObjectNode first =
        event("A", "user-00001", null).put("time", 1714557600000L).put("price", 9.99);
    first.putObject("event_properties").put("sku", "X-1");
    postJson("/2/httpapi", eventsBody(first, event("B", "user-00001", null)));
    postJson("/2/httpapi", eventsBody(event("C", "user-00001", null)));

    assertThat(fake.events())
        .extracting(e -> e.get("event_type").asText())
        .containsExactly("A", "B", "C");
    ObjectNode stored = fake.events().get(0);
    assertThat(stored.get("time").asLong()).isEqualTo(1714557600000L);
    assertThat(stored.get("price").decimalValue()).isEqualByComparingTo("9.99");
    assertThat(stored.at("/event_properties/sku").asText()).isEqualTo("X-1");
    assertThat(fake.events("B")).hasSize(1);
  }

  @Test
  void httpApi_whenApiKeyUnknown_returns400EchoingTheKey() throws Exception {
    Response response =
        postJson("/2/httpapi", eventsBody("wrong-key", null, event("A", "user-00001", null)));

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("error").asText()).isEqualTo("Invalid API key: wrong-key");
    assertThat(response.json().get("code").asInt()).isEqualTo(400);
    assertThat(fake.eventCount()).isZero();
  }

  @Test
  void builder_whenSeveralApiKeys_acceptsEachOfThem() throws Exception {
    try (FakeAmplitude two =
        FakeAmplitude.builder().apiKey("key-one").addApiKey("key-two").start()) {
      assertThat(
              post(
                      two,
                      "/batch",
                      "application/json",
                      eventsBody("key-one", null, event("A", "user-00001", null)),
                      false)
                  .status())
          .isEqualTo(200);
      assertThat(
              post(
                      two,
                      "/batch",
                      "application/json",
                      eventsBody("key-two", null, event("A", "user-00001", null)),
                      false)
                  .status())
          .isEqualTo(200);
      assertThat(two.apiKey()).isEqualTo("key-one");
    }
    FakeAmplitude defaults = FakeAmplitude.start();
    assertThat(defaults.apiKey()).isEqualTo(FakeAmplitude.DEFAULT_API_KEY);
    assertThat(defaults.baseUrl()).matches("http://127\\.0\\.0\\.1:\\d+");
    defaults.close();
    defaults.close(); // idempotent
    assertThatThrownBy(() -> post(defaults, "/batch", "application/json", "{}", false))
        .isInstanceOf(IOException.class);
  }

  @Test
  void batch_whenApiKeyMissing_returns400MissingFieldApiKey() throws Exception {
    ObjectNode body = MAPPER.createObjectNode();
    body.putArray("events").add(event("A", "user-00001", null));

    Response response = postJson("/batch", body.toString());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("error").asText()).isEqualTo("Request missing required field");
    assertThat(response.json().get("missing_field").asText()).isEqualTo("api_key");
  }

  @Test
  void batch_whenEventsMissing_returns400MissingFieldEvents() throws Exception {
    Response response = postJson("/batch", "{\"api_key\":\"" + KEY + "\"}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("error").asText()).isEqualTo("Request missing required field");
    assertThat(response.json().get("missing_field").asText()).isEqualTo("events");
  }

  @Test
  void batch_whenBodyIsNotJson_returns400InvalidJson() throws Exception {
    Response response = postJson("/batch", "{\"api_key\": \"test-key\", \"events\": [");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().get("error").asText()).isEqualTo("Invalid JSON request body");
  }

  @Test
  void batch_whenContentTypeIsNotJson_returns400() throws Exception {
    Response response =
        post(fake, "/batch", "text/plain", eventsBody(event("A", "user-00001", null)), false);

    assertThat(response.status()).isEqualTo(400);
    assertThat(fake.eventCount()).isZero();
  }

  @Test
  void batch_whenEventLacksEventType_returns400WithIndexAndIngestsNothing() throws Exception {
    ObjectNode blank = event(" ", "user-00001", null);
    ObjectNode missing = event("A", "user-00001", null);
    missing.remove("event_type");

    Response response =
        postJson("/batch", eventsBody(event("A", "user-00001", null), missing, blank));

    assertThat(response.status()).isEqualTo(400);
    JsonNode json = response.json();
    assertThat(json.get("error").asText()).isEqualTo("Invalid field values on some events");
    assertThat(indexes(json.at("/events_with_missing_fields/event_type"))).containsExactly(1, 2);
    assertThat(json.get("events_with_invalid_fields").isEmpty()).isTrue();
    assertThat(json.get("events_with_invalid_id_lengths").isEmpty()).isTrue();
    assertThat(fake.eventCount()).isZero();
  }

  @Test
  void batch_whenEventHasNeitherUserIdNorDeviceId_returns400MissingUserId() throws Exception {
    Response response =
        postJson("/batch", eventsBody(event("A", null, null), event("B", "user-00001", null)));

    assertThat(response.status()).isEqualTo(400);
    assertThat(indexes(response.json().at("/events_with_missing_fields/user_id")))
        .containsExactly(0);
  }

  @Test
  void batch_whenTimeIsNotAnInteger_returns400InvalidFieldTime() throws Exception {
    Response response =
        postJson(
            "/batch",
            eventsBody(
                event("A", "user-00001", null).put("time", 1714557600000L),
                event("B", "user-00001", null).put("time", "2024-05-01T10:00:00Z"),
                event("C", "user-00001", null).put("time", 1.5)));

    assertThat(response.status()).isEqualTo(400);
    assertThat(indexes(response.json().at("/events_with_invalid_fields/time")))
        .containsExactly(1, 2);
  }

  @Test
  void batch_whenIdShorterThanMinIdLength_returns400InvalidIdLengths() throws Exception {
    Response response =
        postJson(
            "/batch",
            eventsBody(
                event("A", "usr1", null),
                event("B", "user-00001", "dev"),
                event("C", "user-00001", "device-1")));

    assertThat(response.status()).isEqualTo(400);
    JsonNode lengths = response.json().get("events_with_invalid_id_lengths");
    assertThat(indexes(lengths.get("user_id"))).containsExactly(0);
    assertThat(indexes(lengths.get("device_id"))).containsExactly(1);
  }

  @Test
  void batch_whenOptionsLowerMinIdLength_acceptsShortIds() throws Exception {
    ObjectNode body = (ObjectNode) MAPPER.readTree(eventsBody(event("A", "usr1", "dev")));
    body.putObject("options").put("min_id_length", 3);

    assertThat(postJson("/batch", body.toString()).status()).isEqualTo(200);
    assertThat(fake.eventCount()).isEqualTo(1);
  }

  @Test
  void batch_whenIdIsARefusedValue_returns400InvalidFieldUnderTheIdName() throws Exception {
    Response response =
        postJson(
            "/batch",
            eventsBody(
                event("A", " Null ", "device-0001"),
                event("B", "user-00001", "00000000-0000-0000-0000-000000000000"),
                event("C", "ANONYMOUS", null),
                event("D", "user-00001", "device-0001")));

    assertThat(response.status()).isEqualTo(400);
    JsonNode invalid = response.json().get("events_with_invalid_fields");
    assertThat(indexes(invalid.get("user_id"))).containsExactly(0, 2);
    assertThat(indexes(invalid.get("device_id"))).containsExactly(1);
    assertThat(fake.eventCount()).isZero();
  }

  @Test
  void batch_whenEventHasMalformedFields_listsEachUnderItsName() throws Exception {
    ObjectNode badProps = event("A", "user-00001", null);
    badProps.put("event_properties", "not-an-object");
    ObjectNode badOperation = event("B", "user-00001", null);
    badOperation.putObject("user_properties").put("$set", "plan");
    ObjectNode badGroups = event("C", "user-00001", null);
    badGroups.putObject("groups").put("company", 42);

    Response response = postJson("/batch", eventsBody(badProps, badOperation, badGroups));

    JsonNode invalid = response.json().get("events_with_invalid_fields");
    assertThat(indexes(invalid.get("event_properties"))).containsExactly(0);
    assertThat(indexes(invalid.get("user_properties"))).containsExactly(1);
    assertThat(indexes(invalid.get("groups"))).containsExactly(2);
  }

  @Test
  void batch_whenDeviceSilenced_returns400WithSilencedDevicesAndEvents() throws Exception {
    fake.silenceDevice("device-bad1");

    Response response =
        postJson(
            "/batch",
            eventsBody(
                event("A", "user-00001", "device-good"),
                event("B", "user-00002", "device-bad1"),
                event("C", null, "device-bad1")));

    assertThat(response.status()).isEqualTo(400);
    JsonNode json = response.json();
    assertThat(json.get("error").asText()).isEqualTo("Events silenced for device_id");
    assertThat(json.get("silenced_devices"))
        .extracting(JsonNode::asText)
        .containsExactly("device-bad1");
    assertThat(indexes(json.get("silenced_events"))).containsExactly(1, 2);
    assertThat(fake.eventCount()).isZero();
  }

  @Test
  void httpApi_whenMoreThan2000Events_returns413() throws Exception {
    ObjectNode[] events = new ObjectNode[2001];
    for (int i = 0; i < events.length; i++) {
      events[i] = event("E", "user-00001", null);
    }

    Response response = postJson("/2/httpapi", eventsBody(events));

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.json().get("error").asText()).isEqualTo("Payload too large");
    assertThat(response.json().get("code").asInt()).isEqualTo(413);
    assertThat(fake.eventCount()).isZero();
    assertThat(postJson("/2/httpapi", eventsBody(java.util.Arrays.copyOf(events, 2000))).status())
        .isEqualTo(200);
  }

  @Test
  void httpApi_whenBodyLargerThan1Mb_returns413ButBatchAcceptsIt() throws Exception {
    ObjectNode big = event("Big", "user-00001", null);
    big.putObject("event_properties").put("blob", "x".repeat(1_000_001));
    String body = eventsBody(big);

    assertThat(postJson("/2/httpapi", body).status()).isEqualTo(413);
    assertThat(postJson("/batch", body).status()).isEqualTo(200);
  }

  @Test
  void builder_whenLimitsConfigured_appliesThemToCountAndBytes() throws Exception {
    try (FakeAmplitude small =
        FakeAmplitude.builder().apiKey(KEY).maxEventsPerRequest(2).maxBatchBytes(300).start()) {
      String three =
          eventsBody(
              event("A", "user-00001", null),
              event("B", "user-00001", null),
              event("C", "user-00001", null));
      assertThat(post(small, "/batch", "application/json", three, false).status()).isEqualTo(413);

      ObjectNode big = event("A", "user-00001", null);
      big.putObject("event_properties").put("blob", "y".repeat(300));
      assertThat(post(small, "/batch", "application/json", eventsBody(big), false).status())
          .isEqualTo(413);

      assertThat(
              post(
                      small,
                      "/batch",
                      "application/json",
                      eventsBody(event("A", "user-00001", null)),
                      false)
                  .status())
          .isEqualTo(200);
    }
  }

  @Test
  void batch_whenUserThrottledForTwoRequests_returns429TwiceThenAccepts() throws Exception {
    fake.throttleUser("user-hot01", 2);
    String body =
        eventsBody(
            event("A", "user-00001", null),
            event("B", "user-hot01", "device-0001"),
            event("C", "user-hot01", null));

    Response first = postJson("/batch", body);

    assertThat(first.status()).isEqualTo(429);
    JsonNode json = first.json();
    assertThat(json.get("code").asInt()).isEqualTo(429);
    assertThat(json.get("error").asText())
        .isEqualTo("Too many requests for some devices and users");
    assertThat(json.get("eps_threshold").asInt()).isEqualTo(1000);
    assertThat(json.get("throttled_users").has("user-hot01")).isTrue();
    assertThat(json.get("throttled_devices").isEmpty()).isTrue();
    assertThat(indexes(json.get("throttled_events"))).containsExactly(1, 2);
    assertThat(json.get("exceeded_daily_quota_users").isEmpty()).isTrue();
    assertThat(json.get("exceeded_daily_quota_devices").isEmpty()).isTrue();
    assertThat(fake.eventCount()).isZero();

    assertThat(postJson("/batch", eventsBody(event("X", "user-00001", null))).status())
        .isEqualTo(200);
    assertThat(postJson("/batch", body).status()).isEqualTo(429);
    assertThat(postJson("/batch", body).status()).isEqualTo(200);
    assertThat(fake.eventCount()).isEqualTo(4);
  }

  @Test
  void httpApi_whenDeviceThrottled_reportsEpsThreshold30() throws Exception {
    fake.throttleDevice("device-hot1", 1);

    Response response = postJson("/2/httpapi", eventsBody(event("A", null, "device-hot1")));

    assertThat(response.status()).isEqualTo(429);
    assertThat(response.json().get("eps_threshold").asInt()).isEqualTo(30);
    assertThat(response.json().at("/throttled_devices/device-hot1").asInt()).isEqualTo(31);
    assertThat(indexes(response.json().get("throttled_events"))).containsExactly(0);
  }

  @Test
  void batch_whenDeviceThrottledForADuration_returns429UntilTheClockPassesIt() throws Exception {
    fake.throttleDevice("device-hot1", Duration.ofSeconds(15));
    String body = eventsBody(event("A", null, "device-hot1"));

    assertThat(postJson("/batch", body).status()).isEqualTo(429);
    clock.advance(Duration.ofSeconds(14));
    assertThat(postJson("/batch", body).status()).isEqualTo(429);
    clock.advance(Duration.ofSeconds(1));
    assertThat(postJson("/batch", body).status()).isEqualTo(200);
  }

  @Test
  void batch_whenIdsOverDailyQuota_returns429WithQuotaMaps() throws Exception {
    fake.exceedDailyQuotaForUser("user-spam1").exceedDailyQuotaForDevice("device-spam");

    Response response =
        postJson(
            "/batch",
            eventsBody(
                event("A", "user-00001", null),
                event("B", "user-spam1", null),
                event("C", null, "device-spam")));

    assertThat(response.status()).isEqualTo(429);
    JsonNode json = response.json();
    assertThat(json.at("/exceeded_daily_quota_users/user-spam1").asInt()).isGreaterThan(500_000);
    assertThat(json.at("/exceeded_daily_quota_devices/device-spam").asInt()).isGreaterThan(500_000);
    assertThat(json.get("throttled_users").isEmpty()).isTrue();
    assertThat(fake.eventCount()).isZero();
    assertThat(postJson("/batch", eventsBody(event("B", "user-spam1", null))).status())
        .isEqualTo(429);
  }

  @Test
  void batch_whenInsertIdRepeated_acknowledgesButStoresOnce() throws Exception {
    ObjectNode event = event("Order", "user-00001", null).put("insert_id", "order-1");

    Response first = postJson("/batch", eventsBody(event));
    Response second =
        postJson(
            "/batch",
            eventsBody(event, event("Order", "user-00001", null).put("insert_id", "order-2")));

    assertThat(first.status()).isEqualTo(200);
    assertThat(second.status()).isEqualTo(200);
    assertThat(second.json().get("events_ingested").asInt()).isEqualTo(2);
    assertThat(fake.eventCount()).isEqualTo(2);
    assertThat(fake.duplicateCount()).isEqualTo(1);
    assertThat(fake.distinctInsertIds()).containsExactly("order-1", "order-2");
  }

  @Test
  void batch_whenSameInsertIdOnAnotherDevice_storesBoth() throws Exception {
    postJson(
        "/batch", eventsBody(event("A", "user-00001", "device-0001").put("insert_id", "same")));
    postJson(
        "/batch", eventsBody(event("A", "user-00001", "device-0002").put("insert_id", "same")));
    postJson(
        "/batch", eventsBody(event("A", "user-00001", "device-0002").put("insert_id", "same")));

    assertThat(fake.eventCount()).isEqualTo(2);
    assertThat(fake.duplicateCount()).isEqualTo(1);
  }

  @Test
  void batch_whenInsertIdRepeatedAfterSevenDays_storesAgain() throws Exception {
    String body = eventsBody(event("A", "user-00001", null).put("insert_id", "order-1"));
    postJson("/batch", body);
    clock.advance(Duration.ofDays(7).minusSeconds(1));
    postJson("/batch", body);
    clock.advance(Duration.ofSeconds(1));
    postJson("/batch", body);

    assertThat(fake.eventCount()).isEqualTo(2);
    assertThat(fake.duplicateCount()).isEqualTo(1);
  }

  @Test
  void batch_whenBodyGzipped_decompressesAndRecordsBothSizes() throws Exception {
    ObjectNode event = event("Zipped", "user-00001", null);
    event.putObject("event_properties").put("text", "a".repeat(5000));
    String body = eventsBody(event);

    Response response = post(fake, "/batch", "application/json", body, true);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().get("payload_size_bytes").asInt()).isEqualTo(body.length());
    RecordedRequest recorded = fake.requests().get(0);
    assertThat(recorded.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(recorded.decompressedSize()).isEqualTo(body.length());
    assertThat(recorded.rawBody().length).isLessThan(body.length());
    assertThat(recorded.bodyText()).isEqualTo(body);
    assertThat(recorded.status()).isEqualTo(200);
    assertThat(recorded.toString()).doesNotContain(KEY);
  }

  @Test
  void httpApi_whenGzippedBodyOver1MbDecompressed_returns413() throws Exception {
    ObjectNode big = event("Big", "user-00001", null);
    big.putObject("event_properties").put("blob", "z".repeat(1_100_000));

    Response response = post(fake, "/2/httpapi", "application/json", eventsBody(big), true);

    assertThat(fake.requests().get(0).rawBody().length).isLessThan(100_000);
    assertThat(response.status()).isEqualTo(413);
  }

  // =================================================================== profiles via events

  @Test
  void batch_identifyEvent_appliesUserPropertiesAndGroups() throws Exception {
    ObjectNode identify = event("$identify", "user-00001", "device-0001");
    identify.putObject("user_properties").putObject("$set").put("plan", "pro");
    identify.putObject("groups").put("company", "acme");

    postJson("/batch", eventsBody(identify));

    FakeProfile user = fake.user("user-00001").orElseThrow();
    assertThat(user.properties()).containsEntry("plan", "pro");
    assertThat(user.groups()).containsEntry("company", List.of("acme"));
    assertThat(user.deviceIds()).containsExactly("device-0001");
    assertThat(fake.device("device-0001").orElseThrow().userIds()).containsExactly("user-00001");
    assertThat(fake.events("$identify")).hasSize(1);
  }

  @Test
  void batch_groupIdentifyEvent_appliesGroupProperties() throws Exception {
    ObjectNode event = event("$groupidentify", "user-00001", null);
    event.putObject("groups").put("company", "acme");
    event.putObject("group_properties").putObject("$set").put("tier", "gold");

    postJson("/batch", eventsBody(event));

    assertThat(fake.group("company", "acme").orElseThrow().properties())
        .containsEntry("tier", "gold");
    assertThat(fake.user("user-00001")).isEmpty();
  }

  @Test
  void batch_ordinaryEventWithUserProperties_updatesProfileUnlessSkipSync() throws Exception {
    ObjectNode plain = event("Login", "user-00001", null);
    ObjectNode props = plain.putObject("user_properties");
    props.put("plan", "basic");
    props.putObject("$add").put("logins", 1);
    ObjectNode skipped =
        event("Backfill", "user-00001", null).put("$skip_user_properties_sync", true);
    skipped.putObject("user_properties").put("plan", "historic");
    ObjectNode noProps = event("View", "user-00002", null);

    postJson("/batch", eventsBody(plain, skipped, noProps));

    FakeProfile user = fake.user("user-00001").orElseThrow();
    assertThat(user.property("plan")).isEqualTo("basic");
    assertThat((BigDecimal) user.property("logins")).isEqualByComparingTo("1");
    assertThat(fake.user("user-00002")).isEmpty();
    assertThat(fake.eventCount()).isEqualTo(3);
  }

  @Test
  void batch_duplicateIdentifyEvent_isNotAppliedTwice() throws Exception {
    ObjectNode identify = event("$identify", "user-00001", null).put("insert_id", "id-1");
    identify.putObject("user_properties").putObject("$add").put("n", 1);

    postJson("/batch", eventsBody(identify));
    postJson("/batch", eventsBody(identify));

    assertThat((BigDecimal) fake.user("user-00001").orElseThrow().property("n"))
        .isEqualByComparingTo("1");
  }

  // =================================================================== /identify

  @Test
  void identify_whenValid_returnsPlainSuccessAndSetsProperties() throws Exception {
    Response response =
        identify(
            "[{\"user_id\":\"user-00001\",\"user_properties\":{\"plan\":\"pro\",\"seats\":3}}]");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("success");
    assertThat(response.contentType()).startsWith("text/plain");
    FakeProfile user = fake.user("user-00001").orElseThrow();
    assertThat(user.property("plan")).isEqualTo("pro");
    assertThat((BigDecimal) user.property("seats")).isEqualByComparingTo("3");
    assertThat(fake.eventCount()).isZero();
  }

  @Test
  void identify_whenSingleObject_isAcceptedLikeAnArray() throws Exception {
    assertThat(
            identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"$set\":{\"a\":true}}}")
                .status())
        .isEqualTo(200);
    assertThat(fake.user("user-00001").orElseThrow().property("a")).isEqualTo(true);
  }

  @Test
  void identify_setOnce_setsOnlyWhenNeverSetEvenAfterUnset() throws Exception {
    identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"$setOnce\":{\"first\":\"a\"}}}");
    identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"$setOnce\":{\"first\":\"b\"}}}");
    assertThat(fake.user("user-00001").orElseThrow().property("first")).isEqualTo("a");

    identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"$unset\":{\"first\":\"-\"}}}");
    assertThat(fake.user("user-00001").orElseThrow().properties()).doesNotContainKey("first");

    identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"$setOnce\":{\"first\":\"c\"}}}");
    assertThat(fake.user("user-00001").orElseThrow().properties()).doesNotContainKey("first");
  }

  @Test
  void identify_add_usesDecimalArithmeticFromZero() throws Exception {
    identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"$add\":{\"score\":0.1}}}");
    identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"$add\":{\"score\":0.2}}}");
    identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"$add\":{\"score\":-1}}}");

    assertThat((BigDecimal) fake.user("user-00001").orElseThrow().property("score"))
        .isEqualByComparingTo("-0.7");
  }

  @Test
  void identify_listOperations_appendPrependInsertRemove() throws Exception {
    identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"$set\":{\"tags\":\"a\"}}}");
    identify(
        "{\"user_id\":\"user-00001\",\"user_properties\":{\"$append\":{\"tags\":[\"b\",\"a\"]}}}");
    assertThat(tags()).containsExactly("a", "b", "a");

    identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"$prepend\":{\"tags\":\"z\"}}}");
    assertThat(tags()).containsExactly("z", "a", "b", "a");

    identify(
        "{\"user_id\":\"user-00001\",\"user_properties\":{\"$preInsert\":{\"tags\":[\"a\",\"x\",\"y\"]}}}");
    assertThat(tags()).containsExactly("x", "y", "z", "a", "b", "a");

    identify(
        "{\"user_id\":\"user-00001\",\"user_properties\":{\"$postInsert\":{\"tags\":[\"b\",\"w\",\"w\"]}}}");
    assertThat(tags()).containsExactly("x", "y", "z", "a", "b", "a", "w");

    identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"$remove\":{\"tags\":\"a\"}}}");
    assertThat(tags()).containsExactly("x", "y", "z", "b", "w");

    identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"$append\":{\"fresh\":1}}}");
    assertThat((List<?>) fake.user("user-00001").orElseThrow().property("fresh")).hasSize(1);
  }

  @Test
  void identify_clearAll_dropsEveryProperty() throws Exception {
    identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"a\":1,\"b\":2}}");

    identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"$clearAll\":\"-\"}}");

    assertThat(fake.user("user-00001").orElseThrow().properties()).isEmpty();
  }

  @Test
  void identify_whenOperationsMixedWithPlainKeys_returns400AndAppliesNothing() throws Exception {
    Response response =
        identify(
            "[{\"user_id\":\"user-00001\",\"user_properties\":{\"plan\":\"ok\"}},"
                + "{\"user_id\":\"user-00002\",\"user_properties\":{\"$append\":{\"i\":\"Music\"},\"plan\":\"paid\"}}]");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).doesNotContainPattern("\\d");
    assertThat(fake.user("user-00001")).isEmpty();
    assertThat(fake.user("user-00002")).isEmpty();
  }

  @Test
  void identify_whenIdInvalid_returns400PlainText() throws Exception {
    assertThat(identify("{\"user_properties\":{\"a\":1}}").status()).isEqualTo(400);
    assertThat(identify("{\"user_id\":\"usr1\"}").status()).isEqualTo(400);
    assertThat(identify("{\"user_id\":\"undefined\"}").status()).isEqualTo(400);
    assertThat(identify("{\"device_id\":\"  NONE \"}").status()).isEqualTo(400);
    assertThat(fake.users()).isEmpty();
  }

  @Test
  void identify_whenOptionsLowerMinIdLength_acceptsShortIds() throws Exception {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("api_key", KEY);
    form.put("identification", "{\"user_id\":\"usr1\",\"user_properties\":{\"a\":1}}");
    form.put("options", "{\"min_id_length\":3}");

    assertThat(postForm("/identify", form).status()).isEqualTo(200);
    assertThat(fake.user("usr1")).isPresent();
  }

  @Test
  void identify_whenApiKeyWrong_returns400InvalidApiKey() throws Exception {
    Map<String, String> form =
        Map.of("api_key", "nope", "identification", "{\"user_id\":\"user-00001\"}");

    Response response = postForm("/identify", form);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.body()).isEqualTo("Invalid API key");
  }

  @Test
  void identify_whenIdentificationMissingOrMalformed_returnsMissingEvent() throws Exception {
    Response missing = postForm("/identify", Map.of("api_key", KEY));
    Response malformed =
        postForm("/identify", Map.of("api_key", KEY, "identification", "{not json"));

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.body()).isEqualTo("missing_event");
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.body()).isEqualTo("missing_event");
  }

  @Test
  void identify_whenTooManyIdentificationsOrBytes_returns413() throws Exception {
    try (FakeAmplitude small =
        FakeAmplitude.builder()
            .apiKey(KEY)
            .maxIdentificationsPerRequest(2)
            .maxIdentifyBytes(500)
            .start()) {
      String three =
          "[{\"user_id\":\"user-00001\"},{\"user_id\":\"user-00002\"},{\"user_id\":\"user-00003\"}]";
      assertThat(
              post(
                      small,
                      "/identify",
                      "application/x-www-form-urlencoded",
                      form(Map.of("api_key", KEY, "identification", three)),
                      false)
                  .status())
          .isEqualTo(413);
      String big =
          "{\"user_id\":\"user-00001\",\"user_properties\":{\"a\":\"" + "b".repeat(600) + "\"}}";
      assertThat(
              post(
                      small,
                      "/identify",
                      "application/x-www-form-urlencoded",
                      form(Map.of("api_key", KEY, "identification", big)),
                      false)
                  .status())
          .isEqualTo(413);
      assertThat(small.users()).isEmpty();
    }
  }

  @Test
  void identify_whenUserThrottled_returns429JsonAndAppliesNothing() throws Exception {
    fake.throttleUser("user-hot01", 1);

    Response response =
        identify(
            "[{\"user_id\":\"user-00001\",\"user_properties\":{\"a\":1}},{\"user_id\":\"user-hot01\"}]");

    assertThat(response.status()).isEqualTo(429);
    assertThat(response.json().get("eps_threshold").asInt()).isEqualTo(30);
    assertThat(response.json().get("throttled_users").has("user-hot01")).isTrue();
    assertThat(indexes(response.json().get("throttled_events"))).containsExactly(1);
    assertThat(fake.users()).isEmpty();
  }

  @Test
  void identify_fields_updateDeviceAndLocationFieldsAsASet() throws Exception {
    identify(
        "{\"user_id\":\"user-00001\",\"platform\":\"iOS\",\"os_name\":\"ios\",\"device_model\":\"iPhone\","
            + "\"country\":\"France\",\"city\":\"Paris\",\"paying\":\"true\",\"start_version\":\"1.0\"}");
    identify("{\"user_id\":\"user-00001\",\"os_version\":\"17\",\"city\":\"Lyon\"}");
    identify("{\"user_id\":\"user-00001\",\"language\":\"French\"}");

    Map<String, Object> fields = fake.user("user-00001").orElseThrow().fields();
    assertThat(fields)
        .containsEntry("os_version", "17")
        .containsEntry("platform", null)
        .containsEntry("os_name", null)
        .containsEntry("device_model", null)
        .containsEntry("city", "Lyon")
        .containsEntry("country", null)
        .containsEntry("paying", "true")
        .containsEntry("start_version", "1.0")
        .containsEntry("language", "French");
  }

  @Test
  void identify_groups_replaceValuesPerTypeAndLinkDevice() throws Exception {
    identify(
        "{\"user_id\":\"user-00001\",\"device_id\":\"device-0001\",\"groups\":{\"company\":\"acme\",\"team\":[\"red\",\"blue\"]}}");
    identify("{\"user_id\":\"user-00001\",\"groups\":{\"company\":\"globex\"}}");

    FakeProfile user = fake.user("user-00001").orElseThrow();
    assertThat(user.groups())
        .containsEntry("company", List.of("globex"))
        .containsEntry("team", List.of("red", "blue"));
    assertThat(user.deviceIds()).containsExactly("device-0001");
    assertThat(fake.device("device-0001").orElseThrow().userIds()).containsExactly("user-00001");
  }

  @Test
  void identify_whenOnlyDeviceId_updatesTheDeviceProfile() throws Exception {
    identify(
        "{\"device_id\":\"device-0001\",\"platform\":\"Android\",\"user_properties\":{\"a\":\"b\"}}");

    FakeProfile device = fake.device("device-0001").orElseThrow();
    assertThat(device.properties()).containsEntry("a", "b");
    assertThat(device.fields()).containsEntry("platform", "Android");
    assertThat(fake.users()).isEmpty();
  }

  // =================================================================== /groupidentify

  @Test
  void groupIdentify_whenValid_appliesPropertyOperations() throws Exception {
    groupIdentify(
        "[{\"group_type\":\"company\",\"group_value\":\"acme\",\"group_properties\":{\"name\":\"Acme\",\"seats\":5}}]");
    Response response =
        groupIdentify(
            "{\"group_type\":\"company\",\"group_value\":\"acme\",\"group_properties\":{\"$add\":{\"seats\":2},\"$unset\":{\"name\":\"-\"},\"$setOnce\":{\"since\":\"2024\"}}}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("success");
    FakeProfile group = fake.group("company", "acme").orElseThrow();
    assertThat(group.properties()).containsOnlyKeys("seats", "since");
    assertThat((BigDecimal) group.property("seats")).isEqualByComparingTo("7");
    assertThat(fake.group("company", "other")).isEmpty();
  }

  @Test
  void groupIdentify_whenMoreThan1024Identifications_returns413() throws Exception {
    String items =
        java.util.stream.IntStream.range(0, 1025)
            .mapToObj(i -> "{\"group_type\":\"t\",\"group_value\":\"v" + i + "\"}")
            .collect(Collectors.joining(",", "[", "]"));

    assertThat(groupIdentify(items).status()).isEqualTo(413);
    assertThat(fake.group("t", "v0")).isEmpty();
  }

  @Test
  void groupIdentify_whenMoreThan1024Properties_returns400() throws Exception {
    StringBuilder props = new StringBuilder();
    for (int i = 0; i < 1025; i++) {
      props.append(i == 0 ? "" : ",").append("\"p").append(i).append("\":1");
    }
    Response response =
        groupIdentify(
            "{\"group_type\":\"company\",\"group_value\":\"acme\",\"group_properties\":{\"$set\":{"
                + props
                + "}}}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.contentType()).startsWith("text/plain");
    assertThat(fake.group("company", "acme")).isEmpty();
  }

  @Test
  void groupIdentify_whenBodyOverLimit_returns413() throws Exception {
    String big =
        "{\"group_type\":\"company\",\"group_value\":\"acme\",\"group_properties\":{\"x\":\""
            + "q".repeat(1_000_000)
            + "\"}}";

    assertThat(groupIdentify(big).status()).isEqualTo(413);
  }

  @Test
  void groupIdentify_whenItemInvalid_returns400AndAppliesNothing() throws Exception {
    Response response =
        groupIdentify(
            "[{\"group_type\":\"company\",\"group_value\":\"acme\",\"group_properties\":{\"a\":1}},{\"group_type\":\"company\"}]");
    Response mixed =
        groupIdentify(
            "{\"group_type\":\"company\",\"group_value\":\"acme\",\"group_properties\":{\"a\":1,\"$set\":{\"b\":2}}}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(mixed.status()).isEqualTo(400);
    assertThat(fake.group("company", "acme")).isEmpty();
  }

  // =================================================================== faults

  @Test
  void failNext_answersTheStatusWithoutIngestingThenRecovers() throws Exception {
    fake.failNext(1, 503).failNext(1, 502);
    String body = eventsBody(event("A", "user-00001", null));

    Response first = postJson("/batch", body);
    Response second = postJson("/batch", body);
    Response third = postJson("/batch", body);

    assertThat(first.status()).isEqualTo(503);
    assertThat(second.status()).isEqualTo(502);
    assertThat(second.body()).startsWith("<html>");
    assertThat(third.status()).isEqualTo(200);
    assertThat(fake.eventCount()).isEqualTo(1);
    assertThat(fake.faultCounts()).containsEntry(FaultKind.SERVER_ERROR, 2L);
    assertThat(fake.requests()).extracting(RecordedRequest::status).containsExactly(503, 502, 200);
  }

  @Test
  void acceptThenFail_ingestsTheRequestButAnswers500() throws Exception {
    fake.acceptThenFail(1);
    String body = eventsBody(event("A", "user-00001", null).put("insert_id", "i-1"));

    Response first = postJson("/batch", body);
    Response retry = postJson("/batch", body);

    assertThat(first.status()).isEqualTo(500);
    assertThat(retry.status()).isEqualTo(200);
    assertThat(fake.eventCount()).isEqualTo(1);
    assertThat(fake.duplicateCount()).isEqualTo(1);
    assertThat(fake.faultCounts()).containsEntry(FaultKind.ACCEPT_THEN_FAIL, 1L);
  }

  @Test
  void resetNext_dropsTheConnectionSoTheClientThrowsIoException() throws Exception {
    fake.resetNext(1);
    String body = eventsBody(event("A", "user-00001", null));

    assertThatThrownBy(() -> postJson("/batch", body)).isInstanceOf(IOException.class);
    assertThat(fake.eventCount()).isZero();
    assertThat(fake.requests())
        .extracting(RecordedRequest::status)
        .containsExactly(RecordedRequest.NO_RESPONSE);
    assertThat(postJson("/batch", body).status()).isEqualTo(200);
    assertThat(fake.faultCounts()).containsEntry(FaultKind.RESET, 1L);
  }

  @Test
  void delayNext_holdsTheRequestThenProcessesIt() throws Exception {
    fake.delayNext(1, Duration.ofMillis(150));

    long start = System.nanoTime();
    Response response = postJson("/batch", eventsBody(event("A", "user-00001", null)));
    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(response.status()).isEqualTo(200);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(150);
    assertThat(fake.eventCount()).isEqualTo(1);
  }

  @Test
  void failNext_with429_namesEveryIdOfTheRequestAsThrottled() throws Exception {
    fake.failNext(1, 429);

    Response response =
        identify(
            "[{\"user_id\":\"user-00001\"},{\"user_id\":\"user-00002\",\"device_id\":\"device-0001\"}]");

    assertThat(response.status()).isEqualTo(429);
    assertThat(response.json().get("throttled_users").size()).isEqualTo(2);
    assertThat(response.json().get("throttled_devices").has("device-0001")).isTrue();
    assertThat(indexes(response.json().get("throttled_events"))).containsExactly(0, 1);
    assertThat(fake.faultCounts()).containsEntry(FaultKind.THROTTLE, 1L);
  }

  @Test
  void faults_doNotApplyToOtherPathsOrMethods() throws Exception {
    fake.failNext(1, 500);

    Response unknown = postJson("/v1/other", "{}");
    HttpResponse<String> get =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/batch")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    Response identify = identify("{\"user_id\":\"user-00001\"}");

    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("error").asText()).isEqualTo("Invalid request path");
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(identify.status()).isEqualTo(500);
    assertThat(fake.requestCount("/identify")).isEqualTo(1);
    assertThat(fake.requestCount("/v1/other")).isEqualTo(1);
  }

  @Test
  void randomFaults_withTheSameSeed_areReproducible() throws Exception {
    EnumSet<FaultKind> kinds = EnumSet.allOf(FaultKind.class);
    List<Integer> firstRun = runRandomFaults(kinds);
    Map<FaultKind, Long> firstCounts = fake.faultCounts();
    fake.reset();
    List<Integer> secondRun = runRandomFaults(kinds);

    assertThat(secondRun).isEqualTo(firstRun);
    assertThat(fake.faultCounts()).isEqualTo(firstCounts);
    long faults = firstCounts.values().stream().mapToLong(Long::longValue).sum();
    assertThat(faults).isBetween(5L, 35L);
    assertThat(firstRun).contains(200);
  }

  @Test
  void randomFaults_drawOnlyTheGivenKinds() throws Exception {
    fake.randomFaults(1.0, 7, EnumSet.of(FaultKind.TOO_LARGE));

    Response response = identify("[{\"user_id\":\"user-00001\"},{\"user_id\":\"user-00002\"}]");

    assertThat(response.status()).isEqualTo(413);
    assertThat(fake.faultCounts())
        .containsEntry(FaultKind.TOO_LARGE, 1L)
        .containsEntry(FaultKind.SERVER_ERROR, 0L);
  }

  @Test
  void randomTooLarge_neverHitsARequestOfOneRecord() throws Exception {
    fake.randomFaults(1.0, 7, EnumSet.of(FaultKind.TOO_LARGE));

    Response response = identify("{\"user_id\":\"user-00001\"}");

    assertThat(response.status()).isEqualTo(200);
    assertThat(fake.faultCounts()).containsEntry(FaultKind.TOO_LARGE, 0L);
  }

  // =================================================================== state and threads

  @Test
  void reset_forgetsEventsProfilesRequestsAndScripts() throws Exception {
    postJson("/batch", eventsBody(event("A", "user-00001", null).put("insert_id", "i-1")));
    identify("{\"user_id\":\"user-00001\",\"user_properties\":{\"a\":1}}");
    fake.failNext(3, 500).throttleUser("user-00001", 5).silenceDevice("device-0001");

    fake.reset();

    assertThat(fake.events()).isEmpty();
    assertThat(fake.users()).isEmpty();
    assertThat(fake.requests()).isEmpty();
    assertThat(fake.faultCounts().values()).containsOnly(0L);
    assertThat(
            postJson(
                    "/batch",
                    eventsBody(event("A", "user-00001", "device-0001").put("insert_id", "i-1")))
                .status())
        .isEqualTo(200);
    assertThat(fake.eventCount()).isEqualTo(1);
    assertThat(fake.duplicateCount()).isZero();
  }

  @Test
  void batch_whenRequestsConcurrent_ingestsEveryEventOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        int n = i;
        calls.add(
            () ->
                postJson(
                        "/batch",
                        eventsBody(
                            event("E", "user-" + (10000 + n), null).put("insert_id", "a-" + n),
                            event("E", "user-" + (10000 + n), null).put("insert_id", "b-" + n)))
                    .status());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> future : pool.invokeAll(calls)) {
        statuses.add(future.get());
      }
      assertThat(statuses).containsOnly(200);
    } finally {
      pool.shutdownNow();
    }
    assertThat(fake.eventCount()).isEqualTo(64);
    assertThat(fake.distinctInsertIds()).hasSize(64);
    assertThat(fake.requestCount("/batch")).isEqualTo(32);
  }

  // =================================================================== helpers

  private List<Integer> runRandomFaults(EnumSet<FaultKind> kinds) {
    fake.randomFaults(0.3, 42L, kinds, Duration.ofMillis(5));
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      try {
        statuses.add(postJson("/batch", eventsBody(event("E", "user-00001", null))).status());
      } catch (IOException e) {
        statuses.add(RecordedRequest.NO_RESPONSE);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
    return statuses;
  }

  @SuppressWarnings("unchecked")
  private List<Object> tags() {
    return (List<Object>) fake.user("user-00001").orElseThrow().property("tags");
  }

  private static ObjectNode event(String type, String userId, String deviceId) {
    ObjectNode event = MAPPER.createObjectNode();
    if (type != null) {
      event.put("event_type", type);
    }
    if (userId != null) {
      event.put("user_id", userId);
    }
    if (deviceId != null) {
      event.put("device_id", deviceId);
    }
    return event;
  }

  private static String eventsBody(ObjectNode... events) {
    return eventsBody(KEY, null, events);
  }

  private static String eventsBody(String apiKey, Integer minIdLength, ObjectNode... events) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("api_key", apiKey);
    ArrayNode array = body.putArray("events");
    for (ObjectNode event : events) {
      array.add(event);
    }
    if (minIdLength != null) {
      body.putObject("options").put("min_id_length", minIdLength);
    }
    return body.toString();
  }

  private static List<Integer> indexes(JsonNode array) {
    List<Integer> list = new ArrayList<>();
    if (array != null) {
      array.forEach(node -> list.add(node.asInt()));
    }
    return list;
  }

  private Response identify(String identification) throws IOException, InterruptedException {
    return postForm("/identify", Map.of("api_key", KEY, "identification", identification));
  }

  private Response groupIdentify(String identification) throws IOException, InterruptedException {
    return postForm("/groupidentify", Map.of("api_key", KEY, "identification", identification));
  }

  private Response postJson(String path, String body) throws IOException, InterruptedException {
    return post(fake, path, "application/json", body, false);
  }

  private Response postForm(String path, Map<String, String> fields)
      throws IOException, InterruptedException {
    return post(fake, path, "application/x-www-form-urlencoded", form(fields), false);
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static Response post(
      FakeAmplitude target, String path, String contentType, String body, boolean gzip)
      throws IOException, InterruptedException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target.baseUrl() + path))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", contentType);
    if (gzip) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
        zip.write(bytes);
      }
      bytes = out.toByteArray();
      request.header("Content-Encoding", "gzip");
    }
    HttpResponse<String> response =
        HTTP.send(
            request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
            HttpResponse.BodyHandlers.ofString());
    return new Response(
        response.statusCode(),
        response.body(),
        response.headers().firstValue("Content-Type").orElse(""));
  }

  private record Response(int status, String body, String contentType) {
    JsonNode json() throws IOException {
      return MAPPER.readTree(body);
    }
  }

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    MutableClock(Instant start) {
      this.now = new AtomicReference<>(start);
    }

    void advance(Duration duration) {
      now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }
}
