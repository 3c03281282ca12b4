package dev.ampsync.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for {@link PropertyOperations} and {@link PropertyOperation}. */
class PropertyOperationsTest {

  /** The operations Amplitude documents for Group Identify (reference §4.3, §5). */
  private static final Set<PropertyOperation> GROUP_OPERATIONS =
      EnumSet.of(
          PropertyOperation.SET,
          PropertyOperation.SET_ONCE,
          PropertyOperation.ADD,
          PropertyOperation.APPEND,
          PropertyOperation.PREPEND,
          PropertyOperation.UNSET);

  /** Each builder shortcut, paired with the operation it must put the property under. */
  static Stream<Arguments> builderShortcuts() {
    return Stream.of(
        shortcut(PropertyOperation.SET, (b, v) -> b.set("p", v), "pro"),
        shortcut(PropertyOperation.SET_ONCE, (b, v) -> b.setOnce("p", v), "2024-01-05"),
        shortcut(PropertyOperation.ADD, (b, v) -> b.add("p", (Number) v), 3),
        shortcut(PropertyOperation.APPEND, (b, v) -> b.append("p", v), List.of("music")),
        shortcut(PropertyOperation.PREPEND, (b, v) -> b.prepend("p", v), "first"),
        shortcut(PropertyOperation.PRE_INSERT, (b, v) -> b.preInsert("p", v), List.of("a", "b")),
        shortcut(PropertyOperation.POST_INSERT, (b, v) -> b.postInsert("p", v), "z"),
        shortcut(PropertyOperation.REMOVE, (b, v) -> b.remove("p", v), List.of("old")));
  }

  private static Arguments shortcut(
      PropertyOperation op,
      BiFunction<PropertyOperations.Builder, Object, PropertyOperations.Builder> call,
      Object value) {
    return Arguments.of(op, call, value);
  }

  /** Every operation a property can be put under ({@code $clearAll} takes no property). */
  static Stream<PropertyOperation> propertyOperations() {
    return Stream.of(PropertyOperation.values()).filter(op -> op != PropertyOperation.CLEAR_ALL);
  }

  @Nested
  class EachOperation {

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.ampsync.record.PropertyOperationsTest#builderShortcuts")
    void builderShortcut_putsThePropertyUnderItsOperationWithTheValue(
        PropertyOperation op,
        BiFunction<PropertyOperations.Builder, Object, PropertyOperations.Builder> call,
        Object value) {
      PropertyOperations ops = call.apply(PropertyOperations.builder(), value).build();

      assertThat(ops.operations()).containsExactly(op);
      assertThat(ops.get(op)).containsExactly(entry("p", value));
      assertThat(ops.operationOf("p")).contains(op);
      assertThat(ops.propertyCount()).isEqualTo(1);
      assertThat(ops.isEmpty()).isFalse();
      assertThat(ops.clearsAll()).isFalse();
    }

    @Test
    void unset_putsThePropertyUnderUnsetWithANullValue() {
      PropertyOperations ops = PropertyOperations.builder().unset("trial_end").build();

      assertThat(ops.operations()).containsExactly(PropertyOperation.UNSET);
      assertThat(ops.get(PropertyOperation.UNSET)).containsExactly(entry("trial_end", null));
      assertThat(ops.operationOf("trial_end")).contains(PropertyOperation.UNSET);
    }

    @Test
    void putUnset_ignoresTheGivenValueAndReadsBackNull() {
      PropertyOperations ops =
          PropertyOperations.builder().put(PropertyOperation.UNSET, "trial_end", "ignored").build();

      assertThat(ops.get(PropertyOperation.UNSET)).containsExactly(entry("trial_end", null));
    }

