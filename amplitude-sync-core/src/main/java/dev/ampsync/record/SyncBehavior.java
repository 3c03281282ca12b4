package dev.ampsync.record;

import dev.ampsync.internal.util.Arguments;
import dev.ampsync.internal.util.SpecNames;
import java.util.List;

/** How a sync writes its rows. Each object type supports exactly one behavior. */
public enum SyncBehavior {
  /** Users, devices and groups: create the profile, or update its properties. */
  UPDATE_OR_CREATE("update_or_create"),
  /** Events: send each event once; an event is never updated or sent again. */
  CREATE_ONLY("create_only");

  private static final SpecNames<SyncBehavior> NAMES =
      SpecNames.of("a behavior", List.of(values()), SyncBehavior::specName);

  private final String specName;

  SyncBehavior(String specName) {
    this.specName = specName;
  }

  /**
   * Returns the name in YAML specs, for example {@code "update_or_create"}.
   *
   * @return the spec name
   */
  public String specName() {
    return specName;
  }

  /**
   * Returns the behavior an object type supports.
   *
   * @param type the object type
   * @return {@link #CREATE_ONLY} for events, {@link #UPDATE_OR_CREATE} otherwise
   * @throws NullPointerException if {@code type} is null
   */
  public static SyncBehavior of(ObjectType type) {
    return Arguments.required(type, "type",
        "pass the sync's object type, e.g. ObjectType.USER") == ObjectType.EVENT ? CREATE_ONLY : UPDATE_OR_CREATE;
  }

  /**
   * Returns the behavior with the given spec name, ignoring case.
   *
   * @param name the spec name
   * @return the behavior
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if no behavior has that name; the message lists the valid ones
   */
  public static SyncBehavior fromSpecName(String name) {
    return NAMES.find(name);
  }
}
