package dev.ampsync.examples;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncListener;
import dev.ampsync.SyncProgress;
import dev.ampsync.SyncResult;
import dev.ampsync.client.Region;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code AmplitudeSync.run} from application code, with a listener that reports progress and the
 * outcome (wire it to your metrics or logs).
 */
public final class ProgrammaticRun {
  private ProgrammaticRun() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.getenv("AMPLITUDE_API_KEY"), null);
  }

  static SyncResult run(String apiKey, URI endpoint) {
    Iterable<Map<String, Object>> devices = () -> IntStream.range(0, 5_000)
        .mapToObj(i -> Map.<String, Object>of("device_id", "device-" + (100_000 + i), "platform", i % 2 == 0 ? "iOS" : "Android"))
        .iterator();
    SyncListener listener = new SyncListener() {
      @Override
      public void progress(SyncProgress p) {
        System.err.printf("%,d rows, %,.0f rows/s, %,d accepted%n", p.rowsRead(), p.rowsPerSecond(), p.accepted());
      }

      @Override
      public void finished(SyncResult result) {
        System.err.println("finished: " + result);
      }
    };
    SyncJob job = SyncJob.builder("devices")
        .source(InMemorySource.streaming(
            List.of(new Column("device_id", ColumnType.STRING), new Column("platform", ColumnType.STRING)), devices))
        .mapping(Mapping.builder(ObjectType.DEVICE)
            .deviceId(Value.column("device_id"))
            .field("platform", Value.column("platform"))
            .build())
        .destination(ExampleSupport.destination(apiKey, Region.US, endpoint))
        .listener(listener)
        .progressInterval(Duration.ofMillis(250))
        .build();
    boolean send = apiKey != null && !apiKey.isBlank();
    return send ? AmplitudeSync.run(job) : AmplitudeSync.preview(job);
  }
}
