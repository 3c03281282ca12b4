package dev.ampsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.testing.FakeAmplitude;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory stays bounded whatever the number of rows: a child JVM with a 64 MB heap syncs 200,000
 * lazily generated rows to a fake Amplitude running in this JVM. Accumulating rows, records, keys as
 * strings, outcomes or problems would exhaust that heap (the child exits on OutOfMemoryError).
 */
class StreamingMemoryTest {
  private static final int ROWS = 200_000;
  private static final String HEAP = "-Xmx64m";
  private static final long CHILD_TIMEOUT_SECONDS = 180;

  private FakeAmplitude fake;
  @TempDir Path dir;

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void eventSyncOf200kGeneratedRows_completesUnder64MbHeap_withEveryEventDeliveredOnce() throws Exception {
    Map<String, String> result = runChild("events");

    assertThat(result).containsEntry("status", "SUCCEEDED");
    assertThat(result).containsEntry("rowsRead", String.valueOf(ROWS));
    assertThat(result).containsEntry("accepted", String.valueOf(ROWS));
    assertThat(result).containsEntry("invalid", "0");
    assertThat(result).containsEntry("rejected", "0");
    assertThat(result).containsEntry("failed", "0");
    assertThat(fake.eventCount()).isEqualTo(ROWS);
    assertThat(fake.duplicateCount()).isZero();
    assertThat(fake.distinctInsertIds()).hasSize(ROWS);
  }

  @Test
  void userSyncOf200kGeneratedRows_completesUnder64MbHeap_withEveryUserIdentified() throws Exception {
    Map<String, String> result = runChild("users");

    assertThat(result).containsEntry("status", "SUCCEEDED");
    assertThat(result).containsEntry("rowsRead", String.valueOf(ROWS));
    assertThat(result).containsEntry("accepted", String.valueOf(ROWS));
    assertThat(fake.users()).hasSize(ROWS);
    assertThat(fake.requestCount("/identify")).isPositive();
  }

  @Test
  void syncOf200kInvalidRows_completesUnder64MbHeap_sendingNothing_keepingOnlyASample_andStreamingTheProblemsFile() throws Exception {
    Path problems = dir.resolve("problems.jsonl");
    Map<String, String> result = runChild("invalid", problems.toString());

    assertThat(result).containsEntry("status", "PARTIAL");
    assertThat(result).containsEntry("rowsRead", String.valueOf(ROWS));
    assertThat(result).containsEntry("invalid", String.valueOf(ROWS));
    assertThat(result).containsEntry("accepted", "0");
    assertThat(Integer.parseInt(result.get("problems"))).isLessThanOrEqualTo(100);
    assertThat(fake.requests()).isEmpty();
    assertThat(fake.eventCount()).isZero();
    try (Stream<String> lines = Files.lines(problems, StandardCharsets.UTF_8)) {
      assertThat(lines.count()).as("problems file lines").isEqualTo(ROWS);
    }
  }

  /** Runs {@link StreamingSyncMain} in a child JVM, asserts exit 0 and returns its RESULT fields. */
  private Map<String, String> runChild(String mode, String... extraArgs) throws IOException, InterruptedException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add(HEAP);
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(StreamingSyncMain.class.getName());
    command.add(fake.baseUrl());
    command.add(fake.apiKey());
    command.add(String.valueOf(ROWS));
    command.add(mode);
    command.addAll(List.of(extraArgs));

    Path output = dir.resolve("child-" + mode + ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    long started = System.nanoTime();
    boolean exited;
    try {
      exited = process.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    }
    long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(exited)
        .as("child (%s) finished within %d s; output tail:%n%s", mode, CHILD_TIMEOUT_SECONDS, tail(text))
        .isTrue();
    assertThat(process.exitValue()).as("child (%s) exit code; output tail:%n%s", mode, tail(text)).isZero();

    String line =
        text.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(
            () -> new AssertionError("child printed no RESULT line:\n" + tail(text)));
    Map<String, String> fields = new HashMap<>();
    for (String pair : line.substring("RESULT ".length()).split(" ")) {
      int eq = pair.indexOf('=');
      fields.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    System.out.printf(
        "[StreamingMemoryTest] %s: %s rows under %s (max heap %s MB): %s rows/s in the child, sync %s ms, child wall %d ms%n",
        mode, fields.get("rowsRead"), HEAP, fields.get("maxHeapMb"), fields.get("rowsPerSecond"),
        fields.get("durationMs"), wallMs);
    return fields;
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : "..." + text.substring(text.length() - 4000);
  }
}
