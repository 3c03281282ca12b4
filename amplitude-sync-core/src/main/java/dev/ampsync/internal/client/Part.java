package dev.ampsync.internal.client;

import dev.ampsync.record.ObjectType;
import dev.ampsync.internal.wire.EncodedRecord;
import dev.ampsync.record.AmplitudeRecord;

/**
 * One request item: an encoded event or identification bound for one endpoint. A group record with
 * a member user makes two parts (the group identification and the membership). Owned by the
 * dispatcher thread once handed over.
 */
final class Part {
  /** Submission order, so parts released together go out in the order they were submitted. */
  final long seq;
  final Pending owner;
  final Endpoint endpoint;
  final EncodedRecord encoded;
  final long size;
  /** The user id this part is sent with, or null. */
  final String userId;
  /** The device id this part is sent with, or null (always null for group parts). */
  final String deviceId;
  /** Whether this part's ids count as "being identified", so their events wait for it. */
  final boolean identifying;
  /** The most parts a request holding this part may carry; lowered by bisection and 413 splits. */
  int cap = Integer.MAX_VALUE;
  /** The bisection this part was split by, sharing its request budget; null until it is split. */
  Bisection bisection;
  /** Whether this identifying part is counted in the {@link IdentifyGate}, until it has an outcome. */
  boolean counted;
  /** While held by the {@link ThrottleBook}: when it is released. */
  long dueAt;
  /** When the first request holding this part was sent, or -1 (a 429 fails it after maxRetryDuration). */
  long firstSentAt = -1;

  Part(long seq, Pending owner, Endpoint endpoint, EncodedRecord encoded, boolean identifying) {
    this.seq = seq;
    this.owner = owner;
    this.endpoint = endpoint;
    this.encoded = encoded;
    this.size = endpoint.isForm() ? encoded.formSize() : encoded.size();
    AmplitudeRecord record = encoded.record();
    this.userId = record.userId().orElse(null);
    this.deviceId = record.objectType() == ObjectType.GROUP ? null : record.deviceId().orElse(null);
    this.identifying = identifying;
  }
}
