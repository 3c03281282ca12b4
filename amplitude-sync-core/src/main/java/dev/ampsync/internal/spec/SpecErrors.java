package dev.ampsync.internal.spec;

import dev.ampsync.spec.SpecException;
import java.util.function.Supplier;

/**
 * Makes the {@link SpecException}s of one spec file: the file, the line and the key path, the problem
 * without a repeated key path, and never the API key the spec holds.
 */
public final class SpecErrors {
  private final String file;
  /** The API key as written, so that no message ever quotes it, even from the wrong key. */
  private final String apiKey;

  /**
   * Creates the errors of one file.
   *
   * @param file the spec's name, for messages
   * @param apiKey the spec's API key, removed from every message; null when it has none
   */
  public SpecErrors(String file, String apiKey) {
    this.file = file;
    this.apiKey = apiKey;
  }

  /**
   * Creates the errors of a spec, redacting the {@code destination.api_key} it holds.
   *
   * @param file the spec's name, for messages
   * @param root the spec's root mapping
   * @return the errors
   */
  public static SpecErrors of(String file, SpecNode.MapNode root) {
    String apiKey = null;
    if (root.entries().get("destination") instanceof SpecNode.MapNode destination
        && destination.entries().get("api_key") instanceof SpecNode.Scalar scalar
        && scalar.value() != null) {
      apiKey = String.valueOf(scalar.value());
    }
    return new SpecErrors(file, apiKey);
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
    return at(node == null ? 0 : node.line(), path, problem);
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
    if (apiKey != null && apiKey.length() >= 4) {
      clean = clean.replace(apiKey, "<redacted>");
    }
    return new SpecException(file, line, path, clean);
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
