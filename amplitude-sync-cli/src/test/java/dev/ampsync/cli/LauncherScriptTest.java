package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher script ({@code src/main/launcher/amplitude-sync}, copied beside the jar at package
 * time) as a user runs it: {@code sh amplitude-sync ARGS} from any directory starts the jar beside it
 * with the serial collector and a capped heap, passes every argument through unchanged, and lets the
 * user's settings win. A probe jar stands in for the real one, which is packaged after the tests.
 */
class LauncherScriptTest {
  private static final Path SCRIPT = Path.of("src/main/launcher/amplitude-sync");

  @TempDir Path dir;

  @Test
  void startsTheJarBesideIt_withTheSerialCollectorAndA512MbHeapHalfYoung_passingEveryArgument() throws Exception {
    Path script = install();

    String out = run(script, Map.of(), "run", "orders with space.yaml", "--json");

    assertThat(out).contains("JVM -XX:+UseSerialGC -Xmx512m -Xmn128m");
    assertThat(out).contains("FLAGS UseSerialGC=true FreqInlineSize=100 InlineSmallCode=1000");
    assertThat(out).as("java.net.http's answers go to the common pool, not a thread each").contains("POOL 2");
    assertThat(out).contains("ARGS run|orders with space.yaml|--json");
  }

  @Test
  void theUsersCommonPoolParallelism_winsOverTheLaunchers() throws Exception {
    Path script = install();

    String out = run(script, Map.of("AMPSYNC_JAVA_OPTS", "-Djava.util.concurrent.ForkJoinPool.common.parallelism=6"),
        "--version");

    assertThat(out).contains("POOL 6");
  }

  @Test
  void theUsersHeapAndOptions_winOverTheDefaults() throws Exception {
    Path script = install();

    String out = run(script, Map.of("AMPSYNC_MAX_HEAP", "300m", "AMPSYNC_JAVA_OPTS", "-Dprobe=1 -XX:+UseParallelGC"),
        "--version");

    assertThat(out).contains("-Xmx300m").contains("-Dprobe=1").contains("-XX:+UseParallelGC");
    assertThat(out).as("a heap of the user's own: the JVM sizes its young generation").doesNotContain("-Xmn");
    // the JVM refuses two collectors: the user's replaces the serial one
    assertThat(out).doesNotContain("-XX:+UseSerialGC").contains("UseSerialGC=false");
    assertThat(out).contains("ARGS --version");
  }

  @Test
  void theUsersInliningOptions_winOverTheLaunchers() throws Exception {
    Path script = install();

    String out = run(script, Map.of("AMPSYNC_JAVA_OPTS", "-XX:FreqInlineSize=325 -XX:InlineSmallCode=2500"),
        "--version");

    assertThat(out).contains("FLAGS UseSerialGC=true FreqInlineSize=325 InlineSmallCode=2500");
  }

  @Test
  void theUsersYoungGeneration_isPassedOn() throws Exception {
    Path script = install();

    String out = run(script, Map.of("AMPSYNC_MAX_HEAP", "1g", "AMPSYNC_YOUNG", "400m"), "--version");

    assertThat(out).contains("-Xmx1g -Xmn400m");
  }

  @Test
  void withoutAnArchiveBesideTheJar_namesNone() throws Exception {
    Path script = install();

    String out = run(script, Map.of(), "--version");

    assertThat(out).doesNotContain("SharedArchiveFile").doesNotContain("-Xlog");
  }

