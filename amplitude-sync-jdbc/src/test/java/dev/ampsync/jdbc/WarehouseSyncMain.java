package dev.ampsync.jdbc;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import java.net.URI;
import java.time.Duration;

/**
 * The child JVM of {@link WarehouseKillResumeTest}: one warehouse-planned event sync of an orders
 * table to the parent's fake Amplitude, which the parent kills part-way.
 *
 * <p>Arguments: {@code URL USER|- PASSWORD|- TABLE STATE_TABLE BASE_URL API_KEY}. Prints {@code RESULT
 * rowsRead=N accepted=N} and exits 0 when it ends on its own.
 */
public final class WarehouseSyncMain {
  static final String SYNC = "wh-kill";

  private WarehouseSyncMain() {}

  public static void main(String[] args) {
    String user = args[1].equals("-") ? null : args[1];
    String password = args[2].equals("-") ? null : args[2];
    SyncResult result = AmplitudeSync.run(job(args[0], user, password, args[3], args[4], args[5], args[6]));
    System.out.println("RESULT rowsRead=" + result.rowsRead() + " accepted=" + result.accepted() + " " + result);
    System.exit(result.error().isPresent() ? 1 : 0);
  }

  static SyncJob job(String url, String user, String password, String table, String stateTable, String baseUrl,
      String apiKey) {
    return SyncJob.builder(SYNC)
        .source(JdbcSource.builder().url(url).user(user).password(password)
            .query("SELECT * FROM " + table + " ORDER BY order_id").build())
        .mapping(mapping())
        .state(JdbcStateStore.builder().url(url).user(user).password(password).table(stateTable)
            .planning(JdbcStateStore.Planning.WAREHOUSE).build())
        .destination(AmplitudeClient.builder(apiKey)
            .endpoint(URI.create(baseUrl))
            .maxEventsPerRequest(50)
            .maxRequestsInFlight(2)
            .linger(Duration.ofMillis(5))
            .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
            .closeTimeout(Duration.ofSeconds(20)))
        .build();
  }

  static Mapping mapping() {
    return Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Order Completed"))
        .userId(Value.column("user_id"))
        .insertId(Value.column("order_id"))
        .time(Value.column("ordered_at"))
        .property("amount", Value.column("amount"))
        .build();
  }
}
