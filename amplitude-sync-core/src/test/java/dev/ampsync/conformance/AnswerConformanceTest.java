package dev.ampsync.conformance;

import static dev.ampsync.conformance.ConformanceStandIn.eventValues;
import static dev.ampsync.conformance.ConformanceStandIn.form;
import static dev.ampsync.conformance.ConformanceStandIn.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.EventsApi;
import dev.ampsync.client.Outcome;
import dev.ampsync.client.Outcome.Status;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import dev.ampsync.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Conformance, answers: the stand-in answers exactly a documented status and body (Amplitude's API
 * pages, the SDKs' and integrations' test fixtures); each test asserts every record's {@link Outcome}
 * and which records were resent. Cases 9-20 of shared/reference/conformance-cases.md.
 *
 * <p>Cases covered once elsewhere, with the same documented body, and not repeated here:
 * <ul>
 *   <li>15 (413 {"code":413,"error":"Payload too large"}): AmplitudeClientAnswersTest.
 *       answer413_halvesTheRequestUntilItFitsAndAcceptsEveryRecord and
 *       answer413ForASingleRecord_rejectsThatRecordAndAcceptsTheOthers;
 *   <li>16 (400 "Invalid API key: test-apiKey is invalid", Amplitude-Java HttpCallTest):
 *       AmplitudeClientThrottlingTest.aWrongKey_costsOneRequestAndOneMessage_evenWithEightRequestsAllowedInFlight;
 *   <li>20 (403 {"code":403,"error":"Forbidden"} on 10 events, one refused by content, http-v2.md):
 *       AmplitudeClientStandInsTest.firewallRefusingOneRowsContent_rejectsThatRowAlone_andDeliversTheOthers.
 * </ul>
 */
@Timeout(60)
class AnswerConformanceTest {
  private static final String KEY = "conformance-key-7c1e";

  private final ConformanceStandIn standIn = new ConformanceStandIn();
  private final List<AmplitudeClient> clients = new ArrayList<>();

  @AfterEach
  void stop() {
    clients.forEach(AmplitudeClient::close);
    standIn.close();
  }

  // Case 9. amplitude-docs, content/collections/api/en/batch-event-upload.md, "200" response
  // (http-v2.md shows the same keys): {"code":200,"events_ingested":50,"payload_size_bytes":50,
  // "server_upload_time":1396381378123}.
  @Test
  void case09_documented200_acceptsEveryRecordInOneRequest() throws Exception {
    standIn.answerAlways("/batch", 200, ConformanceStandIn.EVENTS_SUCCESS);
    AmplitudeClient client = client(builder());

    List<Outcome> outcomes = send(client, events(3));

    assertThat(statuses(outcomes)).containsOnly(Status.ACCEPTED).hasSize(3);
    assertThat(standIn.requestCount()).isEqualTo(1);
  }

  // Case 10. amplitude/Amplitude-TypeScript, packages/analytics-node/test/index.test.ts (and the
  // browser packages' index tests), "should handle 400 error": 2 events ('test event 1', 2),
  // 400 {"code":400,"error":"Invalid field values on some events",
  // "events_with_invalid_fields":{"device_id":[1]}}.
  @Test
  void case10_invalidFieldOnEventOne_rejectsIt_andResendsEventZeroAlone() throws Exception {
    standIn.answerFirst(
        "/batch",
        400,
        "{\"code\":400,\"error\":\"Invalid field values on some events\",\"events_with_invalid_fields\":{\"device_id\":[1]}}");
    AmplitudeClient client = client(builder());

    List<Outcome> outcomes = send(client, events(2));

    assertThat(statuses(outcomes)).containsExactly(Status.ACCEPTED, Status.REJECTED);
    assertThat(outcomes.get(1).rejectedField()).contains("device_id");
    assertThat(insertIdsPerRequest("/batch")).containsExactly(ids(0, 2), ids(0, 1));
  }

