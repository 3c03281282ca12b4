package dev.ampsync.internal.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The user and device ids Amplitude throttled (a 429), each until when, and the parts held because
 * of them. A held part is released when its hold ends; parts released together go back in
 * submission order. Times are the dispatcher clock's milliseconds. Owned by the dispatcher thread.
 *
 * <p>Holds back off. An id's first 429 holds it for the endpoint's floor (Amplitude's advice: 15 s
 * on Batch and Identify, 30 s on HTTP V2); each further 429 for the same id, on a request sent after
 * its previous hold ended, doubles its hold, up to {@link #MAX_BACKOFF_MILLIS} (or the floor, if that
 * is longer). A 429 that arrives while the id is still held (a request sent before the hold began)
 * does not count again. A {@code Retry-After} longer than the backoff wins: the hold is the longer of
 * the two. A success for the id resets its backoff. The official SDKs hold a throttled id for a fixed
 * time (TypeScript's {@code throttleTimeout} of 30 s, analytics-go's {@code RetryThrottledInterval})
 * and bound the attempts instead; backing off bounds the requests of an id that stays throttled
 * without giving up on it early. No jitter: none of the SDKs jitters the throttle hold, and the parts
 * of one id go out together anyway.
 *
 * <p>An id's entry is forgotten once it has been quiet for {@link #MAX_BACKOFF_MILLIS} after its hold
 * ended (or at once after a success), so the book holds only recently throttled ids.
 */
final class ThrottleBook {
  /** The longest hold the backoff reaches (a longer floor or {@code Retry-After} still wins). */
  static final long MAX_BACKOFF_MILLIS = Duration.ofMinutes(5).toMillis();

  private final Map<String, Throttle> users = new HashMap<>();
  private final Map<String, Throttle> devices = new HashMap<>();
  private final PriorityQueue<Part> held =
      new PriorityQueue<>(Comparator.<Part>comparingLong(p -> p.dueAt).thenComparingLong(p -> p.seq));
  /** The earliest time an entry may be forgotten: {@link #release} sweeps only from then on. */
  private long nextSweep = Long.MAX_VALUE;

  /** One id's throttle. */
  private static final class Throttle {
    /** Until when the id is held. */
    long until;
    /** How many 429s in a row the id had, each on a request sent after its previous hold ended. */
    int strikes;

    /** When the entry may be forgotten: at once after a success, else after a quiet period. */
    long forgetAt() {
      return strikes == 0 ? until : until + MAX_BACKOFF_MILLIS;
    }
  }

  /**
   * Returns the hold of an id's {@code strikes}-th 429 in a row: the floor, doubled per further
   * strike, capped at {@link #MAX_BACKOFF_MILLIS} unless the floor itself is longer.
   */
  static long backoff(long floorMillis, int strikes) {
    long cap = Math.max(MAX_BACKOFF_MILLIS, floorMillis);
    long hold = floorMillis;
    for (int i = 1; i < strikes && hold < cap; i++) {
      hold = hold > cap / 2 ? cap : hold * 2;
    }
    return Math.min(hold, cap);
  }

  /**
   * Throttles a user id after a 429 answered at {@code now}.
   *
   * @param floorMillis the endpoint's hold for a first 429
   * @param retryAfter the answer's {@code Retry-After}, or null: the hold is at least this long
   */
  void throttleUser(String userId, long now, long floorMillis, Duration retryAfter) {
    throttle(users, userId, now, floorMillis, retryAfter);
  }

  /** Throttles a device id after a 429; see {@link #throttleUser}. */
  void throttleDevice(String deviceId, long now, long floorMillis, Duration retryAfter) {
    throttle(devices, deviceId, now, floorMillis, retryAfter);
  }

  /** Throttles the part's user and device ids after a 429; see {@link #throttleUser}. */
  void throttleIdsOf(Part part, long now, long floorMillis, Duration retryAfter) {
    if (part.userId != null) {
      throttleUser(part.userId, now, floorMillis, retryAfter);
    }
    if (part.deviceId != null) {
      throttleDevice(part.deviceId, now, floorMillis, retryAfter);
    }
  }

  private void throttle(Map<String, Throttle> ids, String id, long now, long floorMillis, Duration retryAfter) {
    long asked = retryAfter == null ? 0 : retryAfter.toMillis();
    Throttle throttle = ids.computeIfAbsent(id, unused -> new Throttle());
    if (throttle.until > now) {
      // Still held: this answers a request sent before the hold began. Not a further strike, but a
      // longer Retry-After is honoured.
      throttle.until = Math.max(throttle.until, now + asked);
    } else {
      throttle.strikes++;
      throttle.until = now + Math.max(backoff(floorMillis, throttle.strikes), asked);
    }
    nextSweep = Math.min(nextSweep, throttle.forgetAt());
  }

  /** Resets the backoff of the part's ids after Amplitude accepted it; a hold under way stays. */
  void succeeded(Part part, long now) {
    if (users.isEmpty() && devices.isEmpty()) {
      return;
    }
    if (part.userId != null) {
      forgive(users, part.userId, now);
    }
    if (part.deviceId != null) {
      forgive(devices, part.deviceId, now);
    }
  }

  private void forgive(Map<String, Throttle> ids, String id, long now) {
    Throttle throttle = ids.get(id);
    if (throttle == null) {
      return;
    }
    if (throttle.until <= now) {
      ids.remove(id);
    } else {
      throttle.strikes = 0;
      nextSweep = Math.min(nextSweep, throttle.until);
    }
  }

  /** Tells whether any id has an entry (when none has, packing skips the look-ups). */
  boolean throttlesAnyId() {
    return !users.isEmpty() || !devices.isEmpty();
  }

  /**
   * Returns until when the part's ids are held: the later of the two, or 0 if neither has an entry.
   * A time already past means the part may go.
   */
  long throttledUntil(Part part) {
    long until = 0;
    if (part.userId != null && !users.isEmpty()) {
      Throttle throttle = users.get(part.userId);
      if (throttle != null) {
        until = throttle.until;
      }
    }
    if (part.deviceId != null && !devices.isEmpty()) {
      Throttle throttle = devices.get(part.deviceId);
      if (throttle != null) {
        until = Math.max(until, throttle.until);
      }
    }
    return until;
  }

  /** Returns how many 429s in a row the user id had (for tests and diagnostics). */
  int strikesOfUser(String userId) {
    Throttle throttle = users.get(userId);
    return throttle == null ? 0 : throttle.strikes;
  }

  /** Holds a part until the given time. */
  void hold(Part part, long until) {
    part.dueAt = until;
    held.add(part);
  }

  /**
   * Returns the held parts whose hold has ended, in submission order, and forgets the ids whose
   * entries have expired.
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
    if (now >= nextSweep) {
      nextSweep = Long.MAX_VALUE;
      sweep(users, now);
      sweep(devices, now);
    }
    return due;
  }

  private void sweep(Map<String, Throttle> ids, long now) {
    ids.values()
        .removeIf(
            throttle -> {
              long forgetAt = throttle.forgetAt();
              if (forgetAt <= now) {
                return true;
              }
              nextSweep = Math.min(nextSweep, forgetAt);
              return false;
            });
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
