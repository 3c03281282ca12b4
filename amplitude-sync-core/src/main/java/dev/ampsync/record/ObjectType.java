package dev.ampsync.record;

import dev.ampsync.internal.util.SpecNames;
import java.util.List;

/**
 * The four kinds of Amplitude object a sync can write.
 *
 * <p>Each object type has one spec name, used in YAML sync specs ({@code object: user}) and in
 * reports, and one set of {@linkplain SyncBehavior behaviors} it supports.
 */
public enum ObjectType {
  /** An Amplitude user, keyed by {@code user_id}, written through the Identify API. */
  USER("user"),
  /** An Amplitude device, keyed by {@code device_id}, written through the Identify API. */
  DEVICE("device"),
  /** An Amplitude group (account), keyed by group type and value, written through Group Identify. */
  GROUP("group"),
  /** An Amplitude event, written through the Batch API (default) or HTTP V2. */
  EVENT("event");

  private static final SpecNames<ObjectType> NAMES =
      SpecNames.of("an object type", List.of(values()), ObjectType::specName);

  private final String specName;

  ObjectType(String specName) {
    this.specName = specName;
  }

  /**
   * Returns the name of this object type in YAML specs and reports, for example {@code "user"}.
   *
   * @return the lower-case spec name
   */
  public String specName() {
    return specName;
  }

  /**
   * Returns the object type with the given spec name, ignoring case and surrounding blanks.
   *
   * @param name a spec name such as {@code "event"}
   * @return the object type
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if no object type has that name; the message lists the valid ones
   */
  public static ObjectType fromSpecName(String name) {
    return NAMES.find(name);
  }
}
