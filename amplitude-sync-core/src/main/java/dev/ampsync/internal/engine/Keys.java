package dev.ampsync.internal.engine;

import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Record keys and derived insert ids.
 *
 * <p>A record's key is what makes two rows "the same": a user's {@code user_id}, a device's {@code
 * device_id}, a group's type and value (and member user, when mapped), an event's {@code insert_id}.
 *
 * <p>When an event mapping gives no {@code insert_id}, one is derived: {@code "ampsync-"} followed by
 * the first 32 hex digits of SHA-256 over the sync name, event type, user id, device id and time in
 * epoch milliseconds, each followed by a NUL character (absent values are empty). The same row of the
 * same sync always gets the same insert id, so retries and re-runs are deduplicated by Amplitude.
 */
public final class Keys {
  /**
   * Separates a group key's parts (U+001F, a control character, so no value can contain it by
   * accident); published for warehouse planners as {@link dev.ampsync.state.WarehousePlan#KEY_SEPARATOR}.
   */
  public static final char GROUP_SEPARATOR = dev.ampsync.state.WarehousePlan.KEY_SEPARATOR;

  private Keys() {}

  /** Returns a key as shown in reports: group parts joined with '/'. */
  public static String display(String key) {
    return key == null ? null : key.replace(GROUP_SEPARATOR, '/');
  }

  /** Returns the key of a record, readable in reports. */
  public static String of(AmplitudeRecord record) {
    return switch (record.objectType()) {
      case USER -> record.userId().orElseThrow();
      case DEVICE -> record.deviceId().orElseThrow();
      case GROUP -> {
        GroupRecord group = (GroupRecord) record;
        yield group(group.groupType(), group.groupValue(), group.userId().orElse(null));
      }
      case EVENT -> ((EventRecord) record).insertId().orElseThrow();
    };
  }

  /** Returns a group's key: its type and value, and the member user when there is one. */
  public static String group(String groupType, String groupValue, String userId) {
    String key = groupType + GROUP_SEPARATOR + groupValue;
    return userId == null ? key : key + GROUP_SEPARATOR + userId;
  }

  /** Derives an event's insert id from the sync name and the event's identity. */
  public static String insertId(
      String syncName, String eventType, String userId, String deviceId, Instant time) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String part :
          new String[] {
            syncName, eventType, userId, deviceId, time == null ? null : timeText(time)
          }) {
        if (part != null) {
          sha.update(part.getBytes(StandardCharsets.UTF_8));
        }
        sha.update((byte) 0);
      }
      return "ampsync-" + HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Epoch milliseconds, or the ISO form for a time too far away for a long (validation refuses those). */
  private static String timeText(Instant time) {
    try {
      return Long.toString(time.toEpochMilli());
    } catch (ArithmeticException tooFar) {
      return time.toString();
    }
  }

  /** Returns 16 hex digits of SHA-256 over the text: a content hash stable across JVMs and runs. */
  public static String contentHash(String text) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Gives an event without an insert id its derived one. */
  public static EventRecord withInsertId(String syncName, EventRecord event) {
    if (event.insertId().isPresent()) {
      return event;
    }
    return event.toBuilder()
        .insertId(
            insertId(
                syncName,
                event.eventType(),
                event.userId().orElse(null),
                event.deviceId().orElse(null),
                event.time().orElse(null)))
        .build();
  }
}
