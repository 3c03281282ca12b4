package dev.ampsync.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.internal.record.ValidatedRecords;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.DeviceRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.IngestionMetadata;
import dev.ampsync.record.Plan;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.RecordValidator;
import dev.ampsync.record.UserRecord;
import dev.ampsync.record.ValidationRule;
import dev.ampsync.record.Violation;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encoder scans a record's text for unpaired surrogates only when {@link RecordValidator} has
 * not passed the record: the validator already scanned every string the encoder writes. These tests
 * hold the two to that: a record with an unpaired surrogate in any place the encoder writes fails
 * validation (so it is never marked) and fails encoding; a record that passes is encoded to the same
 * bytes as an equal one that was never validated.
 */
class ValidatedRecordEncodingTest {
  private static final String BAD = "ok \uD83D\uDE00 then \uDE00";
  private static final WireFormat WIRE = WireFormat.get();
  private static final RecordValidator VALIDATOR = RecordValidator.create();

  /** Each place a string is written, with the record holding BAD there and how it is encoded. */
  static Stream<Arguments> places() {
    List<Arguments> places = new ArrayList<>();
    Function<AmplitudeRecord, EncodedRecord> event = r -> WIRE.event((EventRecord) r);
    Function<AmplitudeRecord, EncodedRecord> identification = WIRE::identification;
    Function<AmplitudeRecord, EncodedRecord> group = r -> WIRE.groupIdentification((GroupRecord) r);
    Function<AmplitudeRecord, EncodedRecord> membership = r -> WIRE.membership((GroupRecord) r);
    add(places, "event type", () -> EventRecord.builder(BAD).userId("user-1").build(), event);
    add(places, "event user id", () -> EventRecord.builder("e").userId(BAD).build(), event);
    add(places, "event device id", () -> EventRecord.builder("e").deviceId(BAD).build(), event);
    add(places, "event property name",
        () -> EventRecord.builder("e").userId("user-1").eventProperty(BAD, 1).build(), event);
    add(places, "event property value",
        () -> EventRecord.builder("e").userId("user-1").eventProperty("p", BAD).build(), event);
    add(places, "nested list element", () -> EventRecord.builder("e").userId("user-1")
        .eventProperty("p", List.of(Map.of("k", List.of("ok", BAD)))).build(), event);
    add(places, "nested map key",
        () -> EventRecord.builder("e").userId("user-1").eventProperty("p", Map.of(BAD, 1)).build(), event);
    add(places, "string field", () -> EventRecord.builder("e").userId("user-1").country(BAD).build(), event);
    add(places, "plan component",
        () -> EventRecord.builder("e").userId("user-1").plan(new Plan(null, null, null, BAD)).build(), event);
    add(places, "ingestion metadata", () -> EventRecord.builder("e").userId("user-1")
        .ingestionMetadata(new IngestionMetadata(BAD, "1.0")).build(), event);
    add(places, "event group value",
        () -> EventRecord.builder("e").userId("user-1").group("company", "ok", BAD).build(), event);
    add(places, "event $set-only user property", () -> EventRecord.builder("e").userId("user-1")
        .userProperties(PropertyOperations.builder().set("p", BAD).build()).build(), event);
    add(places, "identification user id", () -> UserRecord.builder(BAD).build(), identification);
    add(places, "identification device id", () -> DeviceRecord.builder(BAD).build(), identification);
    add(places, "$unset property name", () -> UserRecord.builder("user-1")
        .userProperties(PropertyOperations.builder().unset(BAD).build()).build(), identification);
    add(places, "$append value", () -> DeviceRecord.builder("device-1")
        .userProperties(PropertyOperations.builder().append("p", List.of(BAD)).build()).build(), identification);
    add(places, "mirrored group type", () -> UserRecord.builder("user-1").group(BAD, "acme").build(), identification);
    add(places, "mirrored group value",
        () -> UserRecord.builder("user-1").group("company", BAD).build(), identification);
    add(places, "group type", () -> GroupRecord.builder(BAD, "v").build(), group);
    add(places, "group value", () -> GroupRecord.builder("t", BAD).build(), group);
    add(places, "group property", () -> GroupRecord.builder("t", "v")
        .groupProperties(PropertyOperations.builder().setOnce("p", BAD).build()).build(), group);
    add(places, "membership user id", () -> GroupRecord.builder("t", "v").userId(BAD).build(), membership);
    add(places, "membership group value", () -> GroupRecord.builder("t", BAD).userId("user-1").build(), membership);
    return places.stream();
  }

