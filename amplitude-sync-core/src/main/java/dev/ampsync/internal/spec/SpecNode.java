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

  /**
   * A scalar: String (environment already substituted), Number, Boolean or null, with its text as
   * written. Messages quote the text as written, never the substituted value, which may be a secret.
   *
   * @param value the value, variables substituted
   * @param raw the text as written in the spec, or null when not known
   * @param variables the variables substituted into it, name to value, in order; empty when none
   * @param line the 1-based line
   * @param textLine the 1-based line of the text's first line when each line of the text as written
   *     is a line of the spec (a literal block, {@code |}); 0 otherwise
   */
  record Scalar(Object value, String raw, Map<String, String> variables, int line, int textLine) implements SpecNode {
    /** Copies the variables, so the scalar is immutable. */
    public Scalar {
      variables = variables == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(variables));
    }

    /**
     * Creates a scalar that is not a literal block.
     *
     * @param value the value, variables substituted
     * @param raw the text as written in the spec, or null when not known
     * @param variables the variables substituted into it, name to value, in order; empty when none
     * @param line the 1-based line
     */
    public Scalar(Object value, String raw, Map<String, String> variables, int line) {
      this(value, raw, variables, line, 0);
    }

    /**
     * Creates a scalar whose text is its value, with no variables.
     *
     * @param value the value
     * @param line the 1-based line
     */
    public Scalar(Object value, int line) {
      this(value, null, Map.of(), line);
    }

    /**
     * Tells whether the value came (in part) from the environment.
     *
     * @return true when a variable was substituted
     */
    public boolean fromEnvironment() {
      return !variables.isEmpty();
    }

    /**
     * Returns the text as written: {@code ${PGPASSWORD}}, not the password.
     *
     * @return the text as written
     */
    public String asWritten() {
      return raw != null ? raw : String.valueOf(value);
    }

    /**
     * Returns the value as messages quote it: {@code 'us'}, or {@code '${REGION}' (from the
     * environment)} for a value that came from a variable.
     *
     * @return the quoted text as written
     */
    public String quoted() {
      return "'" + asWritten() + "'" + (fromEnvironment() ? " (from the environment)" : "");
    }

    /**
     * Returns this scalar at another line, for an alias that repeats an anchored value; its text
     * stays where the anchor wrote it.
     *
     * @param at the alias's line
     * @return the copy
     */
    Scalar atLine(int at) {
      return new Scalar(value, raw, variables, at, textLine);
    }
  }

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
