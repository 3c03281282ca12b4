package dev.ampsync;

/**
 * What happens to a user, device or group that an earlier run acknowledged and that is no longer in
 * the source ({@code options.on_removed}). Needs a state store and a declarative mapping.
 */
public enum OnRemoved {
  /** Leave it in Amplitude as it is. The default. */
  IGNORE,
  /** {@code $unset} the properties the mapping maps, then forget the key. */
  UNSET
}
