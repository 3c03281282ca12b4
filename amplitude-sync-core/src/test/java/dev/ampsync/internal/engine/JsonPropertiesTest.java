package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.mapping.Value;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.Columns;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JsonProperties: a JSON object column expands into properties. */
class JsonPropertiesTest {
  private static final List<Column> COLUMNS = List.of(new Column("traits", ColumnType.JSON));
  private static final JsonProperties TRAITS =
      new JsonProperties(new Slot(Value.column("traits"), Columns.of(COLUMNS), "column 'traits' (properties_json)"));

  @Test
  void jsonText_becomesItsKeys_withExactNumbers() throws RowException {
    Map<String, Object> properties = TRAITS.of(row(COLUMNS, "{\"plan\":\"gold\",\"seats\":12,\"price\":9.99,\"gone\":null}"));

    assertThat(properties).containsEntry("plan", "gold").containsEntry("price", new BigDecimal("9.99")).containsKey("gone");
    assertThat(((Number) properties.get("seats")).longValue()).isEqualTo(12L);
  }

  @Test
  void aMap_hasItsValuesConverted_timesToText() throws RowException {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("at", Timestamp.from(Instant.parse("2024-05-01T00:00:00Z")));
    object.put("tags", List.of("a", "b"));

    assertThat(TRAITS.of(row(COLUMNS, object)))
        .containsEntry("at", "2024-05-01T00:00:00.000Z")
        .containsEntry("tags", List.of("a", "b"));
  }

  @Test
  void nullOrUnmapped_isEmpty() throws RowException {
    assertThat(TRAITS.of(row(COLUMNS, (Object) null))).isEmpty();
    assertThat(new JsonProperties(null).of(row(COLUMNS, "{\"a\":1}"))).isEmpty();
  }

  @Test
  void somethingOtherThanAnObject_isRefusedWithTheColumnNamed() {
    assertThatThrownBy(() -> TRAITS.of(row(COLUMNS, "[1,2]")))
        .isInstanceOf(RowException.class)
        .hasMessageStartingWith("column 'traits' (properties_json) must hold a JSON object, got List");
    assertThatThrownBy(() -> TRAITS.of(row(COLUMNS, "{oops")))
        .isInstanceOf(RowException.class)
        .hasMessageStartingWith("column 'traits' (properties_json) is not valid JSON");
  }
}
