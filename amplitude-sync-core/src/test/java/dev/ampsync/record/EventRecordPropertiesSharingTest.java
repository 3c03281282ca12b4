package dev.ampsync.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EventRecord.Builder shares the frozen copy eventProperties(map) makes, and copies it on the first
 * single-property change: no record ever sees a later change to a builder or to the caller's map.
 */
class EventRecordPropertiesSharingTest {

  private static Map<String, Object> properties() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("plan", "pro");
    map.put("amount", new BigDecimal("12.50"));
    map.put("tags", new ArrayList<>(List.of("a", "b")));
    map.put("none", null);
    return map;
  }

  private static Map<String, Object> snapshot(Map<String, Object> map) {
    return new LinkedHashMap<>(map);
  }

  private static EventRecord.Builder builder() {
    return EventRecord.builder("Order Completed").userId("user-1042");
  }

  // ------------------------------------------------------------------ toBuilder copy-on-write

  @Test
  void eventPropertyOnARecordsBuilder_leavesTheRecordUnchanged() {
    EventRecord a = builder().eventProperties(properties()).build();
    Map<String, Object> before = snapshot(a.eventProperties());

    EventRecord b = a.toBuilder().eventProperty("x", 1).build();

    assertThat(a.eventProperties()).isEqualTo(before).doesNotContainKey("x");
    assertThat(b.eventProperties()).containsEntry("x", 1).containsEntry("plan", "pro").hasSize(5);
    assertThat(b.eventProperties().keySet()).containsExactly("plan", "amount", "tags", "none", "x");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void overwritingAPropertyOnARecordsBuilder_leavesTheRecordUnchanged() {
    EventRecord a = builder().eventProperties(properties()).build();

    EventRecord b = a.toBuilder().eventProperty("plan", "enterprise").eventProperty("none", "now set").build();

    assertThat(a.eventProperties()).containsEntry("plan", "pro").containsEntry("none", null);
    assertThat(b.eventProperties()).containsEntry("plan", "enterprise").containsEntry("none", "now set");
    assertThat(b.eventProperties().keySet()).containsExactly("plan", "amount", "tags", "none");
  }

  @Test
  void severalBuildersFromOneRecord_doNotSeeEachOthersChanges() {
    EventRecord a = builder().eventProperties(properties()).build();
    EventRecord.Builder first = a.toBuilder();
    EventRecord.Builder second = a.toBuilder();

    first.eventProperty("first", 1);
    second.eventProperty("second", 2);
    EventRecord one = first.build();
    EventRecord two = second.build();

    assertThat(one.eventProperties()).containsKey("first").doesNotContainKey("second");
    assertThat(two.eventProperties()).containsKey("second").doesNotContainKey("first");
    assertThat(a.eventProperties()).doesNotContainKeys("first", "second");
  }

  @Test
  void aRecordRebuiltWithoutPropertyChanges_sharesTheSameFrozenProperties() {
    EventRecord a = builder().eventProperties(properties()).build();

    EventRecord b = a.toBuilder().deviceId("device-1").build();

    assertThat(b.eventProperties()).isSameAs(a.eventProperties());
    assertThat(a.toBuilder().build()).isEqualTo(a);
  }

  @Test
  void anotherRecordsPropertiesPassedToEventProperties_areShared_thenCopiedOnWrite() {
    EventRecord a = builder().eventProperties(properties()).build();

    EventRecord.Builder other = EventRecord.builder("Other").deviceId("device-1").eventProperties(a.eventProperties());
    EventRecord shared = other.build();
    EventRecord changed = other.eventProperty("extra", true).build();

    assertThat(shared.eventProperties()).isSameAs(a.eventProperties());
    assertThat(changed.eventProperties()).containsEntry("extra", true);
    assertThat(a.eventProperties()).doesNotContainKey("extra");
    assertThat(shared.eventProperties()).doesNotContainKey("extra");
  }

  // ------------------------------------------------------------------ one builder, several builds

  @Test
  void buildingTwiceWithAChangeInBetween_givesTwoRecords_andTheFirstIsUnchanged() {
    EventRecord.Builder builder = builder().eventProperties(properties());
    EventRecord first = builder.build();
    Map<String, Object> firstBefore = snapshot(first.eventProperties());

    EventRecord second = builder.eventProperty("x", 1).build();

    assertThat(first.eventProperties()).isEqualTo(firstBefore).doesNotContainKey("x");
    assertThat(second.eventProperties()).containsEntry("x", 1);
    assertThat(second).isNotEqualTo(first);
  }

  @Test
  void buildingThreeTimesWithChangesInBetween_keepsEveryEarlierRecordUnchanged() {
    EventRecord.Builder builder = builder().eventProperties(properties());
    EventRecord first = builder.build();
    EventRecord second = builder.eventProperty("x", 1).build();
    EventRecord third = builder.eventProperty("y", 2).eventProperty("x", 3).build();

    assertThat(first.eventProperties()).doesNotContainKeys("x", "y").hasSize(4);
    assertThat(second.eventProperties()).containsEntry("x", 1).doesNotContainKey("y").hasSize(5);
    assertThat(third.eventProperties()).containsEntry("x", 3).containsEntry("y", 2).hasSize(6);
  }

  @Test
  void buildingTwiceWithSinglePropertiesOnly_keepsTheFirstRecordUnchanged() {
    EventRecord.Builder builder = builder().eventProperty("a", 1);
    EventRecord first = builder.build();

    EventRecord second = builder.eventProperty("b", 2).eventProperty("a", 9).build();

    assertThat(first.eventProperties()).isEqualTo(Map.of("a", 1));
    assertThat(second.eventProperties()).isEqualTo(Map.of("a", 9, "b", 2));
  }

  @Test
  void replacingThePropertiesAfterSingleChanges_dropsTheSingleChanges() {
    EventRecord.Builder builder = builder().eventProperty("a", 1);
    EventRecord first = builder.build();

    EventRecord replaced = builder.eventProperties(Map.of("z", "zz")).build();
    EventRecord extended = builder.eventProperty("b", 2).build();

    assertThat(first.eventProperties()).isEqualTo(Map.of("a", 1));
    assertThat(replaced.eventProperties()).isEqualTo(Map.of("z", "zz"));
    assertThat(extended.eventProperties()).isEqualTo(Map.of("z", "zz", "b", 2));
  }

  @Test
  void buildingTwiceWithoutChanges_givesEqualRecords() {
    EventRecord.Builder builder = builder().eventProperties(properties());

    EventRecord first = builder.build();
    EventRecord second = builder.build();

    assertThat(second).isEqualTo(first).hasSameHashCodeAs(first);
  }

  // ------------------------------------------------------------------ the caller's map

  @Test
  void mutatingTheMapPassedToEventPropertiesAfterwards_doesNotAffectTheRecord() {
    Map<String, Object> mutable = properties();
    @SuppressWarnings("unchecked")
    List<Object> tags = (List<Object>) mutable.get("tags");
    EventRecord.Builder builder = builder().eventProperties(mutable);

    mutable.put("plan", "changed");
    mutable.put("added", 1);
    mutable.remove("amount");
    tags.add("c");
    EventRecord record = builder.build();
    mutable.clear();

    assertThat(record.eventProperties().keySet()).containsExactly("plan", "amount", "tags", "none");
    assertThat(record.eventProperties()).containsEntry("plan", "pro").containsEntry("tags", List.of("a", "b"));
  }

  @Test
  void mutatingTheMapPassedToEventPropertiesAfterBuilding_doesNotAffectTheRecord() {
    Map<String, Object> mutable = properties();
    EventRecord record = builder().eventProperties(mutable).build();
    Map<String, Object> before = snapshot(record.eventProperties());

    mutable.put("plan", "changed");
    mutable.put("added", 1);

    assertThat(record.eventProperties()).isEqualTo(before);
  }

  @Test
  void mutatingAValuePassedToEventPropertyAfterwards_doesNotAffectTheRecord() {
    List<Object> items = new ArrayList<>(List.of("sku-1"));
    Map<String, Object> cart = new LinkedHashMap<>(Map.of("items", items));
    EventRecord record = builder().eventProperty("cart", cart).build();

    items.add("sku-2");
    cart.put("coupon", "X");

    assertThat(record.eventProperties().get("cart")).isEqualTo(Map.of("items", List.of("sku-1")));
  }

  // ------------------------------------------------------------------ immutability of the result

  @Test
  void eventPropertiesOfARecord_areUnmodifiable() {
    EventRecord record = builder().eventProperties(properties()).build();
    Map<String, Object> map = record.eventProperties();

    assertThatThrownBy(() -> map.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.remove("plan")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.entrySet().iterator().next().setValue("x")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.keySet().remove("plan")).isInstanceOf(UnsupportedOperationException.class);
    @SuppressWarnings("unchecked")
    List<Object> tags = (List<Object>) map.get("tags");
    assertThatThrownBy(() -> tags.add("c")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> tags.set(0, "c")).isInstanceOf(UnsupportedOperationException.class);
    assertThat(record.eventProperties()).isEqualTo(properties());
  }

  @Test
  void eventPropertiesBuiltFromSingleProperties_areUnmodifiable() {
    EventRecord.Builder builder = builder().eventProperty("a", 1);
    EventRecord record = builder.build();
    Map<String, Object> map = record.eventProperties();

    assertThatThrownBy(() -> map.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
    builder.eventProperty("b", 2);
    assertThat(record.eventProperties()).isEqualTo(Map.of("a", 1));
  }

  @Test
  void eventPropertiesOfARecordWithoutProperties_areAnEmptyUnmodifiableMap() {
    EventRecord record = builder().build();

    assertThat(record.eventProperties()).isEmpty();
    assertThatThrownBy(() -> record.eventProperties().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    EventRecord withOne = record.toBuilder().eventProperty("x", 1).build();
    assertThat(record.eventProperties()).isEmpty();
    assertThat(withOne.eventProperties()).isEqualTo(Map.of("x", 1));
  }

  @Test
  void aRefusedValue_leavesTheBuilderAsItWas() {
    EventRecord a = builder().eventProperties(properties()).build();
    EventRecord.Builder builder = a.toBuilder();

    assertThatThrownBy(() -> builder.eventProperty("bad", new Object())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> builder.eventProperties(Map.of("bad", new Object()))).isInstanceOf(IllegalArgumentException.class);

    assertThat(builder.build()).isEqualTo(a);
    assertThat(a.eventProperties()).doesNotContainKey("bad");
  }
}