    @Test
    void clearAll_holdsOnlyClearAllWithNoProperties() {
      PropertyOperations ops = PropertyOperations.builder().clearAll().build();

      assertThat(ops.operations()).containsExactly(PropertyOperation.CLEAR_ALL);
      assertThat(ops.clearsAll()).isTrue();
      assertThat(ops.get(PropertyOperation.CLEAR_ALL)).isEmpty();
      assertThat(ops.propertyCount()).isZero();
      assertThat(ops.isEmpty()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("dev.ampsync.record.PropertyOperationsTest#propertyOperations")
    void put_withAnyPropertyOperation_putsThePropertyUnderThatOperation(PropertyOperation op) {
      PropertyOperations ops = PropertyOperations.builder().put(op, "p", 1).build();

      Object expected = op == PropertyOperation.UNSET ? null : 1;
      assertThat(ops.operations()).containsExactly(op);
      assertThat(ops.get(op)).containsExactly(entry("p", expected));
    }

    @Test
    void allTenOperations_canBeCombinedOnDifferentProperties_exceptClearAll() {
      PropertyOperations ops =
          PropertyOperations.builder()
              .unset("u")
              .remove("r", "x")
              .postInsert("po", "x")
              .preInsert("pi", "x")
              .prepend("pp", "x")
              .append("ap", "x")
              .add("ad", 1)
              .setOnce("so", "x")
              .set("s", "x")
              .build();

      assertThat(ops.operations())
          .as("operations are listed in Amplitude's documented order, not insertion order")
          .containsExactly(
              PropertyOperation.SET,
              PropertyOperation.SET_ONCE,
              PropertyOperation.ADD,
              PropertyOperation.APPEND,
              PropertyOperation.PREPEND,
              PropertyOperation.PRE_INSERT,
              PropertyOperation.POST_INSERT,
              PropertyOperation.REMOVE,
              PropertyOperation.UNSET);
      assertThat(ops.propertyCount()).isEqualTo(9);
    }

    @Test
    void get_forAnAbsentOperation_returnsAnEmptyMap() {
      PropertyOperations ops = PropertyOperations.builder().set("plan", "pro").build();

      assertThat(ops.get(PropertyOperation.ADD)).isEmpty();
    }

    @Test
    void get_withNullOperation_throwsNpeNamingOperation() {
      assertThatThrownBy(() -> PropertyOperations.empty().get(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("operation is null: ");
    }

    @Test
    void properties_underOneOperation_keepInsertionOrder() {
      PropertyOperations ops =
          PropertyOperations.builder().set("zeta", 1).set("alpha", 2).set("mid", 3).build();

      assertThat(ops.get(PropertyOperation.SET).keySet()).containsExactly("zeta", "alpha", "mid");
    }
  }

  @Nested
  class Conflicts {

    @Test
    void put_samePropertyUnderTwoOperations_throwsIseNamingThePropertyAndBothOperations() {
      PropertyOperations.Builder builder = PropertyOperations.builder().set("plan", "pro");

      assertThatThrownBy(() -> builder.add("plan", 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'plan'")
          .hasMessageContaining("$set")
          .hasMessageContaining("$add");
    }

    @ParameterizedTest
    @MethodSource("dev.ampsync.record.PropertyOperationsTest#propertyOperations")
    void put_propertyAlreadyUnderSet_throwsIseForEveryOtherOperation(PropertyOperation op) {
      PropertyOperations.Builder builder = PropertyOperations.builder().set("plan", "pro");
      if (op == PropertyOperation.SET) {
        assertThatCode(() -> builder.put(op, "plan", 1)).doesNotThrowAnyException();
      } else {
        assertThatThrownBy(() -> builder.put(op, "plan", 1))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("plan")
            .hasMessageContaining("$set")
            .hasMessageContaining(op.wireName());
      }
    }

    @Test
    void put_conflictingOperation_leavesTheBuilderUnchanged() {
      PropertyOperations.Builder builder = PropertyOperations.builder().set("plan", "pro");

      assertThatThrownBy(() -> builder.unset("plan")).isInstanceOf(IllegalStateException.class);

      assertThat(builder.build()).isEqualTo(PropertyOperations.builder().set("plan", "pro").build());
    }

    @Test
    void put_samePropertyTwiceUnderTheSameOperation_lastValueWins() {
      PropertyOperations ops =
          PropertyOperations.builder().set("plan", "free").set("plan", "pro").build();

      assertThat(ops.get(PropertyOperation.SET)).containsExactly(entry("plan", "pro"));
      assertThat(ops.propertyCount()).isEqualTo(1);
    }

    @Test
    void add_samePropertyTwice_lastAmountWinsRatherThanSumming() {
      PropertyOperations ops = PropertyOperations.builder().add("logins", 3).add("logins", 4).build();

      assertThat(ops.get(PropertyOperation.ADD)).containsExactly(entry("logins", 4));
    }

    @Test
    void clearAll_afterAnotherOperation_throwsIseListingThePresentOperation() {
      PropertyOperations.Builder builder = PropertyOperations.builder().set("plan", "pro");

      assertThatThrownBy(builder::clearAll)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("$clearAll")
          .hasMessageContaining("$set");
    }

    @ParameterizedTest
    @MethodSource("dev.ampsync.record.PropertyOperationsTest#propertyOperations")
    void put_afterClearAll_throwsIse(PropertyOperation op) {
      PropertyOperations.Builder builder = PropertyOperations.builder().clearAll();

      assertThatThrownBy(() -> builder.put(op, "plan", 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("$clearAll")
          .hasMessageContaining(op.wireName())
          .hasMessageContaining("plan");
    }

    @Test
    void shortcuts_afterClearAll_throwIse() {
      PropertyOperations.Builder builder = PropertyOperations.builder().clearAll();

      assertThatThrownBy(() -> builder.set("plan", "pro")).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> builder.add("logins", 1)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> builder.unset("plan")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void putClearAll_throwsIaePointingToClearAll() {
      PropertyOperations.Builder builder = PropertyOperations.builder();

      assertThatThrownBy(() -> builder.put(PropertyOperation.CLEAR_ALL, "plan", null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("clearAll()");
    }

    @Test
    void putClearAll_afterClearAll_stillThrowsIae() {
      PropertyOperations.Builder builder = PropertyOperations.builder().clearAll();

      assertThatThrownBy(() -> builder.put(PropertyOperation.CLEAR_ALL, "plan", null))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearAll_calledTwice_isIdempotent() {
      PropertyOperations ops = PropertyOperations.builder().clearAll().clearAll().build();

      assertThat(ops).isEqualTo(PropertyOperations.builder().clearAll().build());
    }
  }

  @Nested
  class Forget {

    @Test
    void forget_removesTheProperty() {
      PropertyOperations ops =
          PropertyOperations.builder().set("plan", "pro").set("seats", 5).forget("plan").build();

      assertThat(ops.get(PropertyOperation.SET)).containsExactly(entry("seats", 5));
      assertThat(ops.operationOf("plan")).isEmpty();
      assertThat(ops.propertyCount()).isEqualTo(1);
    }

    @Test
    void forget_lastPropertyOfAnOperation_removesTheEmptiedOperation() {
      PropertyOperations ops =
          PropertyOperations.builder().set("plan", "pro").add("logins", 1).forget("logins").build();

      assertThat(ops.operations()).containsExactly(PropertyOperation.SET);
    }

    @Test
    void forget_onlyProperty_leavesEmptyOperations() {
      PropertyOperations ops = PropertyOperations.builder().unset("plan").forget("plan").build();

      assertThat(ops.isEmpty()).isTrue();
      assertThat(ops).isEqualTo(PropertyOperations.empty());
    }

    @Test
    void forget_neverDropsClearAll() {
      PropertyOperations ops = PropertyOperations.builder().clearAll().forget("plan").build();

      assertThat(ops.clearsAll()).isTrue();
      assertThat(ops.operations()).containsExactly(PropertyOperation.CLEAR_ALL);
    }

    @Test
    void forget_unknownProperty_changesNothing() {
      PropertyOperations ops =
          PropertyOperations.builder().set("plan", "pro").forget("absent").build();

      assertThat(ops).isEqualTo(PropertyOperations.builder().set("plan", "pro").build());
    }

    @Test
    void forget_thenPutUnderAnotherOperation_isAllowed() {
      PropertyOperations ops =
          PropertyOperations.builder().set("plan", "pro").forget("plan").unset("plan").build();

      assertThat(ops.operationOf("plan")).contains(PropertyOperation.UNSET);
      assertThat(ops.operations()).containsExactly(PropertyOperation.UNSET);
    }

    @Test
    void forget_null_throwsNpeNamingProperty() {
      assertThatThrownBy(() -> PropertyOperations.builder().forget(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("property is null: ");
    }
  }

  @Nested
  class Accessors {

    @Test
    void operationOf_returnsTheOperationHoldingTheProperty_orEmpty() {
      PropertyOperations ops =
          PropertyOperations.builder().set("plan", "pro").add("logins", 1).unset("trial").build();

      assertThat(ops.operationOf("plan")).contains(PropertyOperation.SET);
      assertThat(ops.operationOf("logins")).contains(PropertyOperation.ADD);
      assertThat(ops.operationOf("trial")).contains(PropertyOperation.UNSET);
      assertThat(ops.operationOf("other")).isEmpty();
    }

    @Test
    void propertyCount_countsPropertiesOverAllOperations() {
      PropertyOperations ops =
          PropertyOperations.builder()
              .set("a", 1)
              .set("b", 2)
              .setOnce("c", 3)
              .add("d", 4)
              .unset("e")
              .build();

      assertThat(ops.propertyCount()).isEqualTo(5);
    }

    @Test
    void empty_hasNoOperationsAndNoProperties() {
      PropertyOperations empty = PropertyOperations.empty();

      assertThat(empty.isEmpty()).isTrue();
      assertThat(empty.operations()).isEmpty();
      assertThat(empty.propertyCount()).isZero();
      assertThat(empty.clearsAll()).isFalse();
      assertThat(empty.operationOf("plan")).isEmpty();
      assertThat(empty.get(PropertyOperation.SET)).isEmpty();
    }

    @Test
    void build_onAnEmptyBuilder_equalsEmpty() {
      assertThat(PropertyOperations.builder().build()).isEqualTo(PropertyOperations.empty());
      assertThat(PropertyOperations.setAll(Map.of())).isEqualTo(PropertyOperations.empty());
    }

    @Test
    void setAll_putsEveryEntryUnderSet_keepingNullValuesAndIterationOrder() {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("plan", "pro");
      row.put("churned_at", null);
      row.put("seats", 5);

      PropertyOperations ops = PropertyOperations.setAll(row);

      assertThat(ops.operations()).containsExactly(PropertyOperation.SET);
      assertThat(ops.get(PropertyOperation.SET))
          .containsExactly(entry("plan", "pro"), entry("churned_at", null), entry("seats", 5));
      assertThat(ops.operationOf("churned_at")).contains(PropertyOperation.SET);
    }

    @Test
    void setAll_withNullMap_throwsNpe() {
      assertThatThrownBy(() -> PropertyOperations.setAll(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void setAll_withNullKey_throwsNpe() {
      Map<String, Object> row = new HashMap<>();
      row.put(null, "x");

      assertThatThrownBy(() -> PropertyOperations.setAll(row)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void putAll_putsEveryEntryUnderTheOperation() {
      Map<String, Object> values = new LinkedHashMap<>();
      values.put("tags", List.of("a"));
      values.put("labels", "b");

      PropertyOperations ops =
          PropertyOperations.builder().putAll(PropertyOperation.APPEND, values).build();

      assertThat(ops.get(PropertyOperation.APPEND))
          .containsExactly(entry("tags", List.of("a")), entry("labels", "b"));
    }

    @Test
    void putAll_withNullOperationAndEmptyMap_throwsNpe() {
      assertThatThrownBy(() -> PropertyOperations.builder().putAll(null, Map.of()))
          .isInstanceOf(NullPointerException.class);
    }

    @Test
    void putAll_withNullOperationAndEntries_throwsNpeNamingOperation() {
      assertThatThrownBy(() -> PropertyOperations.builder().putAll(null, Map.of("a", 1)))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("operation is null: ");
    }
  }

  @Nested
  class Values {

    @Test
    void put_withNullProperty_throwsNpeNamingProperty() {
      assertThatThrownBy(() -> PropertyOperations.builder().set(null, "x"))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("property is null: ");
    }

    @Test
    void put_withNullOperation_throwsNpeNamingOperation() {
      assertThatThrownBy(() -> PropertyOperations.builder().put(null, "plan", "x"))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("operation is null: ");
    }

    @Test
    void add_withNullAmount_throwsNpeNamingAmount() {
      assertThatThrownBy(() -> PropertyOperations.builder().add("logins", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("amount is null: ");
    }

    @Test
    void set_withNullValue_keepsTheProperty() {
      PropertyOperations ops = PropertyOperations.builder().set("plan", null).build();

      assertThat(ops.get(PropertyOperation.SET)).containsExactly(entry("plan", null));
    }

    @ParameterizedTest
    @MethodSource("dev.ampsync.record.PropertyOperationsTest#unsupportedValues")
    void put_withUnsupportedValueType_throwsIaeNamingTheOperationAndProperty(Object value) {
      assertThatThrownBy(() -> PropertyOperations.builder().set("blob", value))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("$set.blob");
    }

    @Test
    void put_uuidAndJavaTimeValues_becomeIsoStrings() {
      UUID id = UUID.fromString("8f14e45f-ceea-467f-a8b5-2d3c4a1e9b77");

      PropertyOperations ops =
          PropertyOperations.builder()
              .set("account_id", id)
              .setOnce("signup_day", LocalDate.of(2024, 1, 5))
              .build();

      assertThat(ops.get(PropertyOperation.SET)).containsExactly(entry("account_id", id.toString()));
      assertThat(ops.get(PropertyOperation.SET_ONCE)).containsExactly(entry("signup_day", "2024-01-05"));
    }

    @Test
    void put_copiesMutableValues_soLaterChangesByTheCallerDoNotLeakIn() {
      List<Object> tags = new ArrayList<>(List.of("a", "b"));
      Map<String, Object> address = new LinkedHashMap<>(Map.of("city", "Berlin"));
      PropertyOperations.Builder builder =
          PropertyOperations.builder().append("tags", tags).set("address", address);

      PropertyOperations ops = builder.build();
      tags.add("c");
      address.put("city", "Paris");

      assertThat(ops.get(PropertyOperation.APPEND)).containsExactly(entry("tags", List.of("a", "b")));
      assertThat(ops.get(PropertyOperation.SET))
          .containsExactly(entry("address", Map.of("city", "Berlin")));
    }

    @Test
    void returnedCollections_areUnmodifiable() {
      PropertyOperations ops =
          PropertyOperations.builder().set("plan", "pro").append("tags", List.of("a")).build();

      assertThatThrownBy(() -> ops.get(PropertyOperation.SET).put("x", 1))
          .isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> ops.operations().remove(PropertyOperation.SET))
          .isInstanceOf(UnsupportedOperationException.class);
      @SuppressWarnings("unchecked")
      List<Object> tags = (List<Object>) ops.get(PropertyOperation.APPEND).get("tags");
      assertThatThrownBy(() -> tags.add("b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void build_copies_soUsingTheBuilderAfterwardsDoesNotChangeWhatItBuilt() {
      PropertyOperations.Builder builder = PropertyOperations.builder().set("plan", "pro");
      PropertyOperations first = builder.build();

      builder.set("plan", "free").add("logins", 1).forget("plan");

      assertThat(first.get(PropertyOperation.SET)).containsExactly(entry("plan", "pro"));
      assertThat(first.operations()).containsExactly(PropertyOperation.SET);
    }

    @Test
    void toBuilder_roundTripsToAnEqualInstance_andChangesDoNotAffectTheOriginal() {
      PropertyOperations original =
          PropertyOperations.builder().set("plan", "pro").add("logins", 2).unset("trial").build();

      PropertyOperations.Builder copy = original.toBuilder();
      assertThat(copy.build()).isEqualTo(original);

      copy.forget("plan").set("seats", 3);
      assertThat(original.get(PropertyOperation.SET)).containsExactly(entry("plan", "pro"));
      assertThat(original.propertyCount()).isEqualTo(3);
    }

    @Test
    void toBuilder_ofClearAll_keepsClearAllExclusive() {
      PropertyOperations.Builder builder = PropertyOperations.builder().clearAll().build().toBuilder();

      assertThatThrownBy(() -> builder.set("plan", "pro")).isInstanceOf(IllegalStateException.class);
    }
  }

  static Stream<Object> unsupportedValues() {
    return Stream.of(new Object(), new byte[] {1, 2}, new int[] {1}, java.util.Optional.of("x"));
  }

  @Nested
  class EqualityAndToString {

    @Test
    void equalOperations_areEqualWithEqualHashCodes() {
      PropertyOperations a =
          PropertyOperations.builder().set("plan", "pro").add("logins", 1).build();
      PropertyOperations b =
          PropertyOperations.builder().add("logins", 1).set("plan", "pro").build();

      assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
      assertThat(a).isEqualTo(a);
    }

    @Test
    void operations_differingInValueOperationOrProperty_areNotEqual() {
      PropertyOperations base = PropertyOperations.builder().set("plan", "pro").build();

      assertThat(base).isNotEqualTo(PropertyOperations.builder().set("plan", "free").build());
      assertThat(base).isNotEqualTo(PropertyOperations.builder().setOnce("plan", "pro").build());
      assertThat(base).isNotEqualTo(PropertyOperations.builder().set("tier", "pro").build());
      assertThat(base).isNotEqualTo(PropertyOperations.empty());
      assertThat(base).isNotEqualTo(null);
      assertThat(base).isNotEqualTo(Map.of("$set", Map.of("plan", "pro")));
    }

    @Test
    void decimalValues_compareByBigDecimalEquals() {
      assertThat(PropertyOperations.builder().set("ltv", new BigDecimal("1.50")).build())
          .isNotEqualTo(PropertyOperations.builder().set("ltv", new BigDecimal("1.5")).build());
    }

    @Test
    void toString_showsWireNamesAndValuesInAmplitudeOrder() {
      PropertyOperations ops =
          PropertyOperations.builder().unset("trial").add("logins", 3).set("plan", "pro").build();

      assertThat(ops).hasToString("{$set={plan=pro}, $add={logins=3}, $unset={trial=null}}");
    }

    @Test
    void toString_ofClearAll_showsOnlyTheOperation() {
      assertThat(PropertyOperations.builder().clearAll().build()).hasToString("{$clearAll}");
    }

    @Test
    void toString_ofEmpty_isEmptyBraces() {
      assertThat(PropertyOperations.empty()).hasToString("{}");
    }
  }

  @Nested
  class OperationNames {

    @ParameterizedTest
    @CsvSource({
      "SET, $set, set",
      "SET_ONCE, $setOnce, set_once",
      "ADD, $add, add",
      "APPEND, $append, append",
      "PREPEND, $prepend, prepend",
      "PRE_INSERT, $preInsert, pre_insert",
      "POST_INSERT, $postInsert, post_insert",
      "REMOVE, $remove, remove",
      "UNSET, $unset, unset",
      "CLEAR_ALL, $clearAll, clear_all"
    })
    void wireNameAndSpecName_matchAmplitudeAndTheYamlSpec(
        PropertyOperation op, String wireName, String specName) {
      assertThat(op.wireName()).isEqualTo(wireName);
      assertThat(op.specName()).isEqualTo(specName);
    }

    @ParameterizedTest
    @EnumSource(PropertyOperation.class)
    void fromName_acceptsTheSpecName(PropertyOperation op) {
      assertThat(PropertyOperation.fromName(op.specName())).isEqualTo(op);
    }

    @ParameterizedTest
    @EnumSource(PropertyOperation.class)
    void fromName_acceptsTheWireName(PropertyOperation op) {
      assertThat(PropertyOperation.fromName(op.wireName())).isEqualTo(op);
    }

    @ParameterizedTest
    @EnumSource(PropertyOperation.class)
    void fromName_ignoresCaseAndSurroundingBlanks(PropertyOperation op) {
      assertThat(PropertyOperation.fromName(op.specName().toUpperCase(Locale.ROOT))).isEqualTo(op);
      assertThat(PropertyOperation.fromName(op.wireName().toUpperCase(Locale.ROOT))).isEqualTo(op);
      assertThat(PropertyOperation.fromName("  " + op.wireName().toLowerCase(Locale.ROOT) + " "))
          .isEqualTo(op);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "setOnce", "$set_once", "increment", "$delete", "clear", "set once"})
    void fromName_unknownName_throwsIaeListingTheValidNames(String name) {
      assertThatThrownBy(() -> PropertyOperation.fromName(name))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + name + "'")
          .hasMessageContaining("set_once")
          .hasMessageContaining("clear_all");
    }

    @Test
    void fromName_null_throwsNpe() {
      assertThatThrownBy(() -> PropertyOperation.fromName(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageStartingWith("name is null: ");
    }

    @ParameterizedTest
    @EnumSource(PropertyOperation.class)
    void isGroupOperation_isTrueExactlyForTheGroupIdentifyOperations(PropertyOperation op) {
      assertThat(op.isGroupOperation()).isEqualTo(GROUP_OPERATIONS.contains(op));
    }

    @Test
    void isGroupOperation_setOfGroupOperations_isExactlySetSetOnceAddAppendPrependUnset() {
      assertThat(Stream.of(PropertyOperation.values()).filter(PropertyOperation::isGroupOperation))
          .containsExactlyInAnyOrderElementsOf(GROUP_OPERATIONS);
    }
  }
}