  // Case 11. amplitude/Amplitude-Python, src/test/test_worker.py,
  // test_worker_send_events_with_invalid_request_response_trigger_callback: 100 events, 400
  // {"code":400,"error":"Test error","events_with_invalid_fields":{"time":[0,1,2,3,4,5]},
  //  "events_with_missing_fields":{"event_type":[5,6,7,8,9]},
  //  "events_with_invalid_id_lengths":{"user_id":[10,11,12],"device_id":[13,14,15]},
  //  "silenced_events":[16,17,18,19]} then success: 0-19 rejected, 20-99 accepted, 2 requests.
  @Test
  void case11_pythonWorkerFixture_rejectsZeroToNineteen_andResendsTheOtherEighty() throws Exception {
    standIn.answerFirst(
        "/batch",
        400,
        "{\"code\":400,\"error\":\"Test error\",\"events_with_invalid_fields\":{\"time\":[0,1,2,3,4,5]},"
            + "\"events_with_missing_fields\":{\"event_type\":[5,6,7,8,9]},"
            + "\"events_with_invalid_id_lengths\":{\"user_id\":[10,11,12],\"device_id\":[13,14,15]},"
            + "\"silenced_events\":[16,17,18,19]}");
    AmplitudeClient client = client(builder());

    List<Outcome> outcomes = send(client, events(100));

    for (int i = 0; i < 100; i++) {
      assertThat(outcomes.get(i).status()).as("event %d", i).isEqualTo(i < 20 ? Status.REJECTED : Status.ACCEPTED);
    }
    assertThat(outcomes.get(0).rejectedField()).contains("time");
    assertThat(outcomes.get(7).rejectedField()).contains("event_type");
    assertThat(outcomes.get(11).rejectedField()).contains("user_id");
    assertThat(outcomes.get(14).rejectedField()).contains("device_id");
    assertThat(outcomes.get(17).reason()).contains("silenced");
    assertThat(insertIdsPerRequest("/batch")).containsExactly(ids(0, 100), ids(20, 100));
  }

  // Case 12. amplitude-docs, content/collections/api/en/http-v2.md, 400 "Silenced devices" example:
  // {"code":400,"error":"Events silenced for device_id","eps_threshold":100,"exceeded_daily_quota_devices":{},
  //  "silenced_devices":["silenced_device_id_1","silenced_device_id_2"],"silenced_events":[5,6],
  //  "throttled_devices":{"throttled_device_id_1":0,"throttled_device_id_2":100},"throttled_events":[3,4]}
  // 7 events, the devices as the example names them: 5 and 6 rejected, 0-4 resent and accepted.
  @Test
  void case12_silencedDevicesExample_rejectsFiveAndSix_andResendsZeroToFour() throws Exception {
    standIn.answerFirst(
        "/2/httpapi",
        400,
        "{\"code\":400,\"error\":\"Events silenced for device_id\",\"eps_threshold\":100,"
            + "\"exceeded_daily_quota_devices\":{},\"silenced_devices\":[\"silenced_device_id_1\",\"silenced_device_id_2\"],"
            + "\"silenced_events\":[5,6],\"throttled_devices\":{\"throttled_device_id_1\":0,\"throttled_device_id_2\":100},"
            + "\"throttled_events\":[3,4]}");
    AmplitudeClient client = client(builder().eventsApi(EventsApi.HTTP_V2));
    String[] devices = {
      "device-00000", "device-00001", "device-00002", "throttled_device_id_1", "throttled_device_id_2",
      "silenced_device_id_1", "silenced_device_id_2"
    };
    List<AmplitudeRecord> records = new ArrayList<>();
    for (int i = 0; i < devices.length; i++) {
      records.add(EventRecord.builder("watch_tutorial").deviceId(devices[i]).insertId("ins-" + i).build());
    }

    List<Outcome> outcomes = send(client, records.toArray(new AmplitudeRecord[0]));

    assertThat(statuses(outcomes))
        .containsExactly(
            Status.ACCEPTED, Status.ACCEPTED, Status.ACCEPTED, Status.ACCEPTED, Status.ACCEPTED,
            Status.REJECTED, Status.REJECTED);
    assertThat(outcomes.get(5).reason()).contains("silenced");
    List<List<String>> sent = insertIdsPerRequest("/2/httpapi");
    assertThat(sent.get(0)).isEqualTo(ids(0, 7));
    assertThat(sent.subList(1, sent.size()).stream().flatMap(List::stream).sorted().toList()).isEqualTo(ids(0, 5));
  }

