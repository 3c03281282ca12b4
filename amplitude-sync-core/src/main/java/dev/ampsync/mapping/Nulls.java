package dev.ampsync.mapping;

import dev.ampsync.internal.util.SpecNames;
import java.util.List;

/** What a NULL property value does ({@code options.nulls}). */
public enum Nulls {
  /** Leave the property out: Amplitude keeps its current value. The default. */
  SKIP("skip"),
  /**
   * Remove the property in Amplitude ({@code $unset}). Applies to user, device and group properties
   * and to an event's user properties; a NULL event property is left out.
   */
  UNSET("unset");

  private static final SpecNames<Nulls> NAMES = SpecNames.of("a null policy", List.of(values()), Nulls::specName);

  private final String specName;

  Nulls(String specName) {
    this.specName = specName;
  }

  /**
   * Returns the name in YAML specs ({@code options.nulls}), for example {@code "unset"}.
   *
   * @return the spec name
   */
  public String specName() {
    return specName;
  }

  /**
   * Returns the policy with the given spec name, ignoring case and surrounding blanks.
   *
   * @param name {@code skip} or {@code unset}
   * @return the policy
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if no policy has that name; the message lists the valid ones
   */
  public static Nulls fromSpecName(String name) {
    return NAMES.find(name);
  }
}
