package dev.ampsync.cli;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.SyncSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The amplitude-sync command line.
 *
 * <pre>
 * java -jar amplitude-sync.jar                       quickstart on the embedded sample warehouse
 * java -jar amplitude-sync.jar run SPEC.yaml [flags]
 * java -jar amplitude-sync.jar preview SPEC.yaml [flags]   (same as run --dry-run)
 *
 * flags: --dry-run  --endpoint URL  --full-resync  --report FILE
 * exit:  0 every row accepted or unchanged; 2 some rows invalid, rejected or failed;
 *        1 the run could not proceed (bad spec, unreachable source, invalid API key, Amplitude
 *          unreachable or failing for destination.max_retry_duration: one error names host and port)
 * </pre>
 */
public final class Main {
  static final int OK = 0;
  static final int CANNOT_PROCEED = 1;
  static final int PARTIAL = 2;

  private static final String USAGE = String.join("\n",
      "usage: java -jar amplitude-sync.jar                      run the quickstart",
      "       java -jar amplitude-sync.jar run SPEC.yaml [flags]",
      "       java -jar amplitude-sync.jar preview SPEC.yaml [flags]",
      "",
      "flags:",
      "  --dry-run        read and map every row, send nothing, show the first requests",
      "  --endpoint URL   send to this base URL instead of the spec's region (a proxy, a fake)",
      "  --full-resync    ignore the stored state and send every row",
      "  --report FILE    write the result as JSON",
      "",
      "exit status: 0 all rows accepted or unchanged, 2 some rows had problems, 1 the run could not proceed",
      "             (bad spec or source, invalid API key, Amplitude unreachable for max_retry_duration)");

  private Main() {}

  /**
   * Runs the command line and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), System.out, System.err, System.console() != null));
  }

  /** Runs the command line; returns the exit status. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
    if (args.length == 0) {
      return Quickstart.run(env, out, err, terminal, null);
    }
    if (args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
      out.println(USAGE);
      return OK;
    }
    if (args[0].equals("state") || args[0].equals("history")) {
      return StateCommands.run(args[0], java.util.Arrays.copyOfRange(args, 1, args.length), env, out, err, terminal, System.in);
    }
    String command = args[0];
    if (!command.equals("run") && !command.equals("preview")) {
      err.println("unknown command '" + command + "'\n" + USAGE);
      return CANNOT_PROCEED;
    }
    boolean dryRun = command.equals("preview");
    boolean fullResync = false;
    URI endpoint = null;
    Path report = null;
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--dry-run" -> dryRun = true;
        case "--full-resync" -> fullResync = true;
        case "--endpoint", "--report" -> {
          if (i + 1 >= args.length) {
            err.println(arg + " needs a value\n" + USAGE);
            return CANNOT_PROCEED;
          }
          String value = args[++i];
          if (arg.equals("--report")) {
            report = Path.of(value);
          } else {
            try {
              endpoint = URI.create(value);
            } catch (IllegalArgumentException e) {
              err.println("--endpoint '" + value + "' is not a URL");
              return CANNOT_PROCEED;
            }
          }
        }
        default -> {
          if (arg.startsWith("--")) {
            err.println("unknown flag " + arg + "\n" + USAGE);
            return CANNOT_PROCEED;
          }
          positional.add(arg);
        }
      }
    }
    if (positional.size() != 1) {
      err.println(command + " needs exactly one spec file\n" + USAGE);
      return CANNOT_PROCEED;
    }
    Path specFile = Path.of(positional.get(0));
    SyncJob job;
    try {
      SyncSpec spec = SyncSpec.load(specFile, env);
      SyncJob.Builder builder = spec.jobBuilder();
      if (endpoint != null) {
        builder.destination(spec.destination().toBuilder().endpoint(endpoint));
      }
      if (fullResync) {
        builder.fullResync(true);
      }
      builder.listener(new ConsoleProgress(err, terminal, Duration.ofSeconds(5)));
      job = builder.build();
    } catch (SpecException e) {
      err.println("error: " + e.getMessage());
      writeFailure(specFile.getFileName().toString(), e.getMessage(), report, err);
      return CANNOT_PROCEED;
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("error: " + specFile + ": " + e.getMessage());
      writeFailure(specFile.getFileName().toString(), e.getMessage(), report, err);
      return CANNOT_PROCEED;
    }
    return execute(job, dryRun, report, out, err);
  }

  /** Runs or previews a job, prints the result, writes the report; returns the exit status. */
  static int execute(SyncJob job, boolean dryRun, Path report, PrintStream out, PrintStream err) {
    SyncResult result = dryRun ? AmplitudeSync.preview(job) : AmplitudeSync.run(job);
    if (dryRun) {
      result.previewRequests().forEach(request -> {
        out.println("POST " + request.path() + "  (" + request.records() + " records, " + request.contentType() + ")");
        out.println(readable(request));
        out.println();
      });
    }
    if (report != null) {
      try {
        Report.write(result, report);
      } catch (IOException e) {
        err.println("error: cannot write the report " + report + ": " + e.getMessage());
        return CANNOT_PROCEED;
      }
    }
    return exitStatus(result);
  }

  /** Form bodies are shown decoded, one field per line; JSON bodies as they are. */
  static String readable(dev.ampsync.client.PreviewRequest request) {
    if (!request.contentType().startsWith("application/x-www-form-urlencoded")) {
      return request.body();
    }
    StringBuilder out = new StringBuilder();
    for (String pair : request.body().split("&")) {
      String[] kv = pair.split("=", 2);
      out.append(kv[0]).append(" = ")
          .append(kv.length > 1 ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8) : "")
          .append('\n');
    }
    return out.toString().stripTrailing();
  }

  static int exitStatus(SyncResult result) {
    return result.status() == SyncStatus.FAILED ? CANNOT_PROCEED
        : result.status() == SyncStatus.PARTIAL ? PARTIAL
        : OK;
  }

  private static void writeFailure(String sync, String error, Path report, PrintStream err) {
    if (report == null) {
      return;
    }
    try {
      Report.writeFailure(sync, error, report);
    } catch (IOException e) {
      err.println("error: cannot write the report " + report + ": " + e.getMessage());
    }
  }
}
