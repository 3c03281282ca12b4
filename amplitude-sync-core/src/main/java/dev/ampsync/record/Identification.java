package dev.ampsync.record;

import dev.ampsync.internal.util.Arguments;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What users and devices share: both are Identify API identifications. Not API. */
abstract sealed class Identification permits UserRecord, DeviceRecord {
  final String userId;
  final String deviceId;
  final PropertyOperations userProperties;
  final Map<AmplitudeField, Object> fields;
  final Map<String, List<String>> groups;
  /**
   * Set by {@link RecordValidator} when it found nothing wrong with this record, so the encoder need
   * not scan its text again; not part of the record's value (equality ignores it). A plain field: a
   * thread that does not see it set only scans again.
   */
  boolean validated;

  Identification(Builder<?, ?> builder) {
    this.userId = builder.userId;
    this.deviceId = builder.deviceId;
    this.userProperties = builder.parts.properties;
    this.fields = builder.parts.fieldsCopy();
    this.groups = builder.parts.groupsCopy();
  }

  public Optional<String> userId() {
    return Optional.ofNullable(userId);
  }

  public Optional<String> deviceId() {
    return Optional.ofNullable(deviceId);
  }

  /**
   * Returns the user property operations.
   *
   * @return the operations, possibly empty
   */
  public PropertyOperations userProperties() {
    return userProperties;
  }

  public Map<AmplitudeField, Object> fields() {
    return fields;
  }

  public Map<String, List<String>> groups() {
    return groups;
  }

  <B extends Builder<?, B>> B fill(B builder) {
    builder.userId = userId;
    builder.deviceId = deviceId;
    builder.parts = new RecordParts(builder.parts.type, fields, groups, userProperties);
    return builder;
  }

  @Override
  public boolean equals(Object other) {
    return other != null
        && other.getClass() == getClass()
        && Objects.equals(userId, ((Identification) other).userId)
        && Objects.equals(deviceId, ((Identification) other).deviceId)
        && userProperties.equals(((Identification) other).userProperties)
        && fields.equals(((Identification) other).fields)
        && groups.equals(((Identification) other).groups);
  }

  @Override
  public int hashCode() {
    return Objects.hash(getClass(), userId, deviceId, userProperties, fields, groups);
  }

  @Override
  public String toString() {
    RecordParts.Description description = new RecordParts.Description(getClass().getSimpleName());
    if (this instanceof DeviceRecord) {
      description.add("device_id", deviceId).add("user_id", userId);
    } else {
      description.add("user_id", userId).add("device_id", deviceId);
    }
    return description
        .addFields(fields)
        .add("user_properties", userProperties)
        .add("groups", groups)
        .toString();
  }

  /**
   * Setters shared by the user and device builders.
   *
   * @param <R> the record type built
   * @param <B> the builder type
   */
  abstract static class Builder<R, B extends Builder<R, B>> implements SharedFieldsBuilder<B> {
    String userId;
    String deviceId;
    RecordParts parts;

    Builder(ObjectType type) {
      this.parts = new RecordParts(type);
    }

    abstract B self();

    /**
     * Sets the user property operations.
     *
     * @param userProperties the operations
     * @return this builder
     * @throws NullPointerException if {@code userProperties} is null
     */
    public B userProperties(PropertyOperations userProperties) {
      parts.properties = Arguments.required(userProperties, "userProperties", "pass the user property operations, e.g. PropertyOperations.setAll(Map.of(\"plan\", \"pro\")), or PropertyOperations.empty()");
      return self();
    }

    /**
     * Sets {@code paying}, the paying-customer flag (a string in Amplitude's API).
     *
     * @param paying the value, or null
     * @return this builder
     */
    public B paying(String paying) {
      return field(AmplitudeField.PAYING, paying);
    }

    /**
     * Sets {@code start_version}, the first app version the user had.
     *
     * @param startVersion the value, or null
     * @return this builder
     */
    public B startVersion(String startVersion) {
      return field(AmplitudeField.START_VERSION, startVersion);
    }

    @Override
    public B field(AmplitudeField field, Object value) {
      parts.field(field, value);
      return self();
    }

    @Override
    public B group(String groupType, Collection<String> groupValues) {
      parts.group(groupType, groupValues);
      return self();
    }

    @Override
    public B groups(Map<String, ? extends Collection<String>> groups) {
      parts.groups(groups);
      return self();
    }

    /**
     * Builds the record.
     *
     * @return an immutable record
     */
    public abstract R build();
  }
}
