package dev.ampsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.EventsApi;
import dev.ampsync.client.PreviewRequest;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.Source;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.RecordedRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link AmplitudeSync#preview}: sends nothing, counts exactly what the following run counts, and
 * shows the request bodies a run sends, with the API key redacted.
 */
class PreviewTest {
  private static final String KEY = "preview-secret-key-7f3a";
  private static final String ENCODED_KEY = URLEncoder.encode(KEY, StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant AT = Instant.parse("2024-03-01T12:30:00Z");

  private FakeAmplitude fake;

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.builder().apiKey(KEY).start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  // ------------------------------------------------------------------------------ counts

  @ParameterizedTest
  @EnumSource(ObjectType.class)
  void preview_sendsNothingAndCountsWhatTheFollowingRunCounts(ObjectType type) {
    SyncJob job = job(type, destination());

    SyncResult preview = AmplitudeSync.preview(job);

    assertThat(fake.requests()).as("requests sent by the preview").isEmpty();
    assertThat(preview.isPreview()).isTrue();
    assertThat(preview.error()).isEmpty();
    assertThat(preview.previewRequests()).isNotEmpty();
    assertThat(preview.invalid()).as("each scenario has invalid rows").isPositive();
    assertThat(preview.accepted()).as("each scenario has valid rows").isPositive();

    SyncResult run = AmplitudeSync.run(job);

    assertThat(run.isPreview()).isFalse();
    assertThat(run.previewRequests()).isEmpty();
    assertThat(fake.requests()).isNotEmpty();
    assertSameCounts(preview, run);
    assertThat(preview.status()).isEqualTo(run.status());
    assertThat(preview.problems()).isEqualTo(run.problems());
  }

  @Test
  void preview_ofACustomMappingThatSkipsRows_countsThemUnchangedLikeTheRun() {
    Source rows =
        InMemorySource.builder()
            .column("customer", ColumnType.STRING)
            .column("amount", ColumnType.DECIMAL)
            .row("user-00001", new BigDecimal("12.50"))
            .row("user-00002", null)
            .row("user-00003", new BigDecimal("-1"))
            .build();
    Mapping mapping =
        Mapping.custom(
            ObjectType.EVENT,
            row -> {
              BigDecimal amount = (BigDecimal) row.get("amount");
              if (amount == null) {
                return null;
              }
              if (amount.signum() < 0) {
                throw new IllegalArgumentException("negative amount");
              }
              return EventRecord.builder("Order Completed")
                  .userId((String) row.get("customer"))
                  .time(AT)
                  .price(amount)
                  .build();
            });
    SyncJob job = SyncJob.builder("orders-custom").source(rows).mapping(mapping).destination(destination()).build();

    SyncResult preview = AmplitudeSync.preview(job);
    assertThat(fake.requests()).isEmpty();
    SyncResult run = AmplitudeSync.run(job);

    assertThat(preview.unchanged()).isEqualTo(1);
    assertThat(preview.invalid()).isEqualTo(1);
    assertThat(preview.accepted()).isEqualTo(1);
    assertSameCounts(preview, run);
  }

  // ------------------------------------------------------------------------------ request bodies

  @Test
  void preview_keepsAtMostPreviewRequestsBodies() {
    Source rows = events(7);
    Mapping mapping = eventMapping();
    AmplitudeClient.Builder onePerRequest = destination().maxEventsPerRequest(1);

    SyncResult two =
        AmplitudeSync.preview(
            SyncJob.builder("orders").source(rows).mapping(mapping).destination(onePerRequest).previewRequests(2).build());
    SyncResult byDefault =
        AmplitudeSync.preview(SyncJob.builder("orders").source(rows).mapping(mapping).destination(onePerRequest).build());
    SyncResult none =
        AmplitudeSync.preview(
            SyncJob.builder("orders").source(rows).mapping(mapping).destination(onePerRequest).previewRequests(0).build());

    assertThat(two.previewRequests()).hasSize(2);
    assertThat(two.previewRequests()).allSatisfy(r -> assertThat(r.records()).isEqualTo(1));
    assertThat(byDefault.previewRequests()).hasSize(5);
    assertThat(none.previewRequests()).isEmpty();
    for (SyncResult preview : List.of(two, byDefault, none)) {
      assertThat(preview.accepted()).isEqualTo(7);
    }
    assertThat(fake.requests()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(ObjectType.class)
  void preview_redactsTheApiKeyInEveryBody(ObjectType type) {
    SyncResult preview = AmplitudeSync.preview(job(type, destination()));

    assertThat(preview.previewRequests()).isNotEmpty();
    for (PreviewRequest request : preview.previewRequests()) {
      assertThat(request.body()).doesNotContain(KEY).doesNotContain(ENCODED_KEY);
      if (request.contentType().startsWith("application/json")) {
        assertThat(request.body()).contains("\"api_key\":\"<redacted>\"");
      } else {
        assertThat(request.contentType()).startsWith("application/x-www-form-urlencoded");
        assertThat(request.body()).startsWith("api_key=%3Credacted%3E&");
      }
    }
    assertThat(preview.toString()).doesNotContain(KEY);
  }

  @ParameterizedTest
  @EnumSource(ObjectType.class)
  void preview_bodyEqualsTheRequestTheRunSends(ObjectType type) throws Exception {
    // A long linger: every record waits for the final flush, so each endpoint gets exactly one
    // request in the preview and in the run alike.
    SyncJob job = job(type, destination().linger(Duration.ofSeconds(30)));

    SyncResult preview = AmplitudeSync.preview(job);
    SyncResult run = AmplitudeSync.run(job);

    assertThat(run.error()).isEmpty();
    Map<String, PreviewRequest> previewed = new LinkedHashMap<>();
    preview.previewRequests().forEach(r -> assertThat(previewed.put(r.path(), r)).as("one request per path").isNull());
    Map<String, List<RecordedRequest>> received =
        fake.requests().stream().collect(Collectors.groupingBy(RecordedRequest::path));
    assertThat(received.keySet()).isEqualTo(previewed.keySet());
    for (PreviewRequest request : previewed.values()) {
      assertThat(received.get(request.path())).as("requests to %s", request.path()).hasSize(1);
      RecordedRequest real = received.get(request.path()).get(0);
      assertThat(real.header("content-type")).startsWith(request.contentType());
      if (request.contentType().startsWith("application/json")) {
        String withKey = request.body().replace("\"<redacted>\"", "\"" + KEY + "\"");
        assertThat(JSON.readTree(withKey)).isEqualTo(JSON.readTree(real.bodyText()));
        assertThat(withKey).isEqualTo(real.bodyText());
      } else {
        Map<String, String> previewForm = form(request.body());
        Map<String, String> realForm = form(real.bodyText());
        assertThat(previewForm.get("api_key")).isEqualTo("<redacted>");
        assertThat(realForm.get("api_key")).isEqualTo(KEY);
        assertThat(JSON.readTree(previewForm.get("identification")))
            .isEqualTo(JSON.readTree(realForm.get("identification")));
        assertThat(request.body().replace("%3Credacted%3E", ENCODED_KEY)).isEqualTo(real.bodyText());
      }
    }
  }

  @Test
  void preview_withHttpApiMinIdLengthAndGzip_bodyEqualsTheUncompressedRequestTheRunSends() throws Exception {
    Source rows =
        InMemorySource.builder()
            .column("order_id", ColumnType.STRING)
            .column("customer", ColumnType.STRING)
            .row("order-1", "abc")
            .row("order-2", "ab")
            .row("order-3", "user-00003")
            .build();
    SyncJob job =
        SyncJob.builder("orders-v2")
            .source(rows)
            .mapping(eventMapping())
            .destination(
                destination().linger(Duration.ofSeconds(30)).eventsApi(EventsApi.HTTP_V2).minIdLength(3).gzip(true))
            .build();

    SyncResult preview = AmplitudeSync.preview(job);
    assertThat(fake.requests()).isEmpty();
    SyncResult run = AmplitudeSync.run(job);

    assertSameCounts(preview, run);
    assertThat(run.accepted()).isEqualTo(2);
    assertThat(run.invalid()).isEqualTo(1);
    assertThat(preview.previewRequests()).hasSize(1);
    PreviewRequest previewed = preview.previewRequests().get(0);
    assertThat(previewed.path()).isEqualTo("/2/httpapi");
    assertThat(previewed.records()).isEqualTo(2);
    assertThat(previewed.body()).contains("\"options\":{\"min_id_length\":3}");
    assertThat(fake.requests()).hasSize(1);
    RecordedRequest real = fake.requests().get(0);
    assertThat(real.path()).isEqualTo("/2/httpapi");
    assertThat(real.header("content-encoding")).isEqualTo("gzip");
    String withKey = previewed.body().replace("\"<redacted>\"", "\"" + KEY + "\"");
    assertThat(JSON.readTree(withKey)).isEqualTo(JSON.readTree(real.bodyText()));
  }

  // ------------------------------------------------------------------------------ scenarios

  /** A job of the given type over valid rows, invalid rows and a duplicate key. */
  private static SyncJob job(ObjectType type, AmplitudeClient.Builder destination) {
    return switch (type) {
      case USER -> SyncJob.builder("preview-users")
          .source(
              InMemorySource.builder()
                  .column("id", ColumnType.STRING)
                  .column("plan", ColumnType.STRING)
                  .column("logins", ColumnType.INTEGER)
                  .row("user-00001", "pro", 3)
                  .row("abc", "pro", 1)
                  .row("user-00002", "free", 1)
                  .row(null, "free", 1)
                  .row("user-00001", "team", 2)
                  .row("user-00003", null, 5)
                  .build())
          .mapping(
              Mapping.builder(ObjectType.USER)
                  .userId(Value.column("id"))
                  .property("plan", Value.column("plan"))
                  .property("logins", Value.column("logins"), PropertyOperation.ADD)
                  .property("source", Value.constant("warehouse"))
                  .build())
          .destination(destination)
          .build();
      case DEVICE -> SyncJob.builder("preview-devices")
          .source(
              InMemorySource.builder()
                  .column("device", ColumnType.STRING)
                  .column("owner", ColumnType.STRING)
                  .column("os", ColumnType.STRING)
                  .row("device-0001", "user-00001", "ios")
                  .row("device-0002", null, "android")
                  .row("dev", null, "android")
                  .row("device-0003", "undefined", "ios")
                  .build())
          .mapping(
              Mapping.builder(ObjectType.DEVICE)
                  .deviceId(Value.column("device"))
                  .userId(Value.column("owner"))
                  .field("os_name", Value.column("os"))
                  .property("os_family", Value.column("os"))
                  .build())
          .destination(destination)
          .build();
      case GROUP -> SyncJob.builder("preview-groups")
          .source(
              InMemorySource.builder()
                  .column("company", ColumnType.STRING)
                  .column("member", ColumnType.STRING)
                  .column("seats", ColumnType.INTEGER)
                  .row("company-acme", "user-00001", 10)
                  .row("company-acme", "user-00002", 10)
                  .row(null, "user-00003", 3)
                  .row("company-globex", null, 7)
                  .row("company-globex", null, 8)
                  .build())
          .mapping(
              Mapping.builder(ObjectType.GROUP)
                  .groupType(Value.constant("company"))
                  .groupValue(Value.column("company"))
                  .userId(Value.column("member"))
                  .property("seats", Value.column("seats"))
                  .build())
          .destination(destination)
          .build();
      case EVENT -> SyncJob.builder("preview-events")
          .source(
              InMemorySource.builder()
                  .column("order_id", ColumnType.STRING)
                  .column("customer", ColumnType.STRING)
                  .column("ordered_at", ColumnType.OTHER)
                  .column("total", ColumnType.DECIMAL)
                  .row("order-0001", "user-00001", AT, new BigDecimal("10.00"))
                  .row("order-0002", "user-00002", "not a time", new BigDecimal("1.00"))
                  .row("order-0003", "user-00002", AT.plusSeconds(1), new BigDecimal("20.50"))
                  .row("order-0001", "user-00003", AT, new BigDecimal("5.00"))
                  .row("order-0005", "none", AT, new BigDecimal("5.00"))
                  .build())
          .mapping(
              Mapping.builder(ObjectType.EVENT)
                  .eventType(Value.constant("Order Completed"))
                  .userId(Value.column("customer"))
                  .insertId(Value.column("order_id"))
                  .time(Value.column("ordered_at"))
                  .property("total", Value.column("total"))
                  .build())
          .destination(destination)
          .build();
    };
  }

  private static Source events(int count) {
    InMemorySource.Builder builder =
        InMemorySource.builder().column("order_id", ColumnType.STRING).column("customer", ColumnType.STRING);
    for (int i = 1; i <= count; i++) {
      builder.row("order-" + i, "user-0000" + i);
    }
    return builder.build();
  }

  private static Mapping eventMapping() {
    return Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Order Completed"))
        .userId(Value.column("customer"))
        .insertId(Value.column("order_id"))
        .timeNow()
        .build();
  }

  private static void assertSameCounts(SyncResult preview, SyncResult run) {
    assertThat(run.error()).as("run error").isEmpty();
    assertThat(preview.rowsRead()).as("rowsRead").isEqualTo(run.rowsRead());
    assertThat(preview.accepted()).as("accepted").isEqualTo(run.accepted());
    assertThat(preview.invalid()).as("invalid").isEqualTo(run.invalid());
    assertThat(preview.unchanged()).as("unchanged").isEqualTo(run.unchanged());
    assertThat(preview.rejected()).as("rejected").isEqualTo(run.rejected());
    assertThat(preview.failed()).as("failed").isEqualTo(run.failed());
  }

  private AmplitudeClient.Builder destination() {
    return AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .linger(Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(20));
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      form.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }
}
