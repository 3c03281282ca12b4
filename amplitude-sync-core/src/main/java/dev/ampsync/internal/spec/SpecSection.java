package dev.ampsync.internal.spec;

import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.SpecKey;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One mapping of a spec and its key path ({@code destination}, {@code options.watermark}): typed reads
 * of its keys, each mistake reported at the key's line with the key's full path.
 *
 * <p>Reads return null for a key that is absent; {@code required...} reads refuse it.
 */
public final class SpecSection {
  private final SpecNode.MapNode node;
  private final String path;
  private final SpecErrors errors;
  /** The key table given to {@link #declare}, against which typed reads are checked; null before. */
  private List<SpecKey> table;

  /**
   * Creates a section.
   *
   * @param node the mapping
   * @param path its key path; empty for the spec's root
   * @param errors the spec's errors
   */
  public SpecSection(SpecNode.MapNode node, String path, SpecErrors errors) {
    this.node = node;
    this.path = path;
    this.errors = errors;
  }

  /**
   * Returns the key path of this section.
   *
   * @return the path; empty for the root
   */
  public String path() {
    return path;
  }

  /**
   * Returns the key path of one of this section's keys.
   *
   * @param key the key
   * @return {@code path.key}, or {@code key} at the root
   */
  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /**
   * Returns the line of a key, or of the section when the key is absent.
   *
   * @param key the key
   * @return the 1-based line
   */
  public int lineOf(String key) {
    return node.lineOf(key);
  }

  /**
   * Returns where a key was written, as messages found after binding name it (an error of the query
   * {@code source.query} holds, a column {@code mapping.properties.plan} names).
   *
   * @param key the key
   * @return such as {@code users.yaml line 9 (source.query)}
   */
  public String placeOf(String key) {
    return errors.file() + " line " + lineOf(key) + " (" + pathOf(key) + ")";
  }

  /**
   * Returns the mapping.
   *
   * @return the node
   */
  public SpecNode.MapNode node() {
    return node;
  }

  /**
   * Returns the spec's errors, for mistakes a reader of this section finds itself.
   *
   * @return the errors
   */
  public SpecErrors errors() {
    return errors;
  }

  /**
   * Returns the node under a key.
   *
   * @param key the key
   * @return the node, or null when absent
   */
  public SpecNode get(String key) {
    return node.entries().get(key);
  }

  /**
   * Returns the keys and their nodes, in file order.
   *
   * @return the entries
   */
  public Map<String, SpecNode> entries() {
    return node.entries();
  }

