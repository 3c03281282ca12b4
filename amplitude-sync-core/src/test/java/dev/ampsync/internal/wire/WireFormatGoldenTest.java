package dev.ampsync.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampsync.record.DeviceRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.IngestionMetadata;
import dev.ampsync.record.Plan;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden tests: for each record type and each endpoint form, a fully populated and a minimal record
 * encode to the JSON in {@code src/test/resources/golden}, compared structurally.
 */
class WireFormatGoldenTest {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final WireFormat WIRE = WireFormat.get();
  private static final Instant TIME = Instant.parse("2024-03-01T12:30:00.123Z");

  static EventRecord fullEvent() {
    Map<String, Object> cart = new LinkedHashMap<>();
    cart.put("items", List.of("sku-7", "sku-9"));
    cart.put("total", new BigDecimal("59.97"));
    cart.put("coupon", null);
    return EventRecord.builder("Order Completed")
        .userId("user-1042")
        .deviceId("device-8f14e45f")
        .time(TIME)
        .insertId("orders:88231")
        .appVersion("4.2.0")
        .versionName("Orion")
        .platform("iOS")
        .osName("ios")
        .osVersion("17.4")
        .deviceBrand("Apple")
        .deviceManufacturer("Apple")
        .deviceModel("iPhone15,2")
        .carrier("Telekom")
        .country("Germany")
        .region("Berlin")
        .city("Berlin")
        .dma("n/a-dma")
        .language("de-DE")
        .price(new BigDecimal("19.99"))
        .quantity(3L)
        .revenue(new BigDecimal("59.97"))
        .productId("sku-7")
        .revenueType("purchase")
        .currency("EUR")
        .location(new BigDecimal("52.520008"), new BigDecimal("13.404954"))
        .ip("203.0.113.7")
        .idfa("AEBE52E7-03EE-455A-B3C4-E57283966239")
        .idfv("BCCE52E7-03EE-455A-B3C4-E57283966239")
        .adid("38400000-8cf0-11bd-b23e-10b96e40000d")
        .androidId("9774d56d682e549c")
        .androidAppSetId("a1b2c3d4-app-set")
        .eventId(7L)
        .sessionId(1709296200000L)
        .userAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)")
        .plan(new Plan("main", "ios", "12", "v-12"))
        .partnerId("partner-77")
        .library("amplitude-sync/0.1.0")
        .ingestionMetadata(new IngestionMetadata("amplitude-sync", "0.1.0"))
        .skipUserPropertiesSync(true)
        .eventProperty("cart", cart)
        .eventProperty("gift", false)
        .eventProperty("note", "Grüße 😀")
        .userProperties(
            PropertyOperations.builder()
                .set("plan", "pro")
                .setOnce("first_order", "2024-03-01T12:30:00Z")
                .add("orders", 1)
                .append("skus", List.of("sku-7", "sku-9"))
                .unset("cart_abandoned")
                .build())
        .group("company", "acme-corp")
        .group("team", "growth", "data")
        .build();
  }

  static UserRecord fullUser() {
    return UserRecord.builder("user-1042")
        .deviceId("device-8f14e45f")
        .time(TIME)
        .insertId("users:user-1042")
        .appVersion("4.2.0")
        .platform("iOS")
        .osName("ios")
        .osVersion("17.4")
        .deviceBrand("Apple")
        .deviceManufacturer("Apple")
        .deviceModel("iPhone15,2")
        .carrier("Telekom")
        .country("Germany")
        .region("Berlin")
        .city("Berlin")
        .dma("n/a-dma")
        .language("de-DE")
        .paying("true")
        .startVersion("1.0.0")
        .library("amplitude-sync/0.1.0")
        .userProperties(
            PropertyOperations.builder()
                .set("plan", "pro")
                .set("lifetime_value", new BigDecimal("1249.50"))
                .set("trial_end", null)
                .setOnce("first_seen", "2023-02-01T09:00:00Z")
                .add("logins", 3)
                .append("tags", "beta")
                .prepend("recent", List.of("a", "b"))
                .preInsert("badges", "early")
                .postInsert("badges_late", List.of("x"))
                .remove("flags", "legacy")
                .unset("old_plan")
                .build())
        .group("company", "acme-corp")
        .group("team", "growth", "data")
        .build();
  }

  static DeviceRecord fullDevice() {
    return DeviceRecord.builder("device-8f14e45f")
        .userId("user-1042")
        .platform("Android")
        .osName("android")
        .osVersion("14")
        .deviceBrand("Google")
        .deviceManufacturer("Google")
        .deviceModel("Pixel 8")
        .carrier("Vodafone")
        .country("Germany")
        .region("Hamburg")
        .city("Hamburg")
        .dma("n/a-dma")
        .language("de-DE")
        .appVersion("4.2.0")
        .userProperties(PropertyOperations.builder().set("push_enabled", true).build())
        .build();
  }

  static GroupRecord fullGroup() {
    return GroupRecord.builder("company", "acme-corp")
        .userId("user-1042")
        .groupProperties(
            PropertyOperations.builder()
                .set("name", "Acme Corp")
                .set("arr", new BigDecimal("120000.00"))
                .setOnce("created", "2019-05-01")
                .add("seats", 5)
                .append("regions", "eu")
                .prepend("owners", "ana")
                .unset("legacy_id")
                .build())
        .build();
  }

  @Test
  void event_fullyPopulated_encodesEveryField() {
    assertGolden(WIRE.event(fullEvent()), "event-full.json");
  }

  @Test
  void event_minimal_encodesOnlyTypeAndId() {
    assertGolden(WIRE.event(EventRecord.builder("Signed Up").deviceId("device-1").build()), "event-minimal.json");
  }

  @Test
  void event_withOnlySetUserProperties_encodesThemAsAPlainObject() {
    EventRecord event =
        EventRecord.builder("Plan Changed")
            .userId("user-1042")
            .userProperties(PropertyOperations.builder().set("plan", "pro").set("seats", 3).build())
            .build();
    assertGolden(WIRE.event(event), "event-plain-user-properties.json");
  }

  @Test
  void identification_fullUser_encodesOperationsFieldsAndMirroredGroups() {
    assertGolden(WIRE.identification(fullUser()), "identify-user-full.json");
  }

  @Test
  void identification_minimalUser_encodesOnlyUserId() {
    assertGolden(WIRE.identification(UserRecord.builder("user-1").build()), "identify-user-minimal.json");
  }

  @Test
  void identification_fullDevice_encodesDeviceFieldsTogether() {
    assertGolden(WIRE.identification(fullDevice()), "identify-device-full.json");
  }

  @Test
  void identification_minimalDevice_encodesOnlyDeviceId() {
    assertGolden(WIRE.identification(DeviceRecord.builder("device-1").build()), "identify-device-minimal.json");
  }

  @Test
  void identification_clearAll_isExclusiveAndNotMixedWithMirroredGroups() {
    UserRecord user =
        UserRecord.builder("user-1042")
            .userProperties(PropertyOperations.builder().clearAll().build())
            .group("company", "acme-corp")
            .build();
    assertGolden(WIRE.identification(user), "identify-user-clear-all.json");
  }

  @Test
  void identifyEvent_fullUser_isTheIdentificationWithEventType() {
    assertGolden(WIRE.identifyEvent(fullUser()), "identify-event-user-full.json");
  }

  @Test
  void identifyEvent_minimalDevice_carriesEventTypeAndDeviceId() {
    assertGolden(WIRE.identifyEvent(DeviceRecord.builder("device-1").build()), "identify-event-device-minimal.json");
  }

  @Test
  void groupIdentification_full_encodesGroupOperations() {
    assertGolden(WIRE.groupIdentification(fullGroup()), "groupidentify-full.json");
  }

  @Test
  void groupIdentification_minimal_carriesEmptyGroupProperties() {
    assertGolden(
        WIRE.groupIdentification(GroupRecord.builder("company", "acme-corp").build()), "groupidentify-minimal.json");
  }

  @Test
  void membership_addsTheUserToTheGroupAndMirrorsItAsAUserProperty() {
    assertGolden(WIRE.membership(fullGroup()), "membership-full.json");
  }

  @Test
  void membership_withoutUser_isNull() {
    assertThat(WIRE.membership(GroupRecord.builder("company", "acme-corp").build())).isNull();
  }

  @Test
  void groupIdentifyEvent_full_actsAsTheMemberUser() {
    assertGolden(WIRE.groupIdentifyEvent(fullGroup(), "ignored-device"), "groupidentify-event-full.json");
  }

  @Test
  void groupIdentifyEvent_minimal_actsAsTheGivenDevice() {
    assertGolden(
        WIRE.groupIdentifyEvent(GroupRecord.builder("company", "acme-corp").build(), "ampsync-groups"),
        "groupidentify-event-minimal.json");
  }

  @Test
  void groupIdentifyEvent_withoutUserOrDevice_isRefused() {
    assertThatThrownBy(() -> WIRE.groupIdentifyEvent(GroupRecord.builder("company", "acme").build(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("actingDeviceId");
  }

  @Test
  void eventsBody_forBatch_wrapsEventsWithKeyAndOptions() throws IOException {
    RequestBodies bodies = RequestBodies.create("test-api-key", 5);
    byte[] body =
        bodies.events(
            List.of(
                WIRE.event(EventRecord.builder("Signed Up").deviceId("device-1").build()),
                WIRE.event(fullEvent())));
    assertThat(MAPPER.readTree(body)).isEqualTo(golden("batch-body.json"));
  }

  @Test
  void formBody_forIdentify_carriesKeyIdentificationArrayAndOptions() throws IOException {
    RequestBodies bodies = RequestBodies.create("test-api-key", 3);
    String body =
        new String(
            bodies.form(List.of(WIRE.identification(fullUser()), WIRE.identification(fullDevice()))),
            StandardCharsets.US_ASCII);
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      String[] kv = pair.split("=", 2);
      form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    assertThat(form.keySet()).containsExactly("api_key", "identification", "options");
    assertThat(form.get("api_key")).isEqualTo("test-api-key");
    assertThat(MAPPER.readTree(form.get("identification")))
        .isEqualTo(MAPPER.createArrayNode().add(golden("identify-user-full.json")).add(golden("identify-device-full.json")));
    assertThat(MAPPER.readTree(form.get("options"))).isEqualTo(MAPPER.readTree("{\"min_id_length\":3}"));
  }

  private static void assertGolden(EncodedRecord encoded, String name) {
    try {
      JsonNode actual = MAPPER.readTree(encoded.json());
      assertThat(actual).as(name + " was " + encoded.json()).isEqualTo(golden(name));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static JsonNode golden(String name) throws IOException {
    try (InputStream in = WireFormatGoldenTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file " + name).isNotNull();
      return MAPPER.readTree(in);
    }
  }
}
