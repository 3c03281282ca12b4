package dev.ampsync.engine;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.Source;
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
 * The child JVM of {@link StreamingMemoryTest}: runs one sync of a lazily generated source against
 * the parent's fake Amplitude under a small heap, and prints one {@code RESULT ...} line.
 *
 * <p>Arguments: base URL, API key, row count, a mode: {@code events} (default), {@code users}, or
 * {@code invalid} (every row has a too-short user id), and optionally a problems file. Exit status: 0 when the run ended as the mode
 * expects (events/users: SUCCEEDED with every row accepted; invalid: PARTIAL with every row invalid),
 * 1 otherwise, 2 on an unexpected exception.
 */
public final class StreamingSyncMain {
  static final List<Column> EVENT_COLUMNS =
      List.of(
          new Column("user_id", ColumnType.STRING),
          new Column("ordered_at", ColumnType.TIMESTAMP),
          new Column("order_id", ColumnType.STRING),
          new Column("amount", ColumnType.DECIMAL),
          new Column("currency", ColumnType.STRING),
          new Column("country", ColumnType.STRING),
          new Column("platform", ColumnType.STRING),
          new Column("item_count", ColumnType.INTEGER),
          new Column("coupon", ColumnType.STRING),
          new Column("first_order", ColumnType.BOOLEAN));

  static final List<Column> USER_COLUMNS =
      List.of(
          new Column("id", ColumnType.STRING),
          new Column("email_domain", ColumnType.STRING),
          new Column("plan", ColumnType.STRING),
          new Column("ltv", ColumnType.DECIMAL),
          new Column("logins", ColumnType.INTEGER),
          new Column("country", ColumnType.STRING),
          new Column("signed_up_at", ColumnType.TIMESTAMP),
          new Column("beta", ColumnType.BOOLEAN),
          new Column("seats", ColumnType.INTEGER),
          new Column("region", ColumnType.STRING));

  private static final String[] CURRENCIES = {"EUR", "USD", "GBP", "JPY"};
  private static final String[] COUNTRIES = {"France", "Germany", "United States", "Japan", "Brazil"};
  private static final String[] PLANS = {"free", "starter", "pro", "enterprise"};
  private static final long BASE_MILLIS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

  private StreamingSyncMain() {}

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
    int rows = Integer.parseInt(args[2]);
    String mode = args.length > 3 ? args[3] : "events";
    Path problemsFile = args.length > 4 ? Path.of(args[4]) : null;

    Source source;
    Mapping mapping;
    switch (mode) {
      case "events" -> {
        source = InMemorySource.streaming(EVENT_COLUMNS, generated(rows, StreamingSyncMain::orderRow));
        mapping = eventMapping();
      }
      case "invalid" -> {
        source = InMemorySource.streaming(EVENT_COLUMNS, generated(rows, StreamingSyncMain::invalidOrderRow));
        mapping = eventMapping();
      }
      case "users" -> {
        source = InMemorySource.streaming(USER_COLUMNS, generated(rows, StreamingSyncMain::userRow));
        mapping = userMapping();
      }
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }

    SyncJob job =
        SyncJob.builder("streaming-" + mode)
            .source(source)
            .mapping(mapping)
            .destination(
                AmplitudeClient.builder(apiKey)
                    .endpoint(URI.create(baseUrl))
                    .retryBackoff(Duration.ofMillis(10), Duration.ofMillis(200))
                    .closeTimeout(Duration.ofMinutes(2)))
            .problemsFile(problemsFile)
            .build();

    SyncResult result = AmplitudeSync.run(job);

    Runtime runtime = Runtime.getRuntime();
    double seconds = Math.max(1, result.duration().toMillis()) / 1000.0;
    System.out.println(
        String.format(
            Locale.ROOT,
            "RESULT mode=%s status=%s rowsRead=%d accepted=%d unchanged=%d invalid=%d rejected=%d"
                + " failed=%d problems=%d durationMs=%d rowsPerSecond=%.0f maxHeapMb=%d error=%s",
            mode,
            result.status(),
            result.rowsRead(),
            result.accepted(),
            result.unchanged(),
            result.invalid(),
            result.rejected(),
            result.failed(),
            result.problems().size(),
            result.duration().toMillis(),
            result.rowsRead() / seconds,
            runtime.maxMemory() / (1024 * 1024),
            result.error().orElse("-").replace(' ', '_')));

