package dev.ampsync.benchmarks;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.internal.engine.RowMapper;
import dev.ampsync.internal.wire.EncodedRecord;
import dev.ampsync.internal.wire.RequestBodies;
import dev.ampsync.internal.wire.WireFormat;
import dev.ampsync.jdbc.JdbcSource;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.record.EventRecord;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.StateStores;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark: PostgreSQL to a local Amplitude stand-in ({@link Sink}), see
 * BENCHMARKS.md. Modes ({@code --mode}):
 *
 * <ul>
 *   <li>{@code all} (default): tables, the sink's own ceiling, then in the same JVM the library's
 *       event sync and the minimal pipeline (a warm-up of each, then alternating measured rounds),
 *       their ratio, and the unchanged re-run of a user sync with a file state store;
 *   <li>{@code memory}: one library event sync (run it with {@code -Xmx256m}), heap and GC figures;
 *   <li>{@code cpu}: client CPU per row on cold JVMs: child JVMs run a read-only baseline and a
 *       library sync (the sink runs in its own child JVM, so its CPU is not counted);
 *   <li>{@code cpu-child}, {@code sink}: the children of {@code cpu}.
 * </ul>
 */
public final class EndToEnd {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Map<String, String> options;
  private final String url;
  private final String user;
  private final long rows;
  private final int concurrency;
  private final int batchSize;
  private final int fetchSize;

