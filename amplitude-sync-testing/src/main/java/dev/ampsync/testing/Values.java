package dev.ampsync.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Conversion of JSON values to the plain Java values profiles expose, and equality on them. */
final class Values {
  private Values() {}

  /**
   * Converts a JSON value: string → String, boolean → Boolean, any number → BigDecimal, array →
   * unmodifiable List, object → unmodifiable Map (insertion order), null or absent → null.
   */
  static Object toJava(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return new BigDecimal(node.bigIntegerValue());
    }
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      for (JsonNode element : node) {
        list.add(toJava(element));
      }
      return Collections.unmodifiableList(list);
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        map.put(field.getKey(), toJava(field.getValue()));
      }
      return Collections.unmodifiableMap(map);
    }
    return node.asText();
  }

  /** Equality that treats numbers by value ({@code 1.0} equals {@code 1}), recursively. */
  static boolean same(Object a, Object b) {
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (!x.keySet().equals(y.keySet())) {
        return false;
      }
      for (Object key : x.keySet()) {
        if (!same(x.get(key), y.get(key))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  static boolean containsSame(List<Object> list, Object value) {
    for (Object element : list) {
      if (same(element, value)) {
        return true;
      }
    }
    return false;
  }

  /** The nesting depth of containers: a scalar is 0, {@code {}} is 1, {@code {"a":[1]}} is 2. */
  static int depth(JsonNode node) {
    if (node == null || !node.isContainerNode()) {
      return 0;
    }
    int deepest = 0;
    for (JsonNode child : node) {
      deepest = Math.max(deepest, depth(child));
    }
    return deepest + 1;
  }
}
