package dev.ampsync.record;

import dev.ampsync.internal.util.Arguments;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An Amplitude group (account), keyed by group type and group value: group properties written
 * through the Group Identify API, and optionally one user to add to the group.
 *
 * <pre>{@code
 * GroupRecord account = GroupRecord.builder("company", "acme-corp")
 *     .groupProperties(PropertyOperations.builder()
 *         .set("name", "Acme Corp")
 *         .set("plan", "enterprise")
 *         .add("seats", 5)
 *         .build())
 *     .userId("user-1042")
 *     .build();
 * }</pre>
 *
 * <p>Group properties accept only the operations Amplitude documents for groups ({@link
 * PropertyOperation#isGroupOperation()}). A member user id is written as a user-level membership:
 * an identification of that user with {@code groups} and the group type as a user property.
 *
 * <p>Immutable and thread-safe.
 */
public final class GroupRecord implements AmplitudeRecord {
  private final String groupType;
  private final String groupValue;
  private final PropertyOperations groupProperties;
  private final String userId;
  /**
   * Set by {@link RecordValidator} when it found nothing wrong with this record, so the encoder need
   * not scan its text again; not part of the record's value (equality ignores it). A plain field: a
   * thread that does not see it set only scans again.
   */
  boolean validated;

  private GroupRecord(Builder builder) {
    this.groupType = builder.groupType;
    this.groupValue = builder.groupValue;
    this.groupProperties = builder.groupProperties;
    this.userId = builder.userId;
  }

  /**
   * Returns a builder for the group with the given type and value.
   *
   * @param groupType the group type, for example {@code "company"}
   * @param groupValue the group value, for example {@code "acme-corp"}
   * @return a new builder
   * @throws NullPointerException if an argument is null
   */
  public static Builder builder(String groupType, String groupValue) {
    return new Builder(
        Arguments.required(groupType, "groupType", "pass the Amplitude group type, e.g. \"company\""),
        Arguments.required(groupValue, "groupValue", "pass the group's id in your system, e.g. row.getString(\"company_id\")"));
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.GROUP;
  }

  /**
   * Returns the group type.
   *
   * @return the group type
   */
  public String groupType() {
    return groupType;
  }

  /**
   * Returns the group value.
   *
   * @return the group value
   */
  public String groupValue() {
    return groupValue;
  }

  /**
   * Returns the group property operations.
   *
   * @return the operations, possibly empty
   */
  public PropertyOperations groupProperties() {
    return groupProperties;
  }

  /**
   * Returns the user this record adds to the group.
   *
   * @return the member's user id, if any
   */
  @Override
  public Optional<String> userId() {
    return Optional.ofNullable(userId);
  }

  /**
   * Returns empty: group records carry no device id.
   *
   * @return empty
   */
  @Override
  public Optional<String> deviceId() {
    return Optional.empty();
  }

  /**
   * Returns an empty map: group identifications have no top-level fields.
   *
   * @return an empty map
   */
  @Override
  public Map<AmplitudeField, Object> fields() {
    return Map.of();
  }

  /**
   * Returns this group's own type and value.
   *
   * @return a one-entry map
   */
  @Override
  public Map<String, List<String>> groups() {
    return Map.of(groupType, List.of(groupValue));
  }

  /**
   * Returns a builder holding this record's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    return new Builder(groupType, groupValue).groupProperties(groupProperties).userId(userId);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GroupRecord that
        && groupType.equals(that.groupType)
        && groupValue.equals(that.groupValue)
        && groupProperties.equals(that.groupProperties)
        && Objects.equals(userId, that.userId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(groupType, groupValue, groupProperties, userId);
  }

  @Override
  public String toString() {
    return new RecordParts.Description("GroupRecord")
        .add("group_type", groupType)
        .add("group_value", groupValue)
        .add("group_properties", groupProperties)
        .add("user_id", userId)
        .toString();
  }

  /** Builds {@link GroupRecord}s. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final String groupType;
    private final String groupValue;
    private PropertyOperations groupProperties = PropertyOperations.empty();
    private String userId;

    private Builder(String groupType, String groupValue) {
      this.groupType = groupType;
      this.groupValue = groupValue;
    }

    /**
     * Sets the group property operations.
     *
     * @param groupProperties the operations
     * @return this builder
     * @throws NullPointerException if {@code groupProperties} is null
     * @throws IllegalArgumentException if an operation is not one Amplitude documents for groups, such
     *     as {@code $preInsert} or {@code $clearAll}
     */
    public Builder groupProperties(PropertyOperations groupProperties) {
      Arguments.required(groupProperties, "groupProperties",
          "pass the group property operations, e.g. PropertyOperations.setAll(Map.of(\"plan\", \"enterprise\"))");
      for (PropertyOperation op : groupProperties.operations()) {
        if (!op.isGroupOperation()) {
          throw new IllegalArgumentException(
              op.wireName()
                  + " is not a group property operation; groups take $set, $setOnce, $add,"
                  + " $append, $prepend and $unset");
        }
      }
      this.groupProperties = groupProperties;
      return this;
    }

    /**
     * Sets a user to add to this group (a user-level membership, which Amplitude never removes).
     *
     * @param userId the member's user id, or null
     * @return this builder
     */
    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    /**
     * Builds the record.
     *
     * @return an immutable record
     */
    public GroupRecord build() {
      return new GroupRecord(this);
    }
  }
}
