package dev.ampsync.benchmarks;

import static dev.ampsync.benchmarks.BenchConfig.OS;

import dev.ampsync.internal.engine.RowMapper;
import dev.ampsync.internal.wire.EncodedRecord;
import dev.ampsync.internal.wire.RequestBodies;
import dev.ampsync.internal.wire.WireFormat;
import dev.ampsync.record.EventRecord;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** The sink's own ceiling: what it accepts when clients post a pre-built body as fast as they can. */
final class SinkCeiling {
  private final BenchConfig config;

  SinkCeiling(BenchConfig config) {
    this.config = config;
  }

  /** Posts a real 2000-event body at the sink from {@code config.concurrency} threads: the sink's own ceiling. */
  void measure(Sink sink, double seconds) throws Exception {
    RowMapper mapper = new RowMapper(Fixtures.eventMapping(), Fixtures.EVENT_COLUMNS, "bench-events");
    List<EncodedRecord> encoded = new ArrayList<>();
    for (int i = 1; i <= config.batchSize; i++) {
      encoded.add(WireFormat.get().event((EventRecord) ((RowMapper.Mapped.Ready) mapper.map(Fixtures.eventRow(i))).record()));
    }
    byte[] body = RequestBodies.create(Fixtures.API_KEY, null).events(encoded);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create(sink.baseUrl() + "/batch");
    System.out.printf("%n== sink ceiling: %d client threads post a pre-built /batch body of %d events (%,d bytes) for %.0f s ==%n",
        config.concurrency, config.batchSize, body.length, seconds);
    sink.keepFirst(false);
    for (int pass = 0; pass < 2; pass++) { // a short warm-up pass, then the measured one
      double duration = pass == 0 ? Math.min(2, seconds) : seconds;
      sink.reset();
      AtomicLong failures = new AtomicLong();
      long cpu0 = OS.getProcessCpuTime();
      long started = System.nanoTime();
      long deadline = started + (long) (duration * 1e9);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < config.concurrency; t++) {
        Thread thread = new Thread(() -> {
          HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
          while (System.nanoTime() < deadline) {
            try {
              HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
              if (response.statusCode() != 200) {
                failures.incrementAndGet();
              }
            } catch (IOException e) {
              failures.incrementAndGet();
            } catch (InterruptedException e) {
              return;
            }
          }
        });
        threads.add(thread);
        thread.start();
      }
      for (Thread thread : threads) {
        thread.join();
      }
      double elapsed = (System.nanoTime() - started) / 1e9;
      if (pass == 1) {
        System.out.printf("RESULT sink ceiling: %,.0f requests/s, %.1f MB/s, = %,.0f events/s at %d events per request (%d failures; process CPU %.2f s in %.2f s, client and sink)%n",
            sink.requests() / elapsed, sink.bytes() / 1e6 / elapsed, sink.requests() * (double) config.batchSize / elapsed,
            config.batchSize, failures.get(), (OS.getProcessCpuTime() - cpu0) / 1e9, elapsed);
      }
    }
    sink.keepFirst(true);
    sink.reset();
  }
}
