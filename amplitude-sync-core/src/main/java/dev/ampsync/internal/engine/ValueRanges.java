package dev.ampsync.internal.engine;

import dev.ampsync.internal.util.Text;
import dev.ampsync.source.UnreadableValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.Map;

/**
 * What Amplitude can store, checked per value so that a value beyond it makes its row invalid naming
 * the column (issue 15), instead of being sent as something else: numbers within a double's range,
 * dates and times in the years 0001 to 9999, event times from 1970 to 9999. The rules of {@link
 * Conversions} call these.
 */
final class ValueRanges {
  /**
   * The largest magnitude a number may have: Amplitude parses JSON numbers as doubles, so a larger
   * one (PostgreSQL's numeric holds 1e400) would not arrive as the number sent. Exact decimals within
   * the range are sent exactly as they are (1.50 stays 1.50).
   */
  private static final BigDecimal MAX_MAGNITUDE = new BigDecimal(Double.MAX_VALUE);
  /** The smallest non-zero magnitude: a smaller one would arrive as 0. */
  private static final BigDecimal MIN_MAGNITUDE = new BigDecimal(Double.MIN_VALUE);
  /**
   * The times {@code time} takes. Amplitude documents {@code time} only as "milliseconds since
   * epoch"; a negative count is not documented, and years past 9999 have no fixed-width ISO-8601
   * form (as for properties), so the range is 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z.
   */
  static final Instant FIRST_TIME = Instant.EPOCH;
  static final Instant LAST_TIME = Instant.parse("9999-12-31T23:59:59.999Z");
  /** The dates and times a property takes: years 0001 to 9999, the fixed-width ISO-8601 ones. */
  private static final Instant FIRST_PROPERTY_INSTANT = Instant.parse("0001-01-01T00:00:00Z");
  private static final Instant LAST_PROPERTY_INSTANT = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private ValueRanges() {}

  /**
   * Refuses, naming the value, what a property cannot carry: a value the source could not read, a
   * number beyond a double's range, a date or time outside the years 0001 to 9999 (at any depth of
   * a list or map).
   */
  static void checkValue(Object value, String what) throws RowException {
    if (value == null || value instanceof String || value instanceof Boolean) {
      return; // the common case first
    }
    if (value instanceof Number number) {
      checkNumber(number, what);
    } else if (value instanceof UnreadableValue unreadable) {
      throw new RowException(what + ": " + unreadable.reason());
    } else if (value instanceof TemporalAccessor temporal) {
      checkYear(temporal, what);
    } else if (value instanceof Map<?, ?> map) {
      for (Object element : map.values()) {
        checkValue(element, what);
      }
    } else if (value instanceof Collection<?> collection) {
      for (Object element : collection) {
        checkValue(element, what);
      }
    } else if (value instanceof Object[] array) {
      for (Object element : array) {
        checkValue(element, what);
      }
    }
  }

  /** Refuses a number Amplitude would not read back as sent: beyond a double's range, or below its smallest step. */
  static void checkNumber(Number number, String what) throws RowException {
    BigDecimal decimal;
    if (number instanceof BigDecimal d) {
      decimal = d;
    } else if (number instanceof BigInteger i) {
      if (i.bitLength() <= 1024) {
        return; // Double.MAX_VALUE is just under 2^1024
      }
      decimal = new BigDecimal(i);
    } else {
      return; // int, long: in range; double NaN and infinity are the validator's (ValidationRule)
    }
    if (decimal.signum() == 0) {
      return;
    }
    int magnitude = decimal.precision() - decimal.scale(); // digits before the point; ≤ 0 below 1
    if (magnitude >= 309 && decimal.abs().compareTo(MAX_MAGNITUDE) > 0) {
      throw new RowException(what + " is " + Text.abbreviate(decimal.stripTrailingZeros().toString())
          + ", beyond the range of a double (±1.7976931348623157E308), which is how Amplitude stores numbers");
    }
    if (magnitude <= -322 && decimal.abs().compareTo(MIN_MAGNITUDE) < 0) {
      throw new RowException(what + " is " + Text.abbreviate(decimal.stripTrailingZeros().toString())
          + ", closer to 0 than a double can be (4.9E-324); Amplitude would store 0");
    }
  }

  private static void checkYear(TemporalAccessor value, String what) throws RowException {
    boolean inRange;
    if (value instanceof LocalDate date) {
      inRange = date.getYear() >= 1 && date.getYear() <= 9999;
    } else if (value instanceof LocalDateTime local) {
      inRange = local.getYear() >= 1 && local.getYear() <= 9999;
    } else if (value instanceof Instant || value instanceof OffsetDateTime || value instanceof ZonedDateTime) {
      Instant instant = Instant.from(value); // properties carry them in UTC
      inRange = !instant.isBefore(FIRST_PROPERTY_INSTANT) && !instant.isAfter(LAST_PROPERTY_INSTANT);
    } else {
      return; // times of day, year-months and the like have no year to leave the range
    }
    if (!inRange) {
      throw new RowException(what + " is " + Text.abbreviate(value.toString())
          + ", outside the years 0001 to 9999 that a date or time property takes");
    }
  }
}
