package dev.ampsync.state;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The child JVM of {@link CrashResumeTest}: one event sync of lazily generated, deterministic orders
 * against the parent's fake Amplitude, with its state in {@link StateStores#file(Path)}. The parent
 * kills it with SIGKILL at random points and runs it again until it completes.
 *
 * <p>Arguments: base URL, API key, state directory, row count, and the insert-id mode: {@code column}
 * (insert_id from the {@code order_id} column) or {@code derived} (no insert_id mapped: the engine
 * derives one from the sync name, event type, user id and time). Prints {@code STARTED} once the store
 * is open and one {@code RESULT key=value ...} line at the end. Exit status: 0 when the run SUCCEEDED
 * and every row was either accepted or unchanged, 1 otherwise, 2 on an unexpected exception.
 */
public final class CrashingSyncMain {
  /** The sync name of each insert-id mode (the name is part of a derived insert id). */
  static String syncName(String idMode) {
    return "orders-" + idMode;
  }

  static final List<Column> COLUMNS =
      List.of(
          new Column("order_id", ColumnType.STRING),
          new Column("customer", ColumnType.STRING),
          new Column("ordered_at", ColumnType.TIMESTAMP),
          new Column("amount", ColumnType.DECIMAL),
          new Column("currency", ColumnType.STRING),
          new Column("item_count", ColumnType.INTEGER),
          new Column("coupon", ColumnType.STRING));

  private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "JPY"};
  private static final long BASE_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private CrashingSyncMain() {}

  public static void main(String[] args) {
    try {
      System.exit(run(args));
    } catch (Throwable t) {
      System.out.println("ERROR " + t);
      t.printStackTrace(System.out);
      System.exit(2);
    }
  }

  private static int run(String[] args) {
    String baseUrl = args[0];
    String apiKey = args[1];
    Path stateDir = Path.of(args[2]);
    int rows = Integer.parseInt(args[3]);
    String idMode = args[4];

    try (StateStore store = StateStores.file(stateDir)) {
      System.out.println("STARTED");
      System.out.flush();
      SyncJob job =
          SyncJob.builder(syncName(idMode))
              .source(InMemorySource.streaming(COLUMNS, generated(rows)))
              .mapping(mapping(idMode))
              .destination(
                  AmplitudeClient.builder(apiKey)
                      .endpoint(URI.create(baseUrl))
                      .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(200))
                      .closeTimeout(Duration.ofMinutes(2)))
              .state(store)
              .build();
      SyncResult result = AmplitudeSync.run(job);
      System.out.println(
          String.format(
              Locale.ROOT,
              "RESULT status=%s rowsRead=%d accepted=%d unchanged=%d invalid=%d rejected=%d failed=%d"
                  + " durationMs=%d error=%s",
              result.status(),
              result.rowsRead(),
              result.accepted(),
              result.unchanged(),
              result.invalid(),
              result.rejected(),
              result.failed(),
              result.duration().toMillis(),
              result.error().orElse("-").replace(' ', '_')));
      System.out.flush();
      boolean complete =
          result.status() == SyncStatus.SUCCEEDED
              && result.rowsRead() == rows
              && result.accepted() + result.unchanged() == rows;
      return complete ? 0 : 1;
    }
  }

  static Mapping mapping(String idMode) {
    Mapping.Builder mapping =
        Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Order Completed"))
            .userId(Value.column("customer"))
            .time(Value.column("ordered_at"))
            .field("revenue", Value.column("amount"))
            .property("amount", Value.column("amount"))
            .property("currency", Value.column("currency"))
            .property("item_count", Value.column("item_count"))
            .property("coupon", Value.column("coupon"));
    switch (idMode) {
      case "column" -> mapping.insertId(Value.column("order_id"));
      case "derived" -> {
        // no insert_id: derived from (sync, event type, user, device, time), distinct per row
      }
      default -> throw new IllegalArgumentException("unknown insert-id mode " + idMode);
    }
    return mapping.build();
  }

  /** Row {@code i}: every value is computed from {@code i}; the same row on every run. */
  static Map<String, Object> row(int i) {
    Map<String, Object> row = new HashMap<>(16);
    row.put("order_id", "order-" + i);
    row.put("customer", "user-" + (100_000 + i % 5_000));
    row.put("ordered_at", Instant.ofEpochMilli(BASE_MILLIS + i * 1_000L));
    row.put("amount", BigDecimal.valueOf(1_000 + (i * 37L) % 100_000, 2));
    row.put("currency", CURRENCIES[i % CURRENCIES.length]);
    row.put("item_count", 1 + i % 7);
    row.put("coupon", i % 3 == 0 ? null : "SPRING" + (i % 10));
    return row;
  }

  static Iterable<Map<String, Object>> generated(int count) {
    return () ->
        new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < count;
          }

          @Override
          public Map<String, Object> next() {
            if (next >= count) {
              throw new NoSuchElementException();
            }
            return row(next++);
          }
        };
  }
}
