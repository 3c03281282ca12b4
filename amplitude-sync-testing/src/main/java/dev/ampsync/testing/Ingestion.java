package dev.ampsync.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The semantics of Amplitude's four ingestion endpoints and the state they change: ingested events,
 * the dedup index, user/device/group profiles, and the scripted throttling, quota and silencing.
 * Thread-safe: every state change happens under this object's monitor.
 */
final class Ingestion {
  static final String BATCH = "/batch";
  static final String HTTP_API = "/2/httpapi";
  static final String IDENTIFY = "/identify";
  static final String GROUP_IDENTIFY = "/groupidentify";

  static final String JSON = "application/json";
  static final String TEXT = "text/plain; charset=utf-8";
  static final String FORM = "application/x-www-form-urlencoded";

  /** Amplitude's refused user_id/device_id values, matched trimmed and case-insensitively. */
  static final Set<String> REFUSED_IDS =
      Set.of(
          "",
          "anonymous",
          "nil",
          "none",
          "null",
          "n/a",
          "na",
          "undefined",
          "unknown",
          "\"\"",
          "00000000-0000-0000-0000-000000000000",
          "{}",
          "lmy47d",
          "0",
          "-1");

  static final int DEFAULT_MIN_ID_LENGTH = 5;
  static final int MAX_NESTING_DEPTH = 40;

  /** The count the fake reports for an id over its daily quota (events in the last 24 h). */
  static final int QUOTA_COUNT = 500_001;

  static final List<String> DEVICE_FIELDS =
      List.of(
          "platform",
          "os_name",
          "os_version",
          "device_brand",
          "device_manufacturer",
          "device_model",
          "carrier");
  static final List<String> LOCATION_FIELDS = List.of("country", "region", "city", "dma");

  private static final Set<String> INTEGER_FIELDS =
      Set.of("time", "session_id", "event_id", "quantity");
  private static final Set<String> NUMBER_FIELDS =
      Set.of("price", "revenue", "location_lat", "location_lng");
  private static final Set<String> OBJECT_FIELDS =
      Set.of(
          "event_properties",
          "user_properties",
          "groups",
          "group_properties",
          "plan",
          "ingestion_metadata");
  private static final Set<String> PROPERTY_FIELDS =
      Set.of("event_properties", "user_properties", "group_properties");

