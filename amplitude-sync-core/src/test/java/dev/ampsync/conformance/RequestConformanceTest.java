package dev.ampsync.conformance;

import static dev.ampsync.conformance.ConformanceStandIn.body;
import static dev.ampsync.conformance.ConformanceStandIn.form;
import static dev.ampsync.conformance.ConformanceStandIn.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.EventsApi;
import dev.ampsync.client.Outcome;
import dev.ampsync.client.Outcome.Status;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.RecordValidator;
import dev.ampsync.record.UserRecord;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Conformance, requests: each of Amplitude's own request examples (amplitude/amplitude-docs,
 * content/collections/api/en/) and the integrations' fixtures, built with the public record API, sent
 * by a real {@link AmplitudeClient} to a {@link ConformanceStandIn}, and compared structurally with
 * the documented body (JSON key order free, form bodies URL-decoded). Cases 1-8 of
 * shared/reference/conformance-cases.md.
 */
@Timeout(30)
class RequestConformanceTest {
  private static final String KEY = "conformance-key-7c1e";

  private final ConformanceStandIn standIn = new ConformanceStandIn();
  private final List<AmplitudeClient> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(AmplitudeClient::close);
    standIn.close();
  }

  // Case 1. amplitude-docs, content/collections/api/en/http-v2.md, "Example request" (simple event):
  // {"api_key":"...","events":[{"user_id":"12345","event_type":"watch_tutorial",
  //  "user_properties":{"Cohort":"Test A"},"country":"United States","ip":"127.0.0.1","time":1396381378123}]}
  // Our body is exactly the documented one: no `library` is stamped (peers' SDKs add theirs; we send
  // only what the record holds), and a user_properties of plain $set is sent as a plain object.
  @Test
  void case01_httpV2SimpleEvent_isTheDocumentedBody() throws Exception {
    AmplitudeClient client = client(builder().eventsApi(EventsApi.HTTP_V2));

    send(
        client,
        EventRecord.builder("watch_tutorial")
            .userId("12345")
            .userProperties(PropertyOperations.builder().set("Cohort", "Test A").build())
            .country("United States")
            .ip("127.0.0.1")
            .time(Instant.ofEpochMilli(1396381378123L))
            .build());

    assertThat(standIn.requests("/batch")).isEmpty();
    assertThat(body(only("/2/httpapi")))
        .isEqualTo(
            parse(
                "{\"api_key\":\"" + KEY + "\",\"events\":[{\"user_id\":\"12345\",\"event_type\":\"watch_tutorial\","
                    + "\"user_properties\":{\"Cohort\":\"Test A\"},\"country\":\"United States\",\"ip\":\"127.0.0.1\","
                    + "\"time\":1396381378123}]}"));
  }

  // Case 2. amplitude-docs, content/collections/api/en/http-v2.md, "Request with option" (user 12345,
  // device 123, "options":{"min_id_length":3}); the same page: min_id_length defaults to 5.
  @Test
  void case02_minIdLength3_isSentAsOptions_andAThreeCharacterDeviceIdPassesOnlyWithIt() throws Exception {
    AmplitudeClient client = client(builder().eventsApi(EventsApi.HTTP_V2).minIdLength(3));
    EventRecord event =
        EventRecord.builder("watch_tutorial")
            .userId("12345")
            .deviceId("123")
            .userProperties(PropertyOperations.builder().set("Cohort", "Test A").build())
            .country("United States")
            .ip("127.0.0.1")
            .time(Instant.ofEpochMilli(1396381378123L))
            .build();

    assertThat(RecordValidator.withMinIdLength(client.minIdLength()).validate(event)).isEmpty();
    assertThat(RecordValidator.create().validate(event))
        .singleElement()
        .satisfies(violation -> assertThat(violation.toString()).contains("device_id"));
    send(client, event);

    assertThat(body(only("/2/httpapi")))
        .isEqualTo(
            parse(
                "{\"api_key\":\"" + KEY + "\",\"events\":[{\"user_id\":\"12345\",\"device_id\":\"123\","
                    + "\"event_type\":\"watch_tutorial\",\"user_properties\":{\"Cohort\":\"Test A\"},"
                    + "\"country\":\"United States\",\"ip\":\"127.0.0.1\",\"time\":1396381378123}],"
                    + "\"options\":{\"min_id_length\":3}}"));
  }

  // Case 3. amplitude-docs, content/collections/api/en/batch-event-upload.md, the request example
  // (the same event as http-v2.md's full example), every field our records model. The page's
  // device-only keys (app_version, platform, os_*, device_*, carrier, region, city, dma, language) are
  // left out here: they are set the same way through AmplitudeField and golden-tested in
  // internal.wire.WireFormatGoldenTest.event_fullyPopulated_encodesEveryField.
  @Test
  void case03_batchManyFields_isTheDocumentedEvent() throws Exception {
    AmplitudeClient client = client(builder());

    send(
        client,
        EventRecord.builder("watch_tutorial")
            .userId("datamonster@gmail.com")
            .deviceId("C8F9E604-F01A-4BD9-95C6-8E5357DF265D")
            .time(Instant.ofEpochMilli(1396381378123L))
            .eventProperty("load_time", 0.8371)
            .eventProperty("source", "notification")
            .eventProperty("dates", List.of("monday", "tuesday"))
            .userProperties(
                PropertyOperations.builder()
                    .set("age", 25)
                    .set("gender", "female")
                    .set("interests", List.of("chess", "football", "music"))
                    .build())
            .group("team_id", "1")
            .group("company_name", "Amplitude", "DataMonster")
            .country("United States")
            .price(new BigDecimal("4.99"))
            .quantity(3L)
            .revenue(new BigDecimal("-1.99"))
            .productId("Google Pay Store Product Id")
            .revenueType("Refund")
            .location(new BigDecimal("37.77"), new BigDecimal("-122.39"))
            .ip("127.0.0.1")
            .idfa("AEBE52E7-03EE-455A-B3C4-E57283966239")
            .idfv("BCCE52E7-03EE-321A-B3D4-E57123966239")
            .adid("AEBE52E7-03EE-455A-B3C4-E57283966239")
            .androidId("BCCE52E7-03EE-321A-B3D4-E57123966239")
            .eventId(23L)
            .sessionId(1396381378123L)
            .insertId("5f0adeff-6668-4427-8d02-57d803a2b841")
            .build());

    LoggedRequest request = only("/batch");
    assertThat(request.getHeader("Content-Type")).startsWith("application/json");
    assertThat(body(request))
        .isEqualTo(
            parse(
                "{\"api_key\":\"" + KEY + "\",\"events\":[{"
                    + "\"user_id\":\"datamonster@gmail.com\",\"device_id\":\"C8F9E604-F01A-4BD9-95C6-8E5357DF265D\","
                    + "\"event_type\":\"watch_tutorial\",\"time\":1396381378123,"
                    + "\"event_properties\":{\"load_time\":0.8371,\"source\":\"notification\",\"dates\":[\"monday\",\"tuesday\"]},"
                    + "\"user_properties\":{\"age\":25,\"gender\":\"female\",\"interests\":[\"chess\",\"football\",\"music\"]},"
                    + "\"groups\":{\"team_id\":\"1\",\"company_name\":[\"Amplitude\",\"DataMonster\"]},"
                    + "\"country\":\"United States\",\"price\":4.99,\"quantity\":3,\"revenue\":-1.99,"
                    + "\"productId\":\"Google Pay Store Product Id\",\"revenueType\":\"Refund\","
                    + "\"location_lat\":37.77,\"location_lng\":-122.39,\"ip\":\"127.0.0.1\","
                    + "\"idfa\":\"AEBE52E7-03EE-455A-B3C4-E57283966239\",\"idfv\":\"BCCE52E7-03EE-321A-B3D4-E57123966239\","
                    + "\"adid\":\"AEBE52E7-03EE-455A-B3C4-E57283966239\",\"android_id\":\"BCCE52E7-03EE-321A-B3D4-E57123966239\","
                    + "\"event_id\":23,\"session_id\":1396381378123,"
                    + "\"insert_id\":\"5f0adeff-6668-4427-8d02-57d803a2b841\"}]}"));
  }

  // Case 4. amplitude-docs, content/collections/api/en/identify.md, the curl example:
  // api_key=...&identification=[{"user_id":"value","user_properties":{"$set":{"propertyNameToUpdate":"newValue"}}}]
  @Test
  void case04_identify_isTheDocumentedFormBody() throws Exception {
    AmplitudeClient client = client(builder());

    send(
        client,
        UserRecord.builder("value")
            .userProperties(PropertyOperations.builder().set("propertyNameToUpdate", "newValue").build())
            .build());

    LoggedRequest request = only("/identify");
    assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    Map<String, String> form = form(request);
    assertThat(form).containsOnlyKeys("api_key", "identification");
    assertThat(form.get("api_key")).isEqualTo(KEY);
    assertThat(parse(form.get("identification")))
        .isEqualTo(parse("[{\"user_id\":\"value\",\"user_properties\":{\"$set\":{\"propertyNameToUpdate\":\"newValue\"}}}]"));
  }

  // Case 5. amplitude-docs, content/collections/api/en/identify.md, "User property operations":
  // {"$set":{"cohort":"Test A"},"$setOnce":{"startDate":"2015-10-01"},"$add":{"friendCount":3},
  //  "$append":{"interests":"Music"},"$prepend":{"sports":"Tennis"},"$unset":{"oldProperty":"-"}};
  // the page forbids mixing plain keys and operations in one object, so every key is an operation.
  @Test
  void case05_identifyOperations_areTheDocumentedUserProperties() throws Exception {
    AmplitudeClient client = client(builder());

    send(
        client,
        UserRecord.builder("12345")
            .userProperties(
                PropertyOperations.builder()
                    .set("cohort", "Test A")
                    .setOnce("startDate", "2015-10-01")
                    .add("friendCount", 3)
                    .append("interests", "Music")
                    .prepend("sports", "Tennis")
                    .unset("oldProperty")
                    .build())
            .build());

    JsonNode identification = parse(form(only("/identify")).get("identification"));
    JsonNode userProperties = identification.get(0).get("user_properties");
    assertThat(userProperties)
        .isEqualTo(
            parse(
                "{\"$set\":{\"cohort\":\"Test A\"},\"$setOnce\":{\"startDate\":\"2015-10-01\"},\"$add\":{\"friendCount\":3},"
                    + "\"$append\":{\"interests\":\"Music\"},\"$prepend\":{\"sports\":\"Tennis\"},\"$unset\":{\"oldProperty\":\"-\"}}"));
    userProperties.fieldNames().forEachRemaining(name -> assertThat(name).startsWith("$"));
  }

  // Case 6. amplitude-docs, content/collections/api/en/group-identify.md, the cURL example (group
  // Seller/12345678; org csm=Lucas, org plan=Enterprise, org owner=Luis), form-encoded api_key and
  // identification. Difference: the page's version read (commit 0d72d8c) writes the properties as a
  // plain object, which Amplitude reads as $set (the same page lists the operations); our records hold
  // operations, so we send that $set explicitly, as conformance-cases.md's reading of the page does.
  @Test
  void case06_groupIdentify_isTheDocumentedFormBody() throws Exception {
    AmplitudeClient client = client(builder());

    send(
        client,
        GroupRecord.builder("Seller", "12345678")
            .groupProperties(
                PropertyOperations.builder().set("org csm", "Lucas").set("org plan", "Enterprise").set("org owner", "Luis").build())
            .build());

    LoggedRequest request = only("/groupidentify");
    assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(request.getBodyAsString()).startsWith("api_key=" + KEY + "&identification=");
    Map<String, String> form = form(request);
    assertThat(form).containsOnlyKeys("api_key", "identification");
    assertThat(parse(form.get("identification")))
        .isEqualTo(
            parse(
                "[{\"group_type\":\"Seller\",\"group_value\":\"12345678\","
                    + "\"group_properties\":{\"$set\":{\"org csm\":\"Lucas\",\"org plan\":\"Enterprise\",\"org owner\":\"Luis\"}}}]"));
    assertThat(standIn.requests("/identify")).isEmpty(); // no member, no membership identify
  }

  // Case 7. segmentio/action-destinations, packages/destination-actions/src/destinations/amplitude/
  // __tests__/amplitude.test.ts, "groupIdentifyUser": group some-type/some-value, user some-user-id,
  // trait some-trait-key → /identify [{"user_id":"some-user-id","user_properties":{"$set":{"some-type":
  // "some-value"}},"groups":{"some-type":"some-value"}}] and /groupidentify [{"group_type":"some-type",
  // "group_value":"some-value","group_properties":{"$set":{"some-trait-key":"some-trait-value"}}}].
  // Segment also sends library/time/insert_id on its identify (its own stamps); we send the documented part.
  @Test
  void case07_groupWithAMember_isSegmentsIdentifyAndGroupIdentify() throws Exception {
    AmplitudeClient client = client(builder());

    send(
        client,
        GroupRecord.builder("some-type", "some-value")
            .userId("some-user-id")
            .groupProperties(PropertyOperations.builder().set("some-trait-key", "some-trait-value").build())
            .build());

    assertThat(parse(form(only("/identify")).get("identification")))
        .isEqualTo(
            parse(
                "[{\"user_id\":\"some-user-id\",\"user_properties\":{\"$set\":{\"some-type\":\"some-value\"}},"
                    + "\"groups\":{\"some-type\":\"some-value\"}}]"));
    assertThat(parse(form(only("/groupidentify")).get("identification")))
        .isEqualTo(
            parse(
                "[{\"group_type\":\"some-type\",\"group_value\":\"some-value\","
                    + "\"group_properties\":{\"$set\":{\"some-trait-key\":\"some-trait-value\"}}}]"));
  }

  // Case 8. segmentio/action-destinations, packages/destination-actions/src/destinations/amplitude/
  // __tests__/amplitude.test.ts (a group call without traits), and rudderlabs/rudder-transformer,
  // test/integrations/destinations/am/processor/data.ts, which sends {"group_type":"Company",
  // "group_value":"ABC"} with no group_properties.
  // Decision: we send "group_properties":{} and keep it. group-identify.md lists group_properties among
  // the identification keys with no "optional" mark and every example carries it, so sending it is the
  // safe reading; an empty dictionary sets nothing, so the group Amplitude records is RudderStack's.
  // Still one /groupidentify and no /identify (no member). (Also golden-tested in
  // internal.wire.WireFormatGoldenTest.groupIdentification_minimal_carriesEmptyGroupProperties.)
  @Test
  void case08_groupWithoutUserOrProperties_sendsOneGroupIdentifyWithEmptyGroupProperties() throws Exception {
    AmplitudeClient client = client(builder());

    send(client, GroupRecord.builder("Company", "ABC").build());

    JsonNode identification = parse(form(only("/groupidentify")).get("identification"));
    assertThat(identification).hasSize(1);
    JsonNode group = identification.get(0);
    // RudderStack's documented part...
    ObjectNode documented = ((ObjectNode) group.deepCopy());
    documented.remove("group_properties");
    assertThat(documented).isEqualTo(parse("{\"group_type\":\"Company\",\"group_value\":\"ABC\"}"));
    // ...plus the empty object the page calls required.
    assertThat(group.get("group_properties")).isEqualTo(parse("{}"));
    assertThat(standIn.requests("/identify")).isEmpty();
    assertThat(standIn.requestCount()).isEqualTo(1);
  }

  // ------------------------------------------------------------------ helpers

  private AmplitudeClient.Builder builder() {
    return AmplitudeClient.builder(KEY)
        .endpoint(standIn.endpoint())
        .linger(Duration.ofSeconds(30)) // nothing leaves before flush()
        .closeTimeout(Duration.ofSeconds(5))
        .requestTimeout(Duration.ofSeconds(5))
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20));
  }

  private AmplitudeClient client(AmplitudeClient.Builder builder) {
    AmplitudeClient client = builder.build();
    clients.add(client);
    return client;
  }

  private static void send(AmplitudeClient client, AmplitudeRecord... records) throws InterruptedException {
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    for (AmplitudeRecord record : records) {
      outcomes.add(client.submit(record));
    }
    assertThat(client.flush()).isTrue();
    assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.join().status()).isEqualTo(Status.ACCEPTED));
  }

  private LoggedRequest only(String path) {
    List<LoggedRequest> requests = standIn.requests(path);
    assertThat(requests).as("requests to %s", path).hasSize(1);
    return requests.get(0);
  }
}
