package dev.ampsync.testing;

import static dev.ampsync.testing.Wire.MAPPER;
import static dev.ampsync.testing.Wire.hasMediaType;
import static dev.ampsync.testing.Wire.identifications;
import static dev.ampsync.testing.Wire.parse;
import static dev.ampsync.testing.Wire.parseForm;
import static dev.ampsync.testing.Wire.present;
import static dev.ampsync.testing.Wire.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The semantics of Amplitude's four ingestion endpoints and the state they change: ingested events,
 * the dedup index, user/device/group profiles, and (through {@link Throttles}) the scripted
 * throttling, quota and silencing. The checks themselves are {@link Checks}. Thread-safe: every
 * state change happens under this object's monitor.
 */
final class Ingestion {
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

  private final Settings settings;

  // All state below is guarded by "this".
  private final List<ObjectNode> events = new ArrayList<>();
  private final Map<String, Instant> firstSeenInsertIds = new HashMap<>();
  private int duplicates;
  private final Map<String, ProfileState> users = new LinkedHashMap<>();
  private final Map<String, ProfileState> devices = new LinkedHashMap<>();
  private final Map<List<String>, ProfileState> groups = new LinkedHashMap<>();
  private final Throttles throttles;

  Ingestion(Settings settings) {
    this.settings = settings;
    this.throttles = new Throttles(settings.clock());
  }

  // ---------------------------------------------------------------- /batch and /2/httpapi

