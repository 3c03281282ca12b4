package dev.ampsync.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The sink in a JVM of its own ({@code --mode sink}), so that its CPU is not counted in a measured
 * child's: started with this JVM's command and class path, reached at {@link #url()}, stopped by
 * closing its input.
 */
final class SinkChild implements AutoCloseable {
  private final Process process;
  private final String url;

  private SinkChild(Process process, String url) {
    this.process = process;
    this.url = url;
  }

  static SinkChild start(String javaCommand, String classPath) throws IOException {
    Process process = new ProcessBuilder(javaCommand, "-cp", classPath, EndToEnd.class.getName(), "--mode", "sink")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    return new SinkChild(process, out.readLine().replace("SINK_URL=", ""));
  }

  String url() {
    return url;
  }

  /** Closes the sink's input, which ends it, and waits for it. */
  @Override
  public void close() throws IOException, InterruptedException {
    process.getOutputStream().close();
    process.waitFor();
  }
}
