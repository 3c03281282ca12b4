package dev.ampsync.internal.util;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;

/**
 * Formats {@code java.time} values as the ISO-8601 strings sent in properties. Amplitude compares
 * date strings lexically, so every value of one kind gets the same shape, whatever its fraction of a
 * second:
 *
 * <ul>
 *   <li>instants, offset and zoned date-times: UTC with milliseconds, {@code 2024-03-01T12:30:00.000Z};
 *       in every year: years before 0001 are ISO-8601's astronomical ones with a sign ({@code
 *       -0043-03-15T10:00:00.000Z} is 44 BC), years after 9999 have a {@code +} and more digits, as
 *       {@link LocalDate#toString()} writes dates;
 *   <li>local date-times: {@code 2024-03-01T12:30:00.000};
 *   <li>dates: {@code 2024-03-01}; times: {@code 12:30:00.000};
 *   <li>anything else: its own {@code toString()}.
 * </ul>
 */
public final class Timestamps {
  private static final DateTimeFormatter LOCAL_DATE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");
  private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  /** Instants outside 0000-9999: the same shape, the year signed as in {@code LocalDate.toString()}. */
  private static final DateTimeFormatter EXTENDED_INSTANT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

  private Timestamps() {}

  /**
   * Formats a temporal value.
   *
   * @param value the value
   * @return its ISO-8601 form, as described on the class
   */
  public static String format(TemporalAccessor value) {
    if (value instanceof Instant instant) {
      return formatInstant(instant);
    }
    if (value instanceof OffsetDateTime offset) {
      return formatInstant(offset.toInstant());
    }
    if (value instanceof ZonedDateTime zoned) {
      return formatInstant(zoned.toInstant());
    }
    if (value instanceof LocalDateTime local) {
      return LOCAL_DATE_TIME.format(local);
    }
    if (value instanceof LocalDate date) {
      return date.toString();
    }
    if (value instanceof LocalTime time) {
      return LOCAL_TIME.format(time);
    }
    return value.toString();
  }

  private static String formatInstant(Instant instant) {
    LocalDateTime utc;
    try {
      utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
    } catch (java.time.DateTimeException outOfRange) {
      return instant.toString(); // beyond a billion years: no LocalDateTime holds it
    }
    int year = utc.getYear();
    // Years outside 0000-9999 have no fixed width; the formatter signs them, the rest keeps its shape
    // (Instant.toString() would drop a zero fraction and print nanoseconds).
    if (year < 0 || year > 9999) {
      return EXTENDED_INSTANT.format(utc);
    }
    // uuuu-MM-dd'T'HH:mm:ss.SSS'Z', written by hand: this runs for every time property of every row.
    byte[] out = new byte[24];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, utc.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, utc.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, utc.getHour(), 2);
    out[13] = ':';
    digits(out, 14, utc.getMinute(), 2);
    out[16] = ':';
    digits(out, 17, utc.getSecond(), 2);
    out[19] = '.';
    digits(out, 20, utc.getNano() / 1_000_000, 3);
    out[23] = 'Z';
    return new String(out, java.nio.charset.StandardCharsets.US_ASCII);
  }

  private static void digits(byte[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
