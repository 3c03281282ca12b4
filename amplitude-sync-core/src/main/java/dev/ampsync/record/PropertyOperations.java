package dev.ampsync.record;

import dev.ampsync.internal.util.Arguments;
import dev.ampsync.internal.util.FrozenMap;
import dev.ampsync.internal.util.PropertyValues;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable set of property operations for one user or group: which properties to {@code $set},
 * {@code $add}, {@code $unset} and so on.
 *
 * <p>Each property appears under at most one operation; the builder refuses a second. {@code
 * $clearAll} takes no properties and excludes every other operation. Values may be null (SQL NULL),
 * strings, booleans, numbers, lists and maps; {@link java.util.UUID} and {@code java.time} values
 * become ISO-8601 strings.
 *
 * <pre>{@code
 * PropertyOperations ops = PropertyOperations.builder()
 *     .set("plan", "pro")
 *     .setOnce("first_seen", "2024-01-05T10:00:00Z")
 *     .add("logins", 3)
 *     .unset("trial_end")
 *     .build();
 * }</pre>
 */
public final class PropertyOperations {
  private static final String PROPERTY_HINT = "pass the user or group property's name, e.g. \"plan\"";
  private static final String OPERATION_HINT = "pass the property operation, e.g. PropertyOperation.SET";
  private static final PropertyOperations EMPTY = new PropertyOperations(new EnumMap<>(PropertyOperation.class));

  private final Map<PropertyOperation, Map<String, Object>> operations;
  private final int propertyCount;

  private PropertyOperations(EnumMap<PropertyOperation, Map<String, Object>> operations) {
    EnumMap<PropertyOperation, Map<String, Object>> copy = new EnumMap<>(PropertyOperation.class);
    int count = 0;
    for (Map.Entry<PropertyOperation, Map<String, Object>> entry : operations.entrySet()) {
      copy.put(entry.getKey(), FrozenMap.copyOf(entry.getValue()));
      count += entry.getValue().size();
    }
    this.operations = Collections.unmodifiableMap(copy);
    this.propertyCount = count;
  }

  /**
   * Returns the empty set of operations.
   *
   * @return an instance with no operations
   */
  public static PropertyOperations empty() {
    return EMPTY;
  }

  /**
   * Returns a new builder.
   *
   * @return an empty builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns operations that {@code $set} every entry of the map, in its iteration order.
   *
   * @param properties property names and values; values may be null
   * @return the operations
   * @throws NullPointerException if the map or one of its keys is null
   * @throws IllegalArgumentException if a value has a type Amplitude cannot take
   */
  public static PropertyOperations setAll(Map<String, ?> properties) {
    return builder().putAll(PropertyOperation.SET, properties).build();
  }

  /**
   * Returns the operations present, in Amplitude's documented order.
   *
   * @return the operations; {@link PropertyOperation#CLEAR_ALL} when {@link #clearsAll()}
   */
  public Set<PropertyOperation> operations() {
    return operations.keySet();
  }

  /**
   * Returns the properties under one operation.
   *
   * @param operation the operation
   * @return an unmodifiable map of property name to value, empty when the operation is absent. Values
   *     of {@code $unset} are null.
   * @throws NullPointerException if {@code operation} is null
   */
  public Map<String, Object> get(PropertyOperation operation) {
    Map<String, Object> properties = operations.get(Arguments.required(operation, "operation", OPERATION_HINT));
    return properties == null ? Map.of() : properties;
  }

  /**
   * Returns the operation applied to a property, if any.
   *
   * @param property the property name
   * @return the operation, or empty when the property is not touched
   * @throws NullPointerException if {@code property} is null
   */
  public Optional<PropertyOperation> operationOf(String property) {
    Arguments.required(property, "property", PROPERTY_HINT);
    for (Map.Entry<PropertyOperation, Map<String, Object>> entry : operations.entrySet()) {
      if (entry.getValue().containsKey(property)) {
        return Optional.of(entry.getKey());
      }
    }
    return Optional.empty();
  }

  /**
   * Tells whether this clears all of the user's properties ({@code $clearAll}).
   *
   * @return true when {@code $clearAll} is present
   */
  public boolean clearsAll() {
    return operations.containsKey(PropertyOperation.CLEAR_ALL);
  }

  /**
   * Tells whether there is nothing to do.
   *
   * @return true when no operation is present
   */
  public boolean isEmpty() {
    return operations.isEmpty();
  }

  /**
   * Returns how many properties the operations touch, over all operations.
   *
   * @return the property count
   */
  public int propertyCount() {
    return propertyCount;
  }

