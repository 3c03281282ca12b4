package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.columns;
import static dev.ampsync.internal.engine.EngineFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.SyncJob;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.state.StateStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Watermark: the window a run reads, and where the watermark moves afterwards. */
class WatermarkWindowTest {
  private static final List<Column> COLUMNS = columns("at");
  private static final Instant BOUND = Instant.ofEpochMilli(10_000);

  @Test
  void theWindowStartsAfterTheStoredWatermarkLessTheLag() {
    SyncJob job = SyncJob.builder("w")
        .source(InMemorySource.builder().column("at", ColumnType.OTHER).build())
        .mapping(Mapping.builder(ObjectType.EVENT).eventType(Value.constant("Seen")).userId(Value.constant("user-1"))
            .time(Value.column("at")).build())
        .destination(AmplitudeClient.builder("engine-stage-test-key-0001"))
        .state(StateStores.memory())
        .watermark("at", Duration.ofSeconds(2))
        .build();

    Watermark window = Watermark.of(job, "12000");
    assertThat(window.enabled()).isTrue();
    assertThat(window.beforeWindow(10_000)).isTrue();
    assertThat(window.beforeWindow(10_001)).isFalse();
    assertThat(window.inWindow(row(COLUMNS, Instant.ofEpochMilli(10_001)))).isTrue();
    assertThat(window.inWindow(row(COLUMNS, BOUND))).isFalse();
    assertThat(window.inWindow(row(COLUMNS, "not a time"))).as("unreadable counts as inside").isTrue();
    assertThat(Watermark.of(job, null).beforeWindow(Long.MIN_VALUE + 1)).as("first run: everything").isFalse();
    assertThat(Watermark.of(EngineFixtures.userJob("u").build(), null).enabled()).isFalse();
  }

  @Test
  void timeOf_isEpochMillis_orNoTime() {
    Watermark window = new Watermark("at", null, false);

    assertThat(window.timeOf(row(COLUMNS, "1970-01-01T00:00:01Z"))).isEqualTo(1000);
    assertThat(window.timeOf(row(COLUMNS, (Object) null))).isEqualTo(Watermark.NO_TIME);
    assertThat(window.timeOf(row(COLUMNS, "yesterday"))).isEqualTo(Watermark.NO_TIME);
    assertThat(window.noTimeReason())
        .isEqualTo("watermark column 'at' is NULL or not a time; the row cannot be placed in watermark mode");
  }

  @Test
  void next_isTheLatestRead_butNeverPastAFailedRow() {
    Watermark window = new Watermark("at", null, false);
    assertThat(window.next(null)).as("nothing read").isNull();

    window.read(5_000);
    window.read(9_000);
    assertThat(window.next(null)).isEqualTo("9000");
    window.failedAt(7_000);
    window.failedAt(Watermark.NO_TIME);
    assertThat(window.next(null)).isEqualTo("6999");
  }

  @Test
  void next_neverMovesBackwards_exceptOnAFullResync() {
    Watermark window = new Watermark("at", null, false);
    Watermark resync = new Watermark("at", null, true);
    window.read(5_000);
    resync.read(5_000);

    assertThat(window.next("6000")).isNull();
    assertThat(window.next("4000")).isEqualTo("5000");
    assertThat(resync.next("6000")).isEqualTo("5000");
  }
}
