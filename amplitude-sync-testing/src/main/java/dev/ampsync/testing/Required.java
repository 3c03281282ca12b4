package dev.ampsync.testing;

/**
 * Checks the required arguments of the fake's public methods, with messages that say what the
 * argument is and where it usually comes from. The fake shares no code with amplitude-sync (it is
 * the library's independent oracle), so this is its own small copy of core's argument checks, with
 * the same message forms: {@code NAME is null: HINT} and {@code NAME is blank: HINT}.
 */
final class Required {
  private Required() {}

  /** Returns the value, or throws {@code NullPointerException: NAME is null: HINT}. */
  static <T> T value(T value, String name, String hint) {
    if (value == null) {
      throw new NullPointerException(name + " is null: " + hint);
    }
    return value;
  }

  /**
   * Returns the text, or throws {@code NullPointerException: NAME is null: HINT} or {@code
   * IllegalArgumentException: NAME is blank: HINT}.
   */
  static String text(String value, String name, String hint) {
    value(value, name, hint);
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " is blank" + (value.isEmpty() ? "" : " (only white space)") + ": " + hint);
    }
    return value;
  }
}
