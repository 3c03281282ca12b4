package dev.ampsync.internal.spec;

import dev.ampsync.spec.SpecException;
import java.util.ArrayList;
import java.util.Comparator;
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
 * key at fault exactly, and any other substituted value of at least {@value #MIN_REPLACED} characters
 * (shorter ones, such as {@code us}, would replace ordinary words).
 */
public final class SpecErrors {
  private final String file;
  /** The API key as written, so that no message ever quotes it, even from the wrong key. */
  private final String apiKey;
  /** Expanded text to its text as written, longest first, so a longer value is replaced whole. */
  private final List<Map.Entry<String, String>> written;
  private static final int MIN_REPLACED = 4;

  /**
   * Creates the errors of one file.
   *
   * @param file the spec's name, for messages
   * @param apiKey the spec's API key, removed from every message; null when it has none
   */
  public SpecErrors(String file, String apiKey) {
    this(file, apiKey, List.of());
  }

  private SpecErrors(String file, String apiKey, List<Map.Entry<String, String>> written) {
    this.file = file;
    this.apiKey = apiKey;
    this.written = written;
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
    String apiKey = null;
    if (root.entries().get("destination") instanceof SpecNode.MapNode destination
        && destination.entries().get("api_key") instanceof SpecNode.Scalar scalar
        && scalar.value() != null) {
      apiKey = String.valueOf(scalar.value());
    }
    List<Map.Entry<String, String>> written = new ArrayList<>();
    collectWritten(root, written);
    written.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
    return new SpecErrors(file, apiKey, List.copyOf(written));
  }

  /** Each substituted scalar (whole) and each variable's value, to what the spec wrote for it. */
  private static void collectWritten(SpecNode node, List<Map.Entry<String, String>> written) {
    if (node instanceof SpecNode.Scalar scalar && scalar.fromEnvironment()) {
      if (scalar.value() != null && String.valueOf(scalar.value()).length() >= MIN_REPLACED) {
        written.add(Map.entry(String.valueOf(scalar.value()), scalar.asWritten()));
      }
      scalar.variables().forEach((name, value) -> {
        if (value.length() >= MIN_REPLACED) {
          written.add(Map.entry(value, "${" + name + "}"));
        }
      });
    } else if (node instanceof SpecNode.ListNode list) {
      list.elements().forEach(element -> collectWritten(element, written));
    } else if (node instanceof SpecNode.MapNode map) {
      map.entries().values().forEach(value -> collectWritten(value, written));
    }
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
    if (apiKey != null && apiKey.length() >= MIN_REPLACED) {
      clean = clean.replace(apiKey, "<redacted>");
    }
    clean = replace(clean, written);
    return new SpecException(file, line, path, clean);
  }

  /**
   * Replaces each text by its replacement in one pass, the first of the list winning where several
   * match at one place, so no replacement is replaced again.
   */
  static String replace(String text, List<Map.Entry<String, String>> replacements) {
    if (replacements.isEmpty()) {
      return text;
    }
    StringBuilder alternatives = new StringBuilder();
    for (Map.Entry<String, String> entry : replacements) {
      alternatives.append(alternatives.length() == 0 ? "" : "|").append(java.util.regex.Pattern.quote(entry.getKey()));
    }
    java.util.regex.Matcher matcher = java.util.regex.Pattern.compile(alternatives.toString()).matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String found = matcher.group();
      String replacement = replacements.stream().filter(e -> e.getKey().equals(found)).findFirst().orElseThrow().getValue();
      matcher.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return out.toString();
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
