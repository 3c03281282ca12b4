package dev.ampsync.internal.util;

/**
 * Checks the required arguments of the public builders and factories, with messages that say what
 * the argument is and where it usually comes from: a bare {@code NullPointerException: apiKey} tells
 * a caller nothing they can act on.
 */
public final class Arguments {
  private Arguments() {}

  /**
   * Returns the value, or throws when it is null.
   *
   * @param value the argument
   * @param name its name, as the method's Javadoc gives it
   * @param hint what to pass: what it is and where it usually comes from
   * @param <T> its type
   * @return the value
   * @throws NullPointerException saying {@code NAME is null: HINT}
   */
  public static <T> T required(T value, String name, String hint) {
    if (value == null) {
      throw new NullPointerException(name + " is null: " + hint);
    }
    return value;
  }

  /**
   * Returns the text, or throws when it is null or blank.
   *
   * @param value the argument
   * @param name its name
   * @param hint what to pass
   * @return the text
   * @throws NullPointerException saying {@code NAME is null: HINT}
   * @throws IllegalArgumentException saying {@code NAME is blank: HINT}
   */
  public static String requiredText(String value, String name, String hint) {
    required(value, name, hint);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank" + (value.isEmpty() ? "" : " (only white space)") + ": " + hint);
    }
    return value;
  }
}
