package dev.ampsync.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as {@code mvn verify} packaged it: {@code amplitude-sync-cli/target/amplitude-sync}
 * beside {@code amplitude-sync.jar} and the class-data-sharing archive {@code amplitude-sync.jsa} that
 * the build's training run wrote, and the launcher script reading a run's classes from that archive
 * (the command line's own, the drivers', the JDK's HTTP client), not from the jar.
 */
class CommandLineClassArchiveTest {
  private static final Path ROOT = Path.of(System.getProperty("ampsync.root", "..")).toAbsolutePath().normalize();
  private static final Path TARGET = ROOT.resolve("amplitude-sync-cli").resolve("target");

  @TempDir Path dir;

  @Test
  void theBuild_writesTheArchiveBesideTheJar() {
    assumeJdkArchive();

    assertThat(TARGET.resolve("amplitude-sync.jsa")).isRegularFile();
  }

  @Test
  void theLauncher_readsTheCommandLinesClassesFromTheArchive() throws Exception {
    assumeJdkArchive();
    Path log = dir.resolve("class-load.log");
    List<String> command = List.of("sh", TARGET.resolve("amplitude-sync").toString(), "--version");

    String out = run(command, Map.of("AMPSYNC_JAVA_OPTS", "-Xlog:class+load=info:file=" + log));

    assertThat(out.strip()).as("nothing but the version on stdout").startsWith("amplitude-sync ").doesNotContain("\n");
    assertThat(sources(log).get("dev.ampsync.cli.Main")).isEqualTo("shared objects file (top)");
  }

  @Test
  void theArchive_holdsTheClassesOfASyncThatVersionDoesNotLoad() throws Exception {
    assumeJdkArchive();
    Path log = dir.resolve("class-load.log");
    List<String> classes = List.of("org.postgresql.Driver", "dev.ampsync.internal.client.HttpSender",
        "jdk.internal.net.http.HttpClientImpl", "org.h2.mvstore.MVStore");
    Path list = Files.write(dir.resolve("classes.txt"), classes);
    // the jar at the path the archive was made for, as the launcher starts it; the training run loads
    // the classes named (without initialising them), so the log says where each came from
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:SharedArchiveFile=" + TARGET.resolve("amplitude-sync.jsa"), "-Xlog:class+load=info:file=" + log,
        "-cp", TARGET.resolve("amplitude-sync.jar").toString(), "dev.ampsync.cli.ClassArchiveTraining", list.toString());

    run(command, Map.of());

    Map<String, String> sources = sources(log);
    assertThat(classes).allSatisfy(name -> assertThat(sources.get(name)).as(name).isEqualTo("shared objects file (top)"));
  }

  private static String run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("AMPSYNC_JAVA_OPTS");
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  /** Each loaded class's source, from the JVM's class-loading log. */
  private static Map<String, String> sources(Path log) throws IOException {
    return Files.readAllLines(log).stream()
        .filter(line -> line.contains(" source: "))
        .map(line -> line.substring(line.lastIndexOf("] ") + 2).split(" source: ", 2))
        .collect(Collectors.toMap(parts -> parts[0], parts -> parts[1], (a, b) -> a));
  }

  private static void assumeJdkArchive() {
    assumeTrue(Files.exists(Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa")),
        "this JDK has no class-data-sharing archive of its own, so the build wrote none of the command line's");
  }
}
