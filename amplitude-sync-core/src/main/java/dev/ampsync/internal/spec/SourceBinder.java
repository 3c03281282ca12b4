package dev.ampsync.internal.spec;

import dev.ampsync.source.Source;
import dev.ampsync.spec.SourceProvider;
import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.WrittenText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds {@code source:} to a {@link Source} through the {@link SourceProvider} of its {@code type},
 * found with {@link ServiceLoader}. The provider checks its own keys.
 */
public final class SourceBinder {
  /** How a provider's message names a key: {@code source.KEY}. */
  private static final Pattern NAMED_KEY = Pattern.compile("source\\.([a-z_]+)");

  private SourceBinder() {}

  /**
   * Creates the source, without connecting.
   *
   * @param source the {@code source:} section
   * @return the source
   * @throws SpecException if the type is missing or unknown, or the provider refuses a setting (at
   *     the line of the key its message names)
   */
  public static Source bind(SpecSection source) {
    String type = source.requiredText("type");
    SourceProvider provider = null;
    List<String> types = new ArrayList<>();
    for (SourceProvider candidate : ServiceLoader.load(SourceProvider.class)) {
      types.add(candidate.type());
      if (candidate.type().equalsIgnoreCase(type.trim())) {
        provider = candidate;
      }
    }
    if (provider == null) {
      throw source.error("type", "'" + type + "' is not a source type here; available: "
          + (types.isEmpty() ? "none (add amplitude-sync-jdbc for jdbc)" : String.join(", ", types)));
    }
    if (!provider.keys().isEmpty()) {
      // Checked here, not by the provider, so the mistake reads as every other unknown key does.
      Set<String> allowed = new java.util.HashSet<>();
      provider.keys().forEach(key -> allowed.add(key.name()));
      allowed.add("type");
      source.allowOnly(allowed);
    }
    Map<String, Object> settings = source.plainValues(Set.of("type"));
    try {
      return provider.create(settings,
          source::placeOf,
          key -> written(source.get(key), source.errors().file()));
    } catch (IllegalArgumentException e) {
      String key = namedKey(source, e.getMessage());
      throw key == null
          ? source.errors().at(source.node().line(), source.path(), e.getMessage())
          : source.errors().at(source.lineOf(key), source.pathOf(key), e.getMessage());
    }
  }

  /**
   * A text setting as it is used and as it was written; null for anything but a text. A text the
   * environment gave nothing to (only defaults, {@code ${TABLE:-users}} with no TABLE) is shown as
   * used: it holds nothing of the environment. A literal block ({@code query: |}) is placed in the
   * file line for line, so an error in its third line can name the spec's line.
   */
  static WrittenText written(SpecNode node, String file) {
    if (node instanceof SpecNode.Scalar scalar && scalar.value() instanceof String value) {
      WrittenText text = scalar.fromEnvironment() ? WrittenText.of(value, scalar.asWritten(), scalar.variables()) : WrittenText.of(value);
      return scalar.textLine() > 0 ? text.writtenAt(file, scalar.textLine()) : text;
    }
    return null;
  }

  /** Returns the key of the section a provider's message names, if the spec has it. */
  static String namedKey(SpecSection source, String message) {
    if (message == null) {
      return null;
    }
    Matcher named = NAMED_KEY.matcher(message);
    while (named.find()) {
      if (source.entries().containsKey(named.group(1))) {
        return named.group(1);
      }
    }
    return null;
  }
}
