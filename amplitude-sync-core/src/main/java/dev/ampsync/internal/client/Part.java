package dev.ampsync.internal.client;

import dev.ampsync.internal.wire.EncodedRecord;

/**
 * One request item: an encoded event or identification bound for one endpoint. A group record with
 * a member user makes two parts (the group identification and the membership). Owned by the
 * dispatcher thread.
 */
final class Part {
  /** Submission order, so parts released together go out in the order they were submitted. */
  final long seq;
  final Pending owner;
  final Endpoint endpoint;
  final EncodedRecord encoded;
  final long size;
  final String userKey;
  final String deviceKey;
  /** Whether this part's ids count as "being identified", so their events wait for it. */
  final boolean identifying;
  /** The most parts a request holding this part may carry; lowered by bisection and 413 splits. */
  int cap = Integer.MAX_VALUE;
  /** Whether this identifying part has been counted in the dispatcher's identify ledger. */
  boolean counted;
  long dueAt;
  long firstSentAt = -1;

  Part(long seq, Pending owner, Endpoint endpoint, EncodedRecord encoded, boolean identifying) {
    this.seq = seq;
    this.owner = owner;
    this.endpoint = endpoint;
    this.encoded = encoded;
    this.size = endpoint.isForm() ? encoded.formSize() : encoded.size();
    this.userKey = encoded.record().userId().map(id -> "u:" + id).orElse(null);
    this.deviceKey =
        encoded.record().objectType() == dev.ampsync.ObjectType.GROUP
            ? null
            : encoded.record().deviceId().map(id -> "d:" + id).orElse(null);
    this.identifying = identifying;
  }

  String userId() {
    return userKey == null ? null : userKey.substring(2);
  }

  String deviceId() {
    return deviceKey == null ? null : deviceKey.substring(2);
  }
}
