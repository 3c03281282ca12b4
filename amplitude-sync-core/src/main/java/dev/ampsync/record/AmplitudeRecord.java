package dev.ampsync.record;

import dev.ampsync.internal.util.Arguments;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One object to write to Amplitude: a {@link UserRecord}, {@link DeviceRecord}, {@link GroupRecord}
 * or {@link EventRecord}.
 *
 * <p>Records are immutable values with value equality. Their {@code toString} shows every field
 * that is set; records never hold the API key.
 */
public sealed interface AmplitudeRecord permits UserRecord, DeviceRecord, GroupRecord, EventRecord {

  /**
   * Returns which kind of Amplitude object this record writes.
   *
   * @return the object type
   */
  ObjectType objectType();

  /**
   * Returns the user id this record is about: the user of a user record, the owner of a device, the
   * actor of an event, or the member a group record adds to its group.
   *
   * @return the user id, if any
   */
  Optional<String> userId();

  /**
   * Returns the device id this record is about.
   *
   * @return the device id, if any
   */
  Optional<String> deviceId();

  /**
   * Returns the top-level fields that are set, in Amplitude's order.
   *
   * @return an unmodifiable map; empty for group records
   */
  Map<AmplitudeField, Object> fields();

  /**
   * Returns the value of one top-level field.
   *
   * @param field the field
   * @return the value, if set
   * @throws NullPointerException if {@code field} is null
   */
  default Optional<Object> field(AmplitudeField field) {
    return Optional.ofNullable(fields().get(Arguments.required(field, "field", "pass the field to read, e.g. AmplitudeField.COUNTRY")));
  }

  /**
   * Returns group memberships, group type to group values.
   *
   * @return an unmodifiable map; for a group record, its own type and value
   */
  Map<String, List<String>> groups();
}