  // Case 13. amplitude-docs, content/collections/api/en/batch-event-upload.md, "429" example (the
  // same body on http-v2.md, eps_threshold 30 there):
  // {"code":429,"error":"Too many requests for some devices and users","eps_threshold":1000,
  //  "throttled_devices":{"C8F9E604-F01A-4BD9-95C6-8E5357DF265D":31},"throttled_users":{"datamonster@amplitude.com":32},
  //  "throttled_events":[3,4,7],"exceeded_daily_quota_users":{"datanom@amplitude.com":500200},
  //  "exceeded_daily_quota_devices":{"A1A1A000-F01A-4BD9-95C6-8E5357DF265D":500900}}
  // Advice: Batch waits 15 s, HTTP V2 pauses the throttled ids 30 s. Time is a MutableClock.
  @ParameterizedTest
  @EnumSource(EventsApi.class)
  void case13_documented429_rejectsDailyQuotaIds_holdsThrottledIdsForTheAdvisedPause_resendsTheRestAtOnce(EventsApi api)
      throws Exception {
    String path = api == EventsApi.HTTP_V2 ? "/2/httpapi" : "/batch";
    long pauseSeconds = api == EventsApi.HTTP_V2 ? 30 : 15;
    standIn.answerFirst(
        path,
        429,
        "{\"code\":429,\"error\":\"Too many requests for some devices and users\",\"eps_threshold\":"
            + (api == EventsApi.HTTP_V2 ? 30 : 1000) + ","
            + "\"throttled_devices\":{\"C8F9E604-F01A-4BD9-95C6-8E5357DF265D\":31},"
            + "\"throttled_users\":{\"datamonster@amplitude.com\":32},\"throttled_events\":[3,4,7],"
            + "\"exceeded_daily_quota_users\":{\"datanom@amplitude.com\":500200},"
            + "\"exceeded_daily_quota_devices\":{\"A1A1A000-F01A-4BD9-95C6-8E5357DF265D\":500900}}");
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    AmplitudeClient client = client(builder().eventsApi(api).clock(clock).maxRequestsInFlight(1));
    List<AmplitudeRecord> records =
        List.of(
            EventRecord.builder("watch_tutorial").userId("user-00000").insertId("ins-0").build(),
            EventRecord.builder("watch_tutorial").userId("datanom@amplitude.com").insertId("ins-1").build(),
            EventRecord.builder("watch_tutorial").deviceId("A1A1A000-F01A-4BD9-95C6-8E5357DF265D").insertId("ins-2").build(),
            EventRecord.builder("watch_tutorial").deviceId("C8F9E604-F01A-4BD9-95C6-8E5357DF265D").insertId("ins-3").build(),
            EventRecord.builder("watch_tutorial").userId("datamonster@amplitude.com").insertId("ins-4").build(),
            EventRecord.builder("watch_tutorial").userId("user-00005").insertId("ins-5").build(),
            EventRecord.builder("watch_tutorial").userId("user-00006").insertId("ins-6").build(),
            EventRecord.builder("watch_tutorial").userId("datamonster@amplitude.com").insertId("ins-7").build());
    List<CompletableFuture<Outcome>> futures = new ArrayList<>();
    for (AmplitudeRecord record : records) {
      futures.add(client.submit(record));
    }
    // A flush in the background keeps the client sending what is due at once (the linger of 30 s runs
    // on the test's clock) until the held ids have their outcome.
    CompletableFuture<Boolean> flushing = new CompletableFuture<>();
    Thread flusher =
        new Thread(
            () -> {
              try {
                flushing.complete(client.flush(Duration.ofSeconds(50)));
              } catch (InterruptedException e) {
                flushing.completeExceptionally(e);
              }
            },
            "conformance-flush");
    flusher.start();

    // At once: the daily-quota ids rejected, the others not throttled resent and accepted.
    for (int i : new int[] {0, 1, 2, 5, 6}) {
      Outcome outcome = futures.get(i).get(10, TimeUnit.SECONDS);
      assertThat(outcome.status()).as("event %d", i).isEqualTo(i == 1 || i == 2 ? Status.REJECTED : Status.ACCEPTED);
    }
    assertThat(futures.get(1).join().rejectedField()).contains("user_id");
    assertThat(futures.get(2).join().rejectedField()).contains("device_id");
    assertThat(insertIdsPerRequest(path)).containsExactly(ids(0, 8), List.of("ins-0", "ins-5", "ins-6"));

    // One second short of the pause: the throttled ids are still held.
    clock.advance(Duration.ofSeconds(pauseSeconds - 1));
    settle(client, 0, 2);
    assertThat(futures.get(3)).isNotDone();
    assertThat(futures.get(4)).isNotDone();
    assertThat(futures.get(7)).isNotDone();
    assertThat(requestsCarrying(path, "ins-3")).hasSize(1);

    // At the pause: resent together, and accepted.
    clock.advance(Duration.ofSeconds(1));
    settle(client, 1, 1);
    assertThat(flushing.get(10, TimeUnit.SECONDS)).isTrue();
    for (int i : new int[] {3, 4, 7}) {
      assertThat(futures.get(i).join().status()).as("event %d", i).isEqualTo(Status.ACCEPTED);
    }
    List<LoggedRequest> resends = requestsCarrying(path, "ins-3");
    assertThat(resends).hasSize(2);
    // (a probe may share that request: it is another user's event, due at once)
    assertThat(eventValues(resends.get(1), "insert_id"))
        .filteredOn(id -> !id.startsWith("probe-"))
        .containsExactlyInAnyOrder("ins-3", "ins-4", "ins-7");
  }

