package dev.ampsync.mapping;

import dev.ampsync.internal.util.Arguments;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.AmplitudeField;
import dev.ampsync.record.PropertyOperation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How a row becomes a record of one object type: the Java form of a YAML spec's {@code mapping:}.
 *
 * <pre>{@code
 * Mapping users = Mapping.builder(ObjectType.USER)
 *     .userId(Value.column("id"))
 *     .field("country", Value.column("country"))
 *     .property("plan", Value.column("plan"))
 *     .property("first_seen", Value.column("created_at"), PropertyOperation.SET_ONCE)
 *     .property("logins", Value.column("login_count"), PropertyOperation.ADD)
 *     .property("source", Value.constant("warehouse"))
 *     .group("company", Value.column("company_id"))
 *     .nulls(Nulls.UNSET)
 *     .build();
 * }</pre>
 *
 * <p>Identifiers each object needs: users {@code user_id}; devices {@code device_id} (and optionally
 * the owning {@code user_id}); groups {@code group_type} and {@code group_value} (and optionally a
 * member {@code user_id}); events {@code event_type} and a {@code user_id} or {@code device_id}.
 * {@code insert_id} and {@code time} apply to events.
 *
 * <p>Every event mapping says when its events happened: map {@code time} to the column that holds it
 * ({@link Builder#time}), or, on purpose, let Amplitude stamp each event when it arrives ({@link
 * Builder#timeNow}). {@link Builder#build()} refuses an event mapping that does neither, because
 * Amplitude would silently stamp every historical row with the moment of the sync:
 *
 * <pre>{@code
 * Mapping orders = Mapping.builder(ObjectType.EVENT)
 *     .eventType(Value.constant("Order Completed"))
 *     .userId(Value.column("user_id"))
 *     .time(Value.column("ordered_at"))      // or .timeNow() for events that happen as they sync
 *     .build();
 * }</pre>
 *
 * <p>Value rules: integers and decimals stay exact; booleans stay booleans; {@code time} becomes epoch
 * milliseconds; dates and timestamps in properties become ISO-8601 strings (UTC, milliseconds);
 * UUIDs become strings; arrays become JSON arrays; JSON columns become objects; a binary value makes
 * the row invalid. Identifiers accept text, whole numbers and UUIDs.
 *
 * <p>Immutable and thread-safe.
 */
public final class Mapping {
  private static final String OBJECT_TYPE_HINT = "pass what the sync writes: ObjectType.USER, DEVICE, GROUP or EVENT";
  private static final String FUNCTION_HINT =
      "pass your RowFunction, e.g. row -> UserRecord.builder(row.getString(\"id\")).build()";
  private static final String VALUE_HINT =
      "pass Value.column(label) for a value from each row, or Value.constant(x) for the same value on every record";

  private final ObjectType objectType;
  private final Map<String, Value> identifiers;
  private final Map<AmplitudeField, Value> fields;
  private final List<PropertyMapping> properties;
  private final List<PropertyMapping> userProperties;
  private final String propertiesJson;
  private final Map<String, Value> groups;
  private final Nulls nulls;
  private final RowFunction function;
  private final boolean timeNow;

  private Mapping(Builder builder) {
    this.objectType = builder.objectType;
    this.identifiers = Collections.unmodifiableMap(new LinkedHashMap<>(builder.identifiers));
    this.fields = Collections.unmodifiableMap(new EnumMap<>(builder.fields));
    this.properties = List.copyOf(builder.properties);
    this.userProperties = List.copyOf(builder.userProperties);
    this.propertiesJson = builder.propertiesJson;
    this.groups = Collections.unmodifiableMap(new LinkedHashMap<>(builder.groups));
    this.nulls = builder.nulls;
    this.function = builder.function;
    this.timeNow = builder.timeNow;
  }

  /**
   * Returns a builder for a declarative mapping.
   *
   * @param objectType what the rows become
   * @return a new builder
   * @throws NullPointerException if {@code objectType} is null
   */
  public static Builder builder(ObjectType objectType) {
    return new Builder(Arguments.required(objectType, "objectType", OBJECT_TYPE_HINT));
  }

  /**
   * Returns a mapping done by the user's own function.
   *
   * @param objectType what the function returns; other record types make the row invalid
   * @param function the function
   * @return the mapping
   * @throws NullPointerException if an argument is null
   */
  public static Mapping custom(ObjectType objectType, RowFunction function) {
    Builder builder = new Builder(Arguments.required(objectType, "objectType", OBJECT_TYPE_HINT));
    builder.function = Arguments.required(function, "function", FUNCTION_HINT);
    return new Mapping(builder);
  }

  /**
   * Returns a mapping done by the user's own function whose events may carry no {@code time}: Amplitude
   * stamps such an event when it receives it. With {@link #custom}, an event the function returns
   * without a time is an invalid row instead, because the rows of a sync are usually history whose
   * moment would be lost; the function cannot be checked before it runs, so this is checked per record.
   *
   * <pre>{@code
   * Mapping signals = Mapping.customTimeNow(row -> EventRecord.builder("Signal Seen")
   *     .userId(row.getString("user_id"))
   *     .build());
   * }</pre>
   *
   * @param function the function, returning event records
   * @return the mapping
   * @throws NullPointerException if {@code function} is null
   */
  public static Mapping customTimeNow(RowFunction function) {
    Builder builder = new Builder(ObjectType.EVENT);
    builder.function = Arguments.required(function, "function", FUNCTION_HINT);
    builder.timeNow = true;
    return new Mapping(builder);
  }

  /**
   * Tells whether events are sent without {@code time} on purpose, so that Amplitude stamps them when
   * it receives them ({@link Builder#timeNow}, {@link #customTimeNow}).
   *
   * @return true for such an event mapping; false otherwise
   */
  public boolean timeNow() {
    return timeNow;
  }

  /**
   * Returns the object type rows become.
   *
   * @return the object type
   */
  public ObjectType objectType() {
    return objectType;
  }

  /**
   * Returns the user's row function, for a custom mapping.
   *
   * @return the function, or empty for a declarative mapping
   */
  public Optional<RowFunction> function() {
    return Optional.ofNullable(function);
  }

  /**
   * Returns an identifier's source: {@code user_id}, {@code device_id}, {@code group_type}, {@code
   * group_value}, {@code members}, {@code event_type}, {@code insert_id} or {@code time}.
   *
   * @param name the identifier's name
   * @return its value source, if mapped
   * @throws NullPointerException if {@code name} is null
   */
  public Optional<Value> identifier(String name) {
    return Optional.ofNullable(identifiers.get(Arguments.required(name, "name",
        "pass the identifier's Amplitude name: user_id, device_id, group_type, group_value, members, event_type, insert_id or time")));
  }

  /**
   * Returns the source of a group sync's member list ({@link Builder#members}).
   *
   * @return the value, if mapped
   */
  public Optional<Value> members() {
    return identifier("members");
  }

  /**
   * Returns the mapped identifiers by name.
   *
   * @return an unmodifiable map
   */
  public Map<String, Value> identifiers() {
    return identifiers;
  }

  /**
   * Returns the mapped top-level Amplitude fields.
   *
   * @return an unmodifiable map, in Amplitude's order
   */
  public Map<AmplitudeField, Value> fields() {
    return fields;
  }

  /**
   * Returns the mapped properties: user properties of users and devices, group properties of groups,
   * event properties of events.
   *
   * @return the property mappings, in order
   */
  public List<PropertyMapping> properties() {
    return properties;
  }

  /**
   * Returns the user properties carried on events.
   *
   * @return the property mappings, in order; empty for other objects
   */
  public List<PropertyMapping> userProperties() {
    return userProperties;
  }

  /**
   * Returns the JSON column whose keys become properties ({@code $set}).
   *
   * @return the column label, if mapped
   */
  public Optional<String> propertiesJson() {
    return Optional.ofNullable(propertiesJson);
  }

  /**
   * Returns the group memberships: group type to the value's source.
   *
   * @return an unmodifiable map
   */
  public Map<String, Value> groups() {
    return groups;
  }

  /**
   * Returns what NULL property values do.
   *
   * @return the null handling
   */
  public Nulls nulls() {
    return nulls;
  }

  /**
   * Returns a fingerprint of this mapping: equal mappings have equal fingerprints, and any change to
   * what is mapped changes it. A custom mapping's fingerprint covers only its object type. It is
   * computed from an explicit, versioned text of the mapping (version 1), never from {@code toString},
   * so the same mapping keeps its fingerprint across releases.
   *
   * @return 16 hex digits
   */
  public String fingerprint() {
    return MappingEncoding.fingerprint(canonical());
  }

  private String canonical() {
    return MappingEncoding.encode(objectType.name(), identifiers, fields, properties, userProperties,
        propertiesJson, groups, nulls, function != null, timeNow);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Mapping that && canonical().equals(that.canonical())
        && Objects.equals(function, that.function);
  }

  @Override
  public int hashCode() {
    return canonical().hashCode();
  }

  @Override
  public String toString() {
    return "Mapping{" + canonical() + "}";
  }

  /** Builds {@link Mapping}s. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final ObjectType objectType;
    private final Map<String, Value> identifiers = new LinkedHashMap<>();
    private final EnumMap<AmplitudeField, Value> fields = new EnumMap<>(AmplitudeField.class);
    private final List<PropertyMapping> properties = new ArrayList<>();
    private final List<PropertyMapping> userProperties = new ArrayList<>();
    private String propertiesJson;
    private final Map<String, Value> groups = new LinkedHashMap<>();
    private Nulls nulls = Nulls.SKIP;
    private RowFunction function;
    private boolean timeNow;

    private Builder(ObjectType objectType) {
      this.objectType = objectType;
    }

    /**
     * Maps {@code user_id}.
     *
     * @param value where it comes from
     * @return this builder
     */
    public Builder userId(Value value) {
      return identifier("user_id", value);
    }

    /**
     * Maps {@code members}: a group sync's column holding the group's member user ids as an array (a
     * SQL array, a JSON array, or a JSON array as text). Each row then gives one group identification
     * and one membership per member, each with an outcome of its own; NULL is a group without members.
     * Only for group syncs, and instead of {@link #userId} (one member per row).
     *
     * <pre>{@code
     * Mapping.builder(ObjectType.GROUP)
     *     .groupType(Value.constant("company"))
     *     .groupValue(Value.column("company_id"))
     *     .members(Value.column("member_ids"))
     *     .property("plan", Value.column("plan"))
     *     .build();
     * }</pre>
     *
     * @param value where the member list comes from
     * @return this builder
     * @throws NullPointerException if {@code value} is null
     * @throws IllegalArgumentException if this is not a group mapping
     * @throws IllegalStateException if {@code user_id} is mapped
     */
    public Builder members(Value value) {
      return identifier("members", value);
    }

    /**
     * Maps {@code device_id}.
     *
     * @param value where it comes from
     * @return this builder
     */
    public Builder deviceId(Value value) {
      return identifier("device_id", value);
    }

    /**
     * Maps {@code group_type} (groups).
     *
     * @param value where it comes from, usually a constant such as {@code "company"}
     * @return this builder
     */
    public Builder groupType(Value value) {
      return identifier("group_type", value);
    }

    /**
     * Maps {@code group_value} (groups).
     *
     * @param value where it comes from
     * @return this builder
     */
    public Builder groupValue(Value value) {
      return identifier("group_value", value);
    }

    /**
     * Maps {@code event_type} (events).
     *
     * @param value where it comes from, usually a constant such as {@code "Order Completed"}
     * @return this builder
     */
    public Builder eventType(Value value) {
      return identifier("event_type", value);
    }

    /**
     * Maps {@code insert_id} (events). Without it, a deterministic insert id is derived from the sync
     * name and the event's identity (type, user, device, time).
     *
     * @param value where it comes from
     * @return this builder
     */
    public Builder insertId(Value value) {
      return identifier("insert_id", value);
    }

    /**
     * Maps {@code time} (events): a timestamp, a date, epoch milliseconds or an ISO-8601 string. An
     * event mapping needs it, or {@link #timeNow()}.
     *
     * @param value where it comes from, usually the column that says when the event happened
     * @return this builder
     */
    public Builder time(Value value) {
      return identifier("time", value);
    }

    /**
     * Sends the events without {@code time}, so that Amplitude stamps each one when it receives it
     * (YAML {@code time: {now: true}}). Only for events that happen as they are synced: a historical
     * row would get the moment of the sync. Without {@link #insertId mapped insert ids}, events of one
     * type and user then share their derived insert id, so all but the first of a run are duplicates.
     *
     * <pre>{@code
     * Mapping.builder(ObjectType.EVENT)
     *     .eventType(Value.constant("Heartbeat"))
     *     .userId(Value.column("user_id"))
     *     .insertId(Value.column("heartbeat_id"))
     *     .timeNow()
     *     .build();
     * }</pre>
     *
     * @return this builder
     * @throws IllegalArgumentException if this is not an event mapping
     * @throws IllegalStateException if {@code time} is mapped to a value
     */
    public Builder timeNow() {
      if (objectType != ObjectType.EVENT) {
        throw new IllegalArgumentException(
            "mapping.time does not apply to " + objectType.specName() + " syncs; " + objectType.specName()
                + " syncs take " + identifierNames(objectType));
      }
      if (identifiers.containsKey("time")) {
        throw new IllegalStateException(
            "time is already mapped to " + identifiers.get("time").describe() + "; call either time(...) or timeNow()");
      }
      timeNow = true;
      return this;
    }

    /**
     * Maps an identifier by its YAML name.
     *
     * @param name {@code user_id}, {@code device_id}, {@code group_type}, {@code group_value}, {@code
     *     members}, {@code event_type}, {@code insert_id} or {@code time}
     * @param value where it comes from
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the name is not an identifier, or does not apply to this
     *     object type
     * @throws IllegalStateException if {@code members} and {@code user_id} would both be mapped
     */
    public Builder identifier(String name, Value value) {
      Arguments.required(name, "name", "pass the identifier's Amplitude name: user_id, device_id, event_type, insert_id or time");
      Arguments.required(value, "value", VALUE_HINT);
      if (!appliesTo(name, objectType)) {
        throw new IllegalArgumentException(
            "mapping." + name + " does not apply to " + objectType.specName() + " syncs; "
                + objectType.specName() + " syncs take " + identifierNames(objectType));
      }
      if (name.equals("time") && timeNow) {
        throw new IllegalStateException(
            "time is already timeNow(); call either time(...) or timeNow()");
      }
      // One member per row (user_id) or a member list per row (members), never both: a row would be
      // a membership twice over, keyed two ways.
      String other = name.equals("members") ? "user_id" : name.equals("user_id") ? "members" : null;
      if (other != null && identifiers.containsKey(other)) {
        throw new IllegalStateException(
            "mapping." + name + " cannot go with mapping." + other + ": map members (a list of user ids"
                + " per group row) or user_id (one member per row), not both; " + other + " is already mapped to "
                + identifiers.get(other).describe());
      }
      identifiers.put(name, value);
      return this;
    }

    /**
     * Maps a top-level Amplitude field by Amplitude's own key name, such as {@code country}, {@code
     * platform}, {@code price}, {@code productId} or {@code location_lat}.
     *
     * @param wireName the key
     * @param value where it comes from
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if Amplitude has no such field for this object type
     */
    public Builder field(String wireName, Value value) {
      Arguments.required(wireName, "wireName",
          "pass the Amplitude top-level field's own key name, e.g. \"country\", \"platform\" or \"revenue\"");
      Arguments.required(value, "value", VALUE_HINT);
      AmplitudeField field =
          AmplitudeField.fromWireName(wireName)
              .orElseThrow(
                  () -> new IllegalArgumentException(
                      "mapping.fields." + wireName + " is not an Amplitude field; fields for "
                          + objectType.specName() + " syncs are " + fieldNames(objectType)));
      if (field == AmplitudeField.TIME || field == AmplitudeField.INSERT_ID) {
        throw new IllegalArgumentException(
            "mapping.fields." + wireName + ": map it as mapping." + wireName + " instead");
      }
      if (!field.appliesTo(objectType)) {
        throw new IllegalArgumentException(
            "mapping.fields." + wireName + " does not apply to " + objectType.specName()
                + " syncs; fields for " + objectType.specName() + " syncs are " + fieldNames(objectType));
      }
      fields.put(field, value);
      return this;
    }

    /**
     * Maps a property with {@code $set}.
     *
     * @param name the property name in Amplitude
     * @param value where it comes from
     * @return this builder
     */
    public Builder property(String name, Value value) {
      return property(name, value, PropertyOperation.SET);
    }

    /**
     * Maps a property with an operation.
     *
     * @param name the property name in Amplitude
     * @param value where it comes from
     * @param operation the operation; groups take only {@link PropertyOperation#isGroupOperation()
     *     group operations}, events only {@code $set}
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the operation does not apply to this object type
     * @throws IllegalStateException if the property is already mapped
     */
    public Builder property(String name, Value value, PropertyOperation operation) {
      PropertyMapping mapping = new PropertyMapping(name, value, operation);
      if (objectType == ObjectType.GROUP && !operation.isGroupOperation()) {
        throw new IllegalArgumentException(
            "mapping.properties." + name + ": op " + operation.specName()
                + " does not apply to group properties; groups take set, set_once, add, append, prepend, unset");
      }
      if (objectType == ObjectType.EVENT && operation != PropertyOperation.SET) {
        throw new IllegalArgumentException(
            "mapping.properties." + name + ": event properties take no operation; use"
                + " mapping.user_properties for user property operations");
      }
      addUnique(properties, mapping, "properties");
      return this;
    }

    /**
     * Maps a user property carried on each event (events only).
     *
     * @param name the user property name
     * @param value where it comes from
     * @param operation the operation
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if this is not an event mapping
     * @throws IllegalStateException if the property is already mapped
     */
    public Builder userProperty(String name, Value value, PropertyOperation operation) {
      if (objectType != ObjectType.EVENT) {
        throw new IllegalArgumentException(
            "mapping.user_properties applies to event syncs only; for "
                + objectType.specName() + " syncs use mapping.properties");
      }
      addUnique(userProperties, new PropertyMapping(name, value, operation), "user_properties");
      return this;
    }

    /**
     * Expands a JSON column into properties: each key of the JSON object becomes a property
     * ({@code $set}, or the event property). Explicitly mapped properties win over JSON keys.
     *
     * @param column the column label, holding a JSON object (text or parsed)
     * @return this builder
     * @throws NullPointerException if {@code column} is null
     */
    public Builder propertiesJson(String column) {
      this.propertiesJson = Arguments.required(column, "column",
          "pass the label of a JSON column whose keys become properties, e.g. \"props\"");
      return this;
    }

    /**
     * Maps a group membership: the row's record belongs to the group of this type whose value comes
     * from {@code value} (an array column gives several values).
     *
     * @param groupType the group type, such as {@code "company"}
     * @param value where the group value comes from
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException for group syncs, whose membership is their own group
     */
    public Builder group(String groupType, Value value) {
      Arguments.required(groupType, "groupType", "pass the Amplitude group type, e.g. \"company\"");
      Arguments.required(value, "value", VALUE_HINT);
      if (objectType == ObjectType.GROUP) {
        throw new IllegalArgumentException(
            "mapping.groups does not apply to group syncs: map user_id to add users to the group");
      }
      groups.put(groupType, value);
      return this;
    }

    /**
     * Sets what NULL property values do (default {@link Nulls#SKIP}).
     *
     * @param nulls the null handling
     * @return this builder
     * @throws NullPointerException if {@code nulls} is null
     */
    public Builder nulls(Nulls nulls) {
      this.nulls = Arguments.required(nulls, "nulls",
          "pass Nulls.SKIP (a NULL leaves the property as it is; the default) or Nulls.UNSET (a NULL unsets it)");
      return this;
    }

    /**
     * Builds the mapping.
     *
     * @return an immutable mapping
     * @throws IllegalStateException if an identifier the object type needs is not mapped, naming it;
     *     or for an event mapping with neither {@link #time} nor {@link #timeNow()}
     */
    public Mapping build() {
      switch (objectType) {
        case USER -> require("user_id");
        case DEVICE -> require("device_id");
        case GROUP -> {
          require("group_type");
          require("group_value");
        }
        case EVENT -> {
          require("event_type");
          if (!identifiers.containsKey("user_id") && !identifiers.containsKey("device_id")) {
            throw new IllegalStateException("event syncs need mapping.user_id or mapping.device_id");
          }
          if (!identifiers.containsKey("time") && !timeNow) {
            throw new IllegalStateException(
                "an event mapping needs time: call .time(Value.column(\"ordered_at\")) with the column that"
                    + " says when the event happened, or .timeNow() to let Amplitude stamp events when it"
                    + " receives them");
          }
        }
        default -> throw new AssertionError(objectType);
      }
      return new Mapping(this);
    }

    private void require(String name) {
      if (!identifiers.containsKey(name)) {
        throw new IllegalStateException(
            objectType.specName() + " syncs need mapping." + name + "; add it to the mapping");
      }
    }

    private static void addUnique(List<PropertyMapping> list, PropertyMapping mapping, String key) {
      for (PropertyMapping existing : list) {
        if (existing.name().equals(mapping.name())) {
          throw new IllegalStateException(
              "mapping." + key + "." + mapping.name() + " is mapped twice");
        }
      }
      list.add(mapping);
    }

    private static boolean appliesTo(String identifier, ObjectType type) {
      return switch (identifier) {
        case "user_id" -> true;
        case "device_id" -> type != ObjectType.GROUP;
        case "group_type", "group_value", "members" -> type == ObjectType.GROUP;
        case "event_type", "insert_id", "time" -> type == ObjectType.EVENT;
        default -> false;
      };
    }

    private static String identifierNames(ObjectType type) {
      List<String> names = new ArrayList<>();
      for (String name : List.of("user_id", "device_id", "group_type", "group_value", "members", "event_type", "insert_id",
          "time")) {
        if (appliesTo(name, type)) {
          names.add(name);
        }
      }
      return String.join(", ", names);
    }

    private static String fieldNames(ObjectType type) {
      List<String> names = new ArrayList<>();
      for (AmplitudeField field : AmplitudeField.values()) {
        if (field.appliesTo(type) && field != AmplitudeField.TIME && field != AmplitudeField.INSERT_ID) {
          names.add(field.wireName());
        }
      }
      return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
  }
}
