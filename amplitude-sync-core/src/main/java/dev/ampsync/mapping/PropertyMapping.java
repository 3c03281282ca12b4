package dev.ampsync.mapping;

import dev.ampsync.internal.util.Arguments;
import dev.ampsync.record.PropertyOperation;

/**
 * One mapped property: its name in Amplitude, where its value comes from, and the operation.
 *
 * @param name the property name in Amplitude
 * @param value where the value comes from
 * @param operation the operation, {@link PropertyOperation#SET} by default
 */
public record PropertyMapping(String name, Value value, PropertyOperation operation) {
  /**
   * Creates a property mapping.
   *
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the name is blank, or the operation is {@code $clearAll}
   *     (which takes no value)
   */
  public PropertyMapping {
    Arguments.requiredText(name, "name", "pass the Amplitude property's name, e.g. \"plan\"");
    Arguments.required(value, "value", "pass where the value comes from, e.g. Value.column(\"plan\") or Value.constant(\"pro\")");
    Arguments.required(operation, "operation", "pass the property operation, e.g. PropertyOperation.SET");
    if (operation == PropertyOperation.CLEAR_ALL) {
      throw new IllegalArgumentException("property '" + name + "': clear_all cannot be mapped to a value");
    }
  }
}
