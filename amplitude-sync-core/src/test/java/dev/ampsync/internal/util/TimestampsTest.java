package dev.ampsync.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Timestamps.format: the hand-written instant path must give exactly what the JDK formatter gives
 * for years 0000-9999, and the same shape with a signed year outside that range (issue 15: a BC
 * timestamp lost its milliseconds); only beyond LocalDateTime's billion years {@code Instant.toString()}.
 */
class TimestampsTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** 0000-01-01T00:00:00Z. */
  private static final long FIRST_SECOND = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
  /** 9999-12-31T23:59:59Z. */
  private static final long LAST_SECOND = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

  /** Compares without AssertJ per value (100,000 descriptions would dominate the run time). */
  private static void check(
      List<String> mismatches, Instant instant, Function<Instant, String> actual, Function<Instant, String> expected) {
    String got = actual.apply(instant);
    String want = expected.apply(instant);
    if (!got.equals(want) && mismatches.size() < 10) {
      mismatches.add(instant + ": got " + got + ", expected " + want);
    }
  }

  /** One shape in every year a LocalDateTime holds; only beyond it the JDK's own form. */
  private static String expected(Instant instant) {
    try {
      return REFERENCE.format(instant);
    } catch (java.time.DateTimeException beyondLocalDateTime) {
      return instant.toString();
    }
  }

  // ------------------------------------------------------------------ instants in 0000-9999

  @Test
  void randomInstantsAcrossYears0000To9999_formatExactlyAsTheJdkFormatter() {
    Random random = new Random(0x5EED_2024L);
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      long second = FIRST_SECOND + (long) (random.nextDouble() * (LAST_SECOND - FIRST_SECOND + 1));
      second = Math.min(LAST_SECOND, Math.max(FIRST_SECOND, second));
      int nano = random.nextInt(1_000_000_000);
      check(mismatches, Instant.ofEpochSecond(second, nano), Timestamps::format, REFERENCE::format);
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void randomInstantsNearTheEpoch_withNanosOnEitherSide_formatExactlyAsTheJdkFormatter() {
    Random random = new Random(42);
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      long second = random.nextInt(2_000_000) - 1_000_000L;
      int nano = switch (i % 4) {
        case 0 -> 0;
        case 1 -> 999_999_999;
        case 2 -> random.nextInt(1_000) * 1_000_000;
        default -> random.nextInt(1_000_000_000);
      };
      check(mismatches, Instant.ofEpochSecond(second, nano), Timestamps::format, REFERENCE::format);
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void edgeInstants_formatExactlyAsTheJdkFormatter() {
    List<Instant> edges = List.of(
        Instant.EPOCH,
        Instant.ofEpochSecond(0, 1),
        Instant.ofEpochSecond(0, 999_999_999),
        Instant.ofEpochSecond(-1),
        Instant.ofEpochSecond(-1, 1),
        Instant.ofEpochSecond(-1, 999_999_999),
        Instant.ofEpochSecond(-86_401, 500_000_000),
        Instant.ofEpochMilli(-1),
        Instant.ofEpochMilli(-1001),
        Instant.parse("1969-12-31T23:59:59.999Z"),
        Instant.parse("2024-02-29T00:00:00Z"),
        Instant.parse("2024-02-29T23:59:59.999999999Z"),
        Instant.parse("2023-02-28T23:59:59.999Z"),
        Instant.parse("2000-02-29T12:00:00.5Z"),
        Instant.parse("1900-03-01T00:00:00Z"),
        Instant.parse("1600-02-29T00:00:00Z"),
        Instant.parse("2024-12-31T23:59:59.999Z"),
        Instant.parse("9999-12-31T23:59:59.999999999Z"),
        Instant.parse("9999-12-31T23:59:59Z"),
        Instant.parse("0000-01-01T00:00:00Z"),
        Instant.parse("0000-01-01T00:00:00.000000001Z"),
        Instant.parse("0000-02-29T00:00:00Z"),
        Instant.parse("0001-01-01T00:00:00Z"),
        Instant.parse("0999-12-31T23:59:59.001Z"),
        Instant.parse("1000-01-01T00:00:00.010Z"));
    for (Instant instant : edges) {
      assertThat(Timestamps.format(instant)).as("%s", instant).isEqualTo(REFERENCE.format(instant));
    }
  }

  @Test
  void knownInstants_formatToTheDocumentedShape() {
    assertThat(Timestamps.format(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(Timestamps.format(Instant.parse("2024-02-29T08:05:03.007Z"))).isEqualTo("2024-02-29T08:05:03.007Z");
    assertThat(Timestamps.format(Instant.parse("0000-01-01T00:00:00Z"))).isEqualTo("0000-01-01T00:00:00.000Z");
    assertThat(Timestamps.format(Instant.parse("0042-07-04T01:02:03Z"))).isEqualTo("0042-07-04T01:02:03.000Z");
    assertThat(Timestamps.format(Instant.ofEpochSecond(-1, 500_000_000))).isEqualTo("1969-12-31T23:59:59.500Z");
  }

  @Test
  void subMillisecondFractions_areTruncatedNotRounded() {
    assertThat(Timestamps.format(Instant.parse("9999-12-31T23:59:59.999999999Z"))).isEqualTo("9999-12-31T23:59:59.999Z");
    assertThat(Timestamps.format(Instant.ofEpochSecond(0, 999_999_999))).isEqualTo("1970-01-01T00:00:00.999Z");
    assertThat(Timestamps.format(Instant.ofEpochSecond(0, 1_999_999))).isEqualTo("1970-01-01T00:00:00.001Z");
    assertThat(Timestamps.format(Instant.ofEpochSecond(0, 999_999))).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(Timestamps.format(Instant.ofEpochSecond(-1, 999_999_999))).isEqualTo("1969-12-31T23:59:59.999Z");
  }

  @Test
  void everyFormattedInstantInRange_hasTheFixedWidthOf24() {
    Random random = new Random(7);
    Pattern shape = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
    List<String> offShape = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      long second = FIRST_SECOND + (long) (random.nextDouble() * (LAST_SECOND - FIRST_SECOND));
      String text = Timestamps.format(Instant.ofEpochSecond(second, random.nextInt(1_000_000_000)));
      if (!shape.matcher(text).matches()) {
        offShape.add(text);
      }
    }
    assertThat(offShape).isEmpty();
  }

  // ------------------------------------------------------------------ instants outside 0000-9999

  @Test
  void instantsOutsideYears0000To9999_keepTheShapeWithASignedYear() {
    List<Instant> outside = List.of(
        Instant.parse("-0001-12-31T23:59:59.999999999Z"),
        Instant.parse("-0001-01-01T00:00:00Z"),
        Instant.ofEpochSecond(FIRST_SECOND - 1),
        Instant.ofEpochSecond(FIRST_SECOND - 1, 123_000_000),
        Instant.parse("+10000-01-01T00:00:00Z"),
        Instant.ofEpochSecond(LAST_SECOND + 1),
        Instant.ofEpochSecond(LAST_SECOND + 1, 1),
        Instant.parse("-9999-06-15T12:00:00Z"),
        Instant.parse("+99999-06-15T12:00:00.5Z"),
        Instant.MIN,
        Instant.MAX);
    for (Instant instant : outside) {
      assertThat(Timestamps.format(instant)).as("%s", instant).isEqualTo(expected(instant));
    }
  }

  @Test
  void aBcInstant_keepsItsMilliseconds_inTheAstronomicalYear() {
    // 44 BC is ISO-8601's astronomical year -0043; a whole second still shows .000, as in AD years
    assertThat(Timestamps.format(Instant.parse("-0043-03-15T10:00:00.120Z"))).isEqualTo("-0043-03-15T10:00:00.120Z");
    assertThat(Timestamps.format(Instant.parse("-0043-03-15T10:00:00Z"))).isEqualTo("-0043-03-15T10:00:00.000Z");
    assertThat(Timestamps.format(LocalDate.of(-43, 3, 15))).isEqualTo("-0043-03-15");
    assertThat(Timestamps.format(LocalDateTime.of(-43, 3, 15, 10, 0))).isEqualTo("-0043-03-15T10:00:00.000");
  }

  @Test
  void theYearBoundaries_switchBetweenTheTwoForms() {
    assertThat(Timestamps.format(Instant.parse("-0001-12-31T23:59:59.999Z"))).isEqualTo("-0001-12-31T23:59:59.999Z");
    assertThat(Timestamps.format(Instant.parse("0000-01-01T00:00:00Z"))).isEqualTo("0000-01-01T00:00:00.000Z");
    assertThat(Timestamps.format(Instant.parse("9999-12-31T23:59:59.999Z"))).isEqualTo("9999-12-31T23:59:59.999Z");
    assertThat(Timestamps.format(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01T00:00:00.000Z");
    assertThat(Timestamps.format(Instant.MIN)).isEqualTo("-1000000000-01-01T00:00:00Z");
    assertThat(Timestamps.format(Instant.MAX)).isEqualTo("+1000000000-12-31T23:59:59.999999999Z");
  }

  @Test
  void randomInstantsFarOutsideTheRange_keepTheShape() {
    Random random = new Random(99);
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      long span = Instant.MAX.getEpochSecond() - LAST_SECOND;
      long second = i % 2 == 0
          ? LAST_SECOND + 1 + (long) (random.nextDouble() * span)
          : FIRST_SECOND - 1 - (long) (random.nextDouble() * (FIRST_SECOND - Instant.MIN.getEpochSecond()));
      second = Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond(), second));
      check(mismatches, Instant.ofEpochSecond(second, random.nextInt(1_000_000_000)), Timestamps::format, TimestampsTest::expected);
    }
    assertThat(mismatches).isEmpty();
  }

  // ------------------------------------------------------------------ offset and zoned date-times

  @Test
  void offsetDateTimes_areConvertedToUtcAndFormattedAsTheirInstant() {
    Random random = new Random(2024);
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      long second = FIRST_SECOND + 86_400 + (long) (random.nextDouble() * (LAST_SECOND - FIRST_SECOND - 2 * 86_400));
      Instant instant = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
      ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(36 * 4 + 1) - 18 * 4) * 15 * 60);
      OffsetDateTime time = instant.atOffset(offset);
      String actual = Timestamps.format(time);
      if (!actual.equals(REFERENCE.format(instant)) && mismatches.size() < 10) {
        mismatches.add(time + ": " + actual);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void zonedDateTimes_areConvertedToUtcAndFormattedAsTheirInstant() {
    List<ZoneId> zones = List.of(ZoneId.of("Europe/Paris"), ZoneId.of("America/New_York"), ZoneId.of("Asia/Kathmandu"),
        ZoneId.of("Pacific/Chatham"), ZoneId.of("UTC"), ZoneOffset.ofHours(-12));
    Random random = new Random(11);
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      long second = FIRST_SECOND + 86_400 + (long) (random.nextDouble() * (LAST_SECOND - FIRST_SECOND - 2 * 86_400));
      Instant instant = Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
      ZonedDateTime time = instant.atZone(zones.get(i % zones.size()));
      String actual = Timestamps.format(time);
      if (!actual.equals(REFERENCE.format(instant)) && mismatches.size() < 10) {
        mismatches.add(time + ": " + actual);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void offsetAndZonedDateTimes_atTheRangeEdges_followTheirUtcYear() {
    // local year 9999, UTC year 10000
    OffsetDateTime lateLocal = OffsetDateTime.parse("9999-12-31T23:00:00-05:00");
    // local year 0000, UTC year -0001
    OffsetDateTime earlyLocal = OffsetDateTime.parse("0000-01-01T00:30:00+01:00");
    // local year 10000, UTC year 9999
    OffsetDateTime lateUtc = OffsetDateTime.of(10000, 1, 1, 1, 0, 0, 999_999_999, ZoneOffset.ofHours(2));

    assertThat(Timestamps.format(lateLocal)).isEqualTo("+10000-01-01T04:00:00.000Z");
    assertThat(Timestamps.format(earlyLocal)).isEqualTo("-0001-12-31T23:30:00.000Z");
    assertThat(Timestamps.format(lateUtc)).isEqualTo("9999-12-31T23:00:00.999Z");
    assertThat(Timestamps.format(lateLocal.atZoneSameInstant(ZoneId.of("Asia/Tokyo")))).isEqualTo("+10000-01-01T04:00:00.000Z");
    assertThat(Timestamps.format(OffsetDateTime.MIN)).isEqualTo(OffsetDateTime.MIN.toInstant().toString());
    assertThat(Timestamps.format(OffsetDateTime.MAX)).isEqualTo(OffsetDateTime.MAX.toInstant().toString());
  }

  @Test
  void instantOffsetAndZonedFormsOfOneMoment_formAlike() {
    Instant instant = Instant.parse("2024-02-29T23:30:15.123456789Z");

    String expected = "2024-02-29T23:30:15.123Z";
    assertThat(Timestamps.format(instant)).isEqualTo(expected);
    assertThat(Timestamps.format(instant.atOffset(ZoneOffset.ofHoursMinutes(5, 30)))).isEqualTo(expected);
    assertThat(Timestamps.format(instant.atZone(ZoneId.of("America/Los_Angeles")))).isEqualTo(expected);
  }

  @Test
  void theExpectedHelper_agreesWithTheBoundaries() {
    // guards the helper used above: one shape in every year, the JDK's own form only past a billion years
    assertThat(expected(Instant.parse("0000-01-01T00:00:00Z"))).isEqualTo("0000-01-01T00:00:00.000Z");
    assertThat(expected(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01T00:00:00.000Z");
    assertThat(expected(Instant.MAX)).isEqualTo("+1000000000-12-31T23:59:59.999999999Z");
    assertThat(Timestamps.format(Instant.parse("0500-05-05T05:05:05.555Z"))).isEqualTo(expected(Instant.parse("0500-05-05T05:05:05.555Z")));
  }

  // ------------------------------------------------------------------ other temporal kinds (unchanged)

  @Test
  void localAndOtherTemporalValues_keepTheirDocumentedForms() {
    assertThat(Timestamps.format(LocalDateTime.of(2024, 3, 1, 12, 30))).isEqualTo("2024-03-01T12:30:00.000");
    assertThat(Timestamps.format(LocalDateTime.of(2024, 3, 1, 12, 30, 5, 123_999_999))).isEqualTo("2024-03-01T12:30:05.123");
    assertThat(Timestamps.format(LocalDate.of(2024, 3, 1))).isEqualTo("2024-03-01");
    assertThat(Timestamps.format(LocalTime.of(12, 30))).isEqualTo("12:30:00.000");
    assertThat(Timestamps.format(YearMonth.of(2024, 3))).isEqualTo("2024-03");
  }
}
