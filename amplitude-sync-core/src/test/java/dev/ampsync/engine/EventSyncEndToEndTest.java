package dev.ampsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.internal.engine.Keys;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.Source;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.FakeProfile;
import java.math.BigDecimal;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Event syncs end to end: create-only events through the Batch API, deduplicated by insert_id. */
class EventSyncEndToEndTest {
  private static final Instant AT = Instant.parse("2024-03-01T12:30:00Z");
  private static final long AT_MILLIS = AT.toEpochMilli();

  private FakeAmplitude fake;

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void eventSync_withEveryTimeRepresentation_sendsTheRightEpochMillis() {
    Source rows =
        InMemorySource.builder()
            .column("order_id", ColumnType.STRING)
            .column("customer", ColumnType.STRING)
            .column("ordered_at", ColumnType.OTHER)
            .row("order-instant", "user-00001", AT)
            .row("order-timestamp", "user-00001", Timestamp.from(AT.plusMillis(123)))
            .row("order-local", "user-00001", LocalDateTime.of(2024, 3, 1, 12, 30))
            .row("order-millis", "user-00001", AT_MILLIS + 1)
            .row("order-iso-z", "user-00001", "2024-03-01T12:30:00.250Z")
            .row("order-iso-offset", "user-00001", "2024-03-01T14:30:00+02:00")
            .row("order-iso-local", "user-00001", "2024-03-01 12:30:00")
            .row("order-offset", "user-00001", OffsetDateTime.of(2024, 3, 1, 7, 30, 0, 0, ZoneOffset.ofHours(-5)))
            .row("order-millis-text", "user-00001", String.valueOf(AT_MILLIS + 2))
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Order Completed"))
            .userId(Value.column("customer"))
            .insertId(Value.column("order_id"))
            .time(Value.column("ordered_at"))
            .build();

    SyncResult result = run("orders-time", rows, mapping);

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(9);
    Map<String, Long> times = new HashMap<>();
    for (ObjectNode event : fake.events("Order Completed")) {
      assertThat(event.get("time").isIntegralNumber()).isTrue();
      times.put(event.get("insert_id").asText(), event.get("time").asLong());
    }
    Map<String, Long> expected = new HashMap<>();
    expected.put("order-instant", AT_MILLIS);
    expected.put("order-timestamp", AT_MILLIS + 123);
    expected.put("order-local", AT_MILLIS);
    expected.put("order-millis", AT_MILLIS + 1);
    expected.put("order-iso-z", AT_MILLIS + 250);
    expected.put("order-iso-offset", AT_MILLIS);
    expected.put("order-iso-local", AT_MILLIS);
    expected.put("order-offset", AT_MILLIS);
    expected.put("order-millis-text", AT_MILLIS + 2);
    assertThat(times).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2024-03-01T14:30:00+0200", "2024-03-01 14:30:00+02"})
  void eventSync_withIsoTimeWithACompactOffset_sendsTheRightEpochMillis(String time) {
    Source rows =
        InMemorySource.builder()
            .column("order_id", ColumnType.STRING)
            .column("customer", ColumnType.STRING)
            .column("ordered_at", ColumnType.STRING)
            .row("order-0001", "user-00001", time)
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Order Completed"))
            .userId(Value.column("customer"))
            .insertId(Value.column("order_id"))
            .time(Value.column("ordered_at"))
            .build();

    SyncResult result = run("orders-offset", rows, mapping);

    assertThat(result.problems()).isEmpty();
    assertThat(result.accepted()).isEqualTo(1);
    assertThat(fake.events()).hasSize(1);
    assertThat(fake.events().get(0).get("time").asLong()).isEqualTo(AT_MILLIS);
  }

  @Test
  void eventSync_withInsertIdColumn_sendsItAsIsAndARerunIngestsNothingNew() {
    Source rows =
        InMemorySource.builder()
            .column("order_id", ColumnType.INTEGER)
            .column("customer", ColumnType.STRING)
            .column("ordered_at", ColumnType.TIMESTAMP)
            .row(88231L, "user-00001", AT)
            .row(88232L, "user-00002", AT.plusSeconds(60))
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Order Completed"))
            .userId(Value.column("customer"))
            .insertId(Value.column("order_id"))
            .time(Value.column("ordered_at"))
            .build();

    SyncResult first = run("orders-ids", rows, mapping);
    SyncResult second = run("orders-ids", rows, mapping);

    assertThat(first.accepted()).isEqualTo(2);
    assertThat(second.accepted()).isEqualTo(2);
    assertThat(fake.distinctInsertIds()).containsExactlyInAnyOrder("88231", "88232");
    assertThat(fake.eventCount()).isEqualTo(2);
    assertThat(fake.duplicateCount()).isEqualTo(2);
  }

  @Test
  void eventSync_withoutInsertId_derivesADeterministicOneAndARerunIngestsNothingNew() {
    Source rows =
        InMemorySource.builder()
            .column("customer", ColumnType.STRING)
            .column("device", ColumnType.STRING)
            .column("ordered_at", ColumnType.TIMESTAMP)
            .row("user-00001", null, AT)
            .row("user-00001", null, AT.plusSeconds(1))
            .row("user-00002", "device-0002", AT)
            .row(null, "device-0003", AT)
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Page Viewed"))
            .userId(Value.column("customer"))
            .deviceId(Value.column("device"))
            .time(Value.column("ordered_at"))
            .build();

    SyncResult first = run("page-views", rows, mapping);

    assertThat(first.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(first.accepted()).isEqualTo(4);
    Map<String, String> insertIds = new LinkedHashMap<>();
    for (ObjectNode event : fake.events("Page Viewed")) {
      String insertId = event.get("insert_id").asText();
      assertThat(insertId).matches("ampsync-[0-9a-f]{32}");
      insertIds.put(event.path("user_id").asText("") + "|" + event.path("device_id").asText("") + "|"
          + event.get("time").asLong(), insertId);
    }
    assertThat(insertIds)
        .containsEntry("user-00001||" + AT_MILLIS, Keys.insertId("page-views", "Page Viewed", "user-00001", null, AT))
        .containsEntry("user-00001||" + (AT_MILLIS + 1000),
            Keys.insertId("page-views", "Page Viewed", "user-00001", null, AT.plusSeconds(1)))
        .containsEntry("user-00002|device-0002|" + AT_MILLIS,
            Keys.insertId("page-views", "Page Viewed", "user-00002", "device-0002", AT))
        .containsEntry("|device-0003|" + AT_MILLIS,
            Keys.insertId("page-views", "Page Viewed", null, "device-0003", AT))
        .hasSize(4);

    SyncResult second = run("page-views", rows, mapping);

    assertThat(second.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(second.accepted()).isEqualTo(4);
    assertThat(fake.eventCount()).isEqualTo(4);
    assertThat(fake.duplicateCount()).isEqualTo(4);
    assertThat(fake.distinctInsertIds()).containsExactlyInAnyOrderElementsOf(insertIds.values());
  }

  @Test
  void eventSync_withPropertiesUserPropertiesRevenueAndGroups_sendsThemExactly() {
    Source rows =
        InMemorySource.builder()
            .column("order_id", ColumnType.STRING)
            .column("customer", ColumnType.STRING)
            .column("total", ColumnType.DECIMAL)
            .column("items", ColumnType.ARRAY)
            .column("coupon", ColumnType.STRING)
            .column("price", ColumnType.DECIMAL)
            .column("qty", ColumnType.INTEGER)
            .column("sku", ColumnType.STRING)
            .column("plan", ColumnType.STRING)
            .column("company_id", ColumnType.STRING)
            .row("order-0001", "user-00001", new BigDecimal("59.70"), List.of("sku-1", "sku-2"), null,
                new BigDecimal("19.90"), 3L, "sku-1", "pro", "company-acme")
            .row("order-0002", "user-00001", new BigDecimal("5.00"), List.of(), "SPRING",
                new BigDecimal("5.00"), 1L, "sku-9", "pro", null)
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Order Completed"))
            .userId(Value.column("customer"))
            .insertId(Value.column("order_id"))
            .property("total", Value.column("total"))
            .property("items", Value.column("items"))
            .property("coupon", Value.column("coupon"))
            .property("channel", Value.constant("warehouse"))
            .field("price", Value.column("price"))
            .field("quantity", Value.column("qty"))
            .field("productId", Value.column("sku"))
            .userProperty("plan", Value.column("plan"), PropertyOperation.SET)
            .userProperty("orders", Value.constant(1), PropertyOperation.ADD)
            .group("company", Value.column("company_id"))
            .timeNow()
            .build();

    SyncResult result = run("orders-full", rows, mapping);

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    Map<String, ObjectNode> events = byInsertId();
    ObjectNode first = events.get("order-0001");
    assertThat(first.get("event_type").asText()).isEqualTo("Order Completed");
    assertThat(first.get("user_id").asText()).isEqualTo("user-00001");
    assertThat(first.get("price").decimalValue()).isEqualByComparingTo("19.90");
    assertThat(first.get("price").toString()).isEqualTo("19.90");
    assertThat(first.get("quantity").isIntegralNumber()).isTrue();
    assertThat(first.get("quantity").asLong()).isEqualTo(3);
    assertThat(first.get("productId").asText()).isEqualTo("sku-1");
    JsonNode properties = first.get("event_properties");
    assertThat(properties.get("total").toString()).isEqualTo("59.70");
    assertThat(properties.get("items").toString()).isEqualTo("[\"sku-1\",\"sku-2\"]");
    assertThat(properties.get("channel").asText()).isEqualTo("warehouse");
    assertThat(properties.has("coupon")).as("a NULL event property is left out").isFalse();
    assertThat(first.get("groups").toString()).isEqualTo("{\"company\":\"company-acme\"}");
    ObjectNode second = events.get("order-0002");
    assertThat(second.get("event_properties").get("coupon").asText()).isEqualTo("SPRING");
    assertThat(second.get("event_properties").get("items").size()).isZero();
    assertThat(second.has("groups")).isFalse();
    // User properties on events update the user's profile: set once, added twice.
    FakeProfile user = fake.user("user-00001").orElseThrow();
    assertThat(user.property("plan")).isEqualTo("pro");
    assertThat((BigDecimal) user.property("orders")).isEqualByComparingTo("2");
  }

  @Test
  void eventSync_withSkipUserPropertiesSync_marksEveryEventAndLeavesProfilesAlone() {
    Source rows =
        InMemorySource.builder()
            .column("order_id", ColumnType.STRING)
            .column("customer", ColumnType.STRING)
            .column("plan", ColumnType.STRING)
            .row("order-0001", "user-00001", "pro")
            .row("order-0002", "user-00002", "free")
            .row("order-0003", "user-00001", "pro")
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Order Completed"))
            .userId(Value.column("customer"))
            .insertId(Value.column("order_id"))
            .userProperty("plan", Value.column("plan"), PropertyOperation.SET)
            .timeNow()
            .build();

    SyncResult result =
        AmplitudeSync.run(
            SyncJob.builder("orders-backfill")
                .source(rows)
                .mapping(mapping)
                .destination(destination())
                .skipUserPropertiesSync(true)
                .build());

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(3);
    List<ObjectNode> events = fake.events();
    assertThat(events).hasSize(3);
    for (ObjectNode event : events) {
      assertThat(event.get("$skip_user_properties_sync")).isNotNull();
      assertThat(event.get("$skip_user_properties_sync").isBoolean()).isTrue();
      assertThat(event.get("$skip_user_properties_sync").booleanValue()).isTrue();
    }
    assertThat(fake.users()).isEmpty();
  }

  @Test
  void eventSync_withCustomRowFunction_mapsRowsReportsFailuresAndSkipsNulls() {
    Source rows =
        InMemorySource.builder()
            .column("id", ColumnType.INTEGER)
            .column("customer", ColumnType.STRING)
            .column("amount", ColumnType.DECIMAL)
            .row(1L, "user-00001", new BigDecimal("12.50"))
            .row(2L, "user-00002", null)
            .row(3L, "user-00003", new BigDecimal("-1"))
            .row(4L, "user-00004", new BigDecimal("7.25"))
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
                throw new IllegalStateException("negative amount for order " + row.get("id"));
              }
              return EventRecord.builder("Order Completed")
                  .userId((String) row.get("customer"))
                  .insertId("orders:" + row.get("id"))
                  .time(AT)
                  .price(amount)
                  .build();
            });

    SyncResult result = run("orders-custom", rows, mapping);

    assertThat(result.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(result.rowsRead()).isEqualTo(4);
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.unchanged()).isEqualTo(1);
    assertThat(result.invalid()).isEqualTo(1);
    assertThat(result.problems()).hasSize(1);
    Problem problem = result.problems().get(0);
    assertThat(problem.outcome()).isEqualTo(RowOutcome.INVALID);
    assertThat(problem.reason()).contains("negative amount for order 3");
    assertThat(byInsertId().keySet()).containsExactlyInAnyOrder("orders:1", "orders:4");
    assertThat(byInsertId().get("orders:1").get("price").decimalValue()).isEqualByComparingTo("12.50");
    assertThat(byInsertId().get("orders:4").get("time").asLong()).isEqualTo(AT_MILLIS);
  }

