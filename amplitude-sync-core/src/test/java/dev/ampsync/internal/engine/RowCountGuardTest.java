package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RowCountGuard: maxRows before the run (a counting pass) and during it. */
class RowCountGuardTest {
  private static final Watermark NONE = new Watermark(null, null, false);

  private static InMemorySource rows(int count) {
    InMemorySource.Builder source = InMemorySource.builder().column("at", ColumnType.OTHER);
    for (int i = 0; i < count; i++) {
      source.row(Instant.ofEpochSecond(i));
    }
    return source.build();
  }

  private static Tally tallyOf(int rowsRead) {
    Tally tally = EngineFixtures.tally();
    for (int i = 0; i < rowsRead; i++) {
      tally.rowRead();
    }
    return tally;
  }

  @Test
  void withoutMaxRows_everythingIsAdmitted() {
    RowCountGuard guard = new RowCountGuard(Optional.empty());

    assertThat(guard.countSource(rows(5), NONE)).isNull();
    assertThat(guard.admit(tallyOf(5))).isNull();
  }

  @Test
  void theCountingPass_refusesASourceWithMoreRows() {
    RowCountGuard guard = new RowCountGuard(Optional.of(3L));

    assertThat(guard.countSource(rows(3), NONE)).isNull();
    assertThat(guard.countSource(rows(4), NONE)).isEqualTo(new StopReason.MaxRowsExceeded(3));
  }

  @Test
  void theCountingPass_countsOnlyTheWatermarkWindow() {
    Watermark after = new Watermark("at", Instant.ofEpochSecond(1), false);

    assertThat(new RowCountGuard(Optional.of(3L)).countSource(rows(5), after)).isNull();
    assertThat(new RowCountGuard(Optional.of(2L)).countSource(rows(5), after)).isEqualTo(new StopReason.MaxRowsExceeded(2));
  }

  @Test
  void duringTheRun_theRowAfterMaxRowsStopsIt() {
    RowCountGuard guard = new RowCountGuard(Optional.of(3L));

    assertThat(guard.admit(tallyOf(2))).isNull();
    assertThat(guard.admit(tallyOf(3))).isEqualTo(new StopReason.SourceGrew(3, 3));
  }
}