  /**
   * Returns a builder holding these operations.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    for (Map.Entry<PropertyOperation, Map<String, Object>> entry : operations.entrySet()) {
      builder.operations.put(entry.getKey(), new LinkedHashMap<>(entry.getValue()));
    }
    return builder;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PropertyOperations that && operations.equals(that.operations);
  }

  @Override
  public int hashCode() {
    return operations.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<PropertyOperation, Map<String, Object>> entry : operations.entrySet()) {
      if (out.length() > 1) {
        out.append(", ");
      }
      out.append(entry.getKey().wireName());
      if (entry.getKey() != PropertyOperation.CLEAR_ALL) {
        out.append('=').append(entry.getValue());
      }
    }
    return out.append('}').toString();
  }

  /**
   * Builds {@link PropertyOperations}. Not thread-safe; {@link #build()} copies, so a builder can be
   * reused without changing what it built.
   */
  public static final class Builder {
    private final EnumMap<PropertyOperation, Map<String, Object>> operations =
        new EnumMap<>(PropertyOperation.class);

    private Builder() {}

    /**
     * Sets a property ({@code $set}).
     *
     * @param property the property name
     * @param value the value; null sends a JSON null
     * @return this builder
     * @throws NullPointerException if {@code property} is null
     * @throws IllegalArgumentException if the value has a type Amplitude cannot take
     * @throws IllegalStateException if the property is already under another operation
     */
    public Builder set(String property, Object value) {
      return put(PropertyOperation.SET, property, value);
    }

    /**
     * Sets a property only if it never had a value ({@code $setOnce}).
     *
     * @param property the property name
     * @param value the value
     * @return this builder
     * @throws NullPointerException if {@code property} is null
     * @throws IllegalArgumentException if the value has a type Amplitude cannot take
     * @throws IllegalStateException if the property is already under another operation
     */
    public Builder setOnce(String property, Object value) {
      return put(PropertyOperation.SET_ONCE, property, value);
    }

    /**
     * Adds a number to a property ({@code $add}).
     *
     * @param property the property name
     * @param amount the amount, possibly negative
     * @return this builder
     * @throws NullPointerException if {@code property} or {@code amount} is null
     * @throws IllegalStateException if the property is already under another operation
     */
    public Builder add(String property, Number amount) {
      return put(PropertyOperation.ADD, property, Arguments.required(amount, "amount",
          "pass the number to add to the property, e.g. 1 (a negative one subtracts)"));
    }

    /**
     * Appends a value, or each element of a list, to an array property ({@code $append}).
     *
     * @param property the property name
     * @param value a value or a list of values
     * @return this builder
     * @throws NullPointerException if {@code property} is null
     * @throws IllegalArgumentException if the value has a type Amplitude cannot take
     * @throws IllegalStateException if the property is already under another operation
     */
    public Builder append(String property, Object value) {
      return put(PropertyOperation.APPEND, property, value);
    }

    /**
     * Prepends a value, or each element of a list, to an array property ({@code $prepend}).
     *
     * @param property the property name
     * @param value a value or a list of values
     * @return this builder
     * @throws NullPointerException if {@code property} is null
     * @throws IllegalArgumentException if the value has a type Amplitude cannot take
     * @throws IllegalStateException if the property is already under another operation
     */
    public Builder prepend(String property, Object value) {
      return put(PropertyOperation.PREPEND, property, value);
    }

    /**
     * Adds values missing from an array property at its front ({@code $preInsert}).
     *
     * @param property the property name
     * @param value a value or a list of values
     * @return this builder
     * @throws NullPointerException if {@code property} is null
     * @throws IllegalArgumentException if the value has a type Amplitude cannot take
     * @throws IllegalStateException if the property is already under another operation
     */
    public Builder preInsert(String property, Object value) {
      return put(PropertyOperation.PRE_INSERT, property, value);
    }

    /**
     * Adds values missing from an array property at its end ({@code $postInsert}).
     *
     * @param property the property name
     * @param value a value or a list of values
     * @return this builder
     * @throws NullPointerException if {@code property} is null
     * @throws IllegalArgumentException if the value has a type Amplitude cannot take
     * @throws IllegalStateException if the property is already under another operation
     */
    public Builder postInsert(String property, Object value) {
      return put(PropertyOperation.POST_INSERT, property, value);
    }

    /**
     * Removes every occurrence of the values from an array property ({@code $remove}).
     *
     * @param property the property name
     * @param value a value or a list of values
     * @return this builder
     * @throws NullPointerException if {@code property} is null
     * @throws IllegalArgumentException if the value has a type Amplitude cannot take
     * @throws IllegalStateException if the property is already under another operation
     */
    public Builder remove(String property, Object value) {
      return put(PropertyOperation.REMOVE, property, value);
    }

