package dev.ampsync.internal.util;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The names a YAML spec uses for the constants of one enum, and the one lookup behind every
 * {@code fromSpecName}: case and surrounding blanks are ignored, and an unknown name is refused with a
 * message that lists the valid ones, always in the same form ({@code 'asia' is not a region; use us
 * or eu}).
 *
 * <pre>{@code
 * private static final SpecNames<Region> NAMES = SpecNames.of("a region", List.of(values()), Region::specName);
 * public static Region fromSpecName(String name) { return NAMES.find(name); }
 * }</pre>
 *
 * <p>Immutable: {@link #withAlias} returns a new instance.
 *
 * @param <E> the enum
 */
public final class SpecNames<E> {
  private final String what;
  private final Map<String, E> byName;
  private final String valid;
  /** What {@link #find} says of a null name, built once. */
  private final String nullHint;

  private SpecNames(String what, Map<String, E> byName, String valid) {
    this.what = what;
    this.byName = byName;
    this.valid = valid;
    this.nullHint = "pass the spec's name of " + what + ", as a spec writes it: " + valid;
  }

  /**
   * Creates the names of an enum's constants.
   *
   * @param what what a constant is, with its article, for messages: {@code "a region"}
   * @param constants the constants, in the order messages list them
   * @param specName each constant's spec name
   * @param <E> the enum
   * @return the names
   * @throws IllegalStateException if two constants share a name
   */
  public static <E> SpecNames<E> of(String what, List<E> constants, Function<? super E, String> specName) {
    Map<String, E> byName = new HashMap<>();
    List<String> names = constants.stream().map(specName).toList();
    for (int i = 0; i < constants.size(); i++) {
      put(byName, names.get(i), constants.get(i));
    }
    return new SpecNames<>(what, byName, list(names));
  }

  /**
   * Returns the spec names of an enum's constants, for the key tables of a spec's sections (from
   * which the JSON Schema lists them). Aliases are accepted by {@link #find} but not listed.
   *
   * @param constants the constants, such as {@code Region.values()}
   * @param specName each constant's spec name
   * @param <E> the enum
   * @return the names, in the constants' order
   */
  public static <E> List<String> namesOf(E[] constants, Function<? super E, String> specName) {
    return List.of(constants).stream().map(specName).toList();
  }

  /**
   * Returns these names plus another accepted name that messages do not list.
   *
   * @param alias the other name, such as an older spelling
   * @param constant the constant it names
   * @return new names
   * @throws IllegalStateException if the alias names another constant already
   */
  public SpecNames<E> withAlias(String alias, E constant) {
    Map<String, E> more = new HashMap<>(byName);
    put(more, alias, constant);
    return new SpecNames<>(what, more, valid);
  }

  /**
   * Returns the constant with the given name (or alias), ignoring case and surrounding blanks.
   *
   * @param name the name as written
   * @return the constant
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if no constant has that name; the message lists the valid names
   */
  public E find(String name) {
    Arguments.required(name, "name", nullHint);
    E found = byName.get(name.trim().toLowerCase(Locale.ROOT));
    if (found == null) {
      throw new IllegalArgumentException("'" + name + "' is not " + what + "; use " + valid);
    }
    return found;
  }

  private static <E> void put(Map<String, E> byName, String name, E constant) {
    E previous = byName.putIfAbsent(name.toLowerCase(Locale.ROOT), constant);
    if (previous != null && previous != constant) {
      throw new IllegalStateException("'" + name + "' names both " + previous + " and " + constant);
    }
  }

  /** "a", "a or b", "one of a, b, c". */
  private static String list(List<String> names) {
    if (names.size() <= 2) {
      return String.join(" or ", names);
    }
    return "one of " + String.join(", ", names);
  }
}
