package dev.ampsync.record;

import dev.ampsync.internal.util.SpecNames;
import java.util.List;

/**
 * An Amplitude user or group property operation, such as {@code $set} or {@code $add}.
 *
 * <p>User properties accept all ten operations. Group properties accept only the subset Amplitude
 * documents for Group Identify ({@link #isGroupOperation()}): {@code $set}, {@code $setOnce},
 * {@code $add}, {@code $append}, {@code $prepend} and {@code $unset}.
 */
public enum PropertyOperation {
  /** Overwrites the value. */
  SET("$set", "set", true),
  /** Sets the value only if the property never had one. */
  SET_ONCE("$setOnce", "set_once", true),
  /** Adds a number to the value; an unset property starts at 0. */
  ADD("$add", "add", true),
  /** Appends one value or a list of values to an array property. */
  APPEND("$append", "append", true),
  /** Prepends one value or a list of values to an array property. */
  PREPEND("$prepend", "prepend", true),
  /** Adds values to the front of an array property, only those not already present. */
  PRE_INSERT("$preInsert", "pre_insert", false),
  /** Adds values to the end of an array property, only those not already present. */
  POST_INSERT("$postInsert", "post_insert", false),
  /** Removes every occurrence of the given values from an array property. */
  REMOVE("$remove", "remove", false),
  /** Deletes the property. */
  UNSET("$unset", "unset", true),
  /** Deletes every user property of the user. Exclusive: it cannot be combined with other operations. */
  CLEAR_ALL("$clearAll", "clear_all", false);

  private static final SpecNames<PropertyOperation> NAMES = names();

  private final String wireName;
  private final String specName;
  private final boolean groupOperation;

  PropertyOperation(String wireName, String specName, boolean groupOperation) {
    this.wireName = wireName;
    this.specName = specName;
    this.groupOperation = groupOperation;
  }

  /**
   * Returns Amplitude's key for this operation, for example {@code "$setOnce"}.
   *
   * @return the wire name
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the name of this operation in YAML specs, for example {@code "set_once"}.
   *
   * @return the spec name
   */
  public String specName() {
    return specName;
  }

  /**
   * Tells whether Amplitude documents this operation for group properties.
   *
   * @return true for {@code $set}, {@code $setOnce}, {@code $add}, {@code $append}, {@code $prepend}
   *     and {@code $unset}
   */
  public boolean isGroupOperation() {
    return groupOperation;
  }

  /**
   * Returns the operation with the given spec name ({@code "set_once"}) or wire name
   * ({@code "$setOnce"}), ignoring case.
   *
   * @param name the name to look up
   * @return the operation
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if no operation has that name; the message lists the valid ones
   */
  public static PropertyOperation fromName(String name) {
    return NAMES.find(name);
  }

  /** The spec names, listed in messages, and the wire names, accepted as well. */
  private static SpecNames<PropertyOperation> names() {
    SpecNames<PropertyOperation> names =
        SpecNames.of("a property operation", List.of(values()), PropertyOperation::specName);
    for (PropertyOperation op : values()) {
      names = names.withAlias(op.wireName, op);
    }
    return names;
  }
}
