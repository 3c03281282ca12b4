package dev.ampsync.mapping;

/** What a NULL property value does ({@code options.nulls}). */
public enum Nulls {
  /** Leave the property out: Amplitude keeps its current value. The default. */
  SKIP,
  /**
   * Remove the property in Amplitude ({@code $unset}). Applies to user, device and group properties
   * and to an event's user properties; a NULL event property is left out.
   */
  UNSET
}