  @Test
  void eventSync_withCustomRowFunctionWithoutInsertId_getsADerivedOne() {
    Source rows =
        InMemorySource.builder()
            .column("customer", ColumnType.STRING)
            .row("user-00001")
            .build();
    Mapping mapping =
        Mapping.custom(
            ObjectType.EVENT,
            row -> EventRecord.builder("Signed Up").userId((String) row.get("customer")).time(AT).build());

    SyncResult result = run("signups-custom", rows, mapping);

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(fake.events()).hasSize(1);
    assertThat(fake.events().get(0).get("insert_id").asText())
        .isEqualTo(Keys.insertId("signups-custom", "Signed Up", "user-00001", null, AT));
  }

  private Map<String, ObjectNode> byInsertId() {
    Map<String, ObjectNode> events = new LinkedHashMap<>();
    for (ObjectNode event : fake.events()) {
      events.put(event.get("insert_id").asText(), event);
    }
    return events;
  }

  private AmplitudeClient.Builder destination() {
    return AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .linger(Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(20));
  }

  private SyncResult run(String name, Source source, Mapping mapping) {
    SyncResult result =
        AmplitudeSync.run(SyncJob.builder(name).source(source).mapping(mapping).destination(destination()).build());
    assertThat(result.error()).as("run error").isEmpty();
    assertThat(result.accepted() + result.unchanged() + result.invalid() + result.rejected() + result.failed())
        .isEqualTo(result.rowsRead());
    return result;
  }
}
