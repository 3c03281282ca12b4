package dev.ampsync.record;

import dev.ampsync.internal.util.Arguments;
import dev.ampsync.internal.util.PropertyValues;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import dev.ampsync.internal.util.FrozenMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An Amplitude event: an event type, the user or device it happened to, and its properties and
 * fields, written through the Batch API (default) or HTTP V2.
 *
 * <pre>{@code
 * EventRecord order = EventRecord.builder("Order Completed")
 *     .userId("user-1042")
 *     .time(Instant.parse("2024-03-01T12:30:00Z"))
 *     .insertId("order-88231")
 *     .eventProperty("items", 3)
 *     .price(new BigDecimal("19.99")).quantity(3L).productId("sku-7").currency("EUR")
 *     .build();
 * }</pre>
 *
 * <p>An event needs a {@code user_id} or a {@code device_id}; {@link Builder#build()} refuses one
 * with neither. User properties that only {@code $set} are sent as a plain object, which every
 * Amplitude endpoint honours; other operations are sent as operations.
 *
 * <p>Immutable and thread-safe.
 */
public final class EventRecord implements AmplitudeRecord {
  private final String eventType;
  private final String userId;
  private final String deviceId;
  private final Map<String, Object> eventProperties;
  private final PropertyOperations userProperties;
  private final Map<AmplitudeField, Object> fields;
  private final Map<String, List<String>> groups;
  /**
   * Set by {@link RecordValidator} when it found nothing wrong with this record, so the encoder need
   * not scan its text again; not part of the record's value (equality ignores it). A plain field: a
   * thread that does not see it set only scans again.
   */
  boolean validated;

  private EventRecord(Builder builder) {
    this.eventType = builder.eventType;
    this.userId = builder.userId;
    this.deviceId = builder.deviceId;
    this.eventProperties = builder.frozenProperties();
    this.userProperties = builder.parts.properties;
    this.fields = builder.parts.fieldsCopy();
    this.groups = builder.parts.groupsCopy();
  }

  /**
   * Returns a builder for an event of the given type.
   *
   * @param eventType the event type, for example {@code "Order Completed"}
   * @return a new builder
   * @throws NullPointerException if {@code eventType} is null
   */
  public static Builder builder(String eventType) {
    return new Builder(Arguments.required(eventType, "eventType",
        "pass the event's name as it shows in Amplitude, e.g. \"Order Completed\""));
  }

  @Override
  public ObjectType objectType() {
    return ObjectType.EVENT;
  }

  /**
   * Returns the event type.
   *
   * @return the event type
   */
  public String eventType() {
    return eventType;
  }

  @Override
  public Optional<String> userId() {
    return Optional.ofNullable(userId);
  }

  @Override
  public Optional<String> deviceId() {
    return Optional.ofNullable(deviceId);
  }

  /**
   * Returns the event time.
   *
   * @return the time, if set; Amplitude uses the upload time otherwise
   */
  public Optional<Instant> time() {
    return Optional.ofNullable((Instant) fields.get(AmplitudeField.TIME));
  }

  /**
   * Returns the insert id, Amplitude's deduplication key.
   *
   * @return the insert id, if set
   */
  public Optional<String> insertId() {
    return Optional.ofNullable((String) fields.get(AmplitudeField.INSERT_ID));
  }

  /**
   * Returns the event properties.
   *
   * @return an unmodifiable map, possibly with null values
   */
  public Map<String, Object> eventProperties() {
    return eventProperties;
  }

  /**
   * Returns the user property operations carried on the event.
   *
   * @return the operations, possibly empty
   */
  public PropertyOperations userProperties() {
    return userProperties;
  }

  @Override
  public Map<AmplitudeField, Object> fields() {
    return fields;
  }

  @Override
  public Map<String, List<String>> groups() {
    return groups;
  }

  /**
   * Returns a builder holding this record's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder(eventType);
    builder.userId = userId;
    builder.deviceId = deviceId;
    builder.borrowed = (FrozenMap) eventProperties;
    builder.parts = new RecordParts(ObjectType.EVENT, fields, groups, userProperties);
    return builder;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EventRecord that
        && eventType.equals(that.eventType)
        && Objects.equals(userId, that.userId)
        && Objects.equals(deviceId, that.deviceId)
        && eventProperties.equals(that.eventProperties)
        && userProperties.equals(that.userProperties)
        && fields.equals(that.fields)
        && groups.equals(that.groups);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventType, userId, deviceId, eventProperties, userProperties, fields, groups);
  }

  @Override
  public String toString() {
    return new RecordParts.Description("EventRecord")
        .add("event_type", eventType)
        .add("user_id", userId)
        .add("device_id", deviceId)
        .addFields(fields)
        .add("event_properties", eventProperties)
        .add("user_properties", userProperties)
        .add("groups", groups)
        .toString();
  }

  /** Builds {@link EventRecord}s. Not thread-safe; {@link #build()} copies. */
  public static final class Builder implements SharedFieldsBuilder<Builder> {
    private final String eventType;
    private String userId;
    private String deviceId;
    /** The properties while they are a map taken over as it is (copy on first change), else null. */
    private FrozenMap borrowed = FrozenMap.empty();
    private LinkedHashMap<String, Object> eventProperties;
    private RecordParts parts = new RecordParts(ObjectType.EVENT);

    private Builder(String eventType) {
      this.eventType = eventType;
    }

    /**
     * Sets the user the event happened to.
     *
     * @param userId the user id, or null
     * @return this builder
     */
    public Builder userId(String userId) {
      this.userId = userId;
      return this;
    }

    /**
     * Sets the device the event happened on.
     *
     * @param deviceId the device id, or null
     * @return this builder
     */
    public Builder deviceId(String deviceId) {
      this.deviceId = deviceId;
      return this;
    }

    /**
     * Replaces the event properties.
     *
     * @param properties property names and values; values may be null
     * @return this builder
     * @throws NullPointerException if the map or a key is null
     * @throws IllegalArgumentException if a value has a type Amplitude cannot take
     */
    public Builder eventProperties(Map<String, ?> properties) {
      // Immutable: shared, not copied, until a single property changes.
      Arguments.required(properties, "properties",
          "pass the event properties, name to value, e.g. Map.of(\"plan\", \"pro\"), or Map.of() for none");
      borrowed = PropertyValues.copyMap(properties, "event_properties");
      eventProperties = null;
      return this;
    }

    /**
     * Sets one event property.
     *
     * @param name the property name
     * @param value the value, possibly null
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if the value has a type Amplitude cannot take
     */
    public Builder eventProperty(String name, Object value) {
      Arguments.required(name, "name", "pass the event property's name, e.g. \"plan\"");
      Object copy = PropertyValues.copyValue(value, "event_properties." + name);
      editable().put(name, copy);
      return this;
    }

    private LinkedHashMap<String, Object> editable() {
      if (eventProperties == null) {
        eventProperties = new LinkedHashMap<>(borrowed);
        borrowed = null;
      }
      return eventProperties;
    }

    private FrozenMap frozenProperties() {
      return borrowed != null ? borrowed : FrozenMap.copyOf(eventProperties);
    }

    /**
     * Sets the user property operations carried on the event.
     *
     * @param userProperties the operations
     * @return this builder
     * @throws NullPointerException if {@code userProperties} is null
     */
    public Builder userProperties(PropertyOperations userProperties) {
      parts.properties = Arguments.required(userProperties, "userProperties", "pass the user property operations, e.g. PropertyOperations.setAll(Map.of(\"plan\", \"pro\")), or PropertyOperations.empty()");
      return this;
    }

    @Override
    public Builder field(AmplitudeField field, Object value) {
      parts.field(field, value);
      return this;
    }

    @Override
    public Builder group(String groupType, Collection<String> groupValues) {
      parts.group(groupType, groupValues);
      return this;
    }

    @Override
    public Builder groups(Map<String, ? extends Collection<String>> groups) {
      parts.groups(groups);
      return this;
    }

    /**
     * Sets {@code session_id}: the session start in epoch milliseconds, or -1 for no session.
     *
     * @param sessionId the value, or null
     * @return this builder
     */
    public Builder sessionId(Long sessionId) {
      return field(AmplitudeField.SESSION_ID, sessionId);
    }

    /**
     * Sets {@code event_id}, a counter that separates same-user, same-time events.
     *
     * @param eventId the value, or null
     * @return this builder
     */
    public Builder eventId(Long eventId) {
      return field(AmplitudeField.EVENT_ID, eventId);
    }

    /**
     * Sets {@code price}, the unit price; negative for refunds.
     *
     * @param price the value, or null
     * @return this builder
     */
    public Builder price(BigDecimal price) {
      return field(AmplitudeField.PRICE, price);
    }

    /**
     * Sets {@code quantity}.
     *
     * @param quantity the value, or null
     * @return this builder
     */
    public Builder quantity(Long quantity) {
      return field(AmplitudeField.QUANTITY, quantity);
    }

    /**
     * Sets {@code revenue}; price × quantity wins when all three are sent.
     *
     * @param revenue the value, or null
     * @return this builder
     */
    public Builder revenue(BigDecimal revenue) {
      return field(AmplitudeField.REVENUE, revenue);
    }

    /**
     * Sets {@code productId}.
     *
     * @param productId the value, or null
     * @return this builder
     */
    public Builder productId(String productId) {
      return field(AmplitudeField.PRODUCT_ID, productId);
    }

    /**
     * Sets {@code revenueType}.
     *
     * @param revenueType the value, or null
     * @return this builder
     */
    public Builder revenueType(String revenueType) {
      return field(AmplitudeField.REVENUE_TYPE, revenueType);
    }

    /**
     * Sets {@code currency}, an ISO 4217 code such as {@code "EUR"}.
     *
     * @param currency the value, or null
     * @return this builder
     */
    public Builder currency(String currency) {
      return field(AmplitudeField.CURRENCY, currency);
    }

    /**
     * Sets {@code location_lat} and {@code location_lng}.
     *
     * @param latitude the latitude, or null
     * @param longitude the longitude, or null
     * @return this builder
     */
    public Builder location(BigDecimal latitude, BigDecimal longitude) {
      field(AmplitudeField.LOCATION_LAT, latitude);
      return field(AmplitudeField.LOCATION_LNG, longitude);
    }

    /**
     * Sets {@code ip}, used by Amplitude for geolocation.
     *
     * @param ip the value, or null
     * @return this builder
     */
    public Builder ip(String ip) {
      return field(AmplitudeField.IP, ip);
    }

    /**
     * Sets {@code idfa}.
     *
     * @param idfa the value, or null
     * @return this builder
     */
    public Builder idfa(String idfa) {
      return field(AmplitudeField.IDFA, idfa);
    }

    /**
     * Sets {@code idfv}.
     *
     * @param idfv the value, or null
     * @return this builder
     */
    public Builder idfv(String idfv) {
      return field(AmplitudeField.IDFV, idfv);
    }

    /**
     * Sets {@code adid}.
     *
     * @param adid the value, or null
     * @return this builder
     */
    public Builder adid(String adid) {
      return field(AmplitudeField.ADID, adid);
    }

    /**
     * Sets {@code android_id}.
     *
     * @param androidId the value, or null
     * @return this builder
     */
    public Builder androidId(String androidId) {
      return field(AmplitudeField.ANDROID_ID, androidId);
    }

    /**
     * Sets {@code android_app_set_id}.
     *
     * @param androidAppSetId the value, or null
     * @return this builder
     */
    public Builder androidAppSetId(String androidAppSetId) {
      return field(AmplitudeField.ANDROID_APP_SET_ID, androidAppSetId);
    }

    /**
     * Sets {@code version_name}.
     *
     * @param versionName the value, or null
     * @return this builder
     */
    public Builder versionName(String versionName) {
      return field(AmplitudeField.VERSION_NAME, versionName);
    }

    /**
     * Sets {@code user_agent}.
     *
     * @param userAgent the value, or null
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      return field(AmplitudeField.USER_AGENT, userAgent);
    }

    /**
     * Sets {@code partner_id}.
     *
     * @param partnerId the value, or null
     * @return this builder
     */
    public Builder partnerId(String partnerId) {
      return field(AmplitudeField.PARTNER_ID, partnerId);
    }

    /**
     * Sets {@code plan}, the tracking-plan information.
     *
     * @param plan the value, or null
     * @return this builder
     */
    public Builder plan(Plan plan) {
      return field(AmplitudeField.PLAN, plan);
    }

    /**
     * Sets {@code ingestion_metadata}.
     *
     * @param ingestionMetadata the value, or null
     * @return this builder
     */
    public Builder ingestionMetadata(IngestionMetadata ingestionMetadata) {
      return field(AmplitudeField.INGESTION_METADATA, ingestionMetadata);
    }

    /**
     * Sets {@code $skip_user_properties_sync}: when true the event neither reads nor updates the
     * user-property table, as historical backfills should.
     *
     * @param skip the value, or null
     * @return this builder
     */
    public Builder skipUserPropertiesSync(Boolean skip) {
      return field(AmplitudeField.SKIP_USER_PROPERTIES_SYNC, skip);
    }

    /**
     * Builds the event.
     *
     * @return an immutable record
     * @throws IllegalStateException if neither a user id nor a device id is set
     */
    public EventRecord build() {
      if (userId == null && deviceId == null) {
        throw new IllegalStateException(
            "event '" + eventType + "' needs a user_id or a device_id; set userId(...) or deviceId(...)");
      }
      return new EventRecord(this);
    }
  }
}