  private static void add(List<Arguments> places, String name, Supplier<AmplitudeRecord> record,
      Function<AmplitudeRecord, EncodedRecord> encode) {
    places.add(Arguments.of(name, record, encode));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("places")
  void anUnpairedSurrogateAnywhereTheEncoderWrites_failsValidation_andEncoding(
      String place, Supplier<AmplitudeRecord> record, Function<AmplitudeRecord, EncodedRecord> encode) {
    AmplitudeRecord bad = record.get();

    List<Violation> violations = VALIDATOR.validate(bad);

    assertThat(violations).extracting(Violation::rule).contains(ValidationRule.INVALID_UNICODE);
    assertThat(ValidatedRecords.passed(bad)).isFalse();
    assertThatThrownBy(() -> encode.apply(bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired UTF-16 surrogate");
  }

  @Test
  void aRecordIsMarkedOnlyWhenTheValidatorFindsNothing() {
    EventRecord fresh = EventRecord.builder("Order Completed").userId("user-1").build();
    EventRecord tooShort = EventRecord.builder("Order Completed").userId("u1").build();

    assertThat(ValidatedRecords.passed(fresh)).as("never validated").isFalse();
    assertThat(VALIDATOR.validate(fresh)).isEmpty();
    assertThat(ValidatedRecords.passed(fresh)).isTrue();
    assertThat(VALIDATOR.validate(tooShort)).isNotEmpty();
    assertThat(ValidatedRecords.passed(tooShort)).isFalse();
    assertThat(fresh).as("the mark is not part of the value")
        .isEqualTo(EventRecord.builder("Order Completed").userId("user-1").build())
        .hasSameHashCodeAs(EventRecord.builder("Order Completed").userId("user-1").build());
  }

  @Test
  void aValidatedRecord_isEncodedToTheSameBytesAsOneThatWasNot() {
    Supplier<EventRecord> event = () -> EventRecord.builder("Order Completed")
        .userId("user-1").deviceId("device-1").insertId("order-1")
        .time(Instant.parse("2024-05-01T10:00:00Z"))
        .revenue(new BigDecimal("19.990"))
        .eventProperty("emoji", "smile \uD83D\uDE00")
        .eventProperty("items", List.of(Map.of("sku", "a-1", "qty", 2)))
        .group("company", "acme")
        .userProperties(PropertyOperations.builder().set("plan", "pro").add("orders", 1).build())
        .build();
    Supplier<GroupRecord> group = () -> GroupRecord.builder("company", "acme").userId("user-1")
        .groupProperties(PropertyOperations.builder().set("tier", "gold").build()).build();
    EventRecord validated = event.get();
    GroupRecord validatedGroup = group.get();
    assertThat(VALIDATOR.validate(validated)).isEmpty();
    assertThat(VALIDATOR.validate(validatedGroup)).isEmpty();

    assertThat(WIRE.event(validated).json()).isEqualTo(WIRE.event(event.get()).json());
    assertThat(WIRE.groupIdentification(validatedGroup).json()).isEqualTo(WIRE.groupIdentification(group.get()).json());
    assertThat(WIRE.membership(validatedGroup).json()).isEqualTo(WIRE.membership(group.get()).json());
  }

  @Test
  void theActingDeviceOfAGroupIdentifyEvent_isCheckedEvenForAValidatedGroup() {
    GroupRecord group = GroupRecord.builder("company", "acme").build();
    assertThat(VALIDATOR.validate(group)).isEmpty();

    assertThatThrownBy(() -> WIRE.groupIdentifyEvent(group, BAD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired UTF-16 surrogate");
  }
}
