package dev.ampsync.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.ampsync.record.ObjectType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests for the record builders ({@link EventRecord}, {@link UserRecord}, {@link DeviceRecord},
 * {@link GroupRecord}) and {@link AmplitudeField}: programming errors throw, data is copied into
 * immutable values with value equality.
 */
class RecordBuildersTest {
  private static final String USER_ID = "user-1042";
  private static final String DEVICE_ID = "device-8f14e45f";
  private static final Instant TIME = Instant.parse("2024-03-01T12:30:00.123Z");

  static EventRecord fullEvent() {
    return fullEventBuilder().build();
  }

  static EventRecord.Builder fullEventBuilder() {
    Map<String, Object> cart = new LinkedHashMap<>();
    cart.put("items", List.of("sku-7", "sku-9"));
    cart.put("coupon", null);
    return EventRecord.builder("Order Completed")
        .userId(USER_ID)
        .deviceId(DEVICE_ID)
        .time(TIME)
        .insertId("orders:88231")
        .country("Germany")
        .price(new BigDecimal("19.99"))
        .quantity(3L)
        .currency("EUR")
        .plan(Plan.of("main", "ios", "12"))
        .ingestionMetadata(new IngestionMetadata("amplitude-sync", "0.1.0"))
        .skipUserPropertiesSync(true)
        .eventProperty("cart", cart)
        .eventProperty("coupon_code", null)
        .userProperties(PropertyOperations.builder().set("plan", "pro").add("orders", 1).build())
        .group("company", "acme-corp");
  }

  static UserRecord fullUser() {
    return UserRecord.builder(USER_ID)
        .deviceId(DEVICE_ID)
        .country("Germany")
        .platform("iOS")
        .paying("true")
        .startVersion("1.0.0")
        .userProperties(PropertyOperations.builder().set("plan", "pro").unset("trial_end").build())
        .group("company", "acme-corp")
        .group("team", "red", "blue")
        .build();
  }

  static DeviceRecord fullDevice() {
    return DeviceRecord.builder(DEVICE_ID)
        .userId(USER_ID)
        .platform("iOS")
        .osName("ios")
        .osVersion("17.4")
        .deviceBrand("Apple")
        .deviceManufacturer("Apple")
        .deviceModel("iPhone15,2")
        .carrier("Telekom")
        .userProperties(PropertyOperations.builder().setOnce("first_seen", "2024-01-05").build())
        .build();
  }

  static GroupRecord fullGroup() {
    return GroupRecord.builder("company", "acme-corp")
        .groupProperties(
            PropertyOperations.builder().set("name", "Acme Corp").add("seats", 5).build())
        .userId(USER_ID)
        .build();
  }

  @Nested
  class RequiredArguments {

