package dev.ampsync.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold whole processes ({@code --mode cold}): the command line ({@code java -jar amplitude-sync.jar run
 * orders.yaml}) against the minimal pipeline, each its own JVM, alternating A B A B, every run timed
 * by the operating system ({@code /usr/bin/time -v}: wall, user + system CPU, peak RSS), medians of
 * {@code --pairs} pairs (5). The sink runs in a JVM of its own, not counted. Then, with a file state
 * store: the command line's first run against the minimal pipeline, and its unchanged re-run against
 * a read-only pass of the same table through {@code JdbcSource} ({@code --mode cpu-child --what
 * baseline}).
 *
 * <p>Options: {@code --cli-jar} (default {@code ../amplitude-sync-cli/target/amplitude-sync.jar}),
 * {@code --pairs 5}, {@code --cli-jvm-args "..."} (flags for the command line's JVM, to try GC and
 * heap settings), {@code --cli-launcher ../amplitude-sync-cli/target/amplitude-sync} (run the
 * launcher script instead of {@code java -jar}), {@code --parts basic,file} and the end-to-end options (rows, url, user, batch,
 * concurrency, fetch size).
 */
final class ColdMode {
  private static final Pattern WALL = Pattern.compile("Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\): (\\S+)");
  private static final Pattern USER = Pattern.compile("User time \\(seconds\\): (\\S+)");
  private static final Pattern SYSTEM = Pattern.compile("System time \\(seconds\\): (\\S+)");
  private static final Pattern RSS = Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");

  /** One whole process, as the operating system accounted it. */
  record Measured(double wallSeconds, double cpuSeconds, double rssMib, int exit) {}

  private final BenchConfig config;
  private final String javaCommand = ProcessHandle.current().info().command().orElse("java");
  private final String classPath = System.getProperty("java.class.path");
  private final Path work = Path.of("target", "cold");

  ColdMode(BenchConfig config) {
    this.config = config;
  }

  void run() throws Exception {
    config.header("cold");
    new Tables(config.url, config.user).ensureEvents(config.rows);
    int pairs = Integer.parseInt(config.option("pairs", "5"));
    Path cliJar = Path.of(config.option("cli-jar", "../amplitude-sync-cli/target/amplitude-sync.jar")).toAbsolutePath();
    if (!Files.exists(cliJar)) {
      throw new IllegalStateException("no command line jar at " + cliJar + ": package amplitude-sync-cli first");
    }
    Files.createDirectories(work);
    try (SinkChild sink = SinkChild.start(javaCommand, classPath)) {
      String sinkUrl = sink.url();
      System.out.println("sink child JVM at " + sinkUrl + " (not counted); load " + load());
      List<String> parts = Arrays.asList(config.option("parts", "basic,file").split(","));
      List<String> minimal = minimalCommand(sinkUrl);
      if (parts.contains("basic")) {
        Path spec = writeSpec(sinkUrl, "state:\n  store: none\n");
        compare("command line, --state none", cli(cliJar, spec), "minimal pipeline", minimal, pairs, null);
      }
      if (parts.contains("file")) {
        Path stateDir = work.resolve("state");
        Path spec = writeSpec(sinkUrl, "state:\n  store: file\n  path: " + stateDir.toAbsolutePath() + "\n");
        compare("command line, file state, first run", cli(cliJar, spec), "minimal pipeline", minimal, pairs,
            () -> deleteTree(stateDir));
        // the state of the last first run stays: every following run is an unchanged re-run
        compare("command line, file state, unchanged re-run", cli(cliJar, spec), "read-only JdbcSource pass",
            readOnlyCommand(), pairs, null);
      }
    }
  }

