package dev.ampsync.internal.engine;

import com.fasterxml.jackson.core.JacksonException;
import dev.ampsync.internal.util.FrozenList;
import dev.ampsync.internal.util.FrozenMap;
import dev.ampsync.internal.util.JsonTrees;
import dev.ampsync.internal.util.PropertyValues;
import dev.ampsync.internal.util.Text;
import dev.ampsync.record.AmplitudeField;
import dev.ampsync.record.IngestionMetadata;
import dev.ampsync.record.Plan;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.UnreadableValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The documented value rules of a mapping: what an identifier, a time, a field and a property accept
 * from a row, and what they become.
 */
final class Conversions {
  /** ISO-8601 date-times: 'T' between date and time, optional fraction, offsets Z, +02, +0200, +02:00. */
  private static final DateTimeFormatter DATE_TIME =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendLiteral('T')
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
          .optionalStart().appendOffset("+HH:mm", "Z").optionalEnd()
          .toFormatter()
          .withResolverStyle(java.time.format.ResolverStyle.STRICT); // 2024-02-30 is no date

  private Conversions() {}

  /** An identifier: text, a whole number or a UUID, as text. */
  static String id(Object value, String what) throws RowException {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger || value instanceof UUID) {
      return value.toString();
    }
    if (value instanceof BigDecimal decimal) {
      try {
        return decimal.toBigIntegerExact().toString();
      } catch (ArithmeticException fraction) {
        throw new RowException(what + " must be text, a whole number or a UUID, got the decimal " + decimal.toPlainString());
      }
    }
    throw new RowException(what + " must be text, a whole number or a UUID, got " + describe(value));
  }

  /**
   * A time: an instant, a timestamp, an offset or zoned date-time, a local date-time or date (read
   * as UTC), epoch milliseconds, or an ISO-8601 string of any of these.
   */
  static Instant time(Object value, String what) throws RowException {
    if (value instanceof UnreadableValue unreadable) {
      throw new RowException(what + ": " + unreadable.reason());
    }
    Instant time = anyTime(value, what);
    if (time.isBefore(ValueRanges.FIRST_TIME) || time.isAfter(ValueRanges.LAST_TIME)) {
      throw new RowException(what + " is " + time + ", outside the times Amplitude takes"
          + " (epoch milliseconds from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z)");
    }
    return time;
  }

  private static Instant anyTime(Object value, String what) throws RowException {
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    if (value instanceof java.util.Date date) {
      return date.toInstant();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (value instanceof ZonedDateTime zoned) {
      return zoned.toInstant();
    }
    if (value instanceof LocalDateTime local) {
      return local.toInstant(ZoneOffset.UTC);
    }
    if (value instanceof LocalDate date) {
      return date.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    if (value instanceof Long || value instanceof Integer) {
      return Instant.ofEpochMilli(((Number) value).longValue());
    }
    try {
      // longValueExact: a number beyond long's range is refused, not wrapped around into some time
      if (value instanceof BigInteger big) {
        return Instant.ofEpochMilli(big.longValueExact());
      }
      if (value instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0) {
        return Instant.ofEpochMilli(decimal.longValueExact());
      }
    } catch (ArithmeticException tooLarge) {
      throw new RowException(what + " is " + Text.abbreviate(value.toString()) + ", beyond the epoch milliseconds of any time");
    }
    if (value instanceof String text) {
      String trimmed = text.trim();
      try {
        if (trimmed.matches("-?\\d+")) {
          return Instant.ofEpochMilli(Long.parseLong(trimmed));
        }
        if (trimmed.length() == 10) {
          return LocalDate.parse(trimmed).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        String normalized = trimmed.length() > 10 && trimmed.charAt(10) == ' '
            ? trimmed.substring(0, 10) + 'T' + trimmed.substring(11)
            : trimmed;
        TemporalAccessor parsed = DATE_TIME.parseBest(normalized, OffsetDateTime::from, LocalDateTime::from);
        return parsed instanceof OffsetDateTime offset
            ? offset.toInstant()
            : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
      } catch (DateTimeException | NumberFormatException e) {
        throw new RowException(what + " is not a time: '" + Text.abbreviate(text) + "'");
      }
    }
    throw new RowException(what + " must be a timestamp, a date, epoch milliseconds or ISO-8601 text, got " + describe(value));
  }

  /** A property value, converted by the column's type; binary values are refused. */
  static Object property(Object value, ColumnType type, String what) throws RowException {
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] || type == ColumnType.BINARY) {
      throw new RowException(what + " holds binary data, which Amplitude cannot store; leave the column out or convert it in the query");
    }
    if (type == ColumnType.JSON && value instanceof String text) {
      Object parsed = json(text, what);
      ValueRanges.checkValue(parsed, what);
      return parsed;
    }
    Object plain = plain(value, what);
    ValueRanges.checkValue(plain, what);
    try {
      return PropertyValues.copyValue(plain, what);
    } catch (IllegalArgumentException unsupported) {
      throw new RowException(what + ": " + unsupported.getMessage());
    }
  }

  /** A value for an Amplitude field, converted by the field's kind. */
  static Object field(AmplitudeField field, Object raw, String what) throws RowException {
    switch (field.kind()) {
      case STRING:
        if (raw instanceof String || raw instanceof Number || raw instanceof Boolean || raw instanceof java.util.UUID) {
          return raw instanceof BigDecimal decimal ? decimal.toPlainString() : raw.toString();
        }
        break;
      case DECIMAL:
        if (raw instanceof Number number) {
          ValueRanges.checkNumber(number, what);
          return raw;
        }
        if (raw instanceof String text) {
          BigDecimal parsed;
          try {
            parsed = new BigDecimal(text.trim());
          } catch (NumberFormatException e) {
            throw new RowException(what + " is not a number: '" + text + "'");
          }
          ValueRanges.checkNumber(parsed, what);
          return parsed;
        }
        break;
      case INTEGER:
        if (raw instanceof String text && text.trim().matches("-?\\d+")) {
          try {
            return Long.parseLong(text.trim());
          } catch (NumberFormatException tooLarge) {
            throw new RowException(what + " must be a whole number within the range of long, got '" + Text.abbreviate(text) + "'");
          }
        }
        if (raw instanceof Number) {
          try {
            return field.coerce(raw);
          } catch (IllegalArgumentException notWhole) {
            throw new RowException(what + " must be a whole number, got " + describe(raw));
          }
        }
        break;
      case BOOLEAN:
        if (raw instanceof Boolean) {
          return raw;
        }
        if (raw instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
          return Boolean.parseBoolean(text);
        }
        if (raw instanceof Number number && (number.intValue() == 0 || number.intValue() == 1)) {
          return number.intValue() == 1;
        }
        break;
      case TIME:
        return time(raw, what);
      case PLAN:
        if (raw instanceof Map<?, ?> map) {
          return new Plan(text(map, "branch"), text(map, "source"), text(map, "version"), text(map, "versionId"));
        }
        break;
      case INGESTION_METADATA:
        if (raw instanceof Map<?, ?> map) {
          return new IngestionMetadata(text(map, "source_name"), text(map, "source_version"));
        }
        break;
      default:
        break;
    }
    throw new RowException(what + " cannot take " + describe(raw));
  }

  private static String text(Map<?, ?> map, String key) {
    Object value = map.get(key);
    return value == null ? null : value.toString();
  }

  /** A JSON object column, whose keys become properties. */
  static Map<String, Object> jsonObject(Object value, String what) throws RowException {
    Object parsed = value instanceof String text ? json(text, what) : plain(value, what);
    if (parsed instanceof Map<?, ?> map) {
      Map<String, Object> properties = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        properties.put(String.valueOf(entry.getKey()), entry.getValue());
      }
      return properties;
    }
    throw new RowException(what + " must hold a JSON object, got " + describe(parsed));
  }

  /** Replaces JDBC-specific types by the plain ones records take. */
  private static Object plain(Object value, String what) throws RowException {
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toInstant();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof java.sql.Time time) {
      return time.toLocalTime();
    }
    if (value instanceof java.util.Date date) {
      return date.toInstant();
    }
    if (value instanceof LocalDateTime local) {
      return local.toInstant(ZoneOffset.UTC); // zone-less timestamps are UTC, as in mapping.time
    }
    if (value instanceof byte[]) {
      throw new RowException(what + " holds binary data, which Amplitude cannot store");
    }
    if (value instanceof FrozenList || value instanceof FrozenMap) {
      return value; // parsed JSON: already in record form
    }
    if (value instanceof Collection<?> collection) {
      List<Object> list = new ArrayList<>(collection.size());
      for (Object element : collection) {
        list.add(plain(element, what));
      }
      return list;
    }
    if (value instanceof Object[] array) {
      List<Object> list = new ArrayList<>(array.length);
      for (Object element : array) {
        list.add(plain(element, what));
      }
      return list;
    }
    return value;
  }

  /** Parses JSON text into record values (frozen maps and lists, exact numbers). */
  static Object json(String text, String what) throws RowException {
    try {
      return JsonTrees.parse(text);
    } catch (JacksonException e) {
      throw new RowException(what + " is not valid JSON: " + e.getOriginalMessage());
    }
  }

  static String describe(Object value) {
    if (value == null) {
      return "NULL";
    }
    String shown = value instanceof byte[] bytes ? bytes.length + " bytes" : Text.abbreviate(String.valueOf(value));
    String type = value instanceof List<?> ? "List" : value instanceof Map<?, ?> ? "Map" : value.getClass().getSimpleName();
    return type + " '" + shown + "'";
  }
}