    @Test
    void eventBuilder_withNullEventType_throwsNpeNamingEventType() {
      assertThatThrownBy(() -> EventRecord.builder(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("eventType is null: ");
    }

    @Test
    void userBuilder_withNullUserId_throwsNpeNamingUserId() {
      assertThatThrownBy(() -> UserRecord.builder(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("userId is null: ");
    }

    @Test
    void deviceBuilder_withNullDeviceId_throwsNpeNamingDeviceId() {
      assertThatThrownBy(() -> DeviceRecord.builder(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("deviceId is null: ");
    }

    @Test
    void groupBuilder_withNullGroupType_throwsNpeNamingGroupType() {
      assertThatThrownBy(() -> GroupRecord.builder(null, "x"))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("groupType is null: ");
    }

    @Test
    void groupBuilder_withNullGroupValue_throwsNpeNamingGroupValue() {
      assertThatThrownBy(() -> GroupRecord.builder("company", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("groupValue is null: ");
    }

    @Test
    void eventProperty_withNullName_throwsNpeNamingName() {
      EventRecord.Builder builder = EventRecord.builder("Order Completed");

      assertThatThrownBy(() -> builder.eventProperty(null, "v"))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("name is null: ");
    }

    @Test
    void eventProperties_withNullMap_throwsNpe() {
      EventRecord.Builder builder = EventRecord.builder("Order Completed");

      assertThatThrownBy(() -> builder.eventProperties(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("properties is null: pass the event properties");
    }

    @Test
    void eventProperties_withNullKey_throwsNpe() {
      Map<String, Object> properties = new HashMap<>();
      properties.put(null, "v");

      assertThatThrownBy(() -> EventRecord.builder("Order Completed").eventProperties(properties))
          .isInstanceOf(NullPointerException.class);
    }

    @Test
    void userProperties_withNull_throwsNpeNamingUserPropertiesOnEveryBuilder() {
      assertThatThrownBy(() -> EventRecord.builder("Order Completed").userProperties(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("userProperties is null: ");
      assertThatThrownBy(() -> UserRecord.builder(USER_ID).userProperties(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("userProperties is null: ");
      assertThatThrownBy(() -> DeviceRecord.builder(DEVICE_ID).userProperties(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("userProperties is null: ");
    }

    @Test
    void groupProperties_withNull_throwsNpeNamingGroupProperties() {
      assertThatThrownBy(() -> GroupRecord.builder("company", "acme-corp").groupProperties(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("groupProperties is null: ");
    }

    @Test
    void field_withNullField_throwsNpeNamingField() {
      assertThatThrownBy(() -> UserRecord.builder(USER_ID).field(null, "x"))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("field is null: ");
    }

    @Test
    void group_withNullTypeValuesOrValue_throwsNpe() {
      UserRecord.Builder builder = UserRecord.builder(USER_ID);

      assertThatThrownBy(() -> builder.group(null, List.of("acme")))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("groupType is null: ");
      assertThatThrownBy(() -> builder.group("company", (Collection<String>) null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("groupValues is null: ");
      assertThatThrownBy(() -> builder.group("company", "acme", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("company");
      assertThatThrownBy(() -> builder.groups(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("groups is null: ");
    }

    @Test
    void eventBuild_withNeitherUserIdNorDeviceId_throwsIseMentioningBothIds() {
      EventRecord.Builder builder = EventRecord.builder("Order Completed");

      assertThatThrownBy(builder::build)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Order Completed")
          .hasMessageContaining("user_id")
          .hasMessageContaining("device_id");
    }

    @Test
    void eventBuild_afterClearingTheOnlyId_throwsIse() {
      EventRecord.Builder builder = EventRecord.builder("Order Completed").userId(USER_ID).userId(null);

      assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void eventBuild_withOnlyAUserIdOrOnlyADeviceId_succeeds() {
      EventRecord byUser = EventRecord.builder("Order Completed").userId(USER_ID).build();
      EventRecord byDevice = EventRecord.builder("Order Completed").deviceId(DEVICE_ID).build();

      assertThat(byUser.userId()).contains(USER_ID);
      assertThat(byUser.deviceId()).isEmpty();
      assertThat(byDevice.deviceId()).contains(DEVICE_ID);
      assertThat(byDevice.userId()).isEmpty();
    }

    @Test
    void eventBuild_withDataAmplitudeWouldRefuse_stillBuilds() {
      // Bad data is the validator's business; builders only throw for programming errors.
      EventRecord event =
          EventRecord.builder("$identify").userId("abc").eventProperty("score", Double.NaN).build();

      assertThat(event.eventProperties()).containsEntry("score", Double.NaN);
    }
  }

  @Nested
  class WrongFieldsAndValues {

    @Test
    void userField_price_throwsIaeSayingItDoesNotApplyToUsers() {
      UserRecord.Builder builder = UserRecord.builder(USER_ID);

      assertThatThrownBy(() -> builder.field(AmplitudeField.PRICE, new BigDecimal("1.00")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("price")
          .hasMessageContaining("user");
    }

    @Test
    void deviceField_eventOnlyField_throwsIae() {
      assertThatThrownBy(() -> DeviceRecord.builder(DEVICE_ID).field(AmplitudeField.IP, "203.0.113.7"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ip")
          .hasMessageContaining("device");
    }

    @Test
    void eventField_identifyOnlyField_throwsIae() {
      EventRecord.Builder builder = EventRecord.builder("Order Completed");

      assertThatThrownBy(() -> builder.field(AmplitudeField.PAYING, "true"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("paying")
          .hasMessageContaining("event");
      assertThatThrownBy(() -> builder.field(AmplitudeField.START_VERSION, "1.0"))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void field_notApplying_throwsEvenWhenTheValueIsNull() {
      assertThatThrownBy(() -> UserRecord.builder(USER_ID).field(AmplitudeField.PRICE, null))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fieldQuantity_withAString_throwsIaeNamingTheField() {
      EventRecord.Builder builder = EventRecord.builder("Order Completed");

      assertThatThrownBy(() -> builder.field(AmplitudeField.QUANTITY, "3"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("quantity")
          .hasMessageContaining("String");
    }

    @Test
    void fieldQuantity_withAFractionalBigDecimal_throwsIae() {
      EventRecord.Builder builder = EventRecord.builder("Order Completed");

      assertThatThrownBy(() -> builder.field(AmplitudeField.QUANTITY, new BigDecimal("2.5")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("quantity")
          .hasMessageContaining("whole number");
    }

    @ParameterizedTest
    @MethodSource("dev.ampsync.record.RecordBuildersTest#wrongKindValues")
    void field_withAValueOfTheWrongKind_throwsIaeNamingTheField(AmplitudeField field, Object value) {
      EventRecord.Builder builder = EventRecord.builder("Order Completed");

      assertThatThrownBy(() -> builder.field(field, value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith(field.wireName() + " takes ");
    }

    @ParameterizedTest
    @MethodSource("dev.ampsync.record.RecordBuildersTest#unsupportedPropertyValues")
    void eventProperty_withUnsupportedValueType_throwsIaeNamingThePath(Object value) {
      EventRecord.Builder builder = EventRecord.builder("Order Completed");

      assertThatThrownBy(() -> builder.eventProperty("blob", value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("event_properties.blob");
    }

    @Test
    void eventProperties_withUnsupportedNestedValue_throwsIaeNamingTheNestedPath() {
      Map<String, Object> properties = Map.of("cart", Map.of("items", List.of("a", new Object())));

      assertThatThrownBy(() -> EventRecord.builder("Order Completed").eventProperties(properties))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("event_properties.cart.items[1]");
    }

    @Test
    void eventProperty_withNonStringMapKey_throwsIae() {
      Map<Object, Object> nested = new HashMap<>();
      nested.put(1, "one");

      assertThatThrownBy(() -> EventRecord.builder("Order Completed").eventProperty("m", nested))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("event_properties.m");
    }

    @ParameterizedTest
    @EnumSource(
        value = PropertyOperation.class,
        names = {"PRE_INSERT", "POST_INSERT", "REMOVE"})
    void groupProperties_withANonGroupOperation_throwsIaeNamingTheOperation(PropertyOperation op) {
      PropertyOperations ops = PropertyOperations.builder().put(op, "tags", "a").build();
      GroupRecord.Builder builder = GroupRecord.builder("company", "acme-corp");

      assertThatThrownBy(() -> builder.groupProperties(ops))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(op.wireName())
          .hasMessageContaining("not a group property operation");
    }

    @Test
    void groupProperties_withClearAll_throwsIae() {
      PropertyOperations ops = PropertyOperations.builder().clearAll().build();
      GroupRecord.Builder builder = GroupRecord.builder("company", "acme-corp");

      assertThatThrownBy(() -> builder.groupProperties(ops))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("$clearAll");
    }

    @Test
    void groupProperties_withEveryGroupOperation_isAccepted() {
      PropertyOperations ops =
          PropertyOperations.builder()
              .set("name", "Acme")
              .setOnce("founded", 1999)
              .add("seats", 5)
              .append("regions", "eu")
              .prepend("tiers", "gold")
              .unset("legacy")
              .build();

      GroupRecord group = GroupRecord.builder("company", "acme-corp").groupProperties(ops).build();

      assertThat(group.groupProperties()).isEqualTo(ops);
    }
  }

  static Stream<Arguments> wrongKindValues() {
    return Stream.of(
        Arguments.of(AmplitudeField.QUANTITY, 2.5d),
        Arguments.of(AmplitudeField.QUANTITY, new BigInteger("9223372036854775808")),
        Arguments.of(AmplitudeField.QUANTITY, 1e300),
        Arguments.of(AmplitudeField.QUANTITY, true),
        Arguments.of(AmplitudeField.PRICE, "19.99"),
        Arguments.of(AmplitudeField.TIME, "2024-03-01T12:30:00Z"),
        Arguments.of(AmplitudeField.TIME, 1709296200000L),
        Arguments.of(AmplitudeField.COUNTRY, 42),
        Arguments.of(AmplitudeField.PLAN, "main"),
        Arguments.of(AmplitudeField.INGESTION_METADATA, "amplitude-sync"),
        Arguments.of(AmplitudeField.SKIP_USER_PROPERTIES_SYNC, "true"));
  }

  static Stream<Object> unsupportedPropertyValues() {
    return Stream.of(
        new Object(),
        new byte[] {1, 2, 3},
        new int[] {1, 2},
        Optional.of("x"),
        java.net.URI.create("https://example.com"));
  }

  @Nested
  class ToBuilderAndImmutability {

    static Stream<Arguments> roundTrips() {
      return Stream.of(
          Arguments.of(fullEvent(), (UnaryOperator<AmplitudeRecord>) r -> ((EventRecord) r).toBuilder().build()),
          Arguments.of(fullUser(), (UnaryOperator<AmplitudeRecord>) r -> ((UserRecord) r).toBuilder().build()),
          Arguments.of(fullDevice(), (UnaryOperator<AmplitudeRecord>) r -> ((DeviceRecord) r).toBuilder().build()),
          Arguments.of(fullGroup(), (UnaryOperator<AmplitudeRecord>) r -> ((GroupRecord) r).toBuilder().build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("roundTrips")
    void toBuilder_build_roundTripsToAnEqualRecord(
        AmplitudeRecord original, UnaryOperator<AmplitudeRecord> roundTrip) {
      AmplitudeRecord copy = roundTrip.apply(original);

      assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original).isNotSameAs(original);
      assertThat(copy.toString()).isEqualTo(original.toString());
    }

    @Test
    void eventToBuilder_changingTheBuilder_doesNotChangeTheOriginal() {
      EventRecord original = fullEvent();
      String before = original.toString();

      original
          .toBuilder()
          .userId("someone-else")
          .country(null)
          .price(new BigDecimal("0.01"))
          .eventProperty("cart", "replaced")
          .eventProperty("added", 1)
          .group("company", "other-corp")
          .group("team", "red")
          .userProperties(PropertyOperations.empty())
          .build();

      assertThat(original.toString()).isEqualTo(before);
      assertThat(original).isEqualTo(fullEvent());
    }

    @Test
    void userToBuilder_changingTheBuilder_doesNotChangeTheOriginal() {
      UserRecord original = fullUser();

      original.toBuilder().deviceId(null).country("France").group("team", List.of()).paying(null).build();

      assertThat(original).isEqualTo(fullUser());
      assertThat(original.fields()).containsEntry(AmplitudeField.COUNTRY, "Germany");
      assertThat(original.groups()).containsKey("team");
    }

    @Test
    void deviceToBuilder_changingTheBuilder_doesNotChangeTheOriginal() {
      DeviceRecord original = fullDevice();

      original.toBuilder().userId(null).platform("Android").carrier(null).build();

      assertThat(original).isEqualTo(fullDevice());
    }

    @Test
    void groupToBuilder_changingTheBuilder_doesNotChangeTheOriginal() {
      GroupRecord original = fullGroup();

      original.toBuilder().userId(null).groupProperties(PropertyOperations.empty()).build();

      assertThat(original).isEqualTo(fullGroup());
    }

    @Test
    void build_calledTwice_givesEqualButIndependentRecords() {
      EventRecord.Builder builder = fullEventBuilder();

      EventRecord first = builder.build();
      EventRecord second = builder.build();
      builder.eventProperty("late", true).country("France").group("team", "red");
      EventRecord third = builder.build();

      assertThat(first).isEqualTo(second).isNotSameAs(second);
      assertThat(first.eventProperties()).doesNotContainKey("late");
      assertThat(first.fields()).containsEntry(AmplitudeField.COUNTRY, "Germany");
      assertThat(first.groups()).doesNotContainKey("team");
      assertThat(third).isNotEqualTo(first);
    }

    @Test
    void userBuild_calledTwice_givesEqualButIndependentRecords() {
      UserRecord.Builder builder = UserRecord.builder(USER_ID).country("Germany");

      UserRecord first = builder.build();
      UserRecord second = builder.build();
      builder.country("France");

      assertThat(first).isEqualTo(second).isNotSameAs(second);
      assertThat(first.fields()).containsEntry(AmplitudeField.COUNTRY, "Germany");
    }

    @Test
    void eventProperties_mutatingTheCallersMapAfterwards_doesNotChangeTheRecord() {
      List<Object> items = new ArrayList<>(List.of("sku-7"));
      Map<String, Object> cart = new LinkedHashMap<>();
      cart.put("items", items);
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("cart", cart);

      EventRecord event = EventRecord.builder("Order Completed").userId(USER_ID).eventProperties(properties).build();
      properties.put("extra", 1);
      cart.put("total", 9);
      items.add("sku-9");

      assertThat(event.eventProperties()).containsOnlyKeys("cart");
      assertThat(event.eventProperties().get("cart")).isEqualTo(Map.of("items", List.of("sku-7")));
    }

    @Test
    void eventProperty_mutatingTheCallersListAfterwards_doesNotChangeTheRecord() {
      List<String> tags = new ArrayList<>(List.of("a"));

      EventRecord event = EventRecord.builder("Tagged").userId(USER_ID).eventProperty("tags", tags).build();
      tags.add("b");

      assertThat(event.eventProperties()).containsEntry("tags", List.of("a"));
    }

    @Test
    void group_mutatingTheCallersCollectionsAfterwards_doesNotChangeTheRecord() {
      List<String> teams = new ArrayList<>(List.of("red"));
      Map<String, List<String>> groups = new LinkedHashMap<>();
      groups.put("company", new ArrayList<>(List.of("acme-corp")));

      UserRecord viaGroup = UserRecord.builder(USER_ID).group("team", teams).build();
      UserRecord viaGroups = UserRecord.builder(USER_ID).groups(groups).build();
      teams.add("blue");
      groups.get("company").add("other-corp");
      groups.put("team", List.of("green"));

      assertThat(viaGroup.groups()).containsExactly(entry("team", List.of("red")));
      assertThat(viaGroups.groups()).containsExactly(entry("company", List.of("acme-corp")));
    }

    @Test
    void returnedMapsAndLists_areUnmodifiable() {
      EventRecord event = fullEvent();
      UserRecord user = fullUser();
      GroupRecord group = fullGroup();

      assertThatThrownBy(() -> event.eventProperties().put("x", 1))
          .isInstanceOf(UnsupportedOperationException.class);
      @SuppressWarnings("unchecked")
      Map<String, Object> cart = (Map<String, Object>) event.eventProperties().get("cart");
      assertThatThrownBy(() -> cart.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
      @SuppressWarnings("unchecked")
      List<Object> items = (List<Object>) cart.get("items");
      assertThatThrownBy(() -> items.add("x")).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> event.fields().remove(AmplitudeField.TIME))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> event.groups().clear()).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> event.groups().get("company").add("x"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> user.fields().put(AmplitudeField.CITY, "Berlin"))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> user.groups().get("team").remove(0))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> group.groups().put("x", List.of()))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> group.fields().put(AmplitudeField.CITY, "Berlin"))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void emptyCollections_ofAMinimalRecord_areUnmodifiable() {
      EventRecord event = EventRecord.builder("Ping").deviceId(DEVICE_ID).build();

      assertThat(event.eventProperties()).isEmpty();
      assertThat(event.fields()).isEmpty();
      assertThat(event.groups()).isEmpty();
      assertThat(event.userProperties().isEmpty()).isTrue();
      assertThatThrownBy(() -> event.eventProperties().put("x", 1))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> event.fields().put(AmplitudeField.CITY, "Berlin"))
          .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void fieldPrice_withAMutableNumber_isNotAffectedByLaterMutation() {
      AtomicLong price = new AtomicLong(5);
      EventRecord event =
          EventRecord.builder("Order Completed").userId(USER_ID).field(AmplitudeField.PRICE, price).build();

      price.set(6);

      assertThat(event.field(AmplitudeField.PRICE).map(v -> ((Number) v).longValue())).contains(5L);
    }
  }

  @Nested
  class Equality {

    static Stream<Arguments> eventVariants() {
      return Stream.of(
          variant("event type", b -> EventRecord.builder("Order Refunded").userId(USER_ID)),
          variant("user id", b -> b.userId("user-2048")),
          variant("device id", b -> b.deviceId("device-other")),
          variant("event property", b -> b.eventProperty("items", 4)),
          variant("user properties", b -> b.userProperties(PropertyOperations.builder().set("plan", "pro").build())),
          variant("field", b -> b.country("France")),
          variant("group", b -> b.group("company", "acme-corp")));
    }

    private static Arguments variant(String what, UnaryOperator<EventRecord.Builder> change) {
      return Arguments.of(what, change);
    }

    private static EventRecord.Builder baseEvent() {
      return EventRecord.builder("Order Completed")
          .userId(USER_ID)
          .deviceId(DEVICE_ID)
          .eventProperty("items", 3)
          .country("Germany");
    }

    @Test
    void equalEvents_areEqualWithEqualHashCodes() {
      EventRecord a = baseEvent().build();
      EventRecord b = baseEvent().build();

      assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
      assertThat(a).isEqualTo(a).isNotEqualTo(null);
    }

    @ParameterizedTest(name = "differing {0}")
    @MethodSource("eventVariants")
    void events_differingInOneField_areNotEqual(String what, UnaryOperator<EventRecord.Builder> change) {
      assertThat(change.apply(baseEvent()).build()).isNotEqualTo(baseEvent().build());
    }

    @Test
    void users_differingInOneField_areNotEqual() {
      UserRecord base = UserRecord.builder(USER_ID).deviceId(DEVICE_ID).country("Germany").build();

      assertThat(base).isEqualTo(UserRecord.builder(USER_ID).deviceId(DEVICE_ID).country("Germany").build());
      assertThat(base.hashCode())
          .isEqualTo(UserRecord.builder(USER_ID).deviceId(DEVICE_ID).country("Germany").build().hashCode());
      assertThat(base).isNotEqualTo(base.toBuilder().country("France").build());
      assertThat(base).isNotEqualTo(UserRecord.builder("user-2048").deviceId(DEVICE_ID).country("Germany").build());
      assertThat(base).isNotEqualTo(base.toBuilder().deviceId(null).build());
      assertThat(base)
          .isNotEqualTo(base.toBuilder().userProperties(PropertyOperations.builder().set("a", 1).build()).build());
      assertThat(base).isNotEqualTo(base.toBuilder().group("company", "acme-corp").build());
    }

    @Test
    void devices_differingInOneField_areNotEqual() {
      DeviceRecord base = DeviceRecord.builder(DEVICE_ID).userId(USER_ID).platform("iOS").build();

      assertThat(base).isEqualTo(DeviceRecord.builder(DEVICE_ID).userId(USER_ID).platform("iOS").build());
      assertThat(base).isNotEqualTo(DeviceRecord.builder("device-other").userId(USER_ID).platform("iOS").build());
      assertThat(base).isNotEqualTo(base.toBuilder().userId(null).build());
      assertThat(base).isNotEqualTo(base.toBuilder().platform("Android").build());
      assertThat(base)
          .isNotEqualTo(base.toBuilder().userProperties(PropertyOperations.builder().set("a", 1).build()).build());
      assertThat(base).isNotEqualTo(base.toBuilder().group("company", "acme-corp").build());
    }

    @Test
    void groups_differingInOneField_areNotEqual() {
      GroupRecord base = fullGroup();

      assertThat(base).isEqualTo(fullGroup()).hasSameHashCodeAs(fullGroup());
      assertThat(base).isNotEqualTo(GroupRecord.builder("org", "acme-corp")
          .groupProperties(base.groupProperties()).userId(USER_ID).build());
      assertThat(base).isNotEqualTo(GroupRecord.builder("company", "other-corp")
          .groupProperties(base.groupProperties()).userId(USER_ID).build());
      assertThat(base).isNotEqualTo(base.toBuilder().groupProperties(PropertyOperations.empty()).build());
      assertThat(base).isNotEqualTo(base.toBuilder().userId(null).build());
    }

    @Test
    void userAndDevice_withTheSameIdsAndFields_areNotEqual() {
      UserRecord user = UserRecord.builder(USER_ID).deviceId(DEVICE_ID).platform("iOS").build();
      DeviceRecord device = DeviceRecord.builder(DEVICE_ID).userId(USER_ID).platform("iOS").build();

      assertThat(user).isNotEqualTo(device);
      assertThat(device).isNotEqualTo(user);
    }

    @Test
    void recordsOfDifferentTypes_areNeverEqual() {
      EventRecord event = EventRecord.builder("Order Completed").userId(USER_ID).build();
      UserRecord user = UserRecord.builder(USER_ID).build();
      GroupRecord group = GroupRecord.builder("company", "acme-corp").userId(USER_ID).build();

      assertThat(event).isNotEqualTo(user);
      assertThat(user).isNotEqualTo(event);
      assertThat(group).isNotEqualTo(user);
      assertThat(user).isNotEqualTo(group);
    }

    @Test
    void eventProperties_withANullValue_differFromMissingProperty() {
      EventRecord withNull = EventRecord.builder("Order Completed").userId(USER_ID).eventProperty("x", null).build();
      EventRecord without = EventRecord.builder("Order Completed").userId(USER_ID).build();

      assertThat(withNull).isNotEqualTo(without);
    }
  }

  @Nested
  class ToString {

    @Test
    void userToString_showsIdsFieldsPropertiesAndGroups() {
      String text = fullUser().toString();

      assertThat(text)
          .startsWith("UserRecord{user_id=user-1042, device_id=device-8f14e45f")
          .contains("country=Germany", "platform=iOS", "paying=true", "start_version=1.0.0")
          .contains("user_properties={$set={plan=pro}, $unset={trial_end=null}}")
          .contains("groups={company=[acme-corp], team=[red, blue]}")
          .endsWith("}");
    }

    @Test
    void userToString_leavesOutWhatIsNotSet() {
      assertThat(UserRecord.builder(USER_ID).build()).hasToString("UserRecord{user_id=user-1042}");
    }

    @Test
    void deviceToString_startsWithTheDeviceId() {
      assertThat(fullDevice().toString())
          .startsWith("DeviceRecord{device_id=device-8f14e45f, user_id=user-1042")
          .contains("os_version=17.4", "device_model=iPhone15,2", "$setOnce={first_seen=2024-01-05}");
      assertThat(DeviceRecord.builder(DEVICE_ID).build()).hasToString("DeviceRecord{device_id=device-8f14e45f}");
    }

    @Test
    void eventToString_showsTypeIdsFieldsAndProperties() {
      String text = fullEvent().toString();

      assertThat(text)
          .startsWith("EventRecord{event_type=Order Completed, user_id=user-1042, device_id=device-8f14e45f")
          .contains("time=2024-03-01T12:30:00.123Z", "insert_id=orders:88231", "price=19.99", "quantity=3")
          .contains("currency=EUR", "country=Germany")
          .contains("event_properties={cart={items=[sku-7, sku-9], coupon=null}, coupon_code=null}")
          .contains("user_properties={$set={plan=pro}, $add={orders=1}}")
          .contains("groups={company=[acme-corp]}");
    }

    @Test
    void groupToString_showsTypeValuePropertiesAndMember() {
      assertThat(fullGroup())
          .hasToString(
              "GroupRecord{group_type=company, group_value=acme-corp,"
                  + " group_properties={$set={name=Acme Corp}, $add={seats=5}}, user_id=user-1042}");
    }
  }

  @Nested
  class FieldsAndAccessors {

    @Test
    void fieldNull_removesAFieldSetEarlier() {
      EventRecord event =
          EventRecord.builder("Order Completed")
              .userId(USER_ID)
              .country("Germany")
              .price(new BigDecimal("1.00"))
              .field(AmplitudeField.COUNTRY, null)
              .price(null)
              .build();

      assertThat(event.fields()).doesNotContainKeys(AmplitudeField.COUNTRY, AmplitudeField.PRICE);
      assertThat(event.field(AmplitudeField.COUNTRY)).isEmpty();
    }

    @Test
    void namedSetters_writeTheMatchingField() {
      EventRecord event = fullEvent();

      assertThat(event.field(AmplitudeField.COUNTRY)).contains("Germany");
      assertThat(event.field(AmplitudeField.PRICE)).contains(new BigDecimal("19.99"));
      assertThat(event.field(AmplitudeField.QUANTITY)).contains(3L);
      assertThat(event.field(AmplitudeField.PLAN)).contains(new Plan("main", "ios", "12", null));
      assertThat(event.field(AmplitudeField.SKIP_USER_PROPERTIES_SYNC)).contains(true);
      assertThat(event.time()).contains(TIME);
      assertThat(event.insertId()).contains("orders:88231");
    }

    @Test
    void fields_areListedInAmplitudesOrder() {
      EventRecord event =
          EventRecord.builder("Order Completed")
              .userId(USER_ID)
              .currency("EUR")
              .country("Germany")
              .time(TIME)
              .build();

      assertThat(event.fields().keySet())
          .containsExactly(AmplitudeField.TIME, AmplitudeField.COUNTRY, AmplitudeField.CURRENCY);
    }

    @Test
    void group_withNoValues_removesTheGroupType() {
      UserRecord user = UserRecord.builder(USER_ID).group("company", "acme-corp").group("company").build();

      assertThat(user.groups()).isEmpty();
    }

    @Test
    void group_calledAgainForTheSameType_replacesItsValues() {
      UserRecord user =
          UserRecord.builder(USER_ID).group("company", "acme-corp").group("company", "other", "third").build();

      assertThat(user.groups()).containsExactly(entry("company", List.of("other", "third")));
    }

    @Test
    void groups_replacesAllEarlierMemberships() {
      UserRecord user =
          UserRecord.builder(USER_ID).group("team", "red").groups(Map.of("company", List.of("acme-corp"))).build();

      assertThat(user.groups()).containsExactly(entry("company", List.of("acme-corp")));
    }

    @Test
    void objectTypesAndIds_matchTheRecordKind() {
      assertThat(fullEvent().objectType()).isEqualTo(ObjectType.EVENT);
      assertThat(fullUser().objectType()).isEqualTo(ObjectType.USER);
      assertThat(fullUser().userId()).contains(USER_ID);
      assertThat(fullDevice().objectType()).isEqualTo(ObjectType.DEVICE);
      assertThat(fullDevice().deviceId()).contains(DEVICE_ID);
      assertThat(UserRecord.builder(USER_ID).build().deviceId()).isEmpty();
      assertThat(DeviceRecord.builder(DEVICE_ID).build().userId()).isEmpty();
    }

    @Test
    void groupRecord_exposesItsOwnGroupAndNoFieldsOrDevice() {
      GroupRecord group = fullGroup();

      assertThat(group.objectType()).isEqualTo(ObjectType.GROUP);
      assertThat(group.groupType()).isEqualTo("company");
      assertThat(group.groupValue()).isEqualTo("acme-corp");
      assertThat(group.groups()).containsExactly(entry("company", List.of("acme-corp")));
      assertThat(group.fields()).isEmpty();
      assertThat(group.deviceId()).isEmpty();
      assertThat(group.userId()).contains(USER_ID);
      assertThat(GroupRecord.builder("company", "acme-corp").build().groupProperties())
          .isEqualTo(PropertyOperations.empty());
    }
  }

  @Nested
  class PropertyValueConversion {

    @Test
    void eventPropertyWithNullValue_isKeptAsKeyWithNullValue() {
      EventRecord event = EventRecord.builder("Order Completed").userId(USER_ID).eventProperty("x", null).build();

      assertThat(event.eventProperties()).containsExactly(entry("x", null));
    }

    @Test
    void eventPropertiesMap_keepsNullValuesAtEveryLevelAndInsertionOrder() {
      Map<String, Object> nested = new LinkedHashMap<>();
      nested.put("b", null);
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("z", null);
      properties.put("a", nested);
      properties.put("list", Arrays.asList("x", null));

      EventRecord event = EventRecord.builder("Order Completed").userId(USER_ID).eventProperties(properties).build();

      assertThat(event.eventProperties().keySet()).containsExactly("z", "a", "list");
      assertThat(event.eventProperties()).containsEntry("z", null);
      assertThat(event.eventProperties().get("a")).isEqualTo(nested);
      assertThat(event.eventProperties().get("list")).isEqualTo(Arrays.asList("x", null));
    }

    @Test
    void eventProperties_replacesPropertiesSetEarlier() {
      EventRecord event =
          EventRecord.builder("Order Completed")
              .userId(USER_ID)
              .eventProperty("old", 1)
              .eventProperties(Map.of("new", 2))
              .build();

      assertThat(event.eventProperties()).containsExactly(entry("new", 2));
    }

    @Test
    void uuidAndJavaTimeValues_becomeIsoStrings() {
      UUID id = UUID.fromString("8f14e45f-ceea-467f-a8b5-2d3c4a1e9b77");

      EventRecord event =
          EventRecord.builder("Order Completed")
              .userId(USER_ID)
              .eventProperty("order_uuid", id)
              .eventProperty("at", Instant.parse("2024-03-01T12:30:15Z"))
              .eventProperty("day", LocalDate.of(2024, 3, 1))
              .eventProperty("local", LocalDateTime.of(2024, 3, 1, 12, 30, 15))
              .eventProperty("offset", OffsetDateTime.of(2024, 3, 1, 12, 30, 15, 0, ZoneOffset.ofHours(1)))
              .eventProperty("nested", List.of(LocalDate.of(2024, 3, 2)))
              .build();

      assertThat(event.eventProperties())
          .containsEntry("order_uuid", "8f14e45f-ceea-467f-a8b5-2d3c4a1e9b77")
          .containsEntry("at", "2024-03-01T12:30:15.000Z")
          .containsEntry("day", "2024-03-01")
          .containsEntry("local", "2024-03-01T12:30:15.000")
          .containsEntry("offset", "2024-03-01T11:30:15.000Z")
          .containsEntry("nested", List.of("2024-03-02"));
    }

    @Test
    void instants_withAndWithoutFractions_sortLexicallyInTimeOrder() {
      // Amplitude compares date strings lexically: one fixed shape keeps that equal to time order.
      Instant whole = Instant.parse("2024-03-01T12:30:00Z");
      Instant half = Instant.parse("2024-03-01T12:30:00.500Z");
      EventRecord event =
          EventRecord.builder("Order Completed").userId(USER_ID).eventProperty("a", whole).eventProperty("b", half).build();

      String a = (String) event.eventProperties().get("a");
      String b = (String) event.eventProperties().get("b");
      assertThat(a).isEqualTo("2024-03-01T12:30:00.000Z");
      assertThat(a.compareTo(b)).isNegative();
    }

    @Test
    void durationValue_becomesAnIsoString() {
      EventRecord event =
          EventRecord.builder("Session Ended").userId(USER_ID).eventProperty("length", Duration.ofMinutes(90)).build();

      assertThat(event.eventProperties()).containsEntry("length", "PT1H30M");
    }

    @Test
    void charSequencesAndCharacters_becomeStrings() {
      EventRecord event =
          EventRecord.builder("Order Completed")
              .userId(USER_ID)
              .eventProperty("builder", new StringBuilder("abc"))
              .eventProperty("char", 'x')
              .build();

      assertThat(event.eventProperties()).containsEntry("builder", "abc").containsEntry("char", "x");
    }

    @Test
    void objectArrays_becomeLists() {
      EventRecord event =
          EventRecord.builder("Order Completed").userId(USER_ID).eventProperty("tags", new String[] {"a", "b"}).build();

      assertThat(event.eventProperties()).containsEntry("tags", List.of("a", "b"));
    }

    @Test
    void numbersAndBooleans_areKeptAsGiven() {
      BigDecimal total = new BigDecimal("59.970");

      EventRecord event =
          EventRecord.builder("Order Completed")
              .userId(USER_ID)
              .eventProperty("total", total)
              .eventProperty("count", 3)
              .eventProperty("ratio", 0.5f)
              .eventProperty("big", BigInteger.TEN)
              .eventProperty("gift", false)
              .build();

      assertThat(event.eventProperties().get("total")).isSameAs(total);
      assertThat(event.eventProperties().get("count")).isEqualTo(3);
      assertThat(event.eventProperties().get("ratio")).isEqualTo(0.5f);
      assertThat(event.eventProperties().get("big")).isEqualTo(BigInteger.TEN);
      assertThat(event.eventProperties().get("gift")).isEqualTo(false);
    }
  }

  @Nested
  class AmplitudeFields {

    @ParameterizedTest
    @EnumSource(AmplitudeField.class)
    void fromWireName_findsEveryField(AmplitudeField field) {
      assertThat(AmplitudeField.fromWireName(field.wireName())).contains(field);
    }

    @ParameterizedTest
    @ValueSource(strings = {"product_id", "Country", "user_id", "device_id", "event_type", "groups", "", "PRICE"})
    void fromWireName_unknownOrDifferentlySpelledName_isEmpty(String name) {
      assertThat(AmplitudeField.fromWireName(name)).isEmpty();
    }

    @Test
    void fromWireName_null_throwsNpe() {
      assertThatThrownBy(() -> AmplitudeField.fromWireName(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("wireName is null: ");
    }

    @Test
    void wireNames_useAmplitudesSpelling() {
      assertThat(AmplitudeField.PRODUCT_ID.wireName()).isEqualTo("productId");
      assertThat(AmplitudeField.REVENUE_TYPE.wireName()).isEqualTo("revenueType");
      assertThat(AmplitudeField.LOCATION_LAT.wireName()).isEqualTo("location_lat");
      assertThat(AmplitudeField.SKIP_USER_PROPERTIES_SYNC.wireName()).isEqualTo("$skip_user_properties_sync");
    }

    @ParameterizedTest
    @EnumSource(AmplitudeField.class)
    void noField_appliesToGroups(AmplitudeField field) {
      assertThat(field.appliesTo(ObjectType.GROUP)).isFalse();
    }

    @Test
    void appliesTo_matchesAmplitudesScopes() {
      assertThat(AmplitudeField.COUNTRY.appliesTo(ObjectType.USER)).isTrue();
      assertThat(AmplitudeField.COUNTRY.appliesTo(ObjectType.DEVICE)).isTrue();
      assertThat(AmplitudeField.COUNTRY.appliesTo(ObjectType.EVENT)).isTrue();
      assertThat(AmplitudeField.PAYING.appliesTo(ObjectType.USER)).isTrue();
      assertThat(AmplitudeField.PAYING.appliesTo(ObjectType.DEVICE)).isTrue();
      assertThat(AmplitudeField.PAYING.appliesTo(ObjectType.EVENT)).isFalse();
      assertThat(AmplitudeField.PRICE.appliesTo(ObjectType.EVENT)).isTrue();
      assertThat(AmplitudeField.PRICE.appliesTo(ObjectType.USER)).isFalse();
      assertThat(AmplitudeField.PRICE.appliesTo(ObjectType.DEVICE)).isFalse();
    }

    static Stream<Object> wholeNumbers() {
      return Stream.of(
          3,
          (short) 3,
          (byte) 3,
          3L,
          BigInteger.valueOf(3),
          new BigDecimal("3"),
          new BigDecimal("3.00"),
          3.0d,
          3.0f);
    }

    @ParameterizedTest
    @MethodSource("wholeNumbers")
    void coerce_integerField_convertsWholeNumbersToLong(Object value) {
      assertThat(AmplitudeField.QUANTITY.coerce(value)).isInstanceOf(Long.class).isEqualTo(3L);
    }

    @Test
    void coerce_integerField_acceptsTheWholeLongRange() {
      assertThat(AmplitudeField.SESSION_ID.coerce(BigInteger.valueOf(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
      assertThat(AmplitudeField.SESSION_ID.coerce(new BigDecimal(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
      assertThat(AmplitudeField.SESSION_ID.coerce(-1)).isEqualTo(-1L);
    }

    @ParameterizedTest
    @MethodSource("dev.ampsync.record.RecordBuildersTest#notWholeNumbers")
    void coerce_integerField_refusesNonWholeOrOutOfRangeValues(Object value) {
      assertThatThrownBy(() -> AmplitudeField.EVENT_ID.coerce(value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("event_id");
    }

    @Test
    void coerce_integerField_acceptsAtomicWholeNumbers() {
      assertThat(AmplitudeField.QUANTITY.coerce(new AtomicInteger(3))).isEqualTo(3L);
      assertThat(AmplitudeField.QUANTITY.coerce(new AtomicLong(3))).isEqualTo(3L);
    }

    @Test
    void coerce_decimalField_keepsTheNumberAsGiven() {
      BigDecimal price = new BigDecimal("19.990");

      assertThat(AmplitudeField.PRICE.coerce(price)).isSameAs(price);
      assertThat(AmplitudeField.PRICE.coerce(2.5d)).isEqualTo(2.5d);
      assertThat(AmplitudeField.PRICE.coerce(7)).isEqualTo(7);
    }

    @Test
    void coerce_otherKinds_acceptExactlyTheirType() {
      Plan plan = Plan.of("main", null, "3");
      IngestionMetadata metadata = new IngestionMetadata("amplitude-sync", "0.1.0");

      assertThat(AmplitudeField.COUNTRY.coerce("Germany")).isEqualTo("Germany");
      assertThat(AmplitudeField.TIME.coerce(TIME)).isEqualTo(TIME);
      assertThat(AmplitudeField.SKIP_USER_PROPERTIES_SYNC.coerce(Boolean.TRUE)).isEqualTo(true);
      assertThat(AmplitudeField.PLAN.coerce(plan)).isSameAs(plan);
      assertThat(AmplitudeField.INGESTION_METADATA.coerce(metadata)).isSameAs(metadata);
    }

    @Test
    void coerce_null_throwsNpeNamingTheField() {
      assertThatThrownBy(() -> AmplitudeField.QUANTITY.coerce(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("value is null: pass the value for quantity");
    }

    @Test
    void field_throughTheBuilder_storesTheCoercedLong() {
      EventRecord event =
          EventRecord.builder("Order Completed")
              .userId(USER_ID)
              .field(AmplitudeField.QUANTITY, 3)
              .field(AmplitudeField.EVENT_ID, new BigDecimal("7.0"))
              .field(AmplitudeField.SESSION_ID, 1709296200000.0)
              .build();

      assertThat(event.field(AmplitudeField.QUANTITY)).containsInstanceOf(Long.class).contains(3L);
      assertThat(event.field(AmplitudeField.EVENT_ID)).contains(7L);
      assertThat(event.field(AmplitudeField.SESSION_ID)).contains(1709296200000L);
      assertThat(event).isEqualTo(
          EventRecord.builder("Order Completed").userId(USER_ID).quantity(3L).eventId(7L).sessionId(1709296200000L).build());
    }

    @ParameterizedTest
    @EnumSource(AmplitudeField.Kind.class)
    void everyKind_isUsedByAtLeastOneField(AmplitudeField.Kind kind) {
      assertThat(Stream.of(AmplitudeField.values()).map(AmplitudeField::kind)).contains(kind);
    }
  }

  static Stream<Object> notWholeNumbers() {
    return Stream.of(
        2.5d,
        0.1f,
        new BigDecimal("2.5"),
        new BigInteger("9223372036854775808"),
        new BigDecimal("1E+19"),
        Double.NaN,
        Double.POSITIVE_INFINITY,
        0x1p60,
        "3");
  }
}
