package dev.ampsync.internal.engine;

import dev.ampsync.internal.wire.WireFormat;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.UserRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's synthetic event ({@code synthetic_event}): sent along with each user whose properties
 * change, naming the properties updated, with an insert id derived from the user's new values.
 */
final class SyntheticEvent {
  private final String syncName;
  private final String eventType;

  SyntheticEvent(String syncName, String eventType) {
    this.syncName = syncName;
    this.eventType = eventType;
  }

  /** Tells whether a record about to be sent gets the event: a user whose properties change. */
  static boolean appliesTo(AmplitudeRecord send) {
    return send instanceof UserRecord user && !user.userProperties().isEmpty();
  }

  /** Returns the event for a user record. */
  EventRecord of(UserRecord user) {
    String userId = user.userId().orElseThrow();
    // Deterministic: the same values of the same user in the same sync give the same insert id, so a
    // re-run within Amplitude's dedup window does not repeat the event.
    String insertId =
        Keys.insertId(syncName, eventType, userId, null, null)
            + "-"
            + Keys.contentHash(WireFormat.get().identification(user).json());
    List<String> names = new ArrayList<>();
    user.userProperties().operations().forEach(op -> names.addAll(user.userProperties().get(op).keySet()));
    return EventRecord.builder(eventType)
        .userId(userId)
        .insertId(insertId)
        .eventProperty("updated_properties", names)
        .build();
  }
}
