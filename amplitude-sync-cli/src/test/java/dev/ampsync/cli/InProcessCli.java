package dev.ampsync.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Runs the command line in-process through {@link Main#run}, as a user's shell would run it but
 * without a JVM per command: its arguments, its environment, stdout and stderr captured apart.
 */
final class InProcessCli {
  private InProcessCli() {}

  /** What one command line run printed and returned. */
  record Result(int status, String out, String err) {
    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  /**
   * Runs one command line.
   *
   * @param env the process environment it sees
   * @param terminal whether stderr is a terminal (progress lines)
   * @param args the arguments
   * @return the exit status and what it printed
   */
  static Result run(Map<String, String> env, boolean terminal, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(args, Map.copyOf(env), o, e, terminal);
    }
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