  /** A response: status, content type and body. */
  record Reply(int status, String contentType, byte[] body) {
    static Reply json(int status, ObjectNode node) {
      try {
        return new Reply(status, JSON, MAPPER.writeValueAsBytes(node));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    static Reply text(int status, String text) {
      return new Reply(status, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    static Reply html(int status, String title) {
      String html =
          "<html><head><title>"
              + title
              + "</title></head><body><center><h1>"
              + title
              + "</h1></center></body></html>\n";
      return new Reply(status, "text/html", html.getBytes(StandardCharsets.UTF_8));
    }
  }

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private final Settings settings;

  // All state below is guarded by "this".
  private final List<ObjectNode> events = new ArrayList<>();
  private final Map<String, Instant> firstSeenInsertIds = new HashMap<>();
  private int duplicates;
  private final Map<String, ProfileState> users = new LinkedHashMap<>();
  private final Map<String, ProfileState> devices = new LinkedHashMap<>();
  private final Map<List<String>, ProfileState> groups = new LinkedHashMap<>();
  private final Set<String> silencedDevices = new HashSet<>();
  private final Map<String, Integer> userThrottleCounts = new HashMap<>();
  private final Map<String, Integer> deviceThrottleCounts = new HashMap<>();
  private final Map<String, Instant> userThrottleUntil = new HashMap<>();
  private final Map<String, Instant> deviceThrottleUntil = new HashMap<>();
  private final Set<String> quotaUsers = new HashSet<>();
  private final Set<String> quotaDevices = new HashSet<>();

  Ingestion(Settings settings) {
    this.settings = settings;
  }

  static boolean isFormPath(String path) {
    return IDENTIFY.equals(path) || GROUP_IDENTIFY.equals(path);
  }

  // ---------------------------------------------------------------- /batch and /2/httpapi

  Reply events(String path, String contentType, byte[] body) {
    boolean batch = BATCH.equals(path);
    long maxBytes = batch ? settings.maxBatchBytes() : settings.maxHttpApiBytes();
    if (!hasMediaType(contentType, JSON)) {
      return error(400, "Invalid request: Content-Type must be application/json");
    }
    if (body.length == 0) {
      return error(400, "Missing request body");
    }
    if (body.length > maxBytes) {
      return tooLarge(path);
    }
    JsonNode root = parse(body);
    if (root == null || !root.isObject()) {
      return error(400, "Invalid JSON request body");
    }
    JsonNode key = root.get("api_key");
    if (!present(key) || !key.isTextual() || key.textValue().isEmpty()) {
      return missingField("api_key");
    }
    if (!settings.apiKeys().contains(key.textValue())) {
      // Real Amplitude echoes the key; clients must scrub it from their own messages.
      return error(400, "Invalid API key: " + key.textValue());
    }
    JsonNode list = root.get("events");
    if (!present(list) || (list.isArray() && list.isEmpty())) {
      return missingField("events");
    }
    if (!list.isArray()) {
      return error(400, "Invalid event JSON");
    }
    if (list.size() > settings.maxEventsPerRequest()) {
      return tooLarge(path);
    }
    JsonNode options = root.get("options");
    Integer minIdLength = present(options) ? minIdLength(options) : DEFAULT_MIN_ID_LENGTH;
    if (minIdLength == null) {
      return error(400, "Invalid options: min_id_length must be a positive integer");
    }
    List<ObjectNode> batchEvents = new ArrayList<>(list.size());
    for (JsonNode event : list) {
      if (!event.isObject()) {
        return error(400, "Invalid event JSON");
      }
      batchEvents.add((ObjectNode) event);
    }

    EventProblems problems = new EventProblems();
    for (int i = 0; i < batchEvents.size(); i++) {
      checkEvent(i, batchEvents.get(i), minIdLength, problems);
    }
    if (!problems.isEmpty()) {
      return problems.reply();
    }

    List<String[]> ids = new ArrayList<>(batchEvents.size());
    for (ObjectNode event : batchEvents) {
      ids.add(new String[] {text(event, "user_id"), text(event, "device_id")});
    }
    int epsThreshold = batch ? 1000 : 30;
    synchronized (this) {
      Reply silenced = silenced(ids, epsThreshold);
      if (silenced != null) {
        return silenced;
      }
      Reply throttled = throttle(ids, epsThreshold);
      if (throttled != null) {
        return throttled;
      }
      Instant now = settings.clock().instant();
      for (ObjectNode event : batchEvents) {
        ingest(event, now);
      }
      ObjectNode ok = MAPPER.createObjectNode();
      ok.put("code", 200);
      ok.put("events_ingested", batchEvents.size());
      ok.put("payload_size_bytes", body.length);
      ok.put("server_upload_time", now.toEpochMilli());
      return Reply.json(200, ok);
    }
  }

  private static void checkEvent(int index, ObjectNode event, int minIdLength, EventProblems p) {
    JsonNode type = event.get("event_type");
    if (!present(type) || (type.isTextual() && type.textValue().isBlank())) {
      p.missing("event_type", index);
    } else if (!type.isTextual()) {
      p.invalid("event_type", index);
    }
    JsonNode userId = event.get("user_id");
    JsonNode deviceId = event.get("device_id");
    if (!present(userId) && !present(deviceId)) {
      p.missing("user_id", index);
    }
    checkEventId("user_id", userId, index, minIdLength, p);
    checkEventId("device_id", deviceId, index, minIdLength, p);
    for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (value.isNull()) {
        continue;
      }
      boolean bad =
          (INTEGER_FIELDS.contains(name) && !(value.isIntegralNumber() && value.canConvertToLong()))
              || (NUMBER_FIELDS.contains(name) && !value.isNumber())
              || (OBJECT_FIELDS.contains(name) && !value.isObject())
              || (name.equals("insert_id") && !value.isTextual())
              || (name.equals("$skip_user_properties_sync") && !value.isBoolean())
              || (PROPERTY_FIELDS.contains(name) && Values.depth(value) > MAX_NESTING_DEPTH)
              || (name.equals("groups") && !validGroups(value))
              || ((name.equals("user_properties") || name.equals("group_properties"))
                  && !validOperationShapes(value));
      if (bad) {
        p.invalid(name, index);
      }
    }
  }

  private static void checkEventId(
      String field, JsonNode id, int index, int minIdLength, EventProblems p) {
    if (!present(id)) {
      return;
    }
    if (!id.isTextual() || isRefused(id.textValue())) {
      p.invalid(field, index);
    } else if (tooShort(id.textValue(), minIdLength)) {
      p.invalidLength(field, index);
    }
  }

  /** The per-event index maps of a 400 "Invalid field values on some events". */
  private static final class EventProblems {
    private final Map<String, Set<Integer>> missing = new TreeMap<>();
    private final Map<String, Set<Integer>> invalid = new TreeMap<>();
    private final Map<String, Set<Integer>> invalidLengths = new TreeMap<>();

    void missing(String field, int index) {
      missing.computeIfAbsent(field, f -> new TreeSet<>()).add(index);
    }

    void invalid(String field, int index) {
      invalid.computeIfAbsent(field, f -> new TreeSet<>()).add(index);
    }

    void invalidLength(String field, int index) {
      invalidLengths.computeIfAbsent(field, f -> new TreeSet<>()).add(index);
    }

    boolean isEmpty() {
      return missing.isEmpty() && invalid.isEmpty() && invalidLengths.isEmpty();
    }

    Reply reply() {
      ObjectNode body = MAPPER.createObjectNode();
      body.put("code", 400);
      body.put("error", "Invalid field values on some events");
      body.set("events_with_missing_fields", indexMap(missing));
      body.set("events_with_invalid_fields", indexMap(invalid));
      body.set("events_with_invalid_id_lengths", indexMap(invalidLengths));
      return Reply.json(400, body);
    }

    private static ObjectNode indexMap(Map<String, Set<Integer>> map) {
      ObjectNode node = MAPPER.createObjectNode();
      map.forEach(
          (field, indexes) -> {
            ArrayNode array = node.putArray(field);
            indexes.forEach(array::add);
          });
      return node;
    }
  }

  private Reply silenced(List<String[]> ids, int epsThreshold) {
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
  private Reply throttle(List<String[]> ids, int epsThreshold) {
    Instant now = settings.clock().instant();
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
    throttledUsers.keySet().forEach(id -> userThrottleCounts.computeIfPresent(id, Ingestion::less));
    throttledDevices
        .keySet()
        .forEach(id -> deviceThrottleCounts.computeIfPresent(id, Ingestion::less));
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

  /** Stores one validated event unless it is a duplicate, and applies its profile effects. */
  private void ingest(ObjectNode event, Instant now) {
    String userId = text(event, "user_id");
    String deviceId = text(event, "device_id");
    String insertId = text(event, "insert_id");
    if (insertId != null) {
      // Dedup scope: device_id when present, else user_id (Amplitude fills a missing device_id
      // from a hash of the user_id), plus the insert_id.
      String scoped =
          (deviceId != null ? "d\u0000" + deviceId : "u\u0000" + userId) + "\u0000" + insertId;
      Instant firstSeen = firstSeenInsertIds.get(scoped);
      if (firstSeen != null && now.isBefore(firstSeen.plus(settings.dedupWindow()))) {
        duplicates++;
        return;
      }
      firstSeenInsertIds.put(scoped, now);
    }
    events.add(event.deepCopy());

    String type = event.get("event_type").textValue();
    if (type.equals("$groupidentify")) {
      JsonNode groupProperties = event.get("group_properties");
      JsonNode groupsNode = event.get("groups");
      if (present(groupsNode) && present(groupProperties)) {
        forEachGroup(
            groupsNode,
            (groupType, groupValue) ->
                groupState(groupType, groupValue).applyProperties((ObjectNode) groupProperties));
      }
      return;
    }
    boolean identify = type.equals("$identify");
    JsonNode skip = event.get("$skip_user_properties_sync");
    JsonNode userProperties =
        skip != null && skip.asBoolean(false) ? null : event.get("user_properties");
    JsonNode groupsNode = identify ? event.get("groups") : null;
    if (!identify && !present(userProperties)) {
      return;
    }
    ProfileState profile = profileFor(userId, deviceId);
    if (present(userProperties)) {
      profile.applyProperties((ObjectNode) userProperties);
    }
    if (present(groupsNode)) {
      setGroups(profile, groupsNode);
    }
  }

  // ---------------------------------------------------------------- /identify

  Reply identify(String contentType, byte[] body) {
    if (!hasMediaType(contentType, FORM)) {
      return Reply.text(400, "Content-Type must be application/x-www-form-urlencoded");
    }
    if (body.length > settings.maxIdentifyBytes()) {
      return tooLarge(IDENTIFY);
    }
    Map<String, String> form = parseForm(body);
    if (form == null) {
      return Reply.text(400, "invalid form body");
    }
    if (!settings.apiKeys().contains(form.get("api_key"))) {
      return Reply.text(400, "Invalid API key");
    }
    List<JsonNode> items = identifications(form.get("identification"));
    if (items == null) {
      return Reply.text(400, "missing_event");
    }
    if (items.size() > settings.maxIdentificationsPerRequest()) {
      return tooLarge(IDENTIFY);
    }
    Integer minIdLength = DEFAULT_MIN_ID_LENGTH;
    if (form.get("options") != null) {
      JsonNode options = parse(form.get("options").getBytes(StandardCharsets.UTF_8));
      minIdLength = options == null ? null : minIdLength(options);
      if (minIdLength == null) {
        return Reply.text(400, "invalid options: min_id_length must be a positive integer");
      }
    }
    for (JsonNode item : items) {
      String problem = identificationProblem(item, minIdLength);
      if (problem != null) {
        return Reply.text(400, "invalid identification: " + problem);
      }
    }
    List<String[]> ids = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      ids.add(new String[] {text(item, "user_id"), text(item, "device_id")});
    }
    synchronized (this) {
      Reply throttled = throttle(ids, 30);
      if (throttled != null) {
        return throttled;
      }
      for (JsonNode item : items) {
        applyIdentification((ObjectNode) item);
      }
    }
    return Reply.text(200, "success");
  }

  private static String identificationProblem(JsonNode item, int minIdLength) {
    if (!item.isObject()) {
      return "an identification is not a JSON object";
    }
    JsonNode userId = item.get("user_id");
    JsonNode deviceId = item.get("device_id");
    if (!present(userId) && !present(deviceId)) {
      return "user_id or device_id is required";
    }
    for (String field : List.of("user_id", "device_id")) {
      JsonNode id = item.get(field);
      if (!present(id)) {
        continue;
      }
      if (!id.isTextual() || isRefused(id.textValue())) {
        return field + " has an invalid value";
      }
      if (tooShort(id.textValue(), minIdLength)) {
        return field + " is shorter than min_id_length " + minIdLength;
      }
    }
    String properties = propertiesProblem(item.get("user_properties"), "user_properties");
    if (properties != null) {
      return properties;
    }
    JsonNode groupsNode = item.get("groups");
    if (present(groupsNode) && !validGroups(groupsNode)) {
      return "groups must map group types to a string or an array of strings";
    }
    return null;
  }

  private void applyIdentification(ObjectNode item) {
    ProfileState profile = profileFor(text(item, "user_id"), text(item, "device_id"));
    JsonNode userProperties = item.get("user_properties");
    if (present(userProperties)) {
      profile.applyProperties((ObjectNode) userProperties);
    }
    JsonNode groupsNode = item.get("groups");
    if (present(groupsNode)) {
      setGroups(profile, groupsNode);
    }
    for (List<String> set : List.of(DEVICE_FIELDS, LOCATION_FIELDS)) {
      if (set.stream().anyMatch(item::has)) {
        for (String field : set) {
          if (!item.has(field)) {
            profile.setField(field, null);
          }
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = item.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      if (!Set.of("user_id", "device_id", "user_properties", "groups").contains(name)) {
        profile.setField(name, Values.toJava(field.getValue()));
      }
    }
  }

  // ---------------------------------------------------------------- /groupidentify

  Reply groupIdentify(String contentType, byte[] body) {
    if (!hasMediaType(contentType, FORM)) {
      return Reply.text(400, "Content-Type must be application/x-www-form-urlencoded");
    }
    if (body.length > settings.maxGroupIdentifyBytes()) {
      return tooLarge(GROUP_IDENTIFY);
    }
    Map<String, String> form = parseForm(body);
    if (form == null) {
      return Reply.text(400, "invalid form body");
    }
    if (!settings.apiKeys().contains(form.get("api_key"))) {
      return Reply.text(400, "Invalid API key");
    }
    List<JsonNode> items = identifications(form.get("identification"));
    if (items == null) {
      return Reply.text(400, "missing_event");
    }
    if (items.size() > settings.maxGroupIdentificationsPerRequest()) {
      return tooLarge(GROUP_IDENTIFY);
    }
    int propertyCount = 0;
    for (JsonNode item : items) {
      String problem = groupProblem(item);
      if (problem != null) {
        return Reply.text(400, "invalid group identification: " + problem);
      }
      propertyCount += propertyCount(item.get("group_properties"));
    }
    if (propertyCount > settings.maxGroupPropertiesPerRequest()) {
      return Reply.text(
          400,
          "too many group properties: "
              + propertyCount
              + " > "
              + settings.maxGroupPropertiesPerRequest());
    }
    synchronized (this) {
      for (JsonNode item : items) {
        ProfileState group = groupState(text(item, "group_type"), text(item, "group_value"));
        JsonNode properties = item.get("group_properties");
        if (present(properties)) {
          group.applyProperties((ObjectNode) properties);
        }
      }
    }
    return Reply.text(200, "success");
  }

  private static String groupProblem(JsonNode item) {
    if (!item.isObject()) {
      return "a group identification is not a JSON object";
    }
    for (String field : List.of("group_type", "group_value")) {
      JsonNode value = item.get(field);
      if (!present(value) || !value.isTextual() || value.textValue().isBlank()) {
        return field + " must be a non-blank string";
      }
    }
    return propertiesProblem(item.get("group_properties"), "group_properties");
  }

  private static int propertyCount(JsonNode properties) {
    if (!present(properties)) {
      return 0;
    }
    int count = 0;
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (ProfileState.OPERATIONS.contains(entry.getKey()) && entry.getValue().isObject()) {
        count += entry.getValue().size();
      } else {
        count++;
      }
    }
    return count;
  }

  // ---------------------------------------------------------------- faults

  /** The 413 of the given path: JSON for the event paths, plain text for the form paths. */
  static Reply tooLarge(String path) {
    if (isFormPath(path)) {
      return Reply.text(413, "Payload too large");
    }
    return error(413, "Payload too large");
  }

  /** A 429 naming every id and every index of the request, without changing any state. */
  Reply throttleEverything(String path, String contentType, byte[] body) {
    int epsThreshold = BATCH.equals(path) ? 1000 : 30;
    List<String[]> ids = requestIds(path, body);
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

  /** How many events or identifications a request carries (0 when unreadable). */
  static int itemCount(String path, byte[] body) {
    return requestIds(path, body).size();
  }

  /** The {user_id, device_id} of each event or identification of a request, in order. */
  private static List<String[]> requestIds(String path, byte[] body) {
    List<String[]> ids = new ArrayList<>();
    if (body != null && isFormPath(path)) {
      Map<String, String> form = parseForm(body);
      List<JsonNode> items = form == null ? null : identifications(form.get("identification"));
      if (items != null) {
        items.forEach(
            item -> ids.add(new String[] {text(item, "user_id"), text(item, "device_id")}));
      }
    } else if (body != null) {
      JsonNode root = parse(body);
      JsonNode list = root == null ? null : root.get("events");
      if (list != null && list.isArray()) {
        list.forEach(
            event -> ids.add(new String[] {text(event, "user_id"), text(event, "device_id")}));
      }
    }
    return ids;
  }

  // ---------------------------------------------------------------- scripted behaviour

  synchronized void silenceDevice(String deviceId) {
    silencedDevices.add(deviceId);
  }

  synchronized void throttleUser(String userId, int requests) {
    userThrottleCounts.merge(userId, requests, Integer::sum);
  }

  synchronized void throttleDevice(String deviceId, int requests) {
    deviceThrottleCounts.merge(deviceId, requests, Integer::sum);
  }

  synchronized void throttleUserUntil(String userId, Instant until) {
    userThrottleUntil.put(userId, until);
  }

  synchronized void throttleDeviceUntil(String deviceId, Instant until) {
    deviceThrottleUntil.put(deviceId, until);
  }

  synchronized void exceedQuotaForUser(String userId) {
    quotaUsers.add(userId);
  }

  synchronized void exceedQuotaForDevice(String deviceId) {
    quotaDevices.add(deviceId);
  }

  synchronized void reset() {
    events.clear();
    firstSeenInsertIds.clear();
    duplicates = 0;
    users.clear();
    devices.clear();
    groups.clear();
    silencedDevices.clear();
    userThrottleCounts.clear();
    deviceThrottleCounts.clear();
    userThrottleUntil.clear();
    deviceThrottleUntil.clear();
    quotaUsers.clear();
    quotaDevices.clear();
  }

  // ---------------------------------------------------------------- queries

  synchronized List<ObjectNode> events() {
    List<ObjectNode> copy = new ArrayList<>(events.size());
    events.forEach(event -> copy.add(event.deepCopy()));
    return copy;
  }

  synchronized int eventCount() {
    return events.size();
  }

  synchronized int duplicateCount() {
    return duplicates;
  }

  synchronized Set<String> distinctInsertIds() {
    Set<String> ids = new LinkedHashSet<>();
    for (ObjectNode event : events) {
      String insertId = text(event, "insert_id");
      if (insertId != null) {
        ids.add(insertId);
      }
    }
    return ids;
  }

  synchronized FakeProfile user(String userId) {
    ProfileState state = users.get(userId);
    return state == null ? null : state.snapshot();
  }

  synchronized FakeProfile device(String deviceId) {
    ProfileState state = devices.get(deviceId);
    return state == null ? null : state.snapshot();
  }

  synchronized FakeProfile group(String groupType, String groupValue) {
    ProfileState state = groups.get(List.of(groupType, groupValue));
    return state == null ? null : state.snapshot();
  }

  synchronized Map<String, FakeProfile> users() {
    Map<String, FakeProfile> copy = new LinkedHashMap<>();
    users.forEach((id, state) -> copy.put(id, state.snapshot()));
    return copy;
  }

  synchronized Map<String, FakeProfile> devices() {
    Map<String, FakeProfile> copy = new LinkedHashMap<>();
    devices.forEach((id, state) -> copy.put(id, state.snapshot()));
    return copy;
  }

  // ---------------------------------------------------------------- helpers

  /** The profile an update applies to: the user's when a user_id is given, else the device's. */
  private ProfileState profileFor(String userId, String deviceId) {
    if (userId == null) {
      return devices.computeIfAbsent(deviceId, id -> new ProfileState());
    }
    ProfileState user = users.computeIfAbsent(userId, id -> new ProfileState());
    if (deviceId != null) {
      user.linkDevice(deviceId);
      devices.computeIfAbsent(deviceId, id -> new ProfileState()).linkUser(userId);
    }
    return user;
  }

  private ProfileState groupState(String groupType, String groupValue) {
    return groups.computeIfAbsent(List.of(groupType, groupValue), key -> new ProfileState());
  }

  private static void setGroups(ProfileState profile, JsonNode groupsNode) {
    for (Iterator<Map.Entry<String, JsonNode>> it = groupsNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      List<String> values = new ArrayList<>();
      if (entry.getValue().isArray()) {
        entry.getValue().forEach(value -> values.add(value.textValue()));
      } else {
        values.add(entry.getValue().textValue());
      }
      profile.setGroup(entry.getKey(), values);
    }
  }

  private static void forEachGroup(
      JsonNode groupsNode, java.util.function.BiConsumer<String, String> action) {
    for (Iterator<Map.Entry<String, JsonNode>> it = groupsNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (entry.getValue().isArray()) {
        entry.getValue().forEach(value -> action.accept(entry.getKey(), value.textValue()));
      } else {
        action.accept(entry.getKey(), entry.getValue().textValue());
      }
    }
  }

  /** {@code groups}: an object whose values are strings or arrays of strings. */
  private static boolean validGroups(JsonNode groupsNode) {
    if (!groupsNode.isObject()) {
      return false;
    }
    for (JsonNode value : groupsNode) {
      if (value.isArray()) {
        for (JsonNode element : value) {
          if (!element.isTextual()) {
            return false;
          }
        }
      } else if (!value.isTextual()) {
        return false;
      }
    }
    return true;
  }

  /** Every operation key other than {@code $clearAll} must hold an object. */
  private static boolean validOperationShapes(JsonNode properties) {
    for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (ProfileState.OPERATIONS.contains(entry.getKey())
          && !entry.getKey().equals("$clearAll")
          && !entry.getValue().isObject()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The problem with an identify {@code user_properties} or group identify {@code
   * group_properties}: not an object, too deep, malformed operations, or operations mixed with
   * plain keys. Null when fine or absent.
   */
  private static String propertiesProblem(JsonNode properties, String field) {
    if (!present(properties)) {
      return null;
    }
    if (!properties.isObject()) {
      return field + " must be a JSON object";
    }
    if (Values.depth(properties) > MAX_NESTING_DEPTH) {
      return field + " is nested deeper than " + MAX_NESTING_DEPTH + " levels";
    }
    if (!validOperationShapes(properties)) {
      return field + " has an operation whose value is not an object";
    }
    boolean operations = false;
    boolean plain = false;
    for (Iterator<String> it = properties.fieldNames(); it.hasNext(); ) {
      if (ProfileState.OPERATIONS.contains(it.next())) {
        operations = true;
      } else {
        plain = true;
      }
    }
    if (operations && plain) {
      return field + " mixes operations with plain properties";
    }
    return null;
  }

  /** The items of an {@code identification} field, or null when missing or malformed. */
  private static List<JsonNode> identifications(String identification) {
    if (identification == null || identification.isBlank()) {
      return null;
    }
    JsonNode node = parse(identification.getBytes(StandardCharsets.UTF_8));
    if (node == null) {
      return null;
    }
    List<JsonNode> items = new ArrayList<>();
    if (node.isObject()) {
      items.add(node);
    } else if (node.isArray() && !node.isEmpty()) {
      node.forEach(items::add);
    } else {
      return null;
    }
    return items;
  }

  /** {@code options.min_id_length}, default 5, or null when invalid. */
  private static Integer minIdLength(JsonNode options) {
    if (!options.isObject()) {
      return null;
    }
    JsonNode value = options.get("min_id_length");
    if (!present(value)) {
      return DEFAULT_MIN_ID_LENGTH;
    }
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
      return null;
    }
    return value.intValue();
  }

  static boolean isRefused(String id) {
    return REFUSED_IDS.contains(id.trim().toLowerCase(Locale.ROOT));
  }

  private static boolean tooShort(String id, int minIdLength) {
    return id.codePointCount(0, id.length()) < minIdLength;
  }

  private static boolean present(JsonNode node) {
    return node != null && !node.isNull() && !node.isMissingNode();
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  static JsonNode parse(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  static Map<String, String> parseForm(byte[] body) {
    Map<String, String> form = new LinkedHashMap<>();
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return form;
    }
    try {
      for (String pair : text.split("&")) {
        int eq = pair.indexOf('=');
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        form.putIfAbsent(name, value);
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return form;
  }

  static boolean hasMediaType(String contentType, String mediaType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals(mediaType);
  }

  static Reply error(int status, String message) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("code", status);
    body.put("error", message);
    return Reply.json(status, body);
  }

  private static Reply missingField(String field) {
    ObjectNode body = MAPPER.createObjectNode();
    body.put("code", 400);
    body.put("error", "Request missing required field");
    body.put("missing_field", field);
    return Reply.json(400, body);
  }
}
