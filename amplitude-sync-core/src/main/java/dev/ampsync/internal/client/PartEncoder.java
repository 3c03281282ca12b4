package dev.ampsync.internal.client;

import dev.ampsync.internal.wire.EncodedRecord;
import dev.ampsync.internal.wire.WireFormat;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Encodes a submitted record into its one or two parts, on the submitting thread, and numbers the
 * parts in submission order. An event goes to the configured events endpoint; a user or device is
 * one identification; a group is a group identification plus, when it names a member user, a
 * membership identification.
 */
final class PartEncoder {
  private static final WireFormat WIRE = WireFormat.get();

  private final Endpoint eventsEndpoint;
  /** The next part number: parts are numbered in submission order across every thread. */
  private final AtomicLong sequence = new AtomicLong();

  PartEncoder(Endpoint eventsEndpoint) {
    this.eventsEndpoint = eventsEndpoint;
  }

  /**
   * Sets the record's parts and how many are left to answer.
   *
   * @throws IllegalArgumentException when the record cannot be encoded
   */
  void encode(Pending pending) {
    AmplitudeRecord record = pending.record;
    switch (record.objectType()) {
      case EVENT -> pending.first =
          new Part(sequence.getAndIncrement(), pending, eventsEndpoint, WIRE.event((EventRecord) record), false);
      case USER, DEVICE -> pending.first =
          new Part(sequence.getAndIncrement(), pending, Endpoint.IDENTIFY, WIRE.identification(record), true);
      case GROUP -> {
        GroupRecord group = (GroupRecord) record;
        EncodedRecord groupIdentification = WIRE.groupIdentification(group);
        EncodedRecord membership = WIRE.membership(group);
        long seq = sequence.getAndAdd(membership == null ? 1 : 2);
        pending.first = new Part(seq, pending, Endpoint.GROUP_IDENTIFY, groupIdentification, false);
        if (membership != null) {
          pending.second = new Part(seq + 1, pending, Endpoint.IDENTIFY, membership, true);
        }
      }
      default -> throw new AssertionError(record.objectType());
    }
    pending.remainingParts = pending.second == null ? 1 : 2;
  }

  /** Returns how many part numbers were given out: one past the newest part's number. */
  long numbered() {
    return sequence.get();
  }
}
