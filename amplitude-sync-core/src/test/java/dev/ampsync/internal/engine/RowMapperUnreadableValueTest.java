package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.record.UserRecord;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.Row;
import dev.ampsync.source.UnreadableValue;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: a value a source could not read ({@link UnreadableValue}) stops only a row that maps its
 * column, with a reason naming the column and the value; an unmapped one changes nothing, and the
 * row digest treats it as a value like any other.
 */
class RowMapperUnreadableValueTest {
  private static final UnreadableValue NAN = UnreadableValue.of("NaN", "numeric NaN is not a number Amplitude can store");
  private static final UnreadableValue INFINITY =
      UnreadableValue.of("infinity", "timestamptz infinity is not a date or time Amplitude can store");
  private static final List<Column> COLUMNS = List.of(
      new Column("uid", ColumnType.STRING), new Column("amount", ColumnType.DECIMAL),
      new Column("at", ColumnType.TIMESTAMP), new Column("junk", ColumnType.DECIMAL));

  private static final Mapping USERS = Mapping.builder(ObjectType.USER)
      .userId(Value.column("uid")).property("amount", Value.column("amount")).build();
  private static final Mapping EVENTS = Mapping.builder(ObjectType.EVENT)
      .eventType(Value.constant("Order")).userId(Value.column("uid")).time(Value.column("at"))
      .field("revenue", Value.column("amount")).build();

  private static RowMapper.Mapped map(Mapping mapping, Row row) {
    return new RowMapper(mapping, COLUMNS, "unreadable").map(row);
  }

  @Test
  void aMappedProperty_makesTheRowInvalid_namingKeyColumnAndValue() {
    RowMapper.Mapped mapped = map(USERS, row(COLUMNS, "user-00001", NAN, null, null));

    assertThat(mapped).isInstanceOf(RowMapper.Mapped.Invalid.class);
    assertThat(mapped.key()).isEqualTo("user-00001");
    assertThat(((RowMapper.Mapped.Invalid) mapped).reason())
        .isEqualTo("column 'amount' (property 'amount'): numeric NaN is not a number Amplitude can store");
  }

  @Test
  void anUnmappedColumn_changesNothing() {
    RowMapper.Mapped mapped = map(USERS, row(COLUMNS, "user-00001", new BigDecimal("1.50"), INFINITY, NAN));

    assertThat(mapped).isInstanceOf(RowMapper.Mapped.Ready.class);
    UserRecord record = (UserRecord) ((RowMapper.Mapped.Ready) mapped).record();
    assertThat(record.userProperties().get(PropertyOperation.SET)).containsEntry("amount", new BigDecimal("1.50"));
  }

  @Test
  void aMappedFieldOrTime_makesTheEventInvalid_namingTheColumn() {
    RowMapper.Mapped revenue = map(EVENTS, row(COLUMNS, "user-00001", NAN, Instant.parse("2024-03-01T00:00:00Z"), null));
    assertThat(((RowMapper.Mapped.Invalid) revenue).reason()).contains("column 'amount'").contains("numeric NaN");
    assertThat(revenue.key()).isEqualTo("user-00001");

    RowMapper.Mapped time = map(EVENTS, row(COLUMNS, "user-00001", BigDecimal.ONE, INFINITY, null));
    assertThat(((RowMapper.Mapped.Invalid) time).reason())
        .isEqualTo("time (column 'at'): timestamptz infinity is not a date or time Amplitude can store");
  }

  @Test
  void anUnreadableKey_makesTheRowInvalid_withoutAKey() {
    RowMapper mapper = new RowMapper(USERS, COLUMNS, "unreadable");
    Row row = row(COLUMNS, NAN, BigDecimal.ONE, null, null);

    assertThat(mapper.keyOf(row)).isNull();
    RowMapper.Mapped mapped = mapper.map(row);
    assertThat(mapped.key()).isNull();
    assertThat(((RowMapper.Mapped.Invalid) mapped).reason()).isEqualTo("user_id (column 'uid'): numeric NaN is not a number Amplitude can store");
  }

  @Test
  void theDigest_ofAMarker_isStable_andDiffersFromItsTextAndFromOtherMarkers() {
    RowMapper mapper = new RowMapper(USERS, COLUMNS, "unreadable");
    long nan = mapper.digest(row(COLUMNS, "user-00001", NAN, null, null));

    assertThat(mapper.digest(row(COLUMNS, "user-00001", UnreadableValue.of("NaN", NAN.reason()), null, null))).isEqualTo(nan);
    assertThat(mapper.digest(row(COLUMNS, "user-00001", "NaN", null, null))).isNotEqualTo(nan);
    assertThat(mapper.digest(row(COLUMNS, "user-00001", UnreadableValue.of("Infinity", NAN.reason()), null, null))).isNotEqualTo(nan);
    // the digest folds values by their content, never by identity: the same in every run and JVM
    assertThat(RowDigest.value(RowDigest.SEED, NAN)).isEqualTo(RowDigest.value(RowDigest.SEED, UnreadableValue.of("NaN", NAN.reason())));
  }
}
