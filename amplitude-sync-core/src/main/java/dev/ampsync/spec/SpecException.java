package dev.ampsync.spec;

/**
 * A sync spec is wrong. The message names the file, the line and the key path ({@code
 * mapping.properties.plan}) and says what to fix.
 */
public final class SpecException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String keyPath;
  private final int line;

  /**
   * Creates an exception.
   *
   * @param file the spec's name, for the message
   * @param line the 1-based line, or 0 when unknown
   * @param keyPath the key path, or an empty string for the whole spec
   * @param problem what is wrong and how to fix it
   */
  public SpecException(String file, int line, String keyPath, String problem) {
    super(file + (line > 0 ? " line " + line : "") + (keyPath.isEmpty() ? "" : ": " + keyPath) + ": " + problem);
    this.keyPath = keyPath;
    this.line = line;
  }

  /**
   * Returns the key path of the mistake, such as {@code destination.region}.
   *
   * @return the key path; empty for the whole spec
   */
  public String keyPath() {
    return keyPath;
  }

  /**
   * Returns the line of the mistake.
   *
   * @return the 1-based line, or 0 when unknown
   */
  public int line() {
    return line;
  }
}
