package dev.ampsync.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A record's fields map: ordered like an EnumMap, equal to one, and immutable. */
class FieldMapTest {
  private static EventRecord event() {
    return EventRecord.builder("order_completed")
        .userId("user-00001")
        .field(AmplitudeField.REVENUE, new BigDecimal("12.50"))
        .field(AmplitudeField.PLATFORM, "web")
        .time(Instant.ofEpochMilli(1_700_000_000_000L))
        .insertId("order-1")
        .build();
  }

  @Test
  void fields_iterateInFieldOrder_andEqualAnEnumMapWithTheSameEntries() {
    Map<AmplitudeField, Object> fields = event().fields();
    EnumMap<AmplitudeField, Object> expected = new EnumMap<>(AmplitudeField.class);
    expected.put(AmplitudeField.REVENUE, new BigDecimal("12.50"));
    expected.put(AmplitudeField.PLATFORM, "web");
    expected.put(AmplitudeField.TIME, Instant.ofEpochMilli(1_700_000_000_000L));
    expected.put(AmplitudeField.INSERT_ID, "order-1");
    assertThat(fields).isEqualTo(expected).hasSameHashCodeAs(expected);
    assertThat(new ArrayList<>(fields.keySet())).containsExactlyElementsOf(expected.keySet());
    List<AmplitudeField> visited = new ArrayList<>();
    fields.forEach((field, value) -> visited.add(field));
    assertThat(visited).containsExactlyElementsOf(expected.keySet());
    assertThat(fields.get(AmplitudeField.CITY)).isNull();
    assertThat(fields.containsKey(AmplitudeField.PLATFORM)).isTrue();
    assertThat(fields.get("platform")).isNull();
  }

  @Test
  void fields_areImmutable_throughEveryView() {
    Map<AmplitudeField, Object> fields = event().fields();
    assertThatThrownBy(() -> fields.put(AmplitudeField.CITY, "Paris")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> fields.remove(AmplitudeField.PLATFORM)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(fields::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> fields.entrySet().iterator().next().setValue("ios"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> {
      var it = fields.entrySet().iterator();
      it.next();
      it.remove();
    }).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aFieldSetThenCleared_leavesNoEntry_andTheCountStaysRight() {
    EventRecord cleared = event().toBuilder().field(AmplitudeField.PLATFORM, null).field(AmplitudeField.PLATFORM, null).build();
    assertThat(cleared.fields()).hasSize(3).doesNotContainKey(AmplitudeField.PLATFORM);
    EventRecord replaced = event().toBuilder().field(AmplitudeField.PLATFORM, "ios").build();
    assertThat(replaced.fields()).hasSize(4).containsEntry(AmplitudeField.PLATFORM, "ios");
    assertThat(event().fields()).containsEntry(AmplitudeField.PLATFORM, "web"); // the original is untouched
    assertThat(EventRecord.builder("x").userId("user-00001").build().fields()).isEmpty();
  }
}
