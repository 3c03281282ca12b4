package dev.ampsync.internal.state;

import dev.ampsync.record.AmplitudeField;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.DeviceRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.SharedFieldsBuilder;
import dev.ampsync.record.UserRecord;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a record with what Amplitude last acknowledged for its key and decides what to send.
 *
 * <ul>
 *   <li>Never acknowledged: the whole record.
 *   <li>Same fingerprint: nothing ({@link Decision#unchanged()}).
 *   <li>Users and devices: the ids, the changed properties, the changed groups, and the changed fields,
 *       except that device fields (platform, os, brand, manufacturer, model, carrier) and location
 *       fields (country, region, city, dma) go as complete sets when one of them changed, because
 *       Amplitude resets the rest of a set when one is sent.
 *   <li>Groups: the changed group properties (and the member user, when the record has one).
 *   <li>Events: never sent again once acknowledged; the state keeps the digest of the row.
 * </ul>
 */
public final class Planner {
  private static final Set<AmplitudeField> DEVICE_SET =
      EnumSet.of(AmplitudeField.PLATFORM, AmplitudeField.OS_NAME, AmplitudeField.OS_VERSION,
          AmplitudeField.DEVICE_BRAND, AmplitudeField.DEVICE_MANUFACTURER, AmplitudeField.DEVICE_MODEL,
          AmplitudeField.CARRIER);
  private static final Set<AmplitudeField> LOCATION_SET =
      EnumSet.of(AmplitudeField.COUNTRY, AmplitudeField.REGION, AmplitudeField.CITY, AmplitudeField.DMA);
  private static final byte[] ACKNOWLEDGED = new byte[0];

  /**
   * What to do with one record.
   *
   * @param send the record to send, or null when nothing changed
   * @param fingerprint what to store once Amplitude acknowledges it (or at once, when nothing is sent)
   */
  public record Decision(AmplitudeRecord send, byte[] fingerprint, boolean fingerprintChanged) {
    /** A decision whose fingerprint differs from the stored one (or there was none). */
    public Decision(AmplitudeRecord send, byte[] fingerprint) {
      this(send, fingerprint, true);
    }

    /** Tells whether nothing needs sending. */
    public boolean unchanged() {
      return send == null;
    }
  }

  private Planner() {}

  /** Decides what to send, given the stored fingerprint (null when the key was never acknowledged). */
  public static Decision plan(AmplitudeRecord record, byte[] stored) {
    return plan(record, stored, null);
  }

  /**
   * Decides what to send, given the stored fingerprint (null when the key was never acknowledged) and
   * the digest of the row the record was mapped from (null when there is none), which the new
   * fingerprint then carries.
   */
  public static Decision plan(AmplitudeRecord record, byte[] stored, Long rowDigest) {
    if (record.objectType() == dev.ampsync.record.ObjectType.EVENT) {
      // Never sent again once acknowledged; the row digest is kept (or renewed) so that the same row
      // is recognised next time without being mapped.
      byte[] acknowledged = rowDigest == null ? ACKNOWLEDGED : Fingerprints.eventDigest(rowDigest);
      if (stored == null) {
        return new Decision(record, acknowledged);
      }
      boolean same = Arrays.equals(stored, acknowledged);
      return new Decision(null, same ? stored : acknowledged, !same);
    }
    long[] current = Fingerprints.of(record);
    if (rowDigest != null) {
      current = Fingerprints.withRowDigest(current, rowDigest);
    }
    byte[] encoded = Fingerprints.encode(current);
    if (stored == null) {
      return new Decision(record, encoded);
    }
    if (Arrays.equals(encoded, stored)) {
      return new Decision(null, stored, false);
    }
    long[] previous = Fingerprints.decode(stored);
    AmplitudeRecord changed = switch (record.objectType()) {
      case USER -> {
        UserRecord user = (UserRecord) record;
        UserRecord.Builder builder = UserRecord.builder(user.userId().orElseThrow()).deviceId(user.deviceId().orElse(null));
        boolean any = diffIdentification(record, user.userProperties(), current, previous, builder);
        yield any ? builder.userProperties(changedProperties(user.userProperties(), current, previous)).build() : null;
      }
      case DEVICE -> {
        DeviceRecord device = (DeviceRecord) record;
        DeviceRecord.Builder builder = DeviceRecord.builder(device.deviceId().orElseThrow()).userId(device.userId().orElse(null));
        boolean any = diffIdentification(record, device.userProperties(), current, previous, builder)
            || changed("u", current, previous);
        yield any ? builder.userProperties(changedProperties(device.userProperties(), current, previous)).build() : null;
      }
      case GROUP -> {
        GroupRecord group = (GroupRecord) record;
        PropertyOperations properties = changedProperties(group.groupProperties(), current, previous);
        yield properties.isEmpty() ? null : group.toBuilder().groupProperties(properties).build();
      }
      default -> throw new AssertionError(record.objectType());
    };
    // A slot that only disappeared (a NULL skipped) sends nothing, but the new fingerprint is stored.
    return new Decision(changed, encoded);
  }

  /** The operations that change a value by applying again: a resync must not send them twice. */
  private static final Set<PropertyOperation> NOT_IDEMPOTENT =
      EnumSet.of(PropertyOperation.ADD, PropertyOperation.APPEND, PropertyOperation.PREPEND);

  /**
   * Decides what a resync sends: the whole record, except the properties set with a non-idempotent
   * operation ({@code add}, {@code append}, {@code prepend}) whose operation and value Amplitude
   * already acknowledged for this key ({@code previous}, null when it never did): sent again, an
   * {@code add} would add twice.
   */
  public static Decision resend(AmplitudeRecord record, byte[] previous, Long rowDigest) {
    Decision whole = plan(record, null, rowDigest);
    if (previous == null || record.objectType() == dev.ampsync.record.ObjectType.EVENT
        || previous.length % 16 != 0) {
      return whole;
    }
    PropertyOperations properties = switch (record.objectType()) {
      case USER -> ((UserRecord) record).userProperties();
      case DEVICE -> ((DeviceRecord) record).userProperties();
      case GROUP -> ((GroupRecord) record).groupProperties();
      default -> throw new AssertionError(record.objectType());
    };
    if (properties.clearsAll()) {
      return whole;
    }
    long[] current = Fingerprints.decode(whole.fingerprint());
    long[] before = Fingerprints.decode(previous);
    PropertyOperations.Builder kept = PropertyOperations.builder();
    boolean left = false;
    for (PropertyOperation op : properties.operations()) {
      for (Map.Entry<String, Object> property : properties.get(op).entrySet()) {
        if (NOT_IDEMPOTENT.contains(op) && !changed(Fingerprints.propertySlot(property.getKey()), current, before)) {
          left = true;
        } else {
          kept.put(op, property.getKey(), property.getValue());
        }
      }
    }
    if (!left) {
      return whole;
    }
    AmplitudeRecord send = switch (record.objectType()) {
      case USER -> ((UserRecord) record).toBuilder().userProperties(kept.build()).build();
      case DEVICE -> ((DeviceRecord) record).toBuilder().userProperties(kept.build()).build();
      case GROUP -> ((GroupRecord) record).toBuilder().groupProperties(kept.build()).build();
      default -> throw new AssertionError(record.objectType());
    };
    return new Decision(send, whole.fingerprint());
  }

  private static <B extends SharedFieldsBuilder<B>> boolean diffIdentification(
      AmplitudeRecord record, PropertyOperations properties, long[] current, long[] previous, B builder) {
    boolean any = !changedProperties(properties, current, previous).isEmpty();
    boolean deviceSet = false;
    boolean locationSet = false;
    for (AmplitudeField field : record.fields().keySet()) {
      if (changed(Fingerprints.fieldSlot(field), current, previous)) {
        deviceSet |= DEVICE_SET.contains(field);
        locationSet |= LOCATION_SET.contains(field);
      }
    }
    for (Map.Entry<AmplitudeField, Object> field : record.fields().entrySet()) {
      AmplitudeField key = field.getKey();
      boolean send = changed(Fingerprints.fieldSlot(key), current, previous)
          || deviceSet && DEVICE_SET.contains(key)
          || locationSet && LOCATION_SET.contains(key);
      if (send) {
        builder.field(key, field.getValue());
        any = true;
      }
    }
    for (Map.Entry<String, List<String>> group : record.groups().entrySet()) {
      if (changed(Fingerprints.groupSlot(group.getKey()), current, previous)) {
        builder.group(group.getKey(), group.getValue());
        any = true;
      }
    }
    return any || changed("d", current, previous);
  }

  private static PropertyOperations changedProperties(PropertyOperations properties, long[] current, long[] previous) {
    if (properties.clearsAll()) {
      return changed("clear_all", current, previous) ? properties : PropertyOperations.empty();
    }
    PropertyOperations.Builder changed = PropertyOperations.builder();
    for (PropertyOperation op : properties.operations()) {
      for (Map.Entry<String, Object> property : properties.get(op).entrySet()) {
        if (changed(Fingerprints.propertySlot(property.getKey()), current, previous)) {
          changed.put(op, property.getKey(), property.getValue());
        }
      }
    }
    return changed.build();
  }

  private static boolean changed(String slotName, long[] current, long[] previous) {
    long slot = Fingerprints.slot(slotName);
    Long now = Fingerprints.valueOf(current, slot);
    Long before = Fingerprints.valueOf(previous, slot);
    return now != null && !now.equals(before);
  }
}
