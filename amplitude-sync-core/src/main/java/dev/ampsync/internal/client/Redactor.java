package dev.ampsync.internal.client;

/**
 * Removes the API key from any text that may reach a message, outcome or log (Amplitude echoes the
 * key in {@code Invalid API key: <key>}), and shortens it.
 */
public final class Redactor {
  static final String REDACTED = "<redacted>";
  private static final int MAX_LENGTH = 500;
  private final String apiKey;

  /** Creates a redactor for one key. */
  public Redactor(String apiKey) {
    this.apiKey = apiKey;
  }

  /** Returns the text without the API key, at most about 500 characters long. */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String clean = apiKey.isEmpty() ? text : text.replace(apiKey, REDACTED);
    return clean.length() <= MAX_LENGTH ? clean : clean.substring(0, MAX_LENGTH) + "...";
  }

  @Override
  public String toString() {
    return "Redactor{" + REDACTED + "}";
  }
}