  // Case 14. amplitude/Amplitude-TypeScript, packages/analytics-node/test/index.test.ts (and the
  // browser packages' index tests), "should handle 429 error": 2 events,
  // 429 {"code":429,"error":"Too many requests for some devices and users",
  // "exceeded_daily_quota_devices":{"throttled_device_id":1}}.
  @Test
  void case14_dailyQuotaDevice_rejectsItsEvent_andResendsTheOther() throws Exception {
    standIn.answerFirst(
        "/batch",
        429,
        "{\"code\":429,\"error\":\"Too many requests for some devices and users\","
            + "\"exceeded_daily_quota_devices\":{\"throttled_device_id\":1}}");
    AmplitudeClient client = client(builder());

    List<Outcome> outcomes =
        send(
            client,
            EventRecord.builder("test event").deviceId("throttled_device_id").insertId("ins-0").build(),
            EventRecord.builder("test event").deviceId("other_device_id").insertId("ins-1").build());

    assertThat(statuses(outcomes)).containsExactly(Status.REJECTED, Status.ACCEPTED);
    assertThat(outcomes.get(0).rejectedField()).contains("device_id");
    assertThat(insertIdsPerRequest("/batch")).containsExactly(ids(0, 2), List.of("ins-1"));
  }

  // Case 17. rudderlabs/rudder-transformer, test/integrations/destinations/am/network.ts with
  // dataDelivery/data.ts, where RudderStack's response handler marks it 'aborted' (not retried):
  // 400 {"code":400,"server_upload_time":1639235302252,"payload_size_bytes":863,"events_ingested":0}
  // on one event. It names nothing, so the one event is rejected, not retried.
  @Test
  void case17_a400NamingNothingOnOneEvent_rejectsIt_withoutRetry() throws Exception {
    standIn.answerAlways(
        "/batch", 400, "{\"code\":400,\"server_upload_time\":1639235302252,\"payload_size_bytes\":863,\"events_ingested\":0}");
    AmplitudeClient client = client(builder());

    List<Outcome> outcomes = send(client, events(1));

    assertThat(statuses(outcomes)).containsExactly(Status.REJECTED);
    assertThat(standIn.requestCount()).isEqualTo(1);
    assertThat(client.fatalError()).isEmpty();
  }

  // Case 18. rudderlabs/rudder-transformer, src/v0/destinations/am/transform.js, the comment on
  // batching events whose user_id is under 5 characters: a /batch request whose one event had such a
  // user_id (and no device_id) came back 400 {"code":400,"events_with_invalid_id_lengths":{"user_id":[0]},
  // "error":"Invalid id length for user_id or device_id"}.
  @Test
  void case18_invalidIdLength_rejectsEventZeroNamingUserId() throws Exception {
    standIn.answerAlways(
        "/batch",
        400,
        "{\"code\":400,\"events_with_invalid_id_lengths\":{\"user_id\":[0]},"
            + "\"error\":\"Invalid id length for user_id or device_id\"}");
    AmplitudeClient client = client(builder());

    List<Outcome> outcomes = send(client, EventRecord.builder("test_event").userId("abcd").insertId("ins-0").build());

    assertThat(statuses(outcomes)).containsExactly(Status.REJECTED);
    assertThat(outcomes.get(0).field()).isEqualTo("user_id");
    assertThat(outcomes.get(0).rejectedField()).contains("user_id");
    assertThat(standIn.requestCount()).isEqualTo(1);
  }

