package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.columns;
import static dev.ampsync.internal.engine.EngineFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.internal.engine.RowMapper.Mapped;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.UserRecord;
import dev.ampsync.source.Row;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RowFunctionMapper: what a custom mapping's row function returns becomes a mapped row. */
class RowFunctionMapperTest {
  private static final String SYNC = "row-function";
  private static final Row ROW = row(columns("uid"), "user-0001");

  private static Mapped map(ObjectType type, dev.ampsync.mapping.RowFunction function) {
    return new RowFunctionMapper(Mapping.custom(type, function), SYNC).map(ROW);
  }

  @Test
  void aRecord_isReadyWithItsKey() {
    Mapped mapped = map(ObjectType.USER, row -> UserRecord.builder((String) row.get("uid")).build());

    assertThat(mapped).isInstanceOf(Mapped.Ready.class);
    assertThat(mapped.key()).isEqualTo("user-0001");
  }

  @Test
  void null_skipsTheRow() {
    assertThat(map(ObjectType.USER, row -> null)).isSameAs(Mapped.SKIPPED);
    assertThat(Mapped.SKIPPED.key()).isNull();
  }

  @Test
  void anEventWithoutInsertId_getsTheDerivedOne() {
    Instant at = Instant.parse("2024-05-01T00:00:00Z");
    Mapped mapped = map(ObjectType.EVENT, row -> EventRecord.builder("Signed Up").userId("user-0001").time(at).build());

    assertThat(((EventRecord) ((Mapped.Ready) mapped).record()).insertId())
        .contains(Keys.insertId(SYNC, "Signed Up", "user-0001", null, at));
    assertThat(mapped.key()).isEqualTo(Keys.insertId(SYNC, "Signed Up", "user-0001", null, at));
  }

  @Test
  void aFailureOrAnotherObjectType_isInvalid() {
    Mapped failed = map(ObjectType.USER, row -> {
      throw new IllegalStateException("no");
    });
    Mapped other = map(ObjectType.DEVICE, row -> UserRecord.builder("user-0001").build());

    assertThat(failed).isEqualTo(new Mapped.Invalid(null, "row function failed: java.lang.IllegalStateException: no"));
    assertThat(other).isEqualTo(new Mapped.Invalid(null, "row function returned a user record in a device sync"));
  }
}