    /**
     * Deletes a property ({@code $unset}).
     *
     * @param property the property name
     * @return this builder
     * @throws NullPointerException if {@code property} is null
     * @throws IllegalStateException if the property is already under another operation
     */
    public Builder unset(String property) {
      return put(PropertyOperation.UNSET, property, null);
    }

    /**
     * Deletes every user property of the user ({@code $clearAll}). Irreversible in Amplitude.
     *
     * @return this builder
     * @throws IllegalStateException if another operation is already present
     */
    public Builder clearAll() {
      if (!operations.isEmpty() && !operations.containsKey(PropertyOperation.CLEAR_ALL)) {
        throw new IllegalStateException(
            "$clearAll cannot be combined with other operations; already present: " + wireNames());
      }
      operations.put(PropertyOperation.CLEAR_ALL, new LinkedHashMap<>());
      return this;
    }

    /**
     * Puts a property under an operation; a second call for the same property and operation replaces
     * the value.
     *
     * @param operation the operation; not {@link PropertyOperation#CLEAR_ALL}, see {@link #clearAll()}
     * @param property the property name
     * @param value the value, possibly null; ignored for {@code $unset}
     * @return this builder
     * @throws NullPointerException if {@code operation} or {@code property} is null
     * @throws IllegalArgumentException for {@code CLEAR_ALL}, or if the value has a type Amplitude
     *     cannot take
     * @throws IllegalStateException if the property is already under another operation, or {@code
     *     $clearAll} is present
     */
    public Builder put(PropertyOperation operation, String property, Object value) {
      Arguments.required(operation, "operation", OPERATION_HINT);
      Arguments.required(property, "property", PROPERTY_HINT);
      if (operation == PropertyOperation.CLEAR_ALL) {
        throw new IllegalArgumentException("$clearAll takes no property; call clearAll()");
      }
      if (operations.containsKey(PropertyOperation.CLEAR_ALL)) {
        throw new IllegalStateException(
            "$clearAll cannot be combined with other operations; cannot add "
                + operation.wireName()
                + " '"
                + property
                + "'");
      }
      for (Map.Entry<PropertyOperation, Map<String, Object>> entry : operations.entrySet()) {
        if (entry.getKey() != operation && entry.getValue().containsKey(property)) {
          throw new IllegalStateException(
              "property '"
                  + property
                  + "' is already under "
                  + entry.getKey().wireName()
                  + "; it cannot also be under "
                  + operation.wireName());
        }
      }
      Object copy =
          operation == PropertyOperation.UNSET
              ? null
              : PropertyValues.copyValue(value, operation.wireName() + "." + property);
      operations.computeIfAbsent(operation, op -> new LinkedHashMap<>()).put(property, copy);
      return this;
    }

    /**
     * Puts every entry of a map under one operation, in the map's iteration order.
     *
     * @param operation the operation
     * @param properties property names and values
     * @return this builder
     * @throws NullPointerException if an argument or a key is null
     * @throws IllegalArgumentException as {@link #put(PropertyOperation, String, Object)}
     * @throws IllegalStateException as {@link #put(PropertyOperation, String, Object)}
     */
    public Builder putAll(PropertyOperation operation, Map<String, ?> properties) {
      Arguments.required(operation, "operation", OPERATION_HINT);
      Arguments.required(properties, "properties", "pass property names to values, e.g. Map.of(\"plan\", \"pro\")");
      for (Map.Entry<String, ?> entry : properties.entrySet()) {
        put(operation, entry.getKey(), entry.getValue());
      }
      return this;
    }

    /**
     * Removes a property from whichever operation holds it.
     *
     * @param property the property name
     * @return this builder
     * @throws NullPointerException if {@code property} is null
     */
    public Builder forget(String property) {
      Arguments.required(property, "property", PROPERTY_HINT);
      operations.values().removeIf(properties -> {
        if (!properties.containsKey(property)) {
          return false;
        }
        properties.remove(property);
        return properties.isEmpty();
      });
      return this;
    }

    /**
     * Builds the operations.
     *
     * @return an immutable copy of this builder's state
     */
    public PropertyOperations build() {
      return operations.isEmpty() ? EMPTY : new PropertyOperations(operations);
    }

    private String wireNames() {
      StringBuilder names = new StringBuilder();
      for (PropertyOperation op : operations.keySet()) {
        names.append(names.length() == 0 ? "" : ", ").append(op.wireName());
      }
      return names.toString();
    }
  }
}