    boolean expected =
        mode.equals("invalid")
            ? result.status() == SyncStatus.PARTIAL && result.invalid() == rows && result.rowsRead() == rows
            : result.status() == SyncStatus.SUCCEEDED && result.accepted() == rows && result.rowsRead() == rows;
    return expected ? 0 : 1;
  }

  static Mapping eventMapping() {
    return Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Order Completed"))
        .userId(Value.column("user_id"))
        .insertId(Value.column("order_id"))
        .time(Value.column("ordered_at"))
        .field("country", Value.column("country"))
        .field("platform", Value.column("platform"))
        .field("revenue", Value.column("amount"))
        .property("amount", Value.column("amount"))
        .property("currency", Value.column("currency"))
        .property("item_count", Value.column("item_count"))
        .property("coupon", Value.column("coupon"))
        .property("first_order", Value.column("first_order"))
        .property("source", Value.constant("warehouse"))
        .build();
  }

  static Mapping userMapping() {
    return Mapping.builder(ObjectType.USER)
        .userId(Value.column("id"))
        .field("country", Value.column("country"))
        .field("region", Value.column("region"))
        .property("email_domain", Value.column("email_domain"))
        .property("plan", Value.column("plan"))
        .property("ltv", Value.column("ltv"))
        .property("logins", Value.column("logins"), PropertyOperation.ADD)
        .property("signed_up_at", Value.column("signed_up_at"), PropertyOperation.SET_ONCE)
        .property("beta", Value.column("beta"))
        .property("seats", Value.column("seats"))
        .build();
  }

  /** A row of a valid order: every value is computed from the row number, nothing is kept. */
  static Map<String, Object> orderRow(int i) {
    Map<String, Object> row = new HashMap<>(16);
    row.put("user_id", "user-" + (100_000 + i % 50_000));
    row.put("ordered_at", Instant.ofEpochMilli(BASE_MILLIS + i * 1_000L));
    row.put("order_id", "order-" + i);
    row.put("amount", BigDecimal.valueOf(1_000 + (i * 37L) % 100_000, 2));
    row.put("currency", CURRENCIES[i % CURRENCIES.length]);
    row.put("country", COUNTRIES[i % COUNTRIES.length]);
    row.put("platform", i % 2 == 0 ? "Web" : "iOS");
    row.put("item_count", 1 + i % 7);
    row.put("coupon", i % 3 == 0 ? null : "SPRING" + (i % 10));
    row.put("first_order", i % 11 == 0);
    return row;
  }

  /** An order whose user id is too short for Amplitude (fewer than 5 characters): invalid. */
  static Map<String, Object> invalidOrderRow(int i) {
    Map<String, Object> row = orderRow(i);
    row.put("user_id", "u" + (i % 100));
    return row;
  }

  static Map<String, Object> userRow(int i) {
    Map<String, Object> row = new HashMap<>(16);
    row.put("id", "user-" + (1_000_000 + i));
    row.put("email_domain", "example" + (i % 100) + ".com");
    row.put("plan", PLANS[i % PLANS.length]);
    row.put("ltv", BigDecimal.valueOf((i * 131L) % 1_000_000, 2));
    row.put("logins", i % 40);
    row.put("country", COUNTRIES[i % COUNTRIES.length]);
    row.put("signed_up_at", Instant.ofEpochMilli(BASE_MILLIS - i * 60_000L));
    row.put("beta", i % 5 == 0);
    row.put("seats", 1 + i % 50);
    row.put("region", i % 2 == 0 ? "North" : "South");
    return row;
  }

  /** Rows created on the fly by a generator; each iterator starts a new pass. */
  static Iterable<Map<String, Object>> generated(int count, java.util.function.IntFunction<Map<String, Object>> row) {
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
            return row.apply(next++);
          }
        };
  }
}
