package dev.ampsync.source;

import dev.ampsync.internal.util.Arguments;

/**
 * A value a source read but cannot represent as a Java value the mapping takes: PostgreSQL's
 * {@code numeric 'NaN'} or {@code 'Infinity'}, a date {@code 'infinity'}, a date a driver refuses to
 * convert. A source puts it in the row instead of failing the whole read, so that one bad value
 * stops only its own row, and only when the value is used:
 *
 * <ul>
 *   <li>if a mapping reads the column (an identifier, a field, a property, {@code time}, the JSON
 *       column, {@code insert_id}, the watermark), the row becomes an <em>invalid</em> outcome whose
 *       reason names the column and this value's {@link #reason()};
 *   <li>if no mapping reads the column, nothing happens.
 * </ul>
 *
 * <p>Two markers are equal when their text and reason are equal, so a row holding one digests the
 * same way in every run. Custom sources may return markers too.
 */
public final class UnreadableValue {
  private final String text;
  private final String reason;

  private UnreadableValue(String text, String reason) {
    this.text = text;
    this.reason = reason;
  }

  /**
   * Creates a marker.
   *
   * @param text the value as the database spells it, such as {@code NaN} or {@code infinity}
   * @param reason why it cannot be used, naming its type and value, such as {@code "numeric NaN is
   *     not a number Amplitude can store"}
   * @return the marker
   * @throws NullPointerException if text or reason is null
   */
  public static UnreadableValue of(String text, String reason) {
    return new UnreadableValue(
        Arguments.required(text, "text", "pass the value as the database spells it, e.g. \"NaN\""),
        Arguments.required(reason, "reason", "pass why it cannot be used, naming its type and value, e.g. \"numeric NaN is not a number Amplitude can store\""));
  }

  /** Returns the value as the database spells it. */
  public String text() {
    return text;
  }

  /** Returns why the value cannot be used, naming its type and value. */
  public String reason() {
    return reason;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UnreadableValue that && text.equals(that.text) && reason.equals(that.reason);
  }

  @Override
  public int hashCode() {
    return 31 * text.hashCode() + reason.hashCode();
  }

  /** Returns the reason, which already names the value. */
  @Override
  public String toString() {
    return reason;
  }
}
