package dev.ampsync.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.time.LocalDate;
import java.util.Map;

/** The end-to-end benchmark's settings ({@code --name value} options), and what it prints first. */
final class BenchConfig {
  /** The process's CPU time and the load average. */
  static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  final Map<String, String> options;
  private final List<String> args;
  final String url;
  final String user;
  final long rows;
  final int concurrency;
  final int batchSize;
  final int fetchSize;

  private BenchConfig(Map<String, String> options, List<String> args) {
    this.options = options;
    this.args = args;
    // synchronize_seqscans off: every pipeline reads the table from its first row (the first
    // bodies of the library and of the minimal pipeline are compared byte for byte).
    this.url = option("url", "jdbc:postgresql://127.0.0.1:5432/test?options=-c%20synchronize_seqscans%3Doff");
    this.user = option("user", "postgres");
    this.rows = Long.parseLong(option("rows", "1000000").replace("_", ""));
    this.concurrency = Integer.parseInt(option("concurrency", "8"));
    this.batchSize = Integer.parseInt(option("batch", "2000"));
    this.fetchSize = Integer.parseInt(option("fetch-size", "1000"));
  }

  /** Reads {@code --name value} pairs. */
  static BenchConfig parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: EndToEnd [--mode all|memory|cpu] [--rows N] [--concurrency C] ... (got " + args[i] + ")");
      }
      options.put(args[i].substring(2), args[++i]);
    }
    return new BenchConfig(options, List.of(args));
  }

  /** The command line's arguments, as given. */
  List<String> args() {
    return args;
  }

  String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  int sinkThreads() {
    return Integer.parseInt(option("sink-threads", "4"));
  }

  void header(String mode) {
    Runtime rt = Runtime.getRuntime();
    System.out.printf("amplitude-sync end-to-end benchmark, mode %s, %s%n", mode, LocalDate.now());
    System.out.printf("machine: %d cores, JVM max heap %,d MB, Java %s (%s), JVM args %s%n", rt.availableProcessors(),
        rt.maxMemory() / (1 << 20), System.getProperty("java.version"), System.getProperty("java.vm.name"),
        ManagementFactory.getRuntimeMXBean().getInputArguments());
    System.out.printf("rows %,d, batch %d, concurrency %d, fetch size %d, %s%n", rows, batchSize, concurrency, fetchSize, url);
    System.out.printf("load average (1 min) at start: %.2f -- other processes on this machine compete for its %d cores%n",
        OS.getSystemLoadAverage(), rt.availableProcessors());
  }

  static double medianOf(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
