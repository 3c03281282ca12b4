package dev.ampsync.examples;

import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.EventsApi;
import dev.ampsync.client.Region;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A historical backfill of events through the Batch API, with {@code $skip_user_properties_sync} so
 * that old events neither carry today's user properties nor overwrite them, and insert ids from the
 * order id so a re-run is deduplicated by Amplitude.
 */
public final class EventsBackfill {
  private EventsBackfill() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.getenv("AMPLITUDE_API_KEY"), null);
  }

  static SyncResult run(String apiKey, URI endpoint) {
    Instant start = Instant.parse("2024-01-01T00:00:00Z");
    // 10,000 historical orders, generated lazily: nothing is held in memory.
    Iterable<Map<String, Object>> orders = () -> IntStream.range(0, 10_000)
        .mapToObj(i -> Map.<String, Object>of(
            "order_id", "order-" + i,
            "customer_id", "customer-" + (1_000 + i % 500),
            "ordered_at", start.plus(i * 17L, ChronoUnit.MINUTES),
            "amount", BigDecimal.valueOf(1_000 + i % 9_000, 2)))
        .iterator();
    SyncJob job = SyncJob.builder("orders-backfill")
        .source(InMemorySource.streaming(List.of(
            new Column("order_id", ColumnType.STRING),
            new Column("customer_id", ColumnType.STRING),
            new Column("ordered_at", ColumnType.TIMESTAMP),
            new Column("amount", ColumnType.DECIMAL)), orders))
        .mapping(Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Order Completed"))
            .userId(Value.column("customer_id"))
            .insertId(Value.column("order_id"))
            .time(Value.column("ordered_at"))
            .field("revenue", Value.column("amount"))
            .field("currency", Value.constant("USD"))
            .build())
        .destination(ExampleSupport.destination(apiKey, Region.US, endpoint).eventsApi(EventsApi.BATCH))
        .skipUserPropertiesSync(true)
        .build();
    return ExampleSupport.runOrPreview(job, apiKey);
  }
}
