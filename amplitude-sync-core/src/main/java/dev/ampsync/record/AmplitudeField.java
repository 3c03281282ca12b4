package dev.ampsync.record;

import dev.ampsync.internal.util.Arguments;
import dev.ampsync.internal.util.Numbers;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A top-level Amplitude field of an event or identification, by Amplitude's own key name.
 *
 * <p>Identifiers ({@code user_id}, {@code device_id}, {@code event_type}), properties and groups are
 * not fields: records have dedicated accessors for them. Each field has a {@link Kind} that fixes its
 * Java type, and a set of object types that accept it ({@link #appliesTo(ObjectType)}). The
 * identification keys ({@code platform}, {@code country}, ...) apply to users, devices and events;
 * revenue, location and advertising ids only to events.
 *
 * <p>{@code insert_id}, {@code time} and {@code library} are event keys that amplitude-sync also sends
 * on identifications when set, as Segment's integration does; Amplitude documents them only for events.
 */
public enum AmplitudeField {
  /** The event time; an {@link Instant}, sent as epoch milliseconds. */
  TIME("time", Kind.TIME, Scope.ALL),
  /** The deduplication key; Amplitude ignores a repeated insert_id for 7 days. */
  INSERT_ID("insert_id", Kind.STRING, Scope.ALL),
  /** The application version. */
  APP_VERSION("app_version", Kind.STRING, Scope.ALL),
  /** The application version name (SDKs send it; not in the HTTP V2 field table). */
  VERSION_NAME("version_name", Kind.STRING, Scope.EVENT),
  /** The platform; updated together with the other device fields on identify. */
  PLATFORM("platform", Kind.STRING, Scope.ALL),
  /** The OS or browser name; a device field. */
  OS_NAME("os_name", Kind.STRING, Scope.ALL),
  /** The OS or browser version; a device field. */
  OS_VERSION("os_version", Kind.STRING, Scope.ALL),
  /** The device brand; a device field. */
  DEVICE_BRAND("device_brand", Kind.STRING, Scope.ALL),
  /** The device manufacturer; a device field. */
  DEVICE_MANUFACTURER("device_manufacturer", Kind.STRING, Scope.ALL),
  /** The device model; a device field. */
  DEVICE_MODEL("device_model", Kind.STRING, Scope.ALL),
  /** The carrier; a device field. */
  CARRIER("carrier", Kind.STRING, Scope.ALL),
  /** The country; updated together with region, city and DMA on identify. */
  COUNTRY("country", Kind.STRING, Scope.ALL),
  /** The region (state, province); a location field. */
  REGION("region", Kind.STRING, Scope.ALL),
  /** The city; a location field. */
  CITY("city", Kind.STRING, Scope.ALL),
  /** The designated market area; a location field. */
  DMA("dma", Kind.STRING, Scope.ALL),
  /** The language, such as {@code en-US}. */
  LANGUAGE("language", Kind.STRING, Scope.ALL),
  /** Whether the user pays (a string in Amplitude's docs). Identify only. */
  PAYING("paying", Kind.STRING, Scope.IDENTIFY),
  /** The first app version the user had. Identify only. */
  START_VERSION("start_version", Kind.STRING, Scope.IDENTIFY),
  /** The unit price; an exact decimal. Negative for refunds. */
  PRICE("price", Kind.DECIMAL, Scope.EVENT),
  /** The quantity; an integer, default 1 in Amplitude. */
  QUANTITY("quantity", Kind.INTEGER, Scope.EVENT),
  /** The revenue; an exact decimal. price × quantity wins when all three are sent. */
  REVENUE("revenue", Kind.DECIMAL, Scope.EVENT),
  /** The product id (camelCase key). */
  PRODUCT_ID("productId", Kind.STRING, Scope.EVENT),
  /** The revenue type (camelCase key). */
  REVENUE_TYPE("revenueType", Kind.STRING, Scope.EVENT),
  /** The ISO 4217 currency code, three upper-case letters. */
  CURRENCY("currency", Kind.STRING, Scope.EVENT),
  /** The latitude; an exact decimal. */
  LOCATION_LAT("location_lat", Kind.DECIMAL, Scope.EVENT),
  /** The longitude; an exact decimal. */
  LOCATION_LNG("location_lng", Kind.DECIMAL, Scope.EVENT),
  /** The IP address used for geolocation. */
  IP("ip", Kind.STRING, Scope.EVENT),
  /** The iOS advertiser id. */
  IDFA("idfa", Kind.STRING, Scope.EVENT),
  /** The iOS vendor id. */
  IDFV("idfv", Kind.STRING, Scope.EVENT),
  /** The Google advertising id. */
  ADID("adid", Kind.STRING, Scope.EVENT),
  /** The Android id. */
  ANDROID_ID("android_id", Kind.STRING, Scope.EVENT),
  /** The Android app set id. */
  ANDROID_APP_SET_ID("android_app_set_id", Kind.STRING, Scope.EVENT),
  /** An incrementing counter that separates same-user, same-time events. */
  EVENT_ID("event_id", Kind.INTEGER, Scope.EVENT),
  /** The session start in epoch milliseconds; -1 for no session. */
  SESSION_ID("session_id", Kind.INTEGER, Scope.EVENT),
  /** The raw user agent, parsed by Amplitude. */
  USER_AGENT("user_agent", Kind.STRING, Scope.EVENT),
  /** Tracking-plan information; a {@link Plan}. */
  PLAN("plan", Kind.PLAN, Scope.EVENT),
  /** The partner id of a registered event-ingestion integration. */
  PARTNER_ID("partner_id", Kind.STRING, Scope.EVENT),
  /** The sending library, for example {@code amplitude-sync/1.0.0}. */
  LIBRARY("library", Kind.STRING, Scope.ALL),
  /** Which integration sent the event; an {@link IngestionMetadata}. */
  INGESTION_METADATA("ingestion_metadata", Kind.INGESTION_METADATA, Scope.EVENT),
  /** When true the event neither reads nor writes the user-property table (for backfills). */
  SKIP_USER_PROPERTIES_SYNC("$skip_user_properties_sync", Kind.BOOLEAN, Scope.EVENT);

  /** The Java type a field takes. */
  public enum Kind {
    /** A {@link String}. */
    STRING,
    /**
     * An exact decimal: any {@link Number}; the JDK's immutable types are held as given ({@link
     * BigDecimal} recommended), others are converted exactly to {@link BigDecimal}.
     */
    DECIMAL,
    /** A whole number, held as a {@link Long}. */
    INTEGER,
    /** A {@link Boolean}. */
    BOOLEAN,
    /** An {@link Instant}. */
    TIME,
    /** A {@link Plan}. */
    PLAN,
    /** An {@link IngestionMetadata}. */
    INGESTION_METADATA
  }

  private enum Scope {
    ALL(EnumSet.of(ObjectType.USER, ObjectType.DEVICE, ObjectType.EVENT)),
    IDENTIFY(EnumSet.of(ObjectType.USER, ObjectType.DEVICE)),
    EVENT(EnumSet.of(ObjectType.EVENT));

    private final Set<ObjectType> types;

    Scope(Set<ObjectType> types) {
      this.types = types;
    }
  }

  private static final Map<String, AmplitudeField> BY_WIRE_NAME = new HashMap<>();

  static {
    for (AmplitudeField field : values()) {
      BY_WIRE_NAME.put(field.wireName, field);
    }
  }

  private final String wireName;
  private final Kind kind;
  private final Scope scope;
  /** What {@link #coerce} says of a null value, built once: coerce runs for every field of every record. */
  private final String nullHint;

  AmplitudeField(String wireName, Kind kind, Scope scope) {
    this.wireName = wireName;
    this.kind = kind;
    this.scope = scope;
    this.nullHint = "pass the value for " + wireName + "; a record builder's setter takes null to leave the field unset";
  }

  /**
   * Returns Amplitude's key for this field, for example {@code "location_lat"} or {@code "productId"}.
   *
   * @return the wire name
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Returns the Java type this field takes.
   *
   * @return the kind
   */
  public Kind kind() {
    return kind;
  }

  /**
   * Tells whether records of the given type may carry this field.
   *
   * @param type an object type
   * @return true when Amplitude accepts the field on that object
   * @throws NullPointerException if {@code type} is null
   */
  public boolean appliesTo(ObjectType type) {
    return scope.types.contains(Arguments.required(type, "type", "pass the records' object type, e.g. ObjectType.EVENT"));
  }

  /**
   * Returns the field with the given Amplitude key, exactly as Amplitude spells it.
   *
   * @param wireName a key such as {@code "country"}
   * @return the field, or empty when Amplitude has no such top-level field
   * @throws NullPointerException if {@code wireName} is null
   */
  public static Optional<AmplitudeField> fromWireName(String wireName) {
    return Optional.ofNullable(BY_WIRE_NAME.get(Arguments.required(wireName, "wireName",
        "pass the field's key as Amplitude spells it, e.g. \"country\"")));
  }

  /**
   * Checks a value against this field's kind and returns the form records hold.
   *
   * <p>Integers accept any whole {@link Number} within the range of {@code long}; decimals any
   * {@link Number}; the other kinds exactly their type.
   *
   * @param value the value, not null
   * @return the value to hold: a {@link Long} for integer fields, otherwise the value itself
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalArgumentException if the value does not fit the field; the message names the field
   */
  public Object coerce(Object value) {
    Arguments.required(value, "value", nullHint);
    switch (kind) {
      case STRING:
        if (value instanceof String) {
          return value;
        }
        break;
      case DECIMAL:
        if (value instanceof Number number) {
          return Numbers.immutable(number, wireName);
        }
        break;
      case INTEGER:
        Long whole = toLong(value);
        if (whole != null) {
          return whole;
        }
        break;
      case BOOLEAN:
        if (value instanceof Boolean) {
          return value;
        }
        break;
      case TIME:
        if (value instanceof Instant) {
          return value;
        }
        break;
      case PLAN:
        if (value instanceof Plan) {
          return value;
        }
        break;
      case INGESTION_METADATA:
        if (value instanceof IngestionMetadata) {
          return value;
        }
        break;
      default:
        throw new AssertionError(kind);
    }
    throw new IllegalArgumentException(
        wireName + " takes " + describe(kind) + ", not " + value.getClass().getSimpleName() + " " + value);
  }

  private static Long toLong(Object value) {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof java.util.concurrent.atomic.AtomicLong
        || value instanceof java.util.concurrent.atomic.AtomicInteger) {
      return ((Number) value).longValue();
    }
    try {
      if (value instanceof BigInteger big) {
        return big.longValueExact();
      }
      if (value instanceof BigDecimal decimal) {
        return decimal.longValueExact();
      }
    } catch (ArithmeticException notWholeOrTooLarge) {
      return null;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
        return (long) d;
      }
    }
    return null;
  }

  private static String describe(Kind kind) {
    switch (kind) {
      case STRING:
        return "a String";
      case DECIMAL:
        return "a number";
      case INTEGER:
        return "a whole number within the range of long";
      case BOOLEAN:
        return "a Boolean";
      case TIME:
        return "an Instant";
      case PLAN:
        return "a Plan";
      default:
        return "an IngestionMetadata";
    }
  }
}
