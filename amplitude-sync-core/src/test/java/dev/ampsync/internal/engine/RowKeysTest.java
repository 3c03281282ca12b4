package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.columns;
import static dev.ampsync.internal.engine.EngineFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.Column;
import dev.ampsync.source.Columns;
import dev.ampsync.source.Row;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RowKeys: a row's key before mapping and an event's insert id come from one place and agree. */
class RowKeysTest {
  private static final String SYNC = "row-keys";
  private static final Instant AT = Instant.parse("2024-05-01T12:00:00Z");
  private static final List<Column> EVENT_COLUMNS = columns("type", "uid", "did", "at", "iid");

  private static CompiledMapping compile(Mapping mapping, List<Column> columns) {
    return new CompiledMapping(mapping, Columns.of(columns));
  }

  private static Mapping events(boolean withInsertId) {
    Mapping.Builder builder = Mapping.builder(ObjectType.EVENT)
        .eventType(Value.column("type"))
        .userId(Value.column("uid"))
        .deviceId(Value.column("did"))
        .time(Value.column("at"));
    if (withInsertId) {
      builder.insertId(Value.column("iid"));
    }
    return builder.build();
  }

  @Test
  void keyOfAUser_isItsUserId() {
    Mapping users = Mapping.builder(ObjectType.USER).userId(Value.column("uid")).build();
    RowKeys keys = new RowKeys(compile(users, columns("uid")), SYNC);

    assertThat(keys.keyOf(row(columns("uid"), 42L))).isEqualTo("42");
    assertThat(keys.keyOf(row(columns("uid"), (Object) null))).isNull();
  }

  @Test
  void keyOfAGroup_isKeysGroup_withTheMemberWhenThereIsOne() {
    Mapping groups = Mapping.builder(ObjectType.GROUP)
        .groupType(Value.constant("company")).groupValue(Value.column("gid")).userId(Value.column("uid")).build();
    List<Column> columns = columns("gid", "uid");
    RowKeys keys = new RowKeys(compile(groups, columns), SYNC);

    assertThat(keys.keyOf(row(columns, "acme", "user-1"))).isEqualTo(Keys.group("company", "acme", "user-1"));
    assertThat(keys.keyOf(row(columns, "acme", null))).isEqualTo(Keys.group("company", "acme", null));
  }

  @Test
  void keyOfAnEvent_isTheDerivedInsertId_inTheAmpsyncSha256Form() {
    RowKeys keys = new RowKeys(compile(events(false), EVENT_COLUMNS), SYNC);
    String key = keys.keyOf(row(EVENT_COLUMNS, "Signed Up", "user-1", null, AT, null));

    assertThat(key).isEqualTo(Keys.insertId(SYNC, "Signed Up", "user-1", null, AT)).matches("ampsync-[0-9a-f]{32}");
  }

  @Test
  void keyOfAnEvent_isTheMappedInsertId_whenTheColumnHasOne() {
    RowKeys keys = new RowKeys(compile(events(true), EVENT_COLUMNS), SYNC);

    assertThat(keys.keyOf(row(EVENT_COLUMNS, "Signed Up", "user-1", null, AT, "order-7"))).isEqualTo("order-7");
    assertThat(keys.keyOf(row(EVENT_COLUMNS, "Signed Up", "user-1", null, AT, null)))
        .isEqualTo(Keys.insertId(SYNC, "Signed Up", "user-1", null, AT));
  }

  @Test
  void insertId_isTheMappedOne_orElseDerived() {
    RowKeys keys = new RowKeys(compile(events(false), EVENT_COLUMNS), SYNC);

    assertThat(keys.insertId("given", "T", "u", null, AT)).isEqualTo("given");
    assertThat(keys.insertId(null, "T", "u", "d", AT)).isEqualTo(Keys.insertId(SYNC, "T", "u", "d", AT));
  }

  @Test
  void theAssembledEventCarriesTheKeyTheLookupDerived() throws RowException {
    for (boolean withInsertId : new boolean[] {false, true}) {
      CompiledMapping compiled = compile(events(withInsertId), EVENT_COLUMNS);
      RowKeys keys = new RowKeys(compiled, SYNC);
      RecordAssembler assembler = new RecordAssembler(compiled, keys);
      for (Row row : List.of(
          row(EVENT_COLUMNS, "Signed Up", "user-1", null, AT, null),
          row(EVENT_COLUMNS, "Signed Up", null, "device-1", "2024-05-01T12:00:00.250+02:00", null),
          row(EVENT_COLUMNS, "Signed Up", 7L, "device-1", AT.toEpochMilli(), "order-7"))) {
        EventRecord event = (EventRecord) assembler.assemble(row, null);
        assertThat(event.insertId()).as("%s", row).contains(keys.keyOf(row));
      }
    }
  }

  @Test
  void theAssembledEventReusesALookedUpKeyAsItsInsertId() throws RowException {
    CompiledMapping compiled = compile(events(false), EVENT_COLUMNS);
    RecordAssembler assembler = new RecordAssembler(compiled, new RowKeys(compiled, SYNC));

    EventRecord event = (EventRecord) assembler.assemble(row(EVENT_COLUMNS, "Signed Up", "user-1", null, AT, null), "looked-up");

    assertThat(event.insertId()).contains("looked-up");
  }

  @Test
  void reportedKeyOf_isTheMainIdentifier_orNullWhenUnreadable() {
    RowKeys events = new RowKeys(compile(events(true), EVENT_COLUMNS), SYNC);
    RowKeys derived = new RowKeys(compile(events(false), EVENT_COLUMNS), SYNC);

    assertThat(events.reportedKeyOf(row(EVENT_COLUMNS, null, "user-1", null, null, "order-7"))).isEqualTo("order-7");
    assertThat(derived.reportedKeyOf(row(EVENT_COLUMNS, null, "user-1", null, null, null))).isEqualTo("user-1");
    assertThat(derived.reportedKeyOf(row(EVENT_COLUMNS, null, 1.5d, null, null, null))).isNull();
  }
}