  /**
   * Refuses a key that is not allowed here, suggesting the allowed key it was probably meant to be.
   *
   * @param allowed the keys allowed in this section
   * @throws SpecException at the first key that is not allowed
   */
  public void allowOnly(Collection<String> allowed) {
    for (String key : node.entries().keySet()) {
      if (!allowed.contains(key)) {
        String suggestion = DidYouMean.closest(key, allowed);
        throw errors.at(node.lineOf(key), pathOf(key),
            "is not a key here" + (suggestion == null ? "." : "; did you mean " + suggestion + "?")
                + " Keys are: " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  /**
   * Refuses a key that is not in the section's key table (as {@link #allowOnly} does) and remembers
   * the table: from then on a typed read of a key the table does not declare with that type is a
   * programming mistake ({@link IllegalStateException}), so the binder cannot drift from the table
   * the JSON Schema is generated from.
   *
   * @param keys the section's key table
   * @throws SpecException at the first key that is not in the table
   */
  public void declare(List<SpecKey> keys) {
    allowOnly(SpecKey.names(keys));
    this.table = keys;
  }

  /** Checks that the key table, when declared, gives the key one of the types a read expects. */
  private void expect(String key, SpecKey.Type... types) {
    if (table == null) {
      return;
    }
    SpecKey declared = table.stream().filter(k -> k.name().equals(key)).findFirst()
        .orElseThrow(() -> new IllegalStateException(pathOf(key) + " is read but not in its key table"));
    if (!List.of(types).contains(declared.type())) {
      throw new IllegalStateException(pathOf(key) + " is read as " + List.of(types) + " but its key table says "
          + declared.type());
    }
  }

  /**
   * Returns a mistake at a key.
   *
   * @param key the key
   * @param problem what is wrong
   * @return the exception, to throw
   */
  public SpecException error(String key, String problem) {
    return errors.at(get(key), pathOf(key), problem);
  }

  /**
   * Returns a mistake in the section as a whole.
   *
   * @param problem what is wrong
   * @return the exception, to throw
   */
  public SpecException error(String problem) {
    return errors.at(node, path, problem);
  }

  /**
   * Runs one step of binding a key's value (a builder's setter) and reports a value the step refuses
   * as a mistake at the key, with the step's message; see {@link SpecErrors#check}.
   *
   * @param key the key
   * @param step the step
   * @param <T> what the step returns
   * @return what the step returned
   * @throws SpecException if the step refused the value
   */
  public <T> T check(String key, Supplier<T> step) {
    return errors.check(get(key), pathOf(key), step);
  }

  /**
   * Passes a key's value, when the spec gives one, to a builder's setter, which checks it: a value the
   * setter refuses becomes a mistake at the key with the setter's message. The spec restates no limit
   * of its own, so whatever the setter accepts, the spec accepts.
   *
   * @param key the key
   * @param value the value read from the key, or null when absent (nothing is set)
   * @param setter the setter, such as {@code builder::maxRequestsInFlight}
   * @param <T> the value's type
   * @throws SpecException if the setter refused the value
   */
  public <T> void set(String key, T value, Function<? super T, ?> setter) {
    if (value != null) {
      check(key, () -> setter.apply(value));
    }
  }

  /**
   * Returns a nested section that must be there ({@code destination:} of the root).
   *
   * @param key the key
   * @return the section
   * @throws SpecException if it is missing or not a mapping
   */
  public SpecSection requiredSection(String key) {
    SpecNode value = get(key);
    if (value == null) {
      throw errors.at(node, pathOf(key), "is missing; a spec needs " + key + ":");
    }
    return sectionOf(key, value);
  }

  /**
   * Returns a nested section, or null when it is absent or empty ({@code options:} with nothing).
   *
   * @param key the key
   * @return the section, or null
   * @throws SpecException if it is not a mapping
   */
  public SpecSection optionalSection(String key) {
    SpecNode value = get(key);
    if (value == null || value instanceof SpecNode.Scalar scalar && scalar.value() == null) {
      return null;
    }
    return sectionOf(key, value);
  }

  private SpecSection sectionOf(String key, SpecNode value) {
    if (!(value instanceof SpecNode.MapNode map)) {
      throw errors.at(value, pathOf(key), "must be a mapping of keys");
    }
    return new SpecSection(map, pathOf(key), errors);
  }

  /**
   * Reads a single value as text.
   *
   * @param key the key
   * @return the text, or null when absent or null
   * @throws SpecException if the value is a mapping or a list
   */
  public String text(String key) {
    expect(key, SpecKey.Type.STRING, SpecKey.Type.ENUM, SpecKey.Type.DURATION);
    return text(key, false);
  }

  /**
   * Reads a single value as text that must be there.
   *
   * @param key the key
   * @return the text
   * @throws SpecException if it is absent, null, a mapping or a list
   */
  public String requiredText(String key) {
    expect(key, SpecKey.Type.STRING, SpecKey.Type.ENUM);
    return text(key, true);
  }

  private String text(String key, boolean required) {
    SpecNode value = get(key);
    if (value == null || value instanceof SpecNode.Scalar scalar && scalar.value() == null) {
      if (required) {
        throw errors.at(value != null ? value : node, pathOf(key), "is missing");
      }
      return null;
    }
    if (!(value instanceof SpecNode.Scalar scalar)) {
      throw errors.at(value, pathOf(key), "must be a single value");
    }
    return String.valueOf(scalar.value());
  }

  /**
   * Reads a whole number.
   *
   * @param key the key
   * @return the number, or null when absent
   * @throws SpecException if the value is not a whole number
   */
  public Long number(String key) {
    expect(key, SpecKey.Type.INTEGER);
    SpecNode value = get(key);
    if (value == null) {
      return null;
    }
    Object plain = SpecNode.plain(value);
    try {
      return plain instanceof Number number ? number.longValue() : Long.parseLong(String.valueOf(plain).trim());
    } catch (NumberFormatException e) {
      throw errors.at(value, pathOf(key), "must be a whole number, was '" + plain + "'");
    }
  }

  /**
   * Reads a whole number that fits a Java {@code int}, for setters that take one. This is the range
   * of the type, not a limit of the setting: the setter checks the value itself.
   *
   * @param key the key
   * @return the number, or null when absent
   * @throws SpecException if the value is not a whole number or does not fit an {@code int}
   */
  public Integer intNumber(String key) {
    Long value = number(key);
    if (value == null) {
      return null;
    }
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw error(key, "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", was " + value);
    }
    return value.intValue();
  }

  /**
   * Reads true or false.
   *
   * @param key the key
   * @return the value, or null when absent
   * @throws SpecException if the value is neither
   */
  public Boolean bool(String key) {
    expect(key, SpecKey.Type.BOOLEAN);
    SpecNode value = get(key);
    if (value == null) {
      return null;
    }
    Object plain = SpecNode.plain(value);
    if (plain instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(plain).trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw errors.at(value, pathOf(key), "must be true or false, was '" + plain + "'");
  }

  /**
   * Reads a duration: {@code 30s}, {@code 30m}, {@code 2h}, {@code 1d} or ISO-8601 ({@code PT1H}).
   *
   * @param key the key
   * @return the duration, or null when absent
   * @throws SpecException if the value is not a duration
   */
  public Duration duration(String key) {
    expect(key, SpecKey.Type.DURATION);
    String text = text(key);
    if (text == null) {
      return null;
    }
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (trimmed.matches("\\d+[smhd]")) {
        long amount = Long.parseLong(trimmed.substring(0, trimmed.length() - 1));
        return switch (trimmed.charAt(trimmed.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      throw error(key, "'" + text + "' is not a duration; write 30m, 2h, 1d or ISO-8601 such as PT1H");
    }
  }

  /**
   * Reads one of an enum's spec names through the enum's {@code fromSpecName}, whose message (which
   * lists the valid names) becomes the mistake's.
   *
   * @param key the key
   * @param fromSpecName the enum's lookup, such as {@code Region::fromSpecName}
   * @param <E> the enum
   * @return the constant, or null when absent
   * @throws SpecException if the name is not one of the enum's
   */
  public <E> E choice(String key, Function<String, E> fromSpecName) {
    expect(key, SpecKey.Type.ENUM);
    String name = text(key);
    return name == null ? null : check(key, () -> fromSpecName.apply(name));
  }

  /**
   * Returns the section's values in their plain Java form, for a provider's settings.
   *
   * @param except keys left out
   * @return the keys and values, in file order
   */
  public Map<String, Object> plainValues(Set<String> except) {
    Map<String, Object> values = new LinkedHashMap<>();
    node.entries().forEach((key, value) -> {
      if (!except.contains(key)) {
        values.put(key, SpecNode.plain(value));
      }
    });
    return values;
  }
}
