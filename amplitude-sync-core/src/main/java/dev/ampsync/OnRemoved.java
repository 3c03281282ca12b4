package dev.ampsync;

import dev.ampsync.internal.util.SpecNames;
import java.util.List;

/**
 * What happens to a user, device or group that an earlier run acknowledged and that is no longer in
 * the source ({@code options.on_removed}). Needs a state store and a declarative mapping.
 */
public enum OnRemoved {
  /** Leave it in Amplitude as it is. The default. */
  IGNORE("ignore"),
  /** {@code $unset} the properties the mapping maps, then forget the key. */
  UNSET("unset");

  /** Messages name the action before the default, as they always have. */
  private static final SpecNames<OnRemoved> NAMES = SpecNames.of("a policy", List.of(UNSET, IGNORE), OnRemoved::specName);

  private final String specName;

  OnRemoved(String specName) {
    this.specName = specName;
  }

  /**
   * Returns the name in YAML specs ({@code options.on_removed}), for example {@code "unset"}.
   *
   * @return the spec name
   */
  public String specName() {
    return specName;
  }

  /**
   * Returns the policy with the given spec name, ignoring case and surrounding blanks.
   *
   * @param name {@code ignore} or {@code unset}
   * @return the policy
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if no policy has that name; the message lists the valid ones
   */
  public static OnRemoved fromSpecName(String name) {
    return NAMES.find(name);
  }
}
