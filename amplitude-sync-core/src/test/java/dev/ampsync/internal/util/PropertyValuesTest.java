package dev.ampsync.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

/**
 * PropertyValues: copies into FrozenMap / FrozenList, returns frozen values as they are, deep-copies
 * everything else, and builds the path of a bad value only when there is one.
 */
class PropertyValuesTest {

  // ------------------------------------------------------------------ result types

  @Test
  void copyMap_returnsAFrozenMap_withNestedMapsAndListsFrozen() {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("list", new ArrayList<>(List.of(1, 2)));
    source.put("map", new HashMap<>(Map.of("k", "v")));
    source.put("array", new Object[] {"a", 1});
    source.put("set", new LinkedHashSet<>(List.of("x", "y")));

    FrozenMap copy = PropertyValues.copyMap(source, "event_properties");

    assertThat(copy.get("list")).isInstanceOf(FrozenList.class).isEqualTo(List.of(1, 2));
    assertThat(copy.get("map")).isInstanceOf(FrozenMap.class).isEqualTo(Map.of("k", "v"));
    assertThat(copy.get("array")).isInstanceOf(FrozenList.class).isEqualTo(List.of("a", 1));
    assertThat(copy.get("set")).isInstanceOf(FrozenList.class).isEqualTo(List.of("x", "y"));
  }

  @Test
  void copyValue_returnsFrozenContainers() {
    assertThat(PropertyValues.copyValue(new ArrayList<>(List.of("a")), "p")).isInstanceOf(FrozenList.class);
    assertThat(PropertyValues.copyValue(new HashMap<>(Map.of("a", 1)), "p")).isInstanceOf(FrozenMap.class);
    assertThat(PropertyValues.copyValue(new Object[] {1, 2}, "p")).isInstanceOf(FrozenList.class);
    assertThat(PropertyValues.copyValue(List.of(), "p")).isInstanceOf(FrozenList.class).asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
    assertThat(PropertyValues.copyValue(Map.of(), "p")).isInstanceOf(FrozenMap.class);
  }

  @Test
  void copyMap_keepsInsertionOrderAndNullValues() {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("z", 1);
    source.put("a", null);
    source.put("m", "x");

    FrozenMap copy = PropertyValues.copyMap(source, "event_properties");

    assertThat(copy.keySet()).containsExactly("z", "a", "m");
    assertThat(copy).containsEntry("a", null);
  }

  @Test
  void scalarValues_areConvertedToTheirJsonShapedForm() {
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    assertThat(PropertyValues.copyValue(uuid, "p")).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    assertThat(PropertyValues.copyValue('c', "p")).isEqualTo("c");
    assertThat(PropertyValues.copyValue(new StringBuilder("sb"), "p")).isEqualTo("sb");
    assertThat(PropertyValues.copyValue(Instant.parse("2024-03-01T12:30:00Z"), "p")).isEqualTo("2024-03-01T12:30:00.000Z");
    assertThat(PropertyValues.copyValue(LocalDate.of(2024, 3, 1), "p")).isEqualTo("2024-03-01");
    assertThat(PropertyValues.copyValue(Duration.ofMinutes(90), "p")).isEqualTo("PT1H30M");
    assertThat(PropertyValues.copyValue(Period.ofDays(3), "p")).isEqualTo("P3D");
    assertThat(PropertyValues.copyValue(new AtomicLong(42), "p")).isEqualTo(new BigDecimal("42"));
    assertThat(PropertyValues.copyValue(null, "p")).isNull();
  }

  @Test
  void immutableJdkValues_areKeptAsTheSameInstance() {
    String text = new String("text");
    BigDecimal decimal = new BigDecimal("12.50");
    BigInteger big = new BigInteger("123456789012345678901234567890");
    Long number = 1234567890123L;

    assertThat(PropertyValues.copyValue(text, "p")).isSameAs(text);
    assertThat(PropertyValues.copyValue(decimal, "p")).isSameAs(decimal);
    assertThat(PropertyValues.copyValue(big, "p")).isSameAs(big);
    assertThat(PropertyValues.copyValue(number, "p")).isSameAs(number);
    assertThat(PropertyValues.copyValue(Boolean.TRUE, "p")).isSameAs(Boolean.TRUE);
  }

