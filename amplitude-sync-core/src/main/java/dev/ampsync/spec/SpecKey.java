package dev.ampsync.spec;

import dev.ampsync.internal.util.Arguments;
import java.util.List;

/**
 * One key of a YAML spec section, as a row of the section's key table: its name, what its value is,
 * its default and what it does. The spec binder reads and checks a section against its table (an
 * unknown key is refused, naming the closest one), and the JSON Schema of the spec is generated from
 * the same tables, so the two cannot disagree. {@link SourceProvider#keys()} and {@link
 * StateStoreProvider#keys()} return the tables of their types' keys.
 *
 * <pre>{@code
 * SpecKey.string("url", "JDBC URL of the database").asRequired()
 * SpecKey.integer("fetch_size", "rows fetched per round trip").withDefault("1000")
 * }</pre>
 *
 * @param name the key as written in YAML
 * @param type what its value is
 * @param values the allowed names of an {@link Type#ENUM}; empty for other types
 * @param defaultValue the value used when the key is absent, as YAML would write it; null for none
 * @param required whether the section must have the key
 * @param description what the key does, one sentence
 * @param keys the table of a {@link Type#SECTION}'s keys; empty for other types
 */
public record SpecKey(
    String name, Type type, List<String> values, String defaultValue, boolean required, String description,
    List<SpecKey> keys) {

  /** What a key's value is. Every scalar may also be written as a {@code ${VAR}} reference. */
  public enum Type {
    /** A single value, read as text. */
    STRING,
    /** A whole number. */
    INTEGER,
    /** Any number. */
    NUMBER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** {@code 30s}, {@code 30m}, {@code 2h}, {@code 1d} or ISO-8601 such as {@code PT1H}. */
    DURATION,
    /** One of {@link SpecKey#values()}, case ignored. */
    ENUM,
    /** A nested mapping whose keys are {@link SpecKey#keys()}. */
    SECTION,
    /** A nested mapping whose keys depend on its type key ({@code source.type}, {@code state.store}). */
    PROVIDED,
    /** A mapping of any keys and values. */
    MAP,
    /** A list of values. */
    LIST,
    /** Any value but null: the {@code const:} of a mapped value. */
    CONSTANT,
    /** A mapped value: a column label, or {@code {const: value}}. */
    VALUE,
    /** An event's time: a {@link #VALUE}, or {@code {now: true}}. */
    TIME,
    /** A mapping of names (fields, groups) to {@link #VALUE}s. */
    VALUE_MAP,
    /**
     * A mapping of property names to a {@link #VALUE}, {@code {column: c, op: add}} or {@code {const:
     * v, op: add}}.
     */
    PROPERTY_MAP
  }

  /**
   * Creates a key.
   *
   * @throws NullPointerException if the name, type, values, description or keys are null
   * @throws IllegalArgumentException if an {@link Type#ENUM} has no values
   */
  public SpecKey {
    Arguments.required(name, "name", "pass the key's name as a spec writes it, e.g. \"url\"");
    Arguments.required(type, "type", "pass the key's SpecKey.Type, e.g. SpecKey.Type.STRING");
    values = List.copyOf(Arguments.required(values, "values", "pass an enum key's allowed values, or List.of() for other types"));
    Arguments.required(description, "description", "pass what the key does, as the schema and error messages show it");
    keys = List.copyOf(Arguments.required(keys, "keys", "pass a section's nested keys, or List.of() for other types"));
    if (type == Type.ENUM && values.isEmpty()) {
      throw new IllegalArgumentException("the enum key " + name + " needs its values");
    }
  }

  /**
   * Creates an optional key without default or nested keys.
   *
   * @param name the key
   * @param type its type (not {@link Type#ENUM} or {@link Type#SECTION}: see {@link #choice} and
   *     {@link #section})
   * @param description what it does
   * @return the key
   */
  public static SpecKey of(String name, Type type, String description) {
    return new SpecKey(name, type, List.of(), null, false, description, List.of());
  }

  /**
   * Creates an optional text key.
   *
   * @param name the key
   * @param description what it does
   * @return the key
   */
  public static SpecKey string(String name, String description) {
    return of(name, Type.STRING, description);
  }

  /**
   * Creates an optional whole-number key.
   *
   * @param name the key
   * @param description what it does
   * @return the key
   */
  public static SpecKey integer(String name, String description) {
    return of(name, Type.INTEGER, description);
  }

  /**
   * Creates an optional true/false key.
   *
   * @param name the key
   * @param description what it does
   * @return the key
   */
  public static SpecKey bool(String name, String description) {
    return of(name, Type.BOOLEAN, description);
  }

  /**
   * Creates an optional duration key.
   *
   * @param name the key
   * @param description what it does
   * @return the key
   */
  public static SpecKey duration(String name, String description) {
    return of(name, Type.DURATION, description);
  }

  /**
   * Creates an optional key naming one of several values.
   *
   * @param name the key
   * @param values the allowed names, in the order messages list them
   * @param description what it does
   * @return the key
   */
  public static SpecKey choice(String name, List<String> values, String description) {
    return new SpecKey(name, Type.ENUM, values, null, false, description, List.of());
  }

  /**
   * Creates an optional nested section.
   *
   * @param name the key
   * @param keys the section's key table
   * @param description what it holds
   * @return the key
   */
  public static SpecKey section(String name, List<SpecKey> keys, String description) {
    return new SpecKey(name, Type.SECTION, List.of(), null, false, description, keys);
  }

  /**
   * Returns this key, required.
   *
   * @return a new key
   */
  public SpecKey asRequired() {
    return new SpecKey(name, type, values, defaultValue, true, description, keys);
  }

  /**
   * Returns this key with a default.
   *
   * @param value the value used when the key is absent, as YAML would write it
   * @return a new key
   * @throws NullPointerException if {@code value} is null
   */
  public SpecKey withDefault(String value) {
    return new SpecKey(name, type, values,
        Arguments.required(value, "value", "pass the value used when the key is absent, as YAML would write it, e.g. \"1000\""),
        required, description, keys);
  }

  /**
   * Returns the names of a key table, in table order.
   *
   * @param table the keys
   * @return their names
   * @throws NullPointerException if {@code table} is null
   */
  public static List<String> names(List<SpecKey> table) {
    return Arguments.required(table, "table", "pass a key table, e.g. a provider's keys()").stream().map(SpecKey::name).toList();
  }
}
