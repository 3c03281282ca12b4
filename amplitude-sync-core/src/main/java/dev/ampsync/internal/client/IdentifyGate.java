package dev.ampsync.internal.client;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Identify before events: while an identification of a user or device is unacknowledged, events
 * of that id wait here; they are released when the last such identification has an outcome,
 * whatever it is. Owned by the dispatcher thread.
 */
final class IdentifyGate {
  private final Endpoint eventsEndpoint;
  /** Ids being identified → how many of their identifications are unacknowledged. */
  private final Map<String, Integer> identifyingUsers = new HashMap<>();
  private final Map<String, Integer> identifyingDevices = new HashMap<>();
  /** Ids being identified → their events waiting, in the order they came. */
  private final Map<String, ArrayDeque<Part>> waitingForUser = new HashMap<>();
  private final Map<String, ArrayDeque<Part>> waitingForDevice = new HashMap<>();

  IdentifyGate(Endpoint eventsEndpoint) {
    this.eventsEndpoint = eventsEndpoint;
  }

  /**
   * Lets a part through, or keeps it waiting. An identification passes and makes its ids' events
   * wait until it is acknowledged; an event of an id being identified waits.
   *
   * @return true if the part may be sent now
   */
  boolean pass(Part part) {
    if (part.identifying) {
      part.counted = true;
      increment(identifyingUsers, part.userId);
      increment(identifyingDevices, part.deviceId);
    } else if (part.endpoint == eventsEndpoint) {
      // (The emptiness checks spare hashing an id no identification is waiting on: the usual case.)
      if (part.userId != null && !identifyingUsers.isEmpty() && identifyingUsers.containsKey(part.userId)) {
        waitingForUser.computeIfAbsent(part.userId, k -> new ArrayDeque<>()).add(part);
        return false;
      }
      if (part.deviceId != null && !identifyingDevices.isEmpty() && identifyingDevices.containsKey(part.deviceId)) {
        waitingForDevice.computeIfAbsent(part.deviceId, k -> new ArrayDeque<>()).add(part);
        return false;
      }
    }
    return true;
  }

  /**
   * Notes that a part has its outcome. If it is an identification, the events of its ids that no
   * other identification holds are released to {@code released}, in the order they came (each to be
   * passed through the gate again: an event may still wait for its other id).
   */
  void acknowledge(Part part, Consumer<Part> released) {
    if (part.counted) {
      part.counted = false;
      acknowledge(identifyingUsers, waitingForUser, part.userId, released);
      acknowledge(identifyingDevices, waitingForDevice, part.deviceId, released);
    }
  }

  private static void acknowledge(
      Map<String, Integer> identifying, Map<String, ArrayDeque<Part>> waitingFor, String id, Consumer<Part> released) {
    if (id == null) {
      return;
    }
    Integer left = identifying.computeIfPresent(id, (k, count) -> count == 1 ? null : count - 1);
    if (left == null) {
      ArrayDeque<Part> waiting = waitingFor.remove(id);
      if (waiting != null) {
        waiting.forEach(released);
      }
    }
  }

  private static void increment(Map<String, Integer> identifying, String id) {
    if (id != null) {
      identifying.merge(id, 1, Integer::sum);
    }
  }

  /** Forgets every identification and drops every waiting event. */
  void clear() {
    waitingForUser.clear();
    waitingForDevice.clear();
    identifyingUsers.clear();
    identifyingDevices.clear();
  }
}
