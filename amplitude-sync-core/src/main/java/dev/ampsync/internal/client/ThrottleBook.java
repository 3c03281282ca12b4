package dev.ampsync.internal.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The user and device ids Amplitude throttled (a 429), each until when, and the parts held because
 * of them. A held part is released when its hold ends; parts released together go back in
 * submission order. An id's throttle expires once its time has passed. Times are the dispatcher
 * clock's milliseconds. Owned by the dispatcher thread.
 */
final class ThrottleBook {
  private final Map<String, Long> users = new HashMap<>();
  private final Map<String, Long> devices = new HashMap<>();
  private final PriorityQueue<Part> held =
      new PriorityQueue<>(Comparator.<Part>comparingLong(p -> p.dueAt).thenComparingLong(p -> p.seq));

  /** Throttles a user id until the given time, or longer if it already is. */
  void throttleUser(String userId, long until) {
    users.merge(userId, until, Math::max);
  }

  /** Throttles a device id until the given time, or longer if it already is. */
  void throttleDevice(String deviceId, long until) {
    devices.merge(deviceId, until, Math::max);
  }

  /** Throttles the part's user and device ids until the given time. */
  void throttleIdsOf(Part part, long until) {
    if (part.userId != null) {
      throttleUser(part.userId, until);
    }
    if (part.deviceId != null) {
      throttleDevice(part.deviceId, until);
    }
  }

  /** Tells whether any id is throttled (when none is, packing skips the look-ups). */
  boolean throttlesAnyId() {
    return !users.isEmpty() || !devices.isEmpty();
  }

  /** Returns until when the part's ids are throttled: the later of the two, or 0 if neither is. */
  long throttledUntil(Part part) {
    long until = 0;
    if (part.userId != null && !users.isEmpty()) {
      until = users.getOrDefault(part.userId, 0L);
    }
    if (part.deviceId != null && !devices.isEmpty()) {
      until = Math.max(until, devices.getOrDefault(part.deviceId, 0L));
    }
    return until;
  }

  /** Holds a part until the given time. */
  void hold(Part part, long until) {
    part.dueAt = until;
    held.add(part);
  }

  /**
   * Returns the held parts whose hold has ended, in submission order, and forgets the throttles that
   * have expired.
   */
  List<Part> release(long now) {
    List<Part> due = List.of();
    if (!held.isEmpty() && held.peek().dueAt <= now) {
      due = new ArrayList<>();
      while (!held.isEmpty() && held.peek().dueAt <= now) {
        due.add(held.poll());
      }
      due.sort(Comparator.comparingLong(p -> p.seq));
    }
    if (!users.isEmpty()) {
      users.values().removeIf(until -> until <= now);
    }
    if (!devices.isEmpty()) {
      devices.values().removeIf(until -> until <= now);
    }
    return due;
  }

  /** Returns when the next held part is due, or {@code Long.MAX_VALUE} if none is held. */
  long nextRelease() {
    return held.isEmpty() ? Long.MAX_VALUE : held.peek().dueAt;
  }

  /** Drops every held part (the throttles stay until they expire). */
  void dropHeld() {
    held.clear();
  }
}