  @Test
  void anArchiveBesideTheJar_isWhereTheJvmReadsTheJarsClassesFrom() throws Exception {
    Path script = install("dist");
    archive(script.getParent());
    Path log = dir.resolve("class-load.log");

    String out = run(script, Map.of("AMPSYNC_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), "--version");

    assertThat(out).contains("-XX:SharedArchiveFile=" + script.getParent().resolve("amplitude-sync.jsa"));
    assertThat(loadedFrom(log, LauncherProbe.class)).isEqualTo("shared objects file (top)");
  }

  @Test
  void inAFolderWithASpace_theArchiveIsOneArgument() throws Exception {
    // JDK 17 archives no class of a jar whose path has a space (the archive holds the JDK's classes
    // only), but the launcher must still pass the path whole: split, the JVM would take its second
    // half for the main class
    Path script = install("dist with space");
    archive(script.getParent());

    String out = run(script, Map.of(), "run", "a.yaml");

    assertThat(out).contains("-XX:SharedArchiveFile=" + script.getParent().resolve("amplitude-sync.jsa"))
        .contains("ARGS run|a.yaml");
  }

  @Test
  void anArchiveOfAnotherJar_isIgnoredWithoutAWord() throws Exception {
    Path script = install("dist");
    archive(script.getParent());
    writeProbeJar(script.getParent(), "rebuilt"); // a new build of the jar: other bytes, another time
    Path log = dir.resolve("class-load.log");

    String out = run(script, Map.of("AMPSYNC_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), "--version");

    assertThat(loadedFrom(log, LauncherProbe.class)).startsWith("file:");
    assertThat(out.lines()).as("only the probe's own lines: the JVM's notice would go to stdout")
        .allMatch(line -> line.matches("(JVM|FLAGS|POOL|ARGS) .*"));
  }

  @Test
  void theUsersSharingOff_winsOverTheArchive() throws Exception {
    Path script = install("dist");
    archive(script.getParent());
    Path log = dir.resolve("class-load.log");

    run(script, Map.of("AMPSYNC_JAVA_OPTS", "-Xshare:off -Xlog:class+load=info:file=" + log), "--version");

    assertThat(loadedFrom(log, LauncherProbe.class)).startsWith("file:");
  }

  /**
   * Writes {@code amplitude-sync.jsa} beside the probe jar as the build does, from a run of the jar
   * (the build's training run loads the classes of a list instead; the archive is the same kind).
   */
  private void archive(Path bin) throws Exception {
    Path base = Path.of(System.getProperty("java.home"), "lib", "server", "classes.jsa");
    assumeTrue(Files.exists(base), "this JDK has no class-data-sharing archive of its own to build one on");
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:ArchiveClassesAtExit=" + bin.resolve("amplitude-sync.jsa"), "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
        "-jar", bin.resolve("amplitude-sync.jar").toString()).redirectErrorStream(true).start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(out).isZero();
    assertThat(bin.resolve("amplitude-sync.jsa")).exists();
  }

  /** Where the JVM's class-loading log says a class came from: {@code shared objects file (top)}, {@code file:...}. */
  private static String loadedFrom(Path log, Class<?> type) throws IOException {
    String prefix = " " + type.getName() + " source: ";
    return Files.readAllLines(log).stream()
        .filter(line -> line.contains(prefix))
        .map(line -> line.substring(line.indexOf(prefix) + prefix.length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError(type.getName() + " is not in the class-loading log " + log));
  }

  private Path install() throws IOException {
    return install("dist");
  }

  /** The script and a probe {@code amplitude-sync.jar} side by side in a folder of their own. */
  private Path install(String folder) throws IOException {
    Path bin = dir.resolve(folder);
    Files.createDirectories(bin);
    Path script = bin.resolve("amplitude-sync");
    Files.copy(SCRIPT, script);
    writeProbeJar(bin, null);
    return script;
  }

  /** The probe as {@code amplitude-sync.jar}; with {@code extraEntry}, an empty entry of that name too. */
  private static void writeProbeJar(Path bin, String extraEntry) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
    String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(bin.resolve("amplitude-sync.jar"));
        JarOutputStream jar = new JarOutputStream(file, manifest);
        InputStream probe = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
      jar.putNextEntry(new JarEntry(entry));
      probe.transferTo(jar);
      jar.closeEntry();
      if (extraEntry != null) {
        jar.putNextEntry(new JarEntry(extraEntry));
        jar.closeEntry();
      }
    }
  }

  /** Runs {@code sh SCRIPT args} from another directory, with JAVA_HOME set to this JVM's. */
  private String run(Path script, Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("sh", script.toAbsolutePath().toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.environment().remove("AMPSYNC_MAX_HEAP");
    builder.environment().remove("AMPSYNC_JAVA_OPTS");
    builder.environment().putAll(env);
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

}
