package dev.ampsync.internal.wire;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.ampsync.record.AmplitudeField;

/**
 * The key names every record repeats, quoted and UTF-8 encoded once: Jackson copies a {@link
 * SerializedString}'s bytes instead of escaping the name character by character for each record.
 */
final class WireNames {
  static final SerializableString USER_ID = new SerializedString("user_id");
  static final SerializableString DEVICE_ID = new SerializedString("device_id");
  static final SerializableString EVENT_TYPE = new SerializedString("event_type");
  static final SerializableString EVENT_PROPERTIES = new SerializedString("event_properties");
  static final SerializableString USER_PROPERTIES = new SerializedString("user_properties");
  static final SerializableString GROUP_PROPERTIES = new SerializedString("group_properties");
  static final SerializableString GROUP_TYPE = new SerializedString("group_type");
  static final SerializableString GROUP_VALUE = new SerializedString("group_value");
  static final SerializableString GROUPS = new SerializedString("groups");

  private static final SerializableString[] FIELDS = new SerializableString[AmplitudeField.values().length];

  static {
    for (AmplitudeField field : AmplitudeField.values()) {
      FIELDS[field.ordinal()] = new SerializedString(field.wireName());
    }
  }

  private WireNames() {}

  /** Returns a field's wire name, encoded once. */
  static SerializableString of(AmplitudeField field) {
    return FIELDS[field.ordinal()];
  }
}