  // ------------------------------------------------------------------ frozen values are not copied again

  @Test
  void copyMap_ofAFrozenMap_returnsTheSameInstance() {
    FrozenMap frozen = PropertyValues.copyMap(Map.of("a", List.of(1, 2), "b", "x"), "event_properties");

    FrozenMap copy = PropertyValues.copyMap(frozen, "event_properties");

    assertThat(copy).isSameAs(frozen);
  }

  @Test
  void copyValue_ofAFrozenMapOrList_returnsTheSameInstance() {
    FrozenMap frozenMap = PropertyValues.copyMap(Map.of("a", 1), "p");
    Object frozenList = PropertyValues.copyValue(List.of(1, 2, 3), "p");

    assertThat(PropertyValues.copyValue(frozenMap, "p")).isSameAs(frozenMap);
    assertThat(PropertyValues.copyValue(frozenList, "p")).isSameAs(frozenList);
  }

  @Test
  void frozenValuesNestedInAMutableMap_areSharedNotCopied() {
    FrozenMap innerMap = PropertyValues.copyMap(Map.of("deep", 1), "p");
    Object innerList = PropertyValues.copyValue(List.of("a", "b"), "p");
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("m", innerMap);
    source.put("l", innerList);

    FrozenMap copy = PropertyValues.copyMap(source, "event_properties");

    assertThat(copy).isNotSameAs(source);
    assertThat(copy.get("m")).isSameAs(innerMap);
    assertThat(copy.get("l")).isSameAs(innerList);
    assertThat(PropertyValues.copyValue(List.of(innerMap), "p")).asInstanceOf(InstanceOfAssertFactories.LIST).first().isSameAs(innerMap);
  }

  @Test
  void frozenMapCopyOf_ofAFrozenMap_returnsTheSameInstance() {
    FrozenMap frozen = PropertyValues.copyMap(Map.of("a", 1), "p");

    assertThat(FrozenMap.copyOf(frozen)).isSameAs(frozen);
  }

  // ------------------------------------------------------------------ deep copies

  @Test
  void mutatingTheSourceAfterwards_doesNotChangeTheCopy() {
    List<Object> list = new ArrayList<>(List.of(1, 2));
    Map<String, Object> nested = new LinkedHashMap<>(Map.of("x", "before"));
    List<Object> deepList = new ArrayList<>(List.of("d"));
    nested.put("deep", deepList);
    Object[] array = {"a0", "a1"};
    StringBuilder builder = new StringBuilder("sb");
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("list", list);
    source.put("nested", nested);
    source.put("array", array);
    source.put("builder", builder);

    FrozenMap copy = PropertyValues.copyMap(source, "event_properties");
    list.add(3);
    list.set(0, "changed");
    nested.put("x", "after");
    nested.put("new", true);
    deepList.add("e");
    array[0] = "changed";
    builder.append("-changed");
    source.put("added", 1);
    source.remove("list");

    assertThat(copy.keySet()).containsExactly("list", "nested", "array", "builder");
    assertThat(copy.get("list")).isEqualTo(List.of(1, 2));
    assertThat(copy.get("nested")).isEqualTo(Map.of("x", "before", "deep", List.of("d")));
    assertThat(copy.get("array")).isEqualTo(List.of("a0", "a1"));
    assertThat(copy.get("builder")).isEqualTo("sb");
  }

  @Test
  void copyValue_ofAMutableList_isADeepCopy() {
    List<Object> inner = new ArrayList<>(List.of("x"));
    List<Object> outer = new ArrayList<>();
    outer.add(inner);

    Object copy = PropertyValues.copyValue(outer, "p");
    inner.add("y");
    outer.add("z");

    assertThat(copy).isEqualTo(List.of(List.of("x")));
  }

  @Test
  void copies_areUnmodifiable() {
    Map<String, Object> map = PropertyValues.copyMap(new LinkedHashMap<>(Map.of("a", new ArrayList<>(List.of(1)))), "p");
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) map.get("a");

