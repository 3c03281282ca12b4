package dev.ampsync.benchmarks;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.StateStores;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark: PostgreSQL to a local Amplitude stand-in ({@link Sink}), see
 * BENCHMARKS.md. Modes ({@code --mode}):
 *
 * <ul>
 *   <li>{@code all} (default): tables, the sink's own ceiling, then in the same JVM the library's
 *       event sync and the minimal pipeline (a warm-up of each, then alternating measured rounds),
 *       their ratio, and the unchanged re-run of a user sync with a file state store;
 *   <li>{@code warehouse}: a user sync with a JDBC state store in PostgreSQL, 1 % changed per
 *       round, planned in the client against planned in the warehouse ({@link WarehouseMode});
 *   <li>{@code memory}: one library event sync (run it with {@code -Xmx256m}), heap and GC figures;
 *   <li>{@code cpu}: client CPU per row on cold JVMs: child JVMs run a read-only baseline and a
 *       library sync (the sink runs in its own child JVM, so its CPU is not counted);
 *   <li>{@code cpu-child}, {@code sink}: the children of {@code cpu};
 *   <li>{@code cold}: whole processes, the command line against the minimal pipeline, alternating,
 *       timed by the operating system ({@link ColdMode}); {@code minimal-child} is its child;
 *   <li>{@code class-list}: the command line's class list for its class-data-sharing archive, from
 *       the runs {@code cold} times ({@link ClassListMode}).
 * </ul>
 */
public final class EndToEnd {
  private final BenchConfig config;
  private final Phases phases;

  private EndToEnd(BenchConfig config) {
    this.config = config;
    this.phases = new Phases(config);
  }

  public static void main(String[] args) throws Exception {
    BenchConfig config = BenchConfig.parse(args);
    EndToEnd bench = new EndToEnd(config);
    String mode = config.option("mode", "all");
    switch (mode) {
      case "all" -> bench.all();
      case "memory" -> bench.memory();
      case "users" -> bench.usersOnly();
      case "library" -> bench.libraryOnly();
      case "warehouse" -> new WarehouseMode(config).run();
      case "cpu" -> new CpuMode(config).run();
      case "cpu-child" -> new CpuMode(config).child();
      case "sink" -> CpuMode.sinkProcess(config.sinkThreads());
      case "cold" -> new ColdMode(config).run();
      case "minimal-child" -> ColdMode.minimalChild(config);
      case "class-list" -> new ClassListMode(config).run();
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    System.exit(0); // the HTTP clients' selector threads are not daemons
  }

  // ------------------------------------------------------------------------------------ modes

  private void all() throws Exception {
    config.header("all");
    Tables tables = new Tables(config.url, config.user);
    tables.ensureEvents(config.rows);
    tables.ensureUsers(config.rows);
    String eventsSql = Fixtures.EVENT_SELECT + Tables.eventsTable(config.rows);
    int rounds = Integer.parseInt(config.option("rounds", "2"));
    long warmupRows = Math.min(config.rows, Long.parseLong(config.option("warmup-rows", "200000")));
    try (Sink sink = Sink.start(config.sinkThreads())) {
      System.out.println("sink: " + sink.baseUrl() + " (JDK HttpServer, fixed pool of " + config.option("sink-threads", "4")
          + " threads, sun.net.httpserver.nodelay=" + System.getProperty("sun.net.httpserver.nodelay") + ")");
      new SinkCeiling(config).measure(sink, Double.parseDouble(config.option("ceiling-seconds", "5")));

      System.out.printf("%n== warm-up (not measured): %,d rows through each pipeline ==%n", warmupRows);
      String warmSql = eventsSql + " limit " + warmupRows;
      Phase w1 = phases.library(sink, warmSql, "warm-up library");
      Phase w2 = phases.minimal(sink, warmSql, "warm-up minimal");
      System.out.println(w1.line());
      System.out.println(w2.line());

      System.out.printf("%n== events: library vs minimal, %,d rows, batch %d, concurrency %d, %d rounds ==%n",
          config.rows, config.batchSize, config.concurrency, rounds);
      List<Phase> libraryRounds = new ArrayList<>();
      List<Phase> minimalRounds = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        Phase lib = phases.library(sink, eventsSql, "library round " + round);
        byte[] libraryBody = sink.firstBatch();
        System.out.println(lib.line());
        Phase min = phases.minimal(sink, eventsSql, "minimal round " + round);
        byte[] minimalBody = sink.firstBatch();
        System.out.println(min.line());
        if (round == 1) {
          boolean same = samePrefix(libraryBody, minimalBody);
          System.out.printf("first /batch body: library %,d bytes (%d events), minimal %,d bytes (%d events); same events, byte for byte: %s%n",
              libraryBody == null ? 0 : libraryBody.length, events(libraryBody),
              minimalBody == null ? 0 : minimalBody.length, events(minimalBody), same);
          System.out.printf("total bytes sent: library %,d in %,d requests, minimal %,d in %,d requests%n",
              lib.bytes(), lib.requests(), min.bytes(), min.requests());
          if (!same && libraryBody != null && minimalBody != null) {
            System.out.println("  library: " + abbreviate(new String(libraryBody, StandardCharsets.UTF_8)));
            System.out.println("  minimal: " + abbreviate(new String(minimalBody, StandardCharsets.UTF_8)));
          }
        }
        libraryRounds.add(lib);
        minimalRounds.add(min);
      }
      Phase read = phases.readOnly(sink, eventsSql, "events read-only");
      System.out.println(read.line());
      double libRate = median(libraryRounds);
      double minRate = median(minimalRounds);
      System.out.printf("RESULT library %,.0f rows/s (median of %d), minimal %,.0f rows/s (median of %d), ratio library/minimal %.2f (target >= 0.80)%n",
          libRate, rounds, minRate, rounds, libRate / minRate);

      users(sink, tables);
    }
  }

