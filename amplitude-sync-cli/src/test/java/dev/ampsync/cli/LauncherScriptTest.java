package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

    assertThat(out).contains("JVM -XX:+UseSerialGC -Xmx512m -Xmn256m");
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

  /** The script and a probe {@code amplitude-sync.jar} side by side in a folder of their own. */
  private Path install() throws IOException {
    Path bin = dir.resolve("dist");
    Files.createDirectories(bin);
    Path script = bin.resolve("amplitude-sync");
    Files.copy(SCRIPT, script);
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
    }
    return script;
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