    assertThatThrownBy(() -> map.put("b", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.entrySet().iterator().next().setValue(2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.set(0, 2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.add(2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.sort(null)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void copies_equalJdkCollectionsWithTheSameContent() {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("a", 1);
    source.put("b", Arrays.asList("x", null));
    source.put("c", null);

    FrozenMap copy = PropertyValues.copyMap(source, "p");
    Map<String, Object> expected = new LinkedHashMap<>(source);
    expected.put("b", new ArrayList<>(Arrays.asList("x", null)));

    assertThat(copy).isEqualTo(expected);
    assertThat(expected).isEqualTo(copy);
    assertThat(copy.hashCode()).isEqualTo(expected.hashCode());
  }

  // ------------------------------------------------------------------ errors and their paths

  @Test
  void anUnsupportedValueDeepInside_namesItsFullPathAndType() {
    Map<String, Object> source = Map.of("a", Map.of("b", List.of(1, new Object())));

    assertThatThrownBy(() -> PropertyValues.copyMap(source, "event_properties"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("event_properties.a.b[1]")
        .hasMessageContaining("unsupported value of type java.lang.Object");
  }

  @Test
  void anUnsupportedValue_hasTheExactMessage() {
    Map<String, Object> source = Map.of("a", Map.of("b", List.of(1, new Object())));

    assertThatThrownBy(() -> PropertyValues.copyMap(source, "event_properties"))
        .hasMessage("unsupported value of type java.lang.Object at event_properties.a.b[1]"
            + "; use a String, Number, Boolean, UUID, java.time value, List or Map");
  }

  @Test
  void anUnsupportedValuePassedToCopyValue_isReportedAtThePathGiven() {
    assertThatThrownBy(() -> PropertyValues.copyValue(List.of(List.of(), List.of("x", Thread.State.NEW)), "user_properties.$set.p"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported value of type java.lang.Thread$State at user_properties.$set.p[1][1]");
    assertThatThrownBy(() -> PropertyValues.copyValue(new Object(), "event_properties.x"))
        .hasMessageStartingWith("unsupported value of type java.lang.Object at event_properties.x;");
  }

  @Test
  void anUnsupportedValueInsideAnArray_isReportedWithItsIndex() {
    Map<String, Object> source = Map.of("arr", new Object[] {"ok", "ok", new Object[] {new Object()}});

    assertThatThrownBy(() -> PropertyValues.copyMap(source, "event_properties"))
        .hasMessageContaining("at event_properties.arr[2][0];");
  }

  @Test
  void aTopLevelUnsupportedValue_isReportedUnderTheMapName() {
    assertThatThrownBy(() -> PropertyValues.copyMap(Map.of("k", new Object()), "group_properties"))
        .hasMessageContaining("at group_properties.k;");
  }

  @Test
  void aNullKeyInsideANestedMap_isANullPointerExceptionNamingThePath() {
    Map<String, Object> inner = new HashMap<>();
    inner.put(null, 1);

    assertThatThrownBy(() -> PropertyValues.copyMap(Map.of("a", inner), "event_properties"))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("null key in event_properties.a");
  }

  @Test
  void aNullKeyAtTheTop_isANullPointerExceptionNamingTheMap() {
    Map<String, Object> source = new HashMap<>();
    source.put(null, 1);

    assertThatThrownBy(() -> PropertyValues.copyMap(source, "event_properties"))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("null key in event_properties");
  }

  @Test
  void aNullKeyInAMapInsideAList_namesTheListIndex() {
    Map<String, Object> inner = new HashMap<>();
    inner.put(null, 1);

    assertThatThrownBy(() -> PropertyValues.copyMap(Map.of("a", List.of(Map.of(), inner)), "event_properties"))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("null key in event_properties.a[1]");
  }

  @Test
  void aNullMap_isANullPointerExceptionNamingIt() {
    assertThatThrownBy(() -> PropertyValues.copyMap(null, "event_properties"))
        .isExactlyInstanceOf(NullPointerException.class)
        .hasMessage("event_properties");
  }

  @Test
  void aNonStringKey_isRefusedNamingThePathAndTheKeyType() {
    Map<Object, Object> inner = new LinkedHashMap<>();
    inner.put("fine", 1);
    inner.put(42, "x");
    @SuppressWarnings("unchecked")
    Map<String, Object> source = (Map<String, Object>) (Map<?, ?>) Map.of("a", Map.of("b", inner));

    assertThatThrownBy(() -> PropertyValues.copyMap(source, "event_properties"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessage("property keys must be strings; event_properties.a.b has a key of type java.lang.Integer");
  }

  @Test
  void aNonStringKeyAtTheTop_isRefused() {
    Map<Object, Object> raw = new TreeMap<>();
    raw.put(1L, "x");
    @SuppressWarnings("unchecked")
    Map<String, Object> source = (Map<String, Object>) (Map<?, ?>) raw;

    assertThatThrownBy(() -> PropertyValues.copyMap(source, "user_properties"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user_properties has a key of type java.lang.Long");
  }

  /** A number whose string form is not a decimal number. */
  private static class Weird extends Number {
    private static final long serialVersionUID = 1L;

    @Override
    public int intValue() {
      return 0;
    }

    @Override
    public long longValue() {
      return 0;
    }

    @Override
    public float floatValue() {
      return 0;
    }

    @Override
    public double doubleValue() {
      return 0;
    }

    @Override
    public String toString() {
      return "about seven";
    }
  }

  @Test
  void aCustomNumberWhoseTextIsNotANumber_isRefusedWithThePathFirst() {
    Map<String, Object> source = Map.of("a", List.of(new Weird()));

    assertThatThrownBy(() -> PropertyValues.copyMap(source, "event_properties"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("event_properties.a[0]: cannot read")
        .hasMessageContaining(Weird.class.getName())
        .hasMessageContaining("'about seven'")
        .hasCauseInstanceOf(NumberFormatException.class);
  }

  @Test
  void aCustomNumberPassedToCopyValue_isRefusedWithThePathFirst() {
    assertThatThrownBy(() -> PropertyValues.copyValue(new Weird(), "event_properties.n"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("event_properties.n: cannot read");
  }

  @Test
  void aCustomNumberWhoseTextIsANumber_becomesAnExactBigDecimal() {
    Number custom = new Weird() {
      private static final long serialVersionUID = 1L;

      @Override
      public String toString() {
        return "12.50";
      }
    };

    Object copy = PropertyValues.copyValue(custom, "p");

    assertThat(copy).isEqualTo(new BigDecimal("12.50"));
  }

  @Test
  void aSelfContainingList_isRefusedAsNestedTooDeep() {
    List<Object> cyclic = new ArrayList<>();
    cyclic.add(cyclic);

    assertThatThrownBy(() -> PropertyValues.copyValue(cyclic, "event_properties.loop"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is nested more than 1000 levels")
        .hasMessageStartingWith("value at event_properties.loop[0][0]");
  }

  @Test
  void aSelfContainingMap_isRefusedAsNestedTooDeep() {
    Map<String, Object> cyclic = new HashMap<>();
    cyclic.put("self", cyclic);

    assertThatThrownBy(() -> PropertyValues.copyMap(Map.of("root", cyclic), "event_properties"))
        .isExactlyInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is nested more than 1000 levels")
        .hasMessageStartingWith("value at event_properties.root.self.self");
  }

  @Test
  void deepButFiniteNesting_isCopied() {
    Object value = "leaf";
    for (int i = 0; i < 500; i++) {
      value = (i % 2 == 0) ? new ArrayList<>(List.of(value)) : new HashMap<>(Map.of("k", value));
    }

    Object copy = PropertyValues.copyValue(value, "p");

    for (int i = 499; i >= 0; i--) {
      copy = (i % 2 == 0) ? ((List<?>) copy).get(0) : ((Map<?, ?>) copy).get("k");
    }
    assertThat(copy).isEqualTo("leaf");
  }
}