  /** Library event syncs only, {@code --repeat} times (for profiling a warmed-up run). */
  private void libraryOnly() throws Exception {
    config.header("library");
    new Tables(config.url, config.user).ensureEvents(config.rows);
    String sql = Fixtures.EVENT_SELECT + Tables.eventsTable(config.rows);
    int repeat = Integer.parseInt(config.option("repeat", "3"));
    try (Sink sink = Sink.start(config.sinkThreads())) {
      for (int i = 1; i <= repeat; i++) {
        System.out.println(phases.library(sink, sql, "library run " + i).line());
      }
    }
  }

  private void usersOnly() throws Exception {
    config.header("users");
    try (Sink sink = Sink.start(config.sinkThreads())) {
      users(sink, new Tables(config.url, config.user));
    }
  }

  private void users(Sink sink, Tables tables) throws Exception {
    long users = Long.parseLong(config.option("users", Long.toString(config.rows)).replace("_", ""));
    tables.ensureUsers(users);
    Path stateDir = Path.of(config.option("state-dir", "target/bench-state"));
    deleteRecursively(stateDir);
    System.out.printf("%n== users: unchanged re-run, %,d users, file state store %s ==%n", users, stateDir.toAbsolutePath());
    String sql = Fixtures.USER_SELECT + Tables.usersTable(users);
    Phase read = phases.readOnly(sink, sql, "users read-only");
    System.out.println(read.line());
    try (StateStore state = StateStores.file(stateDir)) {
      Phase first = Phases.run(sink, "users run 1 (all new)", () -> AmplitudeSync.run(phases.usersJob(sql, sink.baseUrl(), state)));
      System.out.println(first.line());
      Phase second = Phases.run(sink, "users run 2 (unchanged)", () -> AmplitudeSync.run(phases.usersJob(sql, sink.baseUrl(), state)));
      System.out.println(second.line());
      System.out.printf("RESULT unchanged re-run %,.0f rows/s (target >= 500,000); first run %,.0f rows/s%n",
          second.rowsPerSecond(), first.rowsPerSecond());
    }
    System.out.printf("state store on disk: %,d bytes%n", sizeOf(stateDir));
  }

  private void memory() throws Exception {
    config.header("memory");
    Tables tables = new Tables(config.url, config.user);
    double generated = tables.ensureEvents(config.rows);
    if (generated > 0) {
      System.out.printf("RESULT generated %,d event rows in %.1f s%n", config.rows, generated);
    }
    String sql = Fixtures.EVENT_SELECT + Tables.eventsTable(config.rows);
    try (Sink sink = Sink.start(config.sinkThreads())) {
      Phase phase;
      long started = System.nanoTime();
      try {
        phase = phases.library(sink, sql, "library, " + String.format("%,d", config.rows) + " rows");
      } catch (Throwable t) {
        System.out.printf("RESULT memory run FAILED after %.1f s: %s; by then the sink had %,d requests (%,d bytes)%n",
            (System.nanoTime() - started) / 1e9, t, sink.requests(), sink.bytes());
        t.printStackTrace(System.out);
        throw t;
      }
      System.out.println(phase.line());
      System.out.printf("RESULT memory run: %,d rows %s in %.1f s (%,.0f rows/s), %s%n",
          phase.rows(), phase.status(), phase.nanos() / 1e9, phase.rowsPerSecond(), phase.heap());
    }
  }

  // ------------------------------------------------------------------------------------ helpers

  private static double median(List<Phase> phases) {
    List<Double> rates = new ArrayList<>();
    phases.forEach(p -> rates.add(p.rowsPerSecond()));
    return BenchConfig.medianOf(rates);
  }

  /** Tells whether two /batch bodies hold the same events up to the shorter one's last (bodies may split differently). */
  private static boolean samePrefix(byte[] a, byte[] b) {
    if (a == null || b == null || a.length < 3 || b.length < 3) {
      return false;
    }
    byte[] shorter = a.length <= b.length ? a : b;
    byte[] longer = a.length <= b.length ? b : a;
    int n = shorter.length - 2; // without the closing "]}"
    if (!Arrays.equals(shorter, 0, n, longer, 0, n)) {
      return false;
    }
    return longer.length == shorter.length || longer[n] == ',';
  }

  private static int events(byte[] body) {
    if (body == null) {
      return 0;
    }
    String text = new String(body, StandardCharsets.UTF_8);
    int count = 0;
    for (int i = text.indexOf("{\"user_id\""); i >= 0; i = text.indexOf("{\"user_id\"", i + 1)) {
      count++;
    }
    return count;
  }

  private static String abbreviate(String text) {
    return text.length() <= 600 ? text : text.substring(0, 600) + "...";
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
