package dev.ampsync.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** InMemorySource's rows outlive the stream's next call, as its stream says (the engine keeps them). */
class InMemorySourceRowsTest {

  @Test
  void rowsStayValid_aRowKeptWhileLaterRowsAreRead_keepsItsOwnValues() {
    InMemorySource source = InMemorySource.builder().column("id", ColumnType.INTEGER).column("plan", ColumnType.STRING)
        .row(1L, "gold").row(2L, "silver").row(3L, null).build();

    List<Row> kept = new ArrayList<>();
    try (RowStream stream = source.open()) {
      assertThat(stream.rowsStayValid()).isTrue();
      Row row;
      while ((row = stream.next()) != null) {
        kept.add(row);
      }
    }

    assertThat(kept).extracting(r -> r.get("id")).containsExactly(1L, 2L, 3L);
    assertThat(kept).extracting(r -> r.get("plan")).containsExactly("gold", "silver", null);
  }
}
