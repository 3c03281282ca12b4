package dev.ampsync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.testing.FakeAmplitude;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Watermark mode: event tables read incrementally, without skipping late or failed rows. */
class WatermarkTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private FakeAmplitude fake;

  @BeforeEach
  void start() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static Map<String, Object> order(int id, Instant at) {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("order_id", "order-" + id);
    row.put("customer", "user-" + (10_000 + id % 13));
    row.put("created_at", at);
    return row;
  }

  private SyncJob job(List<Map<String, Object>> rows, StateStore store, int maxAttempts) {
    return SyncJob.builder("orders")
        .source(InMemorySource.of(rows))
        .mapping(Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Order Completed"))
            .userId(Value.column("customer"))
            .insertId(Value.column("order_id"))
            .time(Value.column("created_at"))
            .build())
        .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl()))
            .linger(Duration.ofMillis(5)).maxAttempts(maxAttempts).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(2)))
        .state(store)
        .watermark("created_at", Duration.ofHours(1))
        .build();
  }

  @Test
  void secondRun_readsOnlyRowsAfterTheWatermarkMinusTheLag_andCatchesLateRows() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      rows.add(order(i, T0.plus(Duration.ofMinutes(i))));
    }
    try (StateStore store = StateStores.memory()) {
      SyncResult first = AmplitudeSync.run(job(rows, store, 3));
      assertThat(first.accepted()).isEqualTo(1_000);
      Instant watermark = T0.plus(Duration.ofMinutes(999));

      rows.add(order(2_000, watermark.plus(Duration.ofMinutes(5))));   // new
      rows.add(order(2_001, watermark.minus(Duration.ofMinutes(30)))); // late, within the 1 h lag
      rows.add(order(2_002, watermark.minus(Duration.ofHours(3))));    // late beyond the lag: not read
      SyncResult second = AmplitudeSync.run(job(rows, store, 3));

      // Rows in (watermark - 1 h, ...]: the 60 newest old rows (unchanged), plus two new ones.
      assertThat(second.rowsRead()).isEqualTo(60 + 2);
      assertThat(second.accepted()).isEqualTo(2);
      assertThat(second.unchanged()).isEqualTo(60);
      assertThat(fake.distinctInsertIds()).contains("order-2000", "order-2001").doesNotContain("order-2002");
      assertThat(fake.eventCount()).isEqualTo(1_002);
    }
  }

  @Test
  void failedRows_holdTheWatermarkBack_soTheNextRunReadsThemAgain() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(order(i, T0.plus(Duration.ofMinutes(i))));
    }
    try (StateStore store = StateStores.memory()) {
      AmplitudeSync.run(job(rows, store, 3));
      for (int i = 100; i < 200; i++) {
        rows.add(order(i, T0.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(i))));
      }
      fake.failNext(20, 503); // more failures than attempts: every new row fails
      SyncResult failing = AmplitudeSync.run(job(rows, store, 2));
      assertThat(failing.failed()).isPositive();
      assertThat(failing.status()).isEqualTo(SyncStatus.PARTIAL);

      fake.reset();
      SyncResult recovering = AmplitudeSync.run(job(rows, store, 3));

      assertThat(recovering.accepted()).isEqualTo(failing.failed());
      assertThat(fake.distinctInsertIds()).hasSize((int) failing.failed());
      assertThat(store.open("orders").size()).isEqualTo(200);
    }
  }

  @Test
  void watermarkMode_needsAStateStoreAndAnEventSync() {
    SyncJob.Builder noState = SyncJob.builder("orders")
        .source(InMemorySource.of(List.of(order(1, T0))))
        .mapping(Mapping.builder(ObjectType.EVENT).eventType(Value.constant("x")).userId(Value.column("customer")).timeNow().build())
        .destination(AmplitudeClient.builder("k"))
        .watermark("created_at", Duration.ZERO);
    assertThatThrownBy(noState::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("state store");
    SyncJob.Builder users = SyncJob.builder("users")
        .source(InMemorySource.of(List.of(order(1, T0))))
        .mapping(Mapping.builder(ObjectType.USER).userId(Value.column("customer")).build())
        .destination(AmplitudeClient.builder("k"))
        .state(StateStores.memory())
        .watermark("created_at", Duration.ZERO);
    assertThatThrownBy(users::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("event syncs");
    assertThatThrownBy(() -> SyncJob.builder("x").watermark("c", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
