package dev.ampsync.testing;

import static dev.ampsync.testing.Wire.MAPPER;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The scripted limits of the fake: silenced devices (400), users and devices throttled for a number
 * of requests or until an instant, and ids over their daily quota (429). Not thread-safe: {@link
 * Ingestion} calls it under its own monitor, so a request's check and its ingestion are one step.
 */
final class Throttles {
  /** The count the fake reports for an id over its daily quota (events in the last 24 h). */
  static final int QUOTA_COUNT = 500_001;

  private final Clock clock;
  private final Set<String> silencedDevices = new HashSet<>();
  private final Map<String, Integer> userThrottleCounts = new HashMap<>();
  private final Map<String, Integer> deviceThrottleCounts = new HashMap<>();
  private final Map<String, Instant> userThrottleUntil = new HashMap<>();
  private final Map<String, Instant> deviceThrottleUntil = new HashMap<>();
  private final Set<String> quotaUsers = new HashSet<>();
  private final Set<String> quotaDevices = new HashSet<>();

  Throttles(Clock clock) {
    this.clock = clock;
  }

  void silenceDevice(String deviceId) {
    silencedDevices.add(deviceId);
  }

  void throttleUser(String userId, int requests) {
    userThrottleCounts.merge(userId, requests, Integer::sum);
  }

  void throttleDevice(String deviceId, int requests) {
    deviceThrottleCounts.merge(deviceId, requests, Integer::sum);
  }

  void throttleUserUntil(String userId, Instant until) {
    userThrottleUntil.put(userId, until);
  }

  void throttleDeviceUntil(String deviceId, Instant until) {
    deviceThrottleUntil.put(deviceId, until);
  }

  void exceedQuotaForUser(String userId) {
    quotaUsers.add(userId);
  }

  void exceedQuotaForDevice(String deviceId) {
    quotaDevices.add(deviceId);
  }

  void reset() {
    silencedDevices.clear();
    userThrottleCounts.clear();
    deviceThrottleCounts.clear();
    userThrottleUntil.clear();
    deviceThrottleUntil.clear();
    quotaUsers.clear();
    quotaDevices.clear();
  }

  /** The 400 for a request with events of silenced devices, or null when none is. */
  Reply silenced(List<String[]> ids, int epsThreshold) {
    Set<String> silenced = new LinkedHashSet<>();
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String deviceId = ids.get(i)[1];
      if (deviceId != null && silencedDevices.contains(deviceId)) {
        silenced.add(deviceId);
        indexes.add(i);
      }
    }
    if (indexes.isEmpty()) {
      return null;
    }
    ObjectNode body = MAPPER.createObjectNode();
    body.put("code", 400);
    body.put("error", "Events silenced for device_id");
    body.put("eps_threshold", epsThreshold);
    body.putObject("exceeded_daily_quota_devices");
    ArrayNode devicesNode = body.putArray("silenced_devices");
    silenced.forEach(devicesNode::add);
    ArrayNode eventsNode = body.putArray("silenced_events");
    indexes.forEach(eventsNode::add);
    body.putObject("throttled_devices");
    body.putArray("throttled_events");
    return Reply.json(400, body);
  }

  /**
   * Returns the 429 for a request whose ids include throttled or over-quota ones, consuming one
   * request from each count-based throttle it hits; or null when none applies. Caller holds the
   * lock.
   */
  Reply throttle(List<String[]> ids, int epsThreshold) {
    Instant now = clock.instant();
    Map<String, Integer> throttledUsers = new LinkedHashMap<>();
    Map<String, Integer> throttledDevices = new LinkedHashMap<>();
    Map<String, Integer> quotaUsersHit = new LinkedHashMap<>();
    Map<String, Integer> quotaDevicesHit = new LinkedHashMap<>();
    List<Integer> throttledIndexes = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String userId = ids.get(i)[0];
      String deviceId = ids.get(i)[1];
      boolean throttled = false;
      if (userId != null && throttled(userThrottleCounts, userThrottleUntil, userId, now)) {
        throttledUsers.put(userId, epsThreshold + 1);
        throttled = true;
      }
      if (deviceId != null && throttled(deviceThrottleCounts, deviceThrottleUntil, deviceId, now)) {
        throttledDevices.put(deviceId, epsThreshold + 1);
        throttled = true;
      }
      if (throttled) {
        throttledIndexes.add(i);
      }
      if (userId != null && quotaUsers.contains(userId)) {
        quotaUsersHit.put(userId, QUOTA_COUNT);
      }
      if (deviceId != null && quotaDevices.contains(deviceId)) {
        quotaDevicesHit.put(deviceId, QUOTA_COUNT);
      }
    }
    if (throttledUsers.isEmpty()
        && throttledDevices.isEmpty()
        && quotaUsersHit.isEmpty()
        && quotaDevicesHit.isEmpty()) {
      return null;
    }
    throttledUsers.keySet().forEach(id -> userThrottleCounts.computeIfPresent(id, Throttles::less));
    throttledDevices
        .keySet()
        .forEach(id -> deviceThrottleCounts.computeIfPresent(id, Throttles::less));
    return throttleReply(
        epsThreshold,
        throttledUsers,
        throttledDevices,
        throttledIndexes,
        quotaUsersHit,
        quotaDevicesHit);
  }

  private static Integer less(String id, Integer count) {
    return count <= 1 ? null : count - 1;
  }

  private static boolean throttled(
      Map<String, Integer> counts, Map<String, Instant> until, String id, Instant now) {
    Instant end = until.get(id);
    return counts.getOrDefault(id, 0) > 0 || (end != null && now.isBefore(end));
  }

  private static Reply throttleReply(
      int epsThreshold,
      Map<String, Integer> throttledUsers,
      Map<String, Integer> throttledDevices,
      List<Integer> throttledIndexes,
      Map<String, Integer> quotaUsersHit,
      Map<String, Integer> quotaDevicesHit) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("code", 429);
    body.put("error", "Too many requests for some devices and users");
    body.put("eps_threshold", epsThreshold);
    ObjectNode devicesNode = body.putObject("throttled_devices");
    throttledDevices.forEach(devicesNode::put);
    ObjectNode usersNode = body.putObject("throttled_users");
    throttledUsers.forEach(usersNode::put);
    ArrayNode eventsNode = body.putArray("throttled_events");
    throttledIndexes.forEach(eventsNode::add);
    ObjectNode quotaUsersNode = body.putObject("exceeded_daily_quota_users");
    quotaUsersHit.forEach(quotaUsersNode::put);
    ObjectNode quotaDevicesNode = body.putObject("exceeded_daily_quota_devices");
    quotaDevicesHit.forEach(quotaDevicesNode::put);
    return Reply.json(429, body);
  }

  /** A 429 naming every id and every index of the request, without changing any state. */
  static Reply throttleEverything(String path, byte[] body) {
    int epsThreshold = Wire.BATCH.equals(path) ? 1000 : 30;
    List<String[]> ids = Wire.requestIds(path, body);
    Map<String, Integer> throttledUsers = new LinkedHashMap<>();
    Map<String, Integer> throttledDevices = new LinkedHashMap<>();
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      if (ids.get(i)[0] != null) {
        throttledUsers.put(ids.get(i)[0], epsThreshold + 1);
      }
      if (ids.get(i)[1] != null) {
        throttledDevices.put(ids.get(i)[1], epsThreshold + 1);
      }
      indexes.add(i);
    }
    return throttleReply(
        epsThreshold, throttledUsers, throttledDevices, indexes, Map.of(), Map.of());
  }
}
