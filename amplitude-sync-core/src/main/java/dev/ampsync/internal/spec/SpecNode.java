package dev.ampsync.internal.spec;

import java.util.List;
import java.util.Map;

/** A parsed YAML value with the line it started on. */
public sealed interface SpecNode {
  /**
   * Returns the line the value starts on.
   *
   * @return the 1-based line
   */
  int line();

  /** A mapping, keys in file order, with the line of each key. */
  record MapNode(Map<String, SpecNode> entries, Map<String, Integer> keyLines, int line) implements SpecNode {
    /**
     * Returns the line of a key, or the mapping's line.
     *
     * @param key the key
     * @return the 1-based line
     */
    public int lineOf(String key) {
      return keyLines.getOrDefault(key, line);
    }
  }

  /** A sequence. */
  record ListNode(List<SpecNode> elements, int line) implements SpecNode {}

  /** A scalar: String (environment already substituted), Number, Boolean or null. */
  record Scalar(Object value, int line) implements SpecNode {}

  /**
   * Returns the plain Java form: maps, lists and scalars.
   *
   * @param node the node
   * @return a Map, List, String, Number, Boolean or null
   */
  static Object plain(SpecNode node) {
    if (node instanceof Scalar scalar) {
      return scalar.value();
    }
    if (node instanceof ListNode list) {
      return list.elements().stream().map(SpecNode::plain).toList();
    }
    Map<String, Object> map = new java.util.LinkedHashMap<>();
    ((MapNode) node).entries().forEach((key, value) -> map.put(key, plain(value)));
    return map;
  }
}
