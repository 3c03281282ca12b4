package dev.ampsync.benchmarks;

import static dev.ampsync.benchmarks.BenchConfig.OS;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.jdbc.JdbcSource;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.state.StateStore;
import java.net.URI;

/** The measured passes the modes combine: the library's syncs, a read-only pass and the minimal pipeline. */
final class Phases {
  private final BenchConfig config;

  Phases(BenchConfig config) {
    this.config = config;
  }

  Phase library(Sink sink, String sql, String label) throws Exception {
    return run(sink, label, () -> AmplitudeSync.run(eventsJob("bench-events", sql, sink.baseUrl())));
  }

  SyncJob eventsJob(String name, String sql, String sinkUrl) {
    return job(name, sql, Fixtures.eventMapping(), sinkUrl, null);
  }

  SyncJob usersJob(String sql, String sinkUrl, StateStore state) {
    return job("bench-users", sql, Fixtures.userMapping(), sinkUrl, state);
  }

  private SyncJob job(String name, String sql, Mapping mapping, String sinkUrl, StateStore state) {
    JdbcSource source = JdbcSource.builder().url(config.url).user(config.user).query(sql).fetchSize(config.fetchSize).build();
    AmplitudeClient.Builder destination = AmplitudeClient.builder(Fixtures.API_KEY)
        .endpoint(URI.create(sinkUrl))
        .maxEventsPerRequest(config.batchSize)
        .maxRequestsInFlight(config.concurrency);
    if (config.options.containsKey("max-pending")) {
      destination.maxPendingRecords(Integer.parseInt(config.options.get("max-pending")));
    }
    return SyncJob.builder(name).source(source).mapping(mapping).destination(destination).state(state).build();
  }

  interface SyncCall {
    SyncResult call() throws Exception;
  }

  static Phase run(Sink sink, String label, SyncCall call) throws Exception {
    sink.reset();
    long cpu0 = OS.getProcessCpuTime();
    SyncResult result;
    long nanos;
    HeapWatch heap = new HeapWatch();
    try (heap) {
      long started = System.nanoTime();
      result = call.call();
      nanos = System.nanoTime() - started;
    }
    long cpu = OS.getProcessCpuTime() - cpu0;
    String status = result.status() + " (accepted " + result.accepted() + ", unchanged " + result.unchanged()
        + ", invalid " + result.invalid() + ", rejected " + result.rejected() + ", failed " + result.failed()
        + result.error().map(e -> ", error: " + e).orElse("")
        + (result.problems().isEmpty() ? "" : ", first problem: " + result.problems().get(0)) + ")";
    return new Phase(label, result.rowsRead(), nanos, sink.requests(), sink.bytes(), cpu, heap.describe(), status, OS.getSystemLoadAverage());
  }

  /** The library's own source alone: every row and column read through JdbcSource, nothing else. */
  Phase readOnly(Sink sink, String sql, String label) throws Exception {
    sink.reset();
    long cpu0 = OS.getProcessCpuTime();
    long count = 0;
    long nanos;
    HeapWatch heap = new HeapWatch();
    try (heap) {
      long started = System.nanoTime();
      JdbcSource source = JdbcSource.builder().url(config.url).user(config.user).query(sql).fetchSize(config.fetchSize).build();
      try (RowStream stream = source.open()) {
        int columns = stream.columns().size();
        String first = stream.columns().get(0).label();
        Row row;
        while ((row = stream.next()) != null) {
          if (row.get(first) != null && columns > 0) {
            count++;
          }
        }
      }
      nanos = System.nanoTime() - started;
    }
    long cpu = OS.getProcessCpuTime() - cpu0;
    return new Phase(label, count, nanos, 0, 0, cpu, heap.describe(), "READ", OS.getSystemLoadAverage());
  }

  Phase minimal(Sink sink, String sql, String label) throws Exception {
    sink.reset();
    long cpu0 = OS.getProcessCpuTime();
    MinimalPipeline.Result result;
    HeapWatch heap = new HeapWatch();
    try (heap) {
      result = new MinimalPipeline(config.url, config.user, sink.baseUrl(), config.batchSize, config.concurrency, config.fetchSize).run(sql);
    }
    long cpu = OS.getProcessCpuTime() - cpu0;
    return new Phase(label, result.rows(), result.nanos(), sink.requests(), sink.bytes(), cpu, heap.describe(), "OK", OS.getSystemLoadAverage());
  }
}
