package dev.ampsync.internal.spec;

import dev.ampsync.internal.util.Text;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Shows any text as a spec wrote it: each value the spec took from the environment, wherever a
 * message quotes it, becomes its text as written, and the API key becomes {@code <redacted>}. Spec
 * errors ({@link SpecErrors}) and everything the command line prints about a run go through it.
 *
 * <p>What is replaced: each substituted scalar whole ({@code users-prod} becomes {@code
 * users-${ENV}}) and each variable's value ({@code ${PGPASSWORD}}), when at least {@value
 * #MIN_REPLACED} characters long (shorter ones, such as {@code us}, would replace ordinary words),
 * longest first. A value the spec also writes literally somewhere (a key, or the text as written of
 * any value: {@code postgres} from {@code user: ${PGUSER}} in a spec whose URL reads {@code
 * jdbc:postgresql://}) is not replaced: it is no secret of the environment, and replacing it would
 * misquote the spec's own text.
 */
public final class AsWritten {
  static final int MIN_REPLACED = 4;
  private static final AsWritten NOTHING = new AsWritten(null, List.of());

  /** The API key as the spec gives it, or null. */
  private final String apiKey;
  /** Expanded text to its text as written, longest first. */
  private final List<Map.Entry<String, String>> written;

  private AsWritten(String apiKey, List<Map.Entry<String, String>> written) {
    this.apiKey = apiKey;
    this.written = written;
  }

  /**
   * Returns a table that only redacts an API key.
   *
   * @param apiKey the API key, or null
   * @return the table
   */
  static AsWritten redacting(String apiKey) {
    return apiKey == null ? NOTHING : new AsWritten(apiKey, List.of());
  }

  /**
   * Reads a spec's substituted values.
   *
   * @param root the spec's root mapping
   * @return the table
   */
  static AsWritten of(SpecNode.MapNode root) {
    String apiKey = null;
    if (root.entries().get("destination") instanceof SpecNode.MapNode destination
        && destination.entries().get("api_key") instanceof SpecNode.Scalar scalar
        && scalar.value() != null) {
      apiKey = String.valueOf(scalar.value());
    }
    List<Map.Entry<String, String>> substituted = new ArrayList<>();
    List<String> literal = new ArrayList<>();
    collect(root, substituted, literal);
    List<Map.Entry<String, String>> written = new ArrayList<>();
    for (Map.Entry<String, String> entry : substituted) {
      if (literal.stream().noneMatch(text -> text.contains(entry.getKey()))) {
        written.add(entry);
      }
    }
    written.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
    return new AsWritten(apiKey, List.copyOf(written));
  }

  /** Each substituted scalar (whole) and variable's value, to its text as written; every text the spec writes. */
  private static void collect(SpecNode node, List<Map.Entry<String, String>> substituted, List<String> literal) {
    if (node instanceof SpecNode.Scalar scalar) {
      literal.add(scalar.asWritten());
      if (scalar.fromEnvironment() && scalar.value() != null) {
        String value = String.valueOf(scalar.value());
        if (value.length() >= MIN_REPLACED) {
          substituted.add(Map.entry(value, scalar.asWritten()));
        }
        scalar.variables().forEach((name, variable) -> {
          if (variable.length() >= MIN_REPLACED) {
            substituted.add(Map.entry(variable, "${" + name + "}"));
          }
        });
      }
    } else if (node instanceof SpecNode.ListNode list) {
      list.elements().forEach(element -> collect(element, substituted, literal));
    } else if (node instanceof SpecNode.MapNode map) {
      literal.addAll(map.entries().keySet());
      map.entries().values().forEach(value -> collect(value, substituted, literal));
    }
  }

  /**
   * Shows a text as the spec wrote it.
   *
   * @param text any text; null stays null
   * @return the text with each substituted value replaced by its text as written, the API key redacted
   */
  public String apply(String text) {
    if (text == null) {
      return null;
    }
    String clean = text;
    if (apiKey != null && apiKey.length() >= MIN_REPLACED) {
      clean = clean.replace(apiKey, "<redacted>");
    }
    return Text.replaceEach(clean, written);
  }
}