  // Case 19. amplitude-docs, content/collections/api/en/identify.md, status codes: 200 "success";
  // 400 with "missing_event" when the identification is missing or malformed (plain text, as
  // amplitude/Amplitude-Flutter#208 shows the bare string). The 200 half: every identify of
  // RequestConformanceTest (cases 4-7) is accepted on the stand-in's plain "success".
  @Test
  void case19_identify400MissingEventOnFourIdentifications_isolatesAndRejectsEachAlone() throws Exception {
    standIn.answerAlways("/identify", 400, "missing_event");
    AmplitudeClient client = client(builder());
    List<AmplitudeRecord> users = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      users.add(UserRecord.builder("user-0000" + i).userProperties(PropertyOperations.builder().set("plan", "pro").build()).build());
    }

    List<Outcome> outcomes = send(client, users.toArray(new AmplitudeRecord[0]));

    assertThat(statuses(outcomes)).containsOnly(Status.REJECTED).hasSize(4);
    assertThat(client.fatalError()).isEmpty();
    List<Integer> sizes =
        standIn.requests("/identify").stream().map(r -> parse(form(r).get("identification")).size()).collect(Collectors.toList());
    // 4 → 2 + 2 → 1 + 1 + 1 + 1: each identification ends alone in a refused request.
    assertThat(sizes).containsExactlyInAnyOrder(4, 2, 2, 1, 1, 1, 1);
  }

  // ------------------------------------------------------------------ helpers

  private AmplitudeClient.Builder builder() {
    return AmplitudeClient.builder(KEY)
        .endpoint(standIn.endpoint())
        .linger(Duration.ofSeconds(30)) // nothing leaves before flush(): the test decides the batches
        .closeTimeout(Duration.ofSeconds(10))
        .requestTimeout(Duration.ofSeconds(5))
        .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20));
  }

  private AmplitudeClient client(AmplitudeClient.Builder builder) {
    AmplitudeClient client = builder.build();
    clients.add(client);
    return client;
  }

  private static AmplitudeRecord[] events(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> EventRecord.builder("test_event_" + i).userId("test_user").insertId("ins-" + i).build())
        .toArray(AmplitudeRecord[]::new);
  }

  private static List<Outcome> send(AmplitudeClient client, AmplitudeRecord... records) throws InterruptedException {
    List<CompletableFuture<Outcome>> futures = new ArrayList<>();
    for (AmplitudeRecord record : records) {
      futures.add(client.submit(record));
    }
    assertThat(client.flush()).as("every record has an outcome").isTrue();
    return futures.stream().map(CompletableFuture::join).toList();
  }

  /**
   * Lets the client see the clock's new time: probes of unthrottled users, each accepted, sent at once
   * because the background flush is still waiting. The first is answered on a pass that read the new
   * time (and released what was due); a second only after whatever that pass sent was answered (as
   * AmplitudeClientThrottlingTest does).
   */
  private static void settle(AmplitudeClient client, int step, int probes) throws Exception {
    for (int i = 0; i < probes; i++) {
      CompletableFuture<Outcome> probe =
          client.submit(EventRecord.builder("probe").userId("probe-user-" + step + i).insertId("probe-" + step + "-" + i).build());
      assertThat(probe.get(10, TimeUnit.SECONDS).status()).isEqualTo(Status.ACCEPTED);
    }
  }

  private static List<Status> statuses(List<Outcome> outcomes) {
    return outcomes.stream().map(Outcome::status).toList();
  }

  private static List<String> ids(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> "ins-" + i).toList();
  }

  private List<List<String>> insertIdsPerRequest(String path) {
    return standIn.requests(path).stream().map(r -> eventValues(r, "insert_id")).toList();
  }

  private List<LoggedRequest> requestsCarrying(String path, String insertId) {
    return standIn.requests(path).stream().filter(r -> eventValues(r, "insert_id").contains(insertId)).toList();
  }
}
