package dev.ampsync.testing;

import static dev.ampsync.testing.Wire.MAPPER;
import static dev.ampsync.testing.Wire.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Amplitude's validation rules, as the fake applies them before ingesting anything: per-event checks
 * (the index maps of a 400 "Invalid field values on some events"), identifications, group
 * identifications, property objects, refused ids and {@code min_id_length}. Stateless.
 */
final class Checks {
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

  private Checks() {}

  /** The 400 naming every bad field of every event, or null when all events pass. */
  static Reply eventProblems(List<ObjectNode> events, int minIdLength) {
    EventProblems problems = new EventProblems();
    for (int i = 0; i < events.size(); i++) {
      checkEvent(i, events.get(i), minIdLength, problems);
    }
    return problems.isEmpty() ? null : problems.reply();
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
    for (Map.Entry<String, JsonNode> field : event.properties()) {
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

  /** Why an identification is refused, or null when it is fine. */
  static String identificationProblem(JsonNode item, int minIdLength) {
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

  /** Why a group identification is refused, or null when it is fine. */
  static String groupProblem(JsonNode item) {
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

  /** How many properties an update names (an operation counts each property it names). */
  static int propertyCount(JsonNode properties) {
    if (!present(properties)) {
      return 0;
    }
    int count = 0;
    for (Map.Entry<String, JsonNode> entry : properties.properties()) {
      if (ProfileState.OPERATIONS.contains(entry.getKey()) && entry.getValue().isObject()) {
        count += entry.getValue().size();
      } else {
        count++;
      }
    }
    return count;
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
    for (Map.Entry<String, JsonNode> entry : properties.properties()) {
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

  /** {@code options.min_id_length}, default 5, or null when invalid. */
  static Integer minIdLength(JsonNode options) {
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
}
