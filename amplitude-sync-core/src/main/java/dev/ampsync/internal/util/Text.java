package dev.ampsync.internal.util;

/** String checks shared by validation and encoding. */
public final class Text {
  private Text() {}

  /**
   * Tells whether a string holds a UTF-16 surrogate without its partner, which no UTF-8 encoder can
   * represent (and which Jackson's surrogate-combining writer would silently mangle).
   *
   * @param value the string
   * @return true when an unpaired surrogate is present
   */
  public static boolean hasUnpairedSurrogate(String value) {
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else {
        return true;
      }
    }
    return false;
  }

  /**
   * Shortens a string for messages.
   *
   * @param value the string
   * @return the string, or its first 37 characters and an ellipsis
   */
  public static String abbreviate(String value) {
    return value.length() <= 40 ? value : prefix(value, 37) + "...";
  }

  /**
   * Returns at most the first {@code length} characters, one fewer when the cut would split a
   * surrogate pair.
   *
   * @param value the string
   * @param length the most characters to keep
   * @return the prefix
   */
  public static String prefix(String value, int length) {
    if (value.length() <= length) {
      return value;
    }
    int end = Character.isHighSurrogate(value.charAt(length - 1)) ? length - 1 : length;
    return value.substring(0, end);
  }

  /**
   * Replaces each text by its replacement in one pass, the first of the list winning where several
   * match at one place (so list longer texts first), and no replacement is replaced again.
   *
   * @param text the text
   * @param replacements each text to find and what replaces it
   * @return the text with the replacements made
   */
  public static String replaceEach(String text, java.util.List<java.util.Map.Entry<String, String>> replacements) {
    if (replacements.isEmpty() || text.isEmpty()) {
      return text;
    }
    StringBuilder alternatives = new StringBuilder();
    java.util.Map<String, String> byText = new java.util.HashMap<>();
    for (java.util.Map.Entry<String, String> entry : replacements) {
      if (entry.getKey().isEmpty() || byText.putIfAbsent(entry.getKey(), entry.getValue()) != null) {
        continue;
      }
      alternatives.append(alternatives.length() == 0 ? "" : "|").append(java.util.regex.Pattern.quote(entry.getKey()));
    }
    if (alternatives.length() == 0) {
      return text;
    }
    java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(alternatives.toString()).matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(byText.get(matcher.group())));
    }
    matcher.appendTail(out);
    return out.toString();
  }
}