  private EndToEnd(Map<String, String> options) {
    this.options = options;
    // synchronize_seqscans off: every pipeline reads the table from its first row (the first
    // bodies of the library and of the minimal pipeline are compared byte for byte).
    this.url = option("url", "jdbc:postgresql://127.0.0.1:5432/test?options=-c%20synchronize_seqscans%3Doff");
    this.user = option("user", "postgres");
    this.rows = Long.parseLong(option("rows", "1000000").replace("_", ""));
    this.concurrency = Integer.parseInt(option("concurrency", "8"));
    this.batchSize = Integer.parseInt(option("batch", "2000"));
    this.fetchSize = Integer.parseInt(option("fetch-size", "1000"));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: EndToEnd [--mode all|memory|cpu] [--rows N] [--concurrency C] ... (got " + args[i] + ")");
      }
      options.put(args[i].substring(2), args[++i]);
    }
    EndToEnd bench = new EndToEnd(options);
    String mode = bench.option("mode", "all");
    switch (mode) {
      case "all" -> bench.all();
      case "memory" -> bench.memory();
      case "users" -> bench.usersOnly();
      case "library" -> bench.libraryOnly();
      case "cpu" -> bench.cpu();
      case "cpu-child" -> bench.cpuChild();
      case "sink" -> sinkProcess(Integer.parseInt(bench.option("sink-threads", "4")));
      default -> throw new IllegalArgumentException("unknown mode " + mode);
    }
    System.exit(0); // the HTTP clients' selector threads are not daemons
  }

  private String option(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  // ------------------------------------------------------------------------------------ modes

  private void all() throws Exception {
    header("all");
    Tables tables = new Tables(url, user);
    tables.ensureEvents(rows);
    tables.ensureUsers(rows);
    String eventsSql = Fixtures.EVENT_SELECT + Tables.eventsTable(rows);
    int rounds = Integer.parseInt(option("rounds", "2"));
    long warmupRows = Math.min(rows, Long.parseLong(option("warmup-rows", "200000")));
    try (Sink sink = Sink.start(Integer.parseInt(option("sink-threads", "4")))) {
      System.out.println("sink: " + sink.baseUrl() + " (JDK HttpServer, fixed pool of " + option("sink-threads", "4")
          + " threads, sun.net.httpserver.nodelay=" + System.getProperty("sun.net.httpserver.nodelay") + ")");
      ceiling(sink, Double.parseDouble(option("ceiling-seconds", "5")));

      System.out.printf("%n== warm-up (not measured): %,d rows through each pipeline ==%n", warmupRows);
      String warmSql = eventsSql + " limit " + warmupRows;
      Phase w1 = library(sink, warmSql, "warm-up library");
      Phase w2 = minimal(sink, warmSql, "warm-up minimal");
      System.out.println(w1.line());
      System.out.println(w2.line());

      System.out.printf("%n== events: library vs minimal, %,d rows, batch %d, concurrency %d, %d rounds ==%n",
          rows, batchSize, concurrency, rounds);
      List<Phase> libraryRounds = new ArrayList<>();
      List<Phase> minimalRounds = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        Phase lib = library(sink, eventsSql, "library round " + round);
        byte[] libraryBody = sink.firstBatch();
        System.out.println(lib.line());
        Phase min = minimal(sink, eventsSql, "minimal round " + round);
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
      Phase read = readOnly(sink, eventsSql, "events read-only");
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
    header("library");
    new Tables(url, user).ensureEvents(rows);
    String sql = Fixtures.EVENT_SELECT + Tables.eventsTable(rows);
    int repeat = Integer.parseInt(option("repeat", "3"));
    try (Sink sink = Sink.start(Integer.parseInt(option("sink-threads", "4")))) {
      for (int i = 1; i <= repeat; i++) {
        System.out.println(library(sink, sql, "library run " + i).line());
      }
    }
  }

  private void usersOnly() throws Exception {
    header("users");
    try (Sink sink = Sink.start(Integer.parseInt(option("sink-threads", "4")))) {
      users(sink, new Tables(url, user));
    }
  }

  private void users(Sink sink, Tables tables) throws Exception {
    long users = Long.parseLong(option("users", Long.toString(rows)).replace("_", ""));
    tables.ensureUsers(users);
    Path stateDir = Path.of(option("state-dir", "target/bench-state"));
    deleteRecursively(stateDir);
    System.out.printf("%n== users: unchanged re-run, %,d users, file state store %s ==%n", users, stateDir.toAbsolutePath());
    String sql = Fixtures.USER_SELECT + Tables.usersTable(users);
    Phase read = readOnly(sink, sql, "users read-only");
    System.out.println(read.line());
    try (StateStore state = StateStores.file(stateDir)) {
      Phase first = run(sink, "users run 1 (all new)", () -> AmplitudeSync.run(usersJob(sql, sink.baseUrl(), state)));
      System.out.println(first.line());
      Phase second = run(sink, "users run 2 (unchanged)", () -> AmplitudeSync.run(usersJob(sql, sink.baseUrl(), state)));
      System.out.println(second.line());
      System.out.printf("RESULT unchanged re-run %,.0f rows/s (target >= 500,000); first run %,.0f rows/s%n",
          second.rowsPerSecond(), first.rowsPerSecond());
    }
    System.out.printf("state store on disk: %,d bytes%n", sizeOf(stateDir));
  }

  private void memory() throws Exception {
    header("memory");
    Tables tables = new Tables(url, user);
    double generated = tables.ensureEvents(rows);
    if (generated > 0) {
      System.out.printf("RESULT generated %,d event rows in %.1f s%n", rows, generated);
    }
    String sql = Fixtures.EVENT_SELECT + Tables.eventsTable(rows);
    try (Sink sink = Sink.start(Integer.parseInt(option("sink-threads", "4")))) {
      Phase phase;
      long started = System.nanoTime();
      try {
        phase = library(sink, sql, "library, " + String.format("%,d", rows) + " rows");
      } catch (Throwable t) {
        System.out.printf("RESULT memory run FAILED after %.1f s: %s; by then the sink had %,d requests (%,d bytes)%n",
            (System.nanoTime() - started) / 1e9, t, sink.requests(), sink.bytes());
        t.printStackTrace(System.out);
        throw t;
      }
      System.out.println(phase.line());
      System.out.printf("RESULT memory run: %,d rows %s in %.1f s (%,.0f rows/s), %s%n",
          phase.rows, phase.status, phase.nanos / 1e9, phase.rowsPerSecond(), phase.heap);
    }
  }

  /** Orchestrates cold child JVMs: a sink, then baseline and library runs, alternating. */
  private void cpu() throws Exception {
    header("cpu");
    new Tables(url, user).ensureEvents(rows);
    int repeat = Integer.parseInt(option("repeat", "3"));
    String java = ProcessHandle.current().info().command().orElse("java");
    String classPath = System.getProperty("java.class.path");
    Process sink = new ProcessBuilder(java, "-cp", classPath, EndToEnd.class.getName(), "--mode", "sink")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader sinkOut = new BufferedReader(new InputStreamReader(sink.getInputStream(), StandardCharsets.UTF_8));
    String sinkUrl = sinkOut.readLine().replace("SINK_URL=", "");
    System.out.println("sink child JVM at " + sinkUrl + " (its CPU is not counted)");
    List<Double> baseline = new ArrayList<>();
    List<Double> library = new ArrayList<>();
    try {
      for (int i = 1; i <= repeat; i++) {
        baseline.add(child(java, classPath, "baseline", sinkUrl, i));
        library.add(child(java, classPath, "library", sinkUrl, i));
      }
    } finally {
      sink.getOutputStream().close(); // the sink child exits at end of input
      sink.waitFor();
    }
    double base = medianOf(baseline);
    double lib = medianOf(library);
    System.out.printf("RESULT client CPU: library run %.2f µs/row, read-only baseline %.2f µs/row, library minus baseline %.2f µs/row (median of %d cold JVMs each; target <= 6)%n",
        lib, base, lib - base, repeat);
  }

  private double child(String java, String classPath, String what, String sinkUrl, int run) throws Exception {
    List<String> command = new ArrayList<>(List.of(java));
    String jvmArgs = option("child-jvm-args", "");
    if (!jvmArgs.isBlank()) {
      command.addAll(Arrays.asList(jvmArgs.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", classPath, EndToEnd.class.getName(), "--mode", "cpu-child", "--what", what,
        "--sink-url", sinkUrl, "--rows", Long.toString(rows), "--concurrency", Integer.toString(concurrency),
        "--url", url, "--user", user));
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
  private void cpuChild() throws Exception {
    String what = option("what", "library");
    String sql = Fixtures.EVENT_SELECT + Tables.eventsTable(rows);
    String sinkUrl = option("sink-url", null);
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
      JdbcSource source = JdbcSource.builder().url(url).user(user).query(sql).build();
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
      SyncResult result = AmplitudeSync.run(eventsJob("bench-events", sql, sinkUrl));
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

  private static void sinkProcess(int threads) throws Exception {
    try (Sink sink = Sink.start(threads)) {
      System.out.println("SINK_URL=" + sink.baseUrl());
      System.out.flush();
      while (System.in.read() >= 0) {
        // run until our parent closes our input
      }
      System.err.printf("sink child: %,d requests, %,d bytes%n", sink.requests(), sink.bytes());
    }
  }

  // ------------------------------------------------------------------------------------ phases

  private Phase library(Sink sink, String sql, String label) throws Exception {
    return run(sink, label, () -> AmplitudeSync.run(eventsJob("bench-events", sql, sink.baseUrl())));
  }

  private SyncJob eventsJob(String name, String sql, String sinkUrl) {
    return job(name, sql, Fixtures.eventMapping(), sinkUrl, null);
  }

  private SyncJob usersJob(String sql, String sinkUrl, StateStore state) {
    return job("bench-users", sql, Fixtures.userMapping(), sinkUrl, state);
  }

  private SyncJob job(String name, String sql, Mapping mapping, String sinkUrl, StateStore state) {
    JdbcSource source = JdbcSource.builder().url(url).user(user).query(sql).fetchSize(fetchSize).build();
    AmplitudeClient.Builder destination = AmplitudeClient.builder(Fixtures.API_KEY)
        .endpoint(URI.create(sinkUrl))
        .maxEventsPerRequest(batchSize)
        .maxRequestsInFlight(concurrency);
    if (options.containsKey("max-pending")) {
      destination.maxPendingRecords(Integer.parseInt(options.get("max-pending")));
    }
    return SyncJob.builder(name).source(source).mapping(mapping).destination(destination).state(state).build();
  }

  private interface SyncCall {
    SyncResult call() throws Exception;
  }

  private static Phase run(Sink sink, String label, SyncCall call) throws Exception {
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
  private Phase readOnly(Sink sink, String sql, String label) throws Exception {
    sink.reset();
    long cpu0 = OS.getProcessCpuTime();
    long count = 0;
    long nanos;
    HeapWatch heap = new HeapWatch();
    try (heap) {
      long started = System.nanoTime();
      JdbcSource source = JdbcSource.builder().url(url).user(user).query(sql).fetchSize(fetchSize).build();
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

  private Phase minimal(Sink sink, String sql, String label) throws Exception {
    sink.reset();
    long cpu0 = OS.getProcessCpuTime();
    MinimalPipeline.Result result;
    HeapWatch heap = new HeapWatch();
    try (heap) {
      result = new MinimalPipeline(url, user, sink.baseUrl(), batchSize, concurrency, fetchSize).run(sql);
    }
    long cpu = OS.getProcessCpuTime() - cpu0;
    return new Phase(label, result.rows(), result.nanos(), sink.requests(), sink.bytes(), cpu, heap.describe(), "OK", OS.getSystemLoadAverage());
  }

  record Phase(String label, long rows, long nanos, long requests, long bytes, long cpuNanos, String heap, String status, double load) {
    double rowsPerSecond() {
      return rows / (nanos / 1e9);
    }

    String line() {
      return String.format("%-24s %,11d rows in %6.2f s = %,9.0f rows/s | %,6d requests, %,13d bytes (%.1f MB/s) | process CPU %.2f s (%.2f µs/row, sink included) | %s | load avg %.1f | %s",
          label, rows, nanos / 1e9, rowsPerSecond(), requests, bytes, bytes / 1e6 / (nanos / 1e9), cpuNanos / 1e9,
          rows == 0 ? 0 : cpuNanos / 1e3 / rows, heap, load, status);
    }
  }

  // ------------------------------------------------------------------------------------ ceiling

  /** Posts a real 2000-event body at the sink from {@code concurrency} threads: the sink's own ceiling. */
  private void ceiling(Sink sink, double seconds) throws Exception {
    RowMapper mapper = new RowMapper(Fixtures.eventMapping(), Fixtures.EVENT_COLUMNS, "bench-events");
    List<EncodedRecord> encoded = new ArrayList<>();
    for (int i = 1; i <= batchSize; i++) {
      encoded.add(WireFormat.get().event((EventRecord) ((RowMapper.Mapped.Ready) mapper.map(Fixtures.eventRow(i))).record()));
    }
    byte[] body = RequestBodies.create(Fixtures.API_KEY, null).events(encoded);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create(sink.baseUrl() + "/batch");
    System.out.printf("%n== sink ceiling: %d client threads post a pre-built /batch body of %d events (%,d bytes) for %.0f s ==%n",
        concurrency, batchSize, body.length, seconds);
    sink.keepFirst(false);
    for (int pass = 0; pass < 2; pass++) { // a short warm-up pass, then the measured one
      double duration = pass == 0 ? Math.min(2, seconds) : seconds;
      sink.reset();
      AtomicLong failures = new AtomicLong();
      long cpu0 = OS.getProcessCpuTime();
      long started = System.nanoTime();
      long deadline = started + (long) (duration * 1e9);
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < concurrency; t++) {
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
            sink.requests() / elapsed, sink.bytes() / 1e6 / elapsed, sink.requests() * (double) batchSize / elapsed,
            batchSize, failures.get(), (OS.getProcessCpuTime() - cpu0) / 1e9, elapsed);
      }
    }
    sink.keepFirst(true);
    sink.reset();
  }

  // ------------------------------------------------------------------------------------ helpers

  private void header(String mode) {
    Runtime rt = Runtime.getRuntime();
    System.out.printf("amplitude-sync end-to-end benchmark, mode %s, %s%n", mode, LocalDate.now());
    System.out.printf("machine: %d cores, JVM max heap %,d MB, Java %s (%s), JVM args %s%n", rt.availableProcessors(),
        rt.maxMemory() / (1 << 20), System.getProperty("java.version"), System.getProperty("java.vm.name"),
        ManagementFactory.getRuntimeMXBean().getInputArguments());
    System.out.printf("rows %,d, batch %d, concurrency %d, fetch size %d, %s%n", rows, batchSize, concurrency, fetchSize, url);
    System.out.printf("load average (1 min) at start: %.2f -- other processes on this machine compete for its %d cores%n",
        OS.getSystemLoadAverage(), rt.availableProcessors());
  }

  private static double median(List<Phase> phases) {
    List<Double> rates = new ArrayList<>();
    phases.forEach(p -> rates.add(p.rowsPerSecond()));
    return medianOf(rates);
  }

  private static double medianOf(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
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