  /** Runs A and B alternately, {@code pairs} times each, and prints each run and the medians. */
  private void compare(String nameA, List<String> a, String nameB, List<String> b, int pairs, Runnable beforeA)
      throws Exception {
    List<Measured> as = new ArrayList<>();
    List<Measured> bs = new ArrayList<>();
    System.out.printf("%n### %s vs %s (%d pairs, A B A B)%n%n", nameA, nameB, pairs);
    System.out.println("| run | A wall s | A CPU s | A RSS MiB | B wall s | B CPU s | B RSS MiB | load |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (int i = 1; i <= pairs; i++) {
      if (beforeA != null) {
        beforeA.run();
      }
      Measured ma = measure(a, "a" + i);
      Measured mb = measure(b, "b" + i);
      as.add(ma);
      bs.add(mb);
      System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.0f | %.2f | %.2f | %.0f | %s |%n", i, ma.wallSeconds(),
          ma.cpuSeconds(), ma.rssMib(), mb.wallSeconds(), mb.cpuSeconds(), mb.rssMib(), load());
    }
    double aw = median(as, Measured::wallSeconds);
    double bw = median(bs, Measured::wallSeconds);
    double ac = median(as, Measured::cpuSeconds);
    double bc = median(bs, Measured::cpuSeconds);
    double ar = median(as, Measured::rssMib);
    double br = median(bs, Measured::rssMib);
    System.out.printf(Locale.ROOT, "%n| median | wall s | CPU s | peak RSS MiB |%n|---|---|---|---|%n"
            + "| A: %s | %.2f | %.2f | %.0f |%n| B: %s | %.2f | %.2f | %.0f |%n| A / B | %.2f × | %.2f × | %.2f × |%n",
        nameA, aw, ac, ar, nameB, bw, bc, br, aw / bw, ac / bc, ar / br);
    System.out.printf(Locale.ROOT, "RESULT cold %s / %s: wall %.2f, CPU %.2f, RSS %.2f%n", nameA, nameB, aw / bw,
        ac / bc, ar / br);
  }

  private Measured measure(List<String> command, String tag) throws Exception {
    Path timing = work.resolve("time-" + tag + ".txt");
    Path log = work.resolve("out-" + tag + ".txt");
    List<String> timed = new ArrayList<>(List.of("/usr/bin/time", "-v", "-o", timing.toString()));
    timed.addAll(command);
    Process process = new ProcessBuilder(timed).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    int exit = process.waitFor();
    String text = Files.readString(timing);
    Measured measured = new Measured(wall(find(WALL, text)), Double.parseDouble(find(USER, text))
        + Double.parseDouble(find(SYSTEM, text)), Long.parseLong(find(RSS, text)) / 1024.0, exit);
    if (exit != 0) {
      throw new IllegalStateException("run " + tag + " exited " + exit + ": " + String.join(" ", command) + "\n"
          + Files.readString(log));
    }
    return measured;
  }

  private List<String> cli(Path jar, Path spec) {
    String launcher = config.option("cli-launcher", null);
    if (launcher != null) { // the script beside the jar, with its own JVM settings
      return List.of("sh", Path.of(launcher).toAbsolutePath().toString(), "run", spec.toAbsolutePath().toString());
    }
    List<String> command = new ArrayList<>(List.of(javaCommand));
    String jvmArgs = config.option("cli-jvm-args", "");
    if (!jvmArgs.isBlank()) {
      command.addAll(Arrays.asList(jvmArgs.trim().split("\\s+")));
    }
    command.addAll(List.of("-jar", jar.toString(), "run", spec.toAbsolutePath().toString()));
    return command;
  }

  private List<String> minimalCommand(String sinkUrl) {
    return List.of(javaCommand, "-cp", classPath, EndToEnd.class.getName(), "--mode", "minimal-child", "--sink-url", sinkUrl,
        "--rows", Long.toString(config.rows), "--batch", Integer.toString(config.batchSize), "--concurrency",
        Integer.toString(config.concurrency), "--fetch-size", Integer.toString(config.fetchSize), "--url", config.url,
        "--user", config.user);
  }

  private List<String> readOnlyCommand() {
    return List.of(javaCommand, "-cp", classPath, EndToEnd.class.getName(), "--mode", "cpu-child", "--what", "baseline",
        "--rows", Long.toString(config.rows), "--fetch-size", Integer.toString(config.fetchSize), "--url", config.url,
        "--user", config.user);
  }

  /** The child of the minimal pipeline's runs: one pass, its own JVM. */
  static void minimalChild(BenchConfig config) throws Exception {
    MinimalPipeline.Result result =
        new MinimalPipeline(config.url, config.user, config.option("sink-url", null), config.batchSize,
            config.concurrency, config.fetchSize).run(Fixtures.EVENT_SELECT + Tables.eventsTable(config.rows));
    System.out.println("CHILD rows=" + result.rows() + " requests=" + result.requests());
  }

  /** The events sync of {@link Fixtures#eventMapping()} as a YAML spec for the command line. */
  Path writeSpec(String sinkUrl, String state) throws IOException {
    String yaml = """
        name: bench-events
        object: event
        source:
          type: jdbc
          url: "%s"
          user: %s
          query: %s
          fetch_size: %d
        destination:
          api_key: %s
          endpoint: %s
          max_requests_in_flight: %d
        mapping:
          insert_id: id
          user_id: user_id
          device_id: device_id
          event_type: event_type
          time: occurred_at
          fields:
            revenue: revenue
            currency: currency
            platform: platform
            country: country
          properties_json: props
        """.formatted(config.url, config.user, Fixtures.EVENT_SELECT + Tables.eventsTable(config.rows),
        config.fetchSize, Fixtures.API_KEY, sinkUrl, config.concurrency) + state;
    Path spec = work.resolve("orders-" + Math.abs(state.hashCode()) + ".yaml");
    Files.writeString(spec, yaml);
    return spec;
  }

  private static String find(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no " + pattern + " in /usr/bin/time output:\n" + text);
    }
    return m.group(1);
  }

  /** {@code m:ss.ss} or {@code h:mm:ss} as seconds. */
  private static double wall(String text) {
    String[] parts = text.split(":");
    double seconds = 0;
    for (String part : parts) {
      seconds = seconds * 60 + Double.parseDouble(part);
    }
    return seconds;
  }

  private static double median(List<Measured> runs, java.util.function.ToDoubleFunction<Measured> figure) {
    return BenchConfig.medianOf(runs.stream().map(figure::applyAsDouble).toList());
  }

  private static String load() {
    return String.format(Locale.ROOT, "%.1f", BenchConfig.OS.getSystemLoadAverage());
  }

  static void deleteTree(Path dir) {
    try {
      if (Files.exists(dir)) {
        try (var paths = Files.walk(dir)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
