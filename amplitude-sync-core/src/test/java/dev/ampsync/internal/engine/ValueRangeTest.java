package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.record.AmplitudeField;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.UnreadableValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the values Amplitude cannot store become per-row invalid outcomes naming the column,
 * while every value it can store keeps its exact form.
 *
 * <p>What Amplitude documents (searched in its docs, HTTP V2 API "Keys for the event argument"):
 * {@code time} is "the timestamp of the event in milliseconds since epoch" and no range is stated;
 * {@code price}, {@code revenue}, {@code location_lat/lng} are "float"; Amplitude reads JSON numbers
 * as doubles. So: {@code time} takes 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z (no negative
 * milliseconds, nothing past the last four-digit year); numbers take a double's range; date and time
 * properties take the years 0001 to 9999.
 */
class ValueRangeTest {
  private static final String WHAT = "revenue (column 'amount')";

  // ------------------------------------------------------------------ numbers

  @Test
  void exactDecimalsWithinADoublesRange_keepTheirExactForm() throws RowException {
    assertThat(Conversions.property(new BigDecimal("1.50"), ColumnType.DECIMAL, WHAT)).isEqualTo(new BigDecimal("1.50"));
    assertThat(Conversions.field(AmplitudeField.REVENUE, new BigDecimal("1.50"), WHAT)).isEqualTo(new BigDecimal("1.50"));
    // more digits than a double has stay as written: Amplitude rounds, we do not
    assertThat(Conversions.property(new BigDecimal("12345678901234.123456"), ColumnType.DECIMAL, WHAT))
        .isEqualTo(new BigDecimal("12345678901234.123456"));
    assertThat(Conversions.property(Long.MAX_VALUE, ColumnType.INTEGER, WHAT)).isEqualTo(Long.MAX_VALUE);
    assertThat(Conversions.property(new BigDecimal(Double.MAX_VALUE), ColumnType.DECIMAL, WHAT))
        .isEqualTo(new BigDecimal(Double.MAX_VALUE));
    assertThat(Conversions.property(BigInteger.TWO.pow(1023), ColumnType.INTEGER, WHAT)).isEqualTo(BigInteger.TWO.pow(1023));
    assertThat(Conversions.property(new BigDecimal("0E-500"), ColumnType.DECIMAL, WHAT)).isEqualTo(new BigDecimal("0E-500"));
  }

  @Test
  void aNumberBeyondADoublesRange_isRefusedNamingTheColumnAndTheValue() {
    assertThatThrownBy(() -> Conversions.property(new BigDecimal("1e400"), ColumnType.DECIMAL, WHAT))
        .isInstanceOf(RowException.class)
        .hasMessageStartingWith(WHAT + " is 1E+400, beyond the range of a double");
    assertThatThrownBy(() -> Conversions.field(AmplitudeField.REVENUE, new BigDecimal("-1e400"), WHAT))
        .hasMessageStartingWith(WHAT + " is -1E+400, beyond the range of a double");
    assertThatThrownBy(() -> Conversions.field(AmplitudeField.PRICE, "1e309", WHAT))
        .hasMessageStartingWith(WHAT + " is 1E+309, beyond the range of a double");
    assertThatThrownBy(() -> Conversions.property(BigInteger.TWO.pow(1024), ColumnType.INTEGER, WHAT))
        .hasMessageContaining("beyond the range of a double");
    assertThatThrownBy(() -> Conversions.property(new BigDecimal("1e-400"), ColumnType.DECIMAL, WHAT))
        .hasMessageStartingWith(WHAT + " is 1E-400, closer to 0 than a double can be");
  }

  @Test
  void aNumberBeyondADoublesRange_insideAListOrAJsonColumn_isRefusedToo() {
    assertThatThrownBy(() -> Conversions.property(List.of(1, new BigDecimal("1e400")), ColumnType.ARRAY, WHAT))
        .hasMessageContaining("1E+400");
    assertThatThrownBy(() -> Conversions.property("{\"a\": [1e400]}", ColumnType.JSON, WHAT))
        .hasMessageContaining("1E+400");
  }

  // ------------------------------------------------------------------ dates and times in properties

  @Test
  void dateAndTimeProperties_takeTheYears0001To9999() throws RowException {
    assertThat(Conversions.property(LocalDate.of(1, 1, 1), ColumnType.DATE, WHAT)).isEqualTo("0001-01-01");
    assertThat(Conversions.property(LocalDate.of(9999, 12, 31), ColumnType.DATE, WHAT)).isEqualTo("9999-12-31");
    assertThat(Conversions.property(Instant.parse("0001-01-01T00:00:00Z"), ColumnType.TIMESTAMP, WHAT))
        .isEqualTo("0001-01-01T00:00:00.000Z");
    assertThat(Conversions.property(Instant.parse("9999-12-31T23:59:59.999999999Z"), ColumnType.TIMESTAMP, WHAT))
        .isEqualTo("9999-12-31T23:59:59.999Z");
  }

