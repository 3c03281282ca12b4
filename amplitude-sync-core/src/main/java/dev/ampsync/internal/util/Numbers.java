package dev.ampsync.internal.util;

import java.math.BigDecimal;
import java.math.BigInteger;

/** Number handling shared by fields and property values. */
public final class Numbers {
  private Numbers() {}

  /**
   * Returns a number records can hold without sharing mutable state: the JDK's immutable numeric
   * types as they are, any other {@link Number} (an {@code AtomicLong}, a custom type) converted
   * exactly to a {@link BigDecimal} through its string form.
   *
   * @param number the number
   * @param path where the number sits, for messages
   * @return an immutable number
   * @throws IllegalArgumentException if a custom number's string form is not a decimal number
   */
  public static Number immutable(Number number, String path) {
    if (number instanceof Integer
        || number instanceof Long
        || number instanceof Double
        || number instanceof Float
        || number instanceof BigDecimal
        || number instanceof BigInteger
        || number instanceof Short
        || number instanceof Byte) {
      return number;
    }
    try {
      return new BigDecimal(number.toString());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          path + ": cannot read " + number.getClass().getName() + " '" + number + "' as a decimal number", e);
    }
  }
}
