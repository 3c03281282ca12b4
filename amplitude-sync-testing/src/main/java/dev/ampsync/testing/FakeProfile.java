package dev.ampsync.testing;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable snapshot of one user, device or group profile in {@link FakeAmplitude}.
 *
 * <p>Property and field values are plain Java values, never Jackson nodes: {@link String}, {@link
 * Boolean}, {@link java.math.BigDecimal} for every number (compare with {@code compareTo} or
 * AssertJ's {@code isEqualByComparingTo}, since {@code 2.0} and {@code 2} differ in {@code
 * equals}), {@link List} for arrays, {@link Map} for objects, and {@code null}. Collections are
 * unmodifiable and may contain {@code null}.
 */
public final class FakeProfile {
  private final Map<String, Object> properties;
  private final Map<String, List<String>> groups;
  private final Map<String, Object> fields;
  private final Set<String> deviceIds;
  private final Set<String> userIds;

  FakeProfile(
      Map<String, Object> properties,
      Map<String, List<String>> groups,
      Map<String, Object> fields,
      Set<String> deviceIds,
      Set<String> userIds) {
    this.properties = properties;
    this.groups = groups;
    this.fields = fields;
    this.deviceIds = deviceIds;
    this.userIds = userIds;
  }

  /**
   * Returns the current user properties (or group properties, for a group profile), after every
   * operation received so far; unset properties are absent.
   *
   * @return property name → value, in the order properties were first set
   */
  public Map<String, Object> properties() {
    return properties;
  }

  /**
   * Returns one property.
   *
   * @param name the property name
   * @return its value, or {@code null} when unset
   * @throws NullPointerException if {@code name} is null
   */
  public Object property(String name) {
    return properties.get(Required.value(name, "name", "pass the property's name, e.g. \"plan\", or read properties() for all"));
  }

  /**
   * Returns the user-level group membership set by identify {@code groups} (or by {@code $identify}
   * events): group type → group values. A later identify for the same type overwrites the values.
   * Always empty for a group profile.
   *
   * @return group type → values
   */
  public Map<String, List<String>> groups() {
    return groups;
  }

  /**
   * Returns the top-level identify fields ({@code platform}, {@code os_name}, {@code country},
   * {@code city}, {@code paying}, {@code start_version}, …) as last sent. Fields reset by the
   * "update as a set" rule are present with a {@code null} value. Always empty for a group profile.
   *
   * @return field name → value
   */
  public Map<String, Object> fields() {
    return fields;
  }

  /**
   * Returns, for a user profile, the device_ids seen together with this user_id (in identify calls,
   * {@code $identify} events, or events that updated user properties). Empty for others.
   *
   * @return device ids, in the order first seen
   */
  public Set<String> deviceIds() {
    return deviceIds;
  }

  /**
   * Returns, for a device profile, the user_ids this device was seen with. Empty for others.
   *
   * @return user ids, in the order first seen
   */
  public Set<String> userIds() {
    return userIds;
  }

  @Override
  public String toString() {
    return "FakeProfile{properties="
        + properties
        + ", groups="
        + groups
        + ", fields="
        + fields
        + ", deviceIds="
        + deviceIds
        + ", userIds="
        + userIds
        + "}";
  }
}