  @Test
  void aDateOrTimePropertyOutsideThoseYears_isRefusedNamingTheColumnAndTheValue() {
    assertThatThrownBy(() -> Conversions.property(LocalDate.of(-43, 3, 15), ColumnType.DATE, "day (column 'd')"))
        .hasMessage("day (column 'd') is -0043-03-15, outside the years 0001 to 9999 that a date or time property takes");
    assertThatThrownBy(() -> Conversions.property(LocalDate.of(0, 12, 31), ColumnType.DATE, WHAT))
        .hasMessageContaining("outside the years 0001 to 9999");
    assertThatThrownBy(() -> Conversions.property(LocalDate.of(10000, 1, 1), ColumnType.DATE, WHAT))
        .hasMessageContaining("+10000-01-01");
    assertThatThrownBy(() -> Conversions.property(Instant.parse("-0043-03-15T10:00:00.120Z"), ColumnType.TIMESTAMP, WHAT))
        .hasMessageContaining("-0043-03-15T10:00:00.120Z");
    assertThatThrownBy(() -> Conversions.property(LocalDateTime.MAX, ColumnType.TIMESTAMP, WHAT))
        .hasMessageContaining("outside the years");
    // an offset date-time counts in UTC, as it is sent: 9999-12-31T23:00-05:00 is year 10000
    assertThatThrownBy(() -> Conversions.property(
            OffsetDateTime.of(9999, 12, 31, 23, 0, 0, 0, ZoneOffset.ofHours(-5)), ColumnType.TIMESTAMP, WHAT))
        .hasMessageContaining("outside the years");
    assertThatThrownBy(() -> Conversions.property(List.of(LocalDate.of(-1, 1, 1)), ColumnType.ARRAY, WHAT))
        .hasMessageContaining("outside the years");
  }

  // ------------------------------------------------------------------ the event time

  @Test
  void time_takesMillisecondsSince1970_upToTheYear9999() throws RowException {
    assertThat(Conversions.time(0L, "time")).isEqualTo(Instant.EPOCH);
    assertThat(Conversions.time(LocalDate.of(1970, 1, 1), "time")).isEqualTo(Instant.EPOCH);
    assertThat(Conversions.time(Instant.parse("9999-12-31T23:59:59.999Z"), "time")).isEqualTo(ValueRanges.LAST_TIME);
  }

  @Test
  void aTimeAmplitudeCannotTake_isRefusedNamingTheColumnAndTheValue() {
    // year 0001 sent as -62135596800000 ms: a negative "milliseconds since epoch" is not documented
    assertThatThrownBy(() -> Conversions.time(LocalDate.of(1, 1, 1), "time (column 'at')"))
        .hasMessage("time (column 'at') is 0001-01-01T00:00:00Z, outside the times Amplitude takes"
            + " (epoch milliseconds from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z)");
    assertThatThrownBy(() -> Conversions.time(-1L, "time")).hasMessageContaining("outside the times Amplitude takes");
    assertThatThrownBy(() -> Conversions.time(Instant.parse("+10000-01-01T00:00:00Z"), "time"))
        .hasMessageContaining("outside the times Amplitude takes");
    assertThatThrownBy(() -> Conversions.time(LocalDateTime.MAX, "time")).isInstanceOf(RowException.class);
    // beyond long: refused, where longValue() wrapped it around into some other time
    assertThatThrownBy(() -> Conversions.time(BigInteger.TWO.pow(64).add(BigInteger.valueOf(1_000)), "time"))
        .hasMessage("time is 18446744073709552616, beyond the epoch milliseconds of any time");
    assertThatThrownBy(() -> Conversions.time(new BigDecimal("1e400"), "time"))
        .hasMessageContaining("beyond the epoch milliseconds of any time");
  }

  // ------------------------------------------------------------------ the unreadable marker

  @Test
  void anUnreadableValue_isRefusedWithItsReason_whereverItIsUsed() {
    UnreadableValue nan = UnreadableValue.of("NaN", "numeric NaN is not a number Amplitude can store");
    assertThatThrownBy(() -> Conversions.property(nan, ColumnType.DECIMAL, WHAT))
        .hasMessage(WHAT + ": numeric NaN is not a number Amplitude can store");
    assertThatThrownBy(() -> Conversions.time(UnreadableValue.of("infinity", "timestamptz infinity is not a date"), "time"))
        .hasMessage("time: timestamptz infinity is not a date");
    assertThatThrownBy(() -> Conversions.property(Map.of("k", nan), ColumnType.OTHER, WHAT))
        .hasMessageContaining("numeric NaN");
  }

  @Test
  void unreadableValue_checksItsArguments_andComparesByValue() {
    assertThatThrownBy(() -> UnreadableValue.of(null, "r")).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("text");
    assertThatThrownBy(() -> UnreadableValue.of("NaN", null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("reason");
    UnreadableValue nan = UnreadableValue.of("NaN", "numeric NaN is not a number");
    assertThat(nan).isEqualTo(UnreadableValue.of("NaN", "numeric NaN is not a number")).hasSameHashCodeAs(
        UnreadableValue.of("NaN", "numeric NaN is not a number"));
    assertThat(nan).isNotEqualTo(UnreadableValue.of("Infinity", "numeric NaN is not a number"));
    assertThat(nan.text()).isEqualTo("NaN");
    assertThat(nan).hasToString("numeric NaN is not a number");
  }
}
