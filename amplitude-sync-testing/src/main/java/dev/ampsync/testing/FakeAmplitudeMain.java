package dev.ampsync.testing;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a {@link FakeAmplitude} from the command line, for the command line and for tests not
 * written in Java. The {@code runnable} jar of {@code amplitude-sync-testing} starts it:
 *
 * <pre>
 * java -jar amplitude-sync-testing-VERSION-runnable.jar [--port N] [--api-key KEY]... [--dedup-window D]
 * </pre>
 *
 * <p>The first line on standard output is {@code FakeAmplitude listening on
 * http://127.0.0.1:PORT ...}: with {@code --port 0} (the default) a script reads the chosen port
 * there. {@code GET /_fake/state} answers what the fake received as JSON and {@code POST
 * /_fake/reset} forgets it; the four ingestion paths are those of {@link FakeAmplitude}. It runs
 * until killed: Ctrl-C or SIGTERM closes it. Exit status 1 for a bad argument or a port in use.
 */
public final class FakeAmplitudeMain {
  private static final String USAGE = String.join("\n",
      "usage: java -jar amplitude-sync-testing-VERSION-runnable.jar [flags]",
      "",
      "flags:",
      "  --port N            port on 127.0.0.1; 0 (the default) picks a free one, printed on the first line",
      "  --api-key KEY       an API key the fake accepts; repeat for several (default: "
          + FakeAmplitude.DEFAULT_API_KEY + ")",
      "  --dedup-window D    insert_id deduplication window: 7d, 12h, 30m, 90s or ISO-8601 PT1H (default 7d)",
      "",
      "GET /_fake/state: what the fake holds, as JSON; POST /_fake/reset: forget it. Ctrl-C stops it.");

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(d|h|m|s)");

  private FakeAmplitudeMain() {}

  /**
   * Starts the fake and blocks until the JVM is stopped; exits with status 1 on a bad argument.
   *
   * @param args the flags, see the class description
   */
  public static void main(String[] args) {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        System.out.println(USAGE);
        return;
      }
    }
    // The runnable jar has no SLF4J provider: without this, SLF4J warns about it on every start.
    // An explicit setting (-Dslf4j.internal.verbosity=...) is left alone.
    if (System.getProperty("slf4j.internal.verbosity") == null) {
      System.setProperty("slf4j.internal.verbosity", "ERROR");
    }
    FakeAmplitude fake;
    try {
      fake = start(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage() + "\n" + USAGE);
      System.exit(1);
      return;
    } catch (IllegalStateException e) {
      // A port in use: the message names it, the stack trace would only bury it.
      System.err.println(e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause()));
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      fake.close();
      stopped.countDown();
    }, "fake-amplitude-shutdown"));
    try {
      // The server's threads are daemons: this thread keeps the JVM alive until it is stopped.
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fake.close();
    }
  }

  /**
   * Starts a fake as {@link #main} does and prints the listening line, without blocking; the
   * caller closes it.
   *
   * @throws IllegalArgumentException for a bad argument, with a message naming it
   * @throws IllegalStateException when the port cannot be bound
   */
  static FakeAmplitude start(String[] args, PrintStream out) {
    FakeAmplitude.Builder builder = FakeAmplitude.builder();
    Set<String> keys = new LinkedHashSet<>();
    String port = "0";
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (!flag.equals("--port") && !flag.equals("--api-key") && !flag.equals("--dedup-window")) {
        throw new IllegalArgumentException("unknown argument '" + flag + "'");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--port" -> {
          port = value;
          builder.port(port(value));
        }
        case "--api-key" -> {
          if (value.isEmpty()) {
            throw new IllegalArgumentException("--api-key must not be empty");
          }
          keys.add(value);
          builder.addApiKey(value);
        }
        default -> builder.dedupWindow(duration(value));
      }
    }
    FakeAmplitude fake;
    try {
      fake = builder.start();
    } catch (UncheckedIOException e) {
      throw new IllegalStateException("cannot listen on 127.0.0.1:" + port, e.getCause());
    }
    // Only the documented default key is ever printed; keys given on the command line are counted.
    String keyNote = keys.isEmpty()
        ? "api key: " + FakeAmplitude.DEFAULT_API_KEY
        : keys.size() + (keys.size() == 1 ? " api key" : " api keys") + " from --api-key";
    out.println("FakeAmplitude listening on " + fake.baseUrl() + " (" + keyNote + ")");
    out.println("state: GET " + fake.baseUrl() + StateEndpoint.STATE + "; reset: POST "
        + fake.baseUrl() + StateEndpoint.RESET + "; stop: Ctrl-C");
    out.flush();
    return fake;
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--port '" + value + "' is not a port (0 to 65535)");
  }

  static Duration duration(String value) {
    Duration window = null;
    Matcher matcher = SHORT_DURATION.matcher(value.toLowerCase(Locale.ROOT));
    try {
      if (matcher.matches()) {
        long n = Long.parseLong(matcher.group(1));
        window = switch (matcher.group(2)) {
          case "d" -> Duration.ofDays(n);
          case "h" -> Duration.ofHours(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofSeconds(n);
        };
      } else if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
        window = Duration.parse(value.toUpperCase(Locale.ROOT));
      }
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      window = null;
    }
    if (window == null || window.isZero() || window.isNegative()) {
      throw new IllegalArgumentException(
          "--dedup-window '" + value + "' is not a positive duration (7d, 12h, 30m, 90s, PT1H)");
    }
    return window;
  }
}
