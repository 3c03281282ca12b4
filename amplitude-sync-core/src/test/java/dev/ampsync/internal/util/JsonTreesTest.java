package dev.ampsync.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JacksonException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JsonTrees.parse: JSON text straight into frozen record values, exact numbers, strict syntax. */
class JsonTreesTest {

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    assertThat(value).isInstanceOf(FrozenMap.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> asList(Object value) {
    assertThat(value).isInstanceOf(FrozenList.class);
    return (List<Object>) value;
  }

  // ------------------------------------------------------------------ value types

  @Test
  void anObject_becomesAFrozenMapInTextOrder() throws Exception {
    Object parsed = JsonTrees.parse("{\"b\": 1, \"a\": \"x\", \"c\": null}");

    assertThat(parsed).isInstanceOf(FrozenMap.class);
    Map<String, Object> map = asMap(parsed);
    assertThat(map.keySet()).containsExactly("b", "a", "c");
    assertThat(map.get("a")).isEqualTo("x");
    assertThat(map.containsKey("c")).isTrue();
    assertThat(map.get("c")).isNull();
  }

  @Test
  void anArray_becomesAFrozenListInOrder() throws Exception {
    Object parsed = JsonTrees.parse("[3, \"two\", true, null, [], {}]");

    assertThat(parsed).isInstanceOf(FrozenList.class);
    List<Object> list = asList(parsed);
    assertThat(list).hasSize(6);
    assertThat(list.get(0)).isEqualTo(3);
    assertThat(list.get(1)).isEqualTo("two");
    assertThat(list.get(2)).isEqualTo(Boolean.TRUE);
    assertThat(list.get(3)).isNull();
    assertThat(list.get(4)).isInstanceOf(FrozenList.class).asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
    assertThat(list.get(5)).isInstanceOf(FrozenMap.class);
    assertThat(asMap(list.get(5))).isEmpty();
  }

  @Test
  void scalarsAtTheTop_areReturnedAsThemselves() throws Exception {
    assertThat(JsonTrees.parse("\"text\"")).isEqualTo("text");
    assertThat(JsonTrees.parse("true")).isEqualTo(Boolean.TRUE);
    assertThat(JsonTrees.parse("false")).isEqualTo(Boolean.FALSE);
    assertThat(JsonTrees.parse("null")).isNull();
    assertThat(JsonTrees.parse("  42  ")).isEqualTo(42);
  }

  @Test
  void stringEscapes_areDecoded() throws Exception {
    assertThat(JsonTrees.parse("\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00\"")).isEqualTo("a\"b\\c\né😀");
  }

  @Test
  void wholeNumbers_becomeIntegerLongOrBigIntegerBySize() throws Exception {
    assertThat(JsonTrees.parse("0")).isExactlyInstanceOf(Integer.class).isEqualTo(0);
    assertThat(JsonTrees.parse("-7")).isExactlyInstanceOf(Integer.class).isEqualTo(-7);
    assertThat(JsonTrees.parse("2147483647")).isExactlyInstanceOf(Integer.class).isEqualTo(Integer.MAX_VALUE);
    assertThat(JsonTrees.parse("-2147483648")).isExactlyInstanceOf(Integer.class).isEqualTo(Integer.MIN_VALUE);
    assertThat(JsonTrees.parse("2147483648")).isExactlyInstanceOf(Long.class).isEqualTo(2147483648L);
    assertThat(JsonTrees.parse("-2147483649")).isExactlyInstanceOf(Long.class).isEqualTo(-2147483649L);
    assertThat(JsonTrees.parse("9223372036854775807")).isExactlyInstanceOf(Long.class).isEqualTo(Long.MAX_VALUE);
    assertThat(JsonTrees.parse("9223372036854775808"))
        .isExactlyInstanceOf(BigInteger.class)
        .isEqualTo(new BigInteger("9223372036854775808"));
    assertThat(JsonTrees.parse("-123456789012345678901234567890"))
        .isExactlyInstanceOf(BigInteger.class)
        .isEqualTo(new BigInteger("-123456789012345678901234567890"));
  }

  @Test
  void nonIntegerNumbers_becomeExactBigDecimals_keepingTheirScale() throws Exception {
    assertThat(JsonTrees.parse("12.50")).isExactlyInstanceOf(BigDecimal.class);
    BigDecimal price = (BigDecimal) JsonTrees.parse("12.50");
    assertThat(price.scale()).isEqualTo(2);
    assertThat(price.toPlainString()).isEqualTo("12.50");
    assertThat(JsonTrees.parse("0.1")).isEqualTo(new BigDecimal("0.1")); // no double rounding
    assertThat(JsonTrees.parse("-0.0")).isExactlyInstanceOf(BigDecimal.class);
    assertThat(JsonTrees.parse("1.0")).isEqualTo(new BigDecimal("1.0"));
    assertThat(JsonTrees.parse("3.141592653589793238462643383279"))
        .isEqualTo(new BigDecimal("3.141592653589793238462643383279"));
  }

  @Test
  void exponentNumbers_becomeBigDecimals_evenBeyondTheRangeOfDouble() throws Exception {
    assertThat(JsonTrees.parse("1e2")).isExactlyInstanceOf(BigDecimal.class);
    assertThat(((BigDecimal) JsonTrees.parse("1e2")).compareTo(new BigDecimal("100"))).isZero();
    assertThat(((BigDecimal) JsonTrees.parse("1.5E-3")).compareTo(new BigDecimal("0.0015"))).isZero();
    assertThat(JsonTrees.parse("1e400")).isEqualTo(new BigDecimal("1e400"));
  }

  @Test
  void numbersInsideContainers_followTheSameRules() throws Exception {
    Map<String, Object> map = asMap(JsonTrees.parse("{\"i\": 1, \"l\": 10000000000, \"d\": 2.50, \"list\": [1.0, 3]}"));

    assertThat(map.get("i")).isExactlyInstanceOf(Integer.class);
    assertThat(map.get("l")).isExactlyInstanceOf(Long.class);
    assertThat(map.get("d")).isEqualTo(new BigDecimal("2.50"));
    assertThat(asList(map.get("list"))).containsExactly(new BigDecimal("1.0"), 3);
  }

  // ------------------------------------------------------------------ repeated keys

  @Test
  void aRepeatedKey_keepsItsFirstPositionAndItsLastValue() throws Exception {
    Map<String, Object> map = asMap(JsonTrees.parse("{\"a\": 1, \"b\": 2, \"a\": 3, \"c\": 4, \"a\": 5}"));

    assertThat(map.keySet()).containsExactly("a", "b", "c");
    assertThat(map.get("a")).isEqualTo(5);
    assertThat(map).hasSize(3);
  }

  @Test
  void aRepeatedKeyInANestedObject_keepsItsFirstPositionAndItsLastValue() throws Exception {
    Map<String, Object> map = asMap(JsonTrees.parse("{\"o\": {\"x\": [1], \"y\": 0, \"x\": {\"z\": true}}}"));

    Map<String, Object> inner = asMap(map.get("o"));
    assertThat(inner.keySet()).containsExactly("x", "y");
    assertThat(inner.get("x")).isEqualTo(Map.of("z", true));
  }

  // ------------------------------------------------------------------ refused text

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"", " ", "\n\t "})
  void emptyText_isRefused(String text) {
    assertThatThrownBy(() -> JsonTrees.parse(text)).isInstanceOf(JacksonException.class);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{\"a\": 1", "[1,2", "{", "[", "{\"a\":", "{\"a\"", "\"open", "[1, {\"a\": [2"})
  void truncatedInput_isRefused(String text) {
    assertThatThrownBy(() -> JsonTrees.parse(text)).isInstanceOf(JacksonException.class);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{} x", "{}{}", "[] []", "1 2", "\"a\" \"b\"", "{\"a\":1}}", "[1]]", "null null", "true,"})
  void trailingContent_isRefused(String text) {
    assertThatThrownBy(() -> JsonTrees.parse(text)).isInstanceOf(JacksonException.class);
  }

  @Test
  void trailingWhitespace_isAccepted() throws Exception {
    assertThat(JsonTrees.parse("{\"a\": 1}  \n\t ")).isEqualTo(Map.of("a", 1));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"NaN", "[NaN]", "{\"a\": NaN}", "Infinity", "-Infinity", "{\"a\": -Infinity}"})
  void nonFiniteNumbers_areRefused(String text) {
    assertThatThrownBy(() -> JsonTrees.parse(text)).isInstanceOf(JacksonException.class);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"'a'", "{'a': 1}", "{\"a\": 'b'}", "['x']"})
  void singleQuotes_areRefused(String text) {
    assertThatThrownBy(() -> JsonTrees.parse(text)).isInstanceOf(JacksonException.class);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{a: 1}", "[1,]", "{\"a\": 1,}", "[01]", "tru", "{\"a\" 1}", "[1 2]", "// c\n1"})
  void otherNonStandardSyntax_isRefused(String text) {
    assertThatThrownBy(() -> JsonTrees.parse(text)).isInstanceOf(JacksonException.class);
  }

  // ------------------------------------------------------------------ depth

  @Test
  void arraysNested500Deep_areParsed() throws Exception {
    String text = "[".repeat(500) + "7" + "]".repeat(500);

    Object value = JsonTrees.parse(text);

    for (int depth = 0; depth < 500; depth++) {
      assertThat(value).isInstanceOf(FrozenList.class);
      List<?> list = (List<?>) value;
      assertThat(list).hasSize(1);
      value = list.get(0);
    }
    assertThat(value).isEqualTo(7);
  }

  @Test
  void objectsNested500Deep_areParsed() throws Exception {
    String text = "{\"k\":".repeat(500) + "\"leaf\"" + "}".repeat(500);

    Object value = JsonTrees.parse(text);

    for (int depth = 0; depth < 500; depth++) {
      assertThat(value).isInstanceOf(FrozenMap.class);
      value = ((Map<?, ?>) value).get("k");
    }
    assertThat(value).isEqualTo("leaf");
  }

  // ------------------------------------------------------------------ immutability

  @Test
  void parsedMaps_refuseEveryChange() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) JsonTrees.parse("{\"a\": 1, \"b\": [1, 2]}");

    assertThatThrownBy(() -> map.put("c", 3)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.put("a", 3)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(map::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.putAll(Map.of("d", 4))).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.entrySet().iterator().next().setValue(9))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> {
          var it = map.entrySet().iterator();
          it.next();
          it.remove();
        })
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.keySet().remove("a")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.values().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.entrySet().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.replaceAll((k, v) -> v)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> map.computeIfAbsent("z", k -> 1)).isInstanceOf(UnsupportedOperationException.class);

    assertThat(map).containsOnlyKeys("a", "b");
    assertThat(map.get("a")).isEqualTo(1);
  }

  @Test
  void parsedLists_refuseEveryChange() throws Exception {
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) JsonTrees.parse("[3, 1, 2]");

    assertThatThrownBy(() -> list.set(0, 9)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.add(4)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.add(0, 4)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.remove(0)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(list::clear).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.sort(null)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.replaceAll(x -> x)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.iterator().remove()).isInstanceOfAny(UnsupportedOperationException.class, IllegalStateException.class);
    assertThatThrownBy(() -> {
          var it = list.listIterator();
          it.next();
          it.set(5);
        })
        .isInstanceOf(UnsupportedOperationException.class);

    assertThat(list).containsExactly(3, 1, 2);
  }

  @Test
  void nestedContainers_areFrozenToo() throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) JsonTrees.parse("{\"o\": {\"x\": 1}, \"l\": [[1], {\"y\": 2}]}");

    @SuppressWarnings("unchecked")
    Map<String, Object> inner = (Map<String, Object>) map.get("o");
    @SuppressWarnings("unchecked")
    List<Object> list = (List<Object>) map.get("l");
    @SuppressWarnings("unchecked")
    List<Object> innerList = (List<Object>) list.get(0);
    assertThatThrownBy(() -> inner.put("x", 2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> list.set(0, 2)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> innerList.add(2)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(list.get(1)).isInstanceOf(FrozenMap.class);
  }

  // ------------------------------------------------------------------ equality

  @Test
  void parsedMaps_equalLinkedHashMapsWithTheSameContent_bothWays() throws Exception {
    Object parsed = JsonTrees.parse("{\"a\": 1, \"b\": [\"x\", null], \"c\": {\"d\": 2.50}, \"e\": null}");
    LinkedHashMap<String, Object> expected = new LinkedHashMap<>();
    expected.put("a", 1);
    expected.put("b", new ArrayList<>(Arrays.asList("x", null)));
    LinkedHashMap<String, Object> c = new LinkedHashMap<>();
    c.put("d", new BigDecimal("2.50"));
    expected.put("c", c);
    expected.put("e", null);

    assertThat(parsed).isEqualTo(expected);
    assertThat(expected).isEqualTo(parsed);
    assertThat(parsed.hashCode()).isEqualTo(expected.hashCode());
    assertThat(parsed.toString()).isEqualTo(expected.toString());
  }

  @Test
  void parsedMaps_equalRegardlessOfKeyOrder_asMapsDo() throws Exception {
    Object one = JsonTrees.parse("{\"a\": 1, \"b\": 2}");
    Object other = JsonTrees.parse("{\"b\": 2, \"a\": 1}");

    assertThat(one).isEqualTo(other);
    assertThat(one.hashCode()).isEqualTo(other.hashCode());
    assertThat(one).isNotEqualTo(JsonTrees.parse("{\"a\": 1, \"b\": 3}"));
    assertThat(one).isNotEqualTo(JsonTrees.parse("{\"a\": 1}"));
  }

  @Test
  void parsedLists_equalArrayListsWithTheSameContent_bothWays() throws Exception {
    Object parsed = JsonTrees.parse("[1, \"two\", null, {\"k\": false}, [3.0]]");
    List<Object> expected =
        new ArrayList<>(Arrays.asList(1, "two", null, Map.of("k", false), List.of(new BigDecimal("3.0"))));

    assertThat(parsed).isEqualTo(expected);
    assertThat(expected).isEqualTo(parsed);
    assertThat(parsed.hashCode()).isEqualTo(expected.hashCode());
    assertThat(parsed).isNotEqualTo(List.of(1, "two"));
  }

  @Test
  void emptyContainers_equalEmptyJdkContainers() throws Exception {
    assertThat(JsonTrees.parse("{}")).isEqualTo(new LinkedHashMap<>()).hasSameHashCodeAs(Map.of());
    assertThat(JsonTrees.parse("[]")).isEqualTo(new ArrayList<>()).hasSameHashCodeAs(List.of());
  }
}
