package dev.ampsync.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A frozen map is an unmodifiable, insertion-ordered {@link Map}: checked against a {@link
 * LinkedHashMap} built the same way, on both sides of the size where lookups switch from a scan to
 * an index.
 */
class FrozenMapTest {
  private static LinkedHashMap<String, Object> expected(int size) {
    LinkedHashMap<String, Object> map = new LinkedHashMap<>();
    for (int i = size - 1; i >= 0; i--) { // not in sorted order: insertion order must be kept
      map.put("k" + i, i % 3 == 0 ? null : (Object) ("v" + i));
    }
    return map;
  }

  private static FrozenMap built(int size) {
    FrozenMap.Builder builder = new FrozenMap.Builder(2);
    expected(size).forEach(builder::put);
    return builder.build();
  }

  @ParameterizedTest(name = "{0} entries")
  @ValueSource(ints = {0, 1, 2, FrozenMap.SCAN_LIMIT, FrozenMap.SCAN_LIMIT + 1, 40})
  void behavesAsAnInsertionOrderedMap(int size) {
    LinkedHashMap<String, Object> expected = expected(size);
    FrozenMap map = built(size);

    assertThat(map).isEqualTo(expected).hasSameHashCodeAs(expected).hasSize(size);
    assertThat(new ArrayList<>(map.keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
    assertThat(new ArrayList<>(map.values())).isEqualTo(new ArrayList<>(expected.values()));
    assertThat(new ArrayList<>(map.entrySet())).isEqualTo(new ArrayList<>(expected.entrySet()));
    for (int i = 0; i < size; i++) {
      assertThat(map.keyAt(i)).isEqualTo(new ArrayList<>(expected.keySet()).get(i));
      assertThat(map.valueAt(i)).isEqualTo(new ArrayList<>(expected.values()).get(i));
      assertThat(map.containsKey("k" + i)).isTrue();
      assertThat(map.get("k" + i)).isEqualTo(expected.get("k" + i));
    }
    assertThat(map.containsKey("absent")).isFalse();
    assertThat(map.get("absent")).isNull();
    assertThat(map.get(null)).isNull();
    assertThat(map.get(42)).isNull();
    List<String> visited = new ArrayList<>();
    map.forEach((k, v) -> visited.add(k));
    assertThat(visited).isEqualTo(new ArrayList<>(expected.keySet()));
    assertThatThrownBy(() -> map.keyAt(size)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @ParameterizedTest(name = "{0} entries")
  @ValueSource(ints = {3, FrozenMap.SCAN_LIMIT + 4})
  void aNamePutAgain_keepsItsPlace_andTakesTheLastValue(int size) {
    FrozenMap.Builder builder = new FrozenMap.Builder(1);
    LinkedHashMap<String, Object> expected = new LinkedHashMap<>();
    for (int i = 0; i < size; i++) {
      builder.put("k" + i, i);
      expected.put("k" + i, i);
    }
    builder.put("k1", "again");
    expected.put("k1", "again");

    FrozenMap map = builder.build();

    assertThat(map).isEqualTo(expected);
    assertThat(map.keyAt(1)).isEqualTo("k1");
    assertThat(map.valueAt(1)).isEqualTo("again");
    assertThat(map).hasSize(size);
  }

  @ParameterizedTest(name = "{0} entries")
  @ValueSource(ints = {2, FrozenMap.SCAN_LIMIT + 2})
  void cannotBeChanged(int size) {
    FrozenMap map = built(size);

    assertThatThrownBy(() -> map.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.remove("k1")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.keySet().remove("k1")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.values().clear()).isInstanceOf(UnsupportedOperationException.class);
    Iterator<Map.Entry<String, Object>> entries = map.entrySet().iterator();
    Map.Entry<String, Object> first = entries.next();
    assertThatThrownBy(() -> first.setValue("changed")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(entries::remove).isInstanceOf(UnsupportedOperationException.class);
    assertThat(map).isEqualTo(expected(size));
  }

  @ParameterizedTest(name = "{0} entries")
  @ValueSource(ints = {0, 5, FrozenMap.SCAN_LIMIT + 3})
  void copyOfAnotherMap_isEqual_andAFrozenMapIsReturnedAsItIs(int size) {
    LinkedHashMap<String, Object> source = expected(size);

    FrozenMap copy = FrozenMap.copyOf(source);

    assertThat(copy).isEqualTo(source);
    assertThat(new ArrayList<>(copy.keySet())).isEqualTo(new ArrayList<>(source.keySet()));
    assertThat(FrozenMap.copyOf(copy)).isSameAs(copy);
  }
}
