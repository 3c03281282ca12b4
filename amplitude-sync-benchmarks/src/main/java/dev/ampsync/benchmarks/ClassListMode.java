package dev.ampsync.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command line's class list ({@code --mode class-list --out
 * ../amplitude-sync-cli/src/main/cds/classes.txt}): every class that the runs {@code --mode cold}
 * times load (a run with {@code store: none}, a first run and an unchanged re-run with a file state,
 * and a preview), from the JVM's own class-loading log ({@code -Xlog:class+load}), as the package
 * build's training run of the class-data-sharing archive reads it (see {@code
 * dev.ampsync.cli.ClassArchiveTraining}). Classes the JVM generates at run time (lambdas, method
 * handles' forms) have no name to load by and are left out; so are the JDK's classes that its own
 * archive already holds.
 */
final class ClassListMode {
  /** {@code [0.036s][info][class,load] dev.ampsync.cli.Main source: file:/.../amplitude-sync.jar}. */
  private static final Pattern LOADED = Pattern.compile("\\] (\\S+) source: (?:file:|jrt:)");

  private final BenchConfig config;
  private final String javaCommand = ProcessHandle.current().info().command().orElse("java");
  private final Path work = Path.of("target", "class-list");

  ClassListMode(BenchConfig config) {
    this.config = config;
  }

  void run() throws Exception {
    config.header("class-list");
    new Tables(config.url, config.user).ensureEvents(config.rows);
    Path cliJar = Path.of(config.option("cli-jar", "../amplitude-sync-cli/target/amplitude-sync.jar")).toAbsolutePath();
    Path out = Path.of(config.option("out", "../amplitude-sync-cli/src/main/cds/classes.txt"));
    Files.createDirectories(work);
    ColdMode cold = new ColdMode(config);
    TreeSet<String> names = new TreeSet<>();
    try (SinkChild sink = SinkChild.start(javaCommand, System.getProperty("java.class.path"))) {
      Path none = cold.writeSpec(sink.url(), "state:\n  store: none\n");
      Path stateDir = work.resolve("state");
      ColdMode.deleteTree(stateDir);
      Path file = cold.writeSpec(sink.url(), "state:\n  store: file\n  path: " + stateDir.toAbsolutePath() + "\n");
      names.addAll(loaded(cliJar, "run", none, "none"));
      names.addAll(loaded(cliJar, "run", file, "first"));
      names.addAll(loaded(cliJar, "run", file, "rerun"));
      names.addAll(loaded(cliJar, "preview", file, "preview"));
    }
    List<String> lines = new ArrayList<>();
    lines.add("# The classes the command line loads in the runs of the cold benchmark, for its class-data-sharing");
    lines.add("# archive (made at package time by dev.ampsync.cli.ClassArchiveTraining). Made by, from");
    lines.add("# amplitude-sync-benchmarks: java -cp target/benchmarks.jar dev.ampsync.benchmarks.EndToEnd --mode class-list");
    lines.addAll(names);
    Files.write(out, lines, StandardCharsets.UTF_8);
    System.out.printf("class list: %d classes written to %s%n", names.size(), out.toAbsolutePath());
  }

  /** The named classes one command line run loaded from the jar or the JDK's modules. */
  private List<String> loaded(Path cliJar, String command, Path spec, String tag) throws IOException, InterruptedException {
    Path log = work.resolve("class-load-" + tag + ".log");
    Files.deleteIfExists(log);
    List<String> java = List.of(javaCommand, "-Xlog:class+load=info:file=" + log, "-jar", cliJar.toString(), command,
        spec.toAbsolutePath().toString());
    Process process = new ProcessBuilder(java).redirectErrorStream(true)
        .redirectOutput(work.resolve("out-" + tag + ".txt").toFile()).start();
    int exit = process.waitFor();
    if (exit != 0) {
      throw new IllegalStateException(tag + " exited " + exit + ": " + String.join(" ", java));
    }
    List<String> names = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      Matcher m = LOADED.matcher(line);
      if (m.find()) {
        names.add(m.group(1));
      }
    }
    System.out.printf("%s: %d classes loaded from the jar or the JDK's modules%n", tag, names.size());
    return names;
  }
}
