package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.columns;
import static dev.ampsync.internal.engine.EngineFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.Column;
import dev.ampsync.source.Columns;
import dev.ampsync.source.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CompiledMapping: the column check, and positions resolved once. */
class CompiledMappingTest {
  private static final List<Column> COLUMNS = columns("uid", "plan", "unused");

  @Test
  void aMissingColumn_isNamedWithTheMappingKeyAndTheColumnsTheSourceHas() {
    Mapping users = Mapping.builder(ObjectType.USER).userId(Value.column("uid")).property("tier", Value.column("tier")).build();

    assertThatThrownBy(() -> new CompiledMapping(users, Columns.of(COLUMNS)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mapping.properties.tier names column 'tier', which the source does not return; its columns are: uid, plan, unused");
  }

  @Test
  void aMissingColumn_isNamedByWhereItsKeyWasWritten_whenThatIsKnown() {
    Mapping users = Mapping.builder(ObjectType.USER).userId(Value.column("uid")).property("tier", Value.column("tier")).build();
    Map<String, String> places = Map.of("mapping.properties.tier", "users.yaml line 12 (mapping.properties.tier)");

    assertThatThrownBy(() -> new CompiledMapping(users, Columns.of(COLUMNS), places::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("users.yaml line 12 (mapping.properties.tier): names column 'tier', which the source does not return;"
            + " its columns are: uid, plan, unused");
  }

  @Test
  void aMissingJsonColumn_isNamedAsPropertiesJson() {
    Mapping users = Mapping.builder(ObjectType.USER).userId(Value.column("uid")).propertiesJson("traits").build();

    assertThatThrownBy(() -> new CompiledMapping(users, Columns.of(COLUMNS)))
        .hasMessageStartingWith("mapping.properties_json names column 'traits'");
  }

  @Test
  void slotsReadByPosition_andConstantsNeedNoColumn() throws RowException {
    Mapping users = Mapping.builder(ObjectType.USER)
        .userId(Value.column("uid")).property("plan", Value.column("plan")).property("source", Value.constant("crm")).build();
    CompiledMapping compiled = new CompiledMapping(users, Columns.of(COLUMNS));

    assertThat(compiled.userId.index).isZero();
    assertThat(compiled.userId.what).isEqualTo("user_id (column 'uid')");
    Row row = row(COLUMNS, "u", "gold", "x");
    assertThat(compiled.properties[0].slot().read(row)).isEqualTo("gold");
    assertThat(compiled.properties[1].slot().read(row)).isEqualTo("crm");
    assertThat(compiled.properties[1].slot().index).isEqualTo(-1);
    assertThat(compiled.explicitNames).containsExactlyInAnyOrder("plan", "source");
  }

  @Test
  void theDigestCoversTheMappedColumnsOnly() {
    Mapping users = Mapping.builder(ObjectType.USER).userId(Value.column("uid")).property("plan", Value.column("plan")).build();
    RowDigest digest = new CompiledMapping(users, Columns.of(COLUMNS)).digest;

    long base = digest.digest(row(COLUMNS, "u", "gold", "x"));
    assertThat(digest.digest(row(COLUMNS, "u", "gold", "y"))).isEqualTo(base);
    assertThat(digest.digest(row(COLUMNS, "u", "silver", "x"))).isNotEqualTo(base);
  }
}