  Reply events(String path, String contentType, byte[] body) {
    boolean batch = Wire.BATCH.equals(path);
    long maxBytes = batch ? settings.maxBatchBytes() : settings.maxHttpApiBytes();
    if (!hasMediaType(contentType, Wire.JSON)) {
      return Reply.error(400, "Invalid request: Content-Type must be application/json");
    }
    if (body.length == 0) {
      return Reply.error(400, "Missing request body");
    }
    if (body.length > maxBytes) {
      return Reply.tooLarge(path);
    }
    JsonNode root = parse(body);
    if (root == null || !root.isObject()) {
      return Reply.error(400, "Invalid JSON request body");
    }
    JsonNode key = root.get("api_key");
    if (!present(key) || !key.isTextual() || key.textValue().isEmpty()) {
      return Reply.missingField("api_key");
    }
    if (!settings.apiKeys().contains(key.textValue())) {
      // Real Amplitude echoes the key; clients must scrub it from their own messages.
      return Reply.error(400, "Invalid API key: " + key.textValue());
    }
    JsonNode list = root.get("events");
    if (!present(list) || (list.isArray() && list.isEmpty())) {
      return Reply.missingField("events");
    }
    if (!list.isArray()) {
      return Reply.error(400, "Invalid event JSON");
    }
    if (list.size() > settings.maxEventsPerRequest()) {
      return Reply.tooLarge(path);
    }
    JsonNode options = root.get("options");
    Integer minIdLength = present(options) ? Checks.minIdLength(options) : Checks.DEFAULT_MIN_ID_LENGTH;
    if (minIdLength == null) {
      return Reply.error(400, "Invalid options: min_id_length must be a positive integer");
    }
    List<ObjectNode> batchEvents = new ArrayList<>(list.size());
    for (JsonNode event : list) {
      if (!event.isObject()) {
        return Reply.error(400, "Invalid event JSON");
      }
      batchEvents.add((ObjectNode) event);
    }

    Reply problems = Checks.eventProblems(batchEvents, minIdLength);
    if (problems != null) {
      return problems;
    }

    List<String[]> ids = new ArrayList<>(batchEvents.size());
    for (ObjectNode event : batchEvents) {
      ids.add(new String[] {text(event, "user_id"), text(event, "device_id")});
    }
    int epsThreshold = batch ? 1000 : 30;
    synchronized (this) {
      Reply silenced = throttles.silenced(ids, epsThreshold);
      if (silenced != null) {
        return silenced;
      }
      Reply throttled = throttles.throttle(ids, epsThreshold);
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
    FormRequest request = readForm(contentType, body, settings.maxIdentifyBytes(),
        settings.maxIdentificationsPerRequest(), Wire.IDENTIFY);
    if (request.refusal() != null) {
      return request.refusal();
    }
    Map<String, String> form = request.form();
    List<JsonNode> items = request.items();
    Integer minIdLength = Checks.DEFAULT_MIN_ID_LENGTH;
    if (form.get("options") != null) {
      JsonNode options = parse(form.get("options").getBytes(StandardCharsets.UTF_8));
      minIdLength = options == null ? null : Checks.minIdLength(options);
      if (minIdLength == null) {
        return Reply.text(400, "invalid options: min_id_length must be a positive integer");
      }
    }
    for (JsonNode item : items) {
      String problem = Checks.identificationProblem(item, minIdLength);
      if (problem != null) {
        return Reply.text(400, "invalid identification: " + problem);
      }
    }
    List<String[]> ids = new ArrayList<>(items.size());
    for (JsonNode item : items) {
      ids.add(new String[] {text(item, "user_id"), text(item, "device_id")});
    }
    synchronized (this) {
      Reply throttled = throttles.throttle(ids, 30);
      if (throttled != null) {
        return throttled;
      }
      for (JsonNode item : items) {
        applyIdentification((ObjectNode) item);
      }
    }
    return Reply.text(200, "success");
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
    for (Map.Entry<String, JsonNode> field : item.properties()) {
      String name = field.getKey();
      if (!Set.of("user_id", "device_id", "user_properties", "groups").contains(name)) {
        profile.setField(name, Values.toJava(field.getValue()));
      }
    }
  }

  /** A form-encoded identify request: its fields and identifications, or the answer refusing it. */
  private record FormRequest(Map<String, String> form, List<JsonNode> items, Reply refusal) {
    static FormRequest refused(Reply refusal) {
      return new FormRequest(null, null, refusal);
    }
  }

  /** The checks /identify and /groupidentify share, in Amplitude's order, up to the items' count. */
  private FormRequest readForm(String contentType, byte[] body, long maxBytes, int maxItems, String path) {
    if (!hasMediaType(contentType, Wire.FORM)) {
      return FormRequest.refused(Reply.text(400, "Content-Type must be application/x-www-form-urlencoded"));
    }
    if (body.length > maxBytes) {
      return FormRequest.refused(Reply.tooLarge(path));
    }
    Map<String, String> form = parseForm(body);
    if (form == null) {
      return FormRequest.refused(Reply.text(400, "invalid form body"));
    }
    if (!settings.apiKeys().contains(form.get("api_key"))) {
      return FormRequest.refused(Reply.text(400, "Invalid API key"));
    }
    List<JsonNode> items = identifications(form.get("identification"));
    if (items == null) {
      return FormRequest.refused(Reply.text(400, "missing_event"));
    }
    if (items.size() > maxItems) {
      return FormRequest.refused(Reply.tooLarge(path));
    }
    return new FormRequest(form, items, null);
  }

  // ---------------------------------------------------------------- /groupidentify

  Reply groupIdentify(String contentType, byte[] body) {
    FormRequest request = readForm(contentType, body, settings.maxGroupIdentifyBytes(),
        settings.maxGroupIdentificationsPerRequest(), Wire.GROUP_IDENTIFY);
    if (request.refusal() != null) {
      return request.refusal();
    }
    List<JsonNode> items = request.items();
    int propertyCount = 0;
    for (JsonNode item : items) {
      String problem = Checks.groupProblem(item);
      if (problem != null) {
        return Reply.text(400, "invalid group identification: " + problem);
      }
      propertyCount += Checks.propertyCount(item.get("group_properties"));
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

  // ---------------------------------------------------------------- scripted behaviour

  /** Changes the scripted silencing, throttling or quotas, atomically with the requests. */
  synchronized void script(Consumer<Throttles> change) {
    change.accept(throttles);
  }

  synchronized void reset() {
    events.clear();
    firstSeenInsertIds.clear();
    duplicates = 0;
    users.clear();
    devices.clear();
    groups.clear();
    throttles.reset();
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

  /** Every group profile, keyed by [group type, group value]. */
  synchronized Map<List<String>, FakeProfile> groups() {
    Map<List<String>, FakeProfile> copy = new LinkedHashMap<>();
    groups.forEach((key, state) -> copy.put(key, state.snapshot()));
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
    for (Map.Entry<String, JsonNode> entry : groupsNode.properties()) {
      List<String> values = new ArrayList<>();
      if (entry.getValue().isArray()) {
        entry.getValue().forEach(value -> values.add(value.textValue()));
      } else {
        values.add(entry.getValue().textValue());
      }
      profile.setGroup(entry.getKey(), values);
    }
  }

  private static void forEachGroup(JsonNode groupsNode, BiConsumer<String, String> action) {
    for (Map.Entry<String, JsonNode> entry : groupsNode.properties()) {
      if (entry.getValue().isArray()) {
        entry.getValue().forEach(value -> action.accept(entry.getKey(), value.textValue()));
      } else {
        action.accept(entry.getKey(), entry.getValue().textValue());
      }
    }
  }
}
