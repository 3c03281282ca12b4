package dev.ampsync.internal.spec;

import dev.ampsync.spec.SpecException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes the {@link SpecException}s of one spec file: the file, the line and the key path, the problem
 * without a repeated key path, and never the API key the spec holds.
 *
 * <p>Messages quote the spec as written: a value that came from {@code ${VAR}} is shown as {@code
 * '${VAR}' (from the environment)}, never expanded, since a variable may hold a secret. Builders and
 * providers quote the expanded value they were given, so every message is cleaned: the value of the
 * key at fault exactly, and any other substituted value as {@link AsWritten} shows it.
 */
public final class SpecErrors {
  private final String file;
  /** Shows the spec as written in every message, and never the API key, even from the wrong key. */
  private final AsWritten asWritten;

  /**
   * Creates the errors of one file.
   *
   * @param file the spec's name, for messages
   * @param apiKey the spec's API key, removed from every message; null when it has none
   */
  public SpecErrors(String file, String apiKey) {
    this(file, AsWritten.redacting(apiKey));
  }

  private SpecErrors(String file, AsWritten asWritten) {
    this.file = file;
    this.asWritten = asWritten;
  }

  /** @return the spec's name, as messages give it */
  public String file() {
    return file;
  }

  /**
   * Creates the errors of a spec, redacting the {@code destination.api_key} it holds.
   *
   * @param file the spec's name, for messages
   * @param root the spec's root mapping
   * @return the errors
   */
  public static SpecErrors of(String file, SpecNode.MapNode root) {
    return new SpecErrors(file, AsWritten.of(root));
  }

  /**
   * Returns how messages about this spec show a text: each value from the environment as written,
   * the API key redacted.
   *
   * @return the spec's {@link AsWritten}
   */
  public AsWritten asWritten() {
    return asWritten;
  }

  /**
   * Returns a mistake at a node.
   *
   * @param node the node that is wrong; null when it is missing (no line)
   * @param path the key path, such as {@code destination.region}
   * @param problem what is wrong; a leading key path is dropped, the message names it already
   * @return the exception, to throw
   */
  public SpecException at(SpecNode node, String path, String problem) {
    String clean = String.valueOf(problem);
    if (node instanceof SpecNode.Scalar scalar && scalar.fromEnvironment() && scalar.value() != null) {
      // The key at fault, exactly, whatever its length: 'expanded' becomes '${VAR}' (from the environment).
      String value = String.valueOf(scalar.value());
      if (!value.isEmpty()) {
        clean = replace(clean, List.of(Map.entry("'" + value + "'", scalar.quoted()), Map.entry(value, scalar.asWritten())));
      }
    }
    return at(node == null ? 0 : node.line(), path, clean);
  }

  /**
   * Returns a mistake at a line.
   *
   * @param line the 1-based line, or 0 when unknown
   * @param path the key path, or an empty string for the whole spec
   * @param problem what is wrong; a leading key path is dropped, the message names it already
   * @return the exception, to throw
   */
  public SpecException at(int line, String path, String problem) {
    String clean = String.valueOf(problem);
    if (!path.isEmpty() && clean.startsWith(path + ": ")) {
      clean = clean.substring(path.length() + 2);
    } else if (!path.isEmpty() && clean.startsWith(path + " ")) {
      clean = clean.substring(path.length() + 1);
    }
    return new SpecException(file, line, path, asWritten.apply(clean));
  }

  /**
   * Replaces each text by its replacement in one pass, the first of the list winning where several
   * match at one place, so no replacement is replaced again.
   */
  static String replace(String text, List<Map.Entry<String, String>> replacements) {
    return dev.ampsync.internal.util.Text.replaceEach(text, replacements);
  }

  /**
   * Runs one step of binding a value, such as a builder's setter, and reports a value the step
   * refuses ({@link IllegalArgumentException}) or a combination it refuses ({@link
   * IllegalStateException}) as a mistake at the node, with the step's own message.
   *
   * @param node the node the value came from
   * @param path its key path
   * @param step the step
   * @param <T> what the step returns
   * @return what the step returned
   * @throws SpecException if the step refused the value
   */
  public <T> T check(SpecNode node, String path, Supplier<T> step) {
    try {
      return step.get();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw at(node, path, e.getMessage());
    }
  }
}
