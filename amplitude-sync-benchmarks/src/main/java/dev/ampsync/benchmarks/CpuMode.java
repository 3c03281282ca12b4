package dev.ampsync.benchmarks;

import static dev.ampsync.benchmarks.BenchConfig.OS;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncResult;
import dev.ampsync.jdbc.JdbcSource;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Client CPU per row on cold JVMs: a sink child JVM (its CPU not counted), then child JVMs that run a
 * read-only baseline and a library sync, alternating ({@code --mode cpu}); the children are
 * {@code --mode cpu-child} and {@code --mode sink}.
 */
final class CpuMode {
  private final BenchConfig config;
  private final Phases phases;

  CpuMode(BenchConfig config) {
    this.config = config;
    this.phases = new Phases(config);
  }

  /** Orchestrates cold child JVMs: a sink, then baseline and library runs, alternating. */
  void run() throws Exception {
    config.header("cpu");
    new Tables(config.url, config.user).ensureEvents(config.rows);
    int repeat = Integer.parseInt(config.option("repeat", "3"));
    String java = ProcessHandle.current().info().command().orElse("java");
    String classPath = System.getProperty("java.class.path");
    List<Double> baseline = new ArrayList<>();
    List<Double> library = new ArrayList<>();
    try (SinkChild sink = SinkChild.start(java, classPath)) {
      System.out.println("sink child JVM at " + sink.url() + " (its CPU is not counted)");
      for (int i = 1; i <= repeat; i++) {
        baseline.add(child(java, classPath, "baseline", sink.url(), i));
        library.add(child(java, classPath, "library", sink.url(), i));
      }
    }
    double base = BenchConfig.medianOf(baseline);
    double lib = BenchConfig.medianOf(library);
    System.out.printf("RESULT client CPU: library run %.2f µs/row, read-only baseline %.2f µs/row, library minus baseline %.2f µs/row (median of %d cold JVMs each; target <= 6)%n",
        lib, base, lib - base, repeat);
  }

  private double child(String java, String classPath, String what, String sinkUrl, int run) throws Exception {
    List<String> command = new ArrayList<>(List.of(java));
    String jvmArgs = config.option("child-jvm-args", "");
    if (!jvmArgs.isBlank()) {
      command.addAll(Arrays.asList(jvmArgs.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", classPath, EndToEnd.class.getName(), "--mode", "cpu-child", "--what", what,
        "--sink-url", sinkUrl, "--rows", Long.toString(config.rows), "--concurrency", Integer.toString(config.concurrency),
        "--url", config.url, "--user", config.user));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String result = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        if (line.startsWith("CHILD ")) {
          result = line;
        } else if (!line.startsWith("[") && !line.isBlank()) {
          System.out.println("  child: " + line);
        }
      }
    }
    if (process.waitFor() != 0 || result == null) {
      throw new IllegalStateException(what + " child failed (exit " + process.exitValue() + ")");
    }
    Map<String, String> fields = new HashMap<>();
    for (String part : result.substring(6).split(" ")) {
      String[] kv = part.split("=", 2);
      fields.put(kv[0], kv[1]);
    }
    long cpuNs = Long.parseLong(fields.get("cpu_ns"));
    long n = Long.parseLong(fields.get("rows"));
    double usPerRow = cpuNs / 1e3 / n;
    System.out.printf("cold JVM %d, %-8s: %,d rows, process CPU %.2f s, wall %.2f s, %.2f µs/row, %s, load avg %s%n",
        run, what, n, cpuNs / 1e9, Long.parseLong(fields.get("wall_ns")) / 1e9, usPerRow, fields.get("status"), fields.get("load"));
    return usPerRow;
  }

  /** A child of {@code cpu}: one run on a cold JVM, measured with the process CPU time. */
  void child() throws Exception {
    String what = config.option("what", "library");
    String sql = Fixtures.EVENT_SELECT + Tables.eventsTable(config.rows);
    String sinkUrl = config.option("sink-url", null);
    long gc0 = 0;
    for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc0 += gc.getCollectionTime();
    }
    long jit0 = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    long mainCpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    long cpu0 = OS.getProcessCpuTime();
    long wall0 = System.nanoTime();
    long n;
    String status;
    if (what.equals("baseline")) {
      // Read-only: the library's own source, every row and column read, nothing else.
      JdbcSource source = JdbcSource.builder().url(config.url).user(config.user).query(sql).build();
      long count = 0;
      try (RowStream stream = source.open()) {
        Row row;
        while ((row = stream.next()) != null) {
          if (row.get("id") != null) {
            count++;
          }
        }
      }
      n = count;
      status = "READ";
    } else {
      SyncResult result = AmplitudeSync.run(phases.eventsJob("bench-events", sql, sinkUrl));
      n = result.rowsRead();
      status = result.status() + "/accepted=" + result.accepted();
    }
    long cpu = OS.getProcessCpuTime() - cpu0;
    long wall = System.nanoTime() - wall0;
    long mainCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - mainCpu0;
    long jitMs = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jit0;
    long gcMs = 0;
    for (java.lang.management.GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMs += gc.getCollectionTime();
    }
    System.out.printf("  %s: main thread CPU %.2f µs/row, JIT compilation %.2f s, GC %.2f s (pauses, wall)%n",
        what, mainCpu / 1e3 / Math.max(1, n), jitMs / 1e3, (gcMs - gc0) / 1e3);
    System.out.println("CHILD load=" + String.format("%.1f", OS.getSystemLoadAverage()) + " cpu_ns=" + cpu + " wall_ns=" + wall + " rows=" + n + " status=" + status);
  }

  static void sinkProcess(int threads) throws Exception {
    try (Sink sink = Sink.start(threads)) {
      System.out.println("SINK_URL=" + sink.baseUrl());
      System.out.flush();
      while (System.in.read() >= 0) {
        // run until our parent closes our input
      }
      System.err.printf("sink child: %,d requests, %,d bytes%n", sink.requests(), sink.bytes());
    }
  }
}
