package dev.ampsync.internal.client;

import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.DeviceRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.UserRecord;

/** Makes parts the way a submitter does (through {@link PartEncoder}), numbered in the order made. */
final class TestParts {
  private final PartEncoder encoder;

  TestParts() {
    this(Endpoint.BATCH);
  }

  TestParts(Endpoint eventsEndpoint) {
    this.encoder = new PartEncoder(eventsEndpoint);
  }

  /** An event of a user (ids of equal length make parts of equal size). */
  Part event(String userId) {
    return part(EventRecord.builder("Order Completed").userId(userId).build());
  }

  /** An event of a user on a device (either may be null). */
  Part event(String userId, String deviceId) {
    return part(EventRecord.builder("Order Completed").userId(userId).deviceId(deviceId).build());
  }

  /** A user identification. */
  Part user(String userId) {
    return part(UserRecord.builder(userId).build());
  }

  /** A device identification. */
  Part device(String deviceId) {
    return part(DeviceRecord.builder(deviceId).build());
  }

  /** A group record's parts: its group identification, and its membership when it has a member. */
  Pending group(String groupValue, String memberUserId) {
    return pending(GroupRecord.builder("company", groupValue).userId(memberUserId).build());
  }

  /** The record's first (usually only) part. */
  Part part(AmplitudeRecord record) {
    return pending(record).first;
  }

  Pending pending(AmplitudeRecord record) {
    Pending pending = new Pending(record);
    encoder.encode(pending);
    return pending;
  }

  long numbered() {
    return encoder.numbered();
  }
}
