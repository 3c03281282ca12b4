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

/** {@code run SPEC} and {@code preview SPEC} (= {@code run --dry-run}). */
final class RunCommand {
  private RunCommand() {}

  static int run(String[] args, Console console) {
    String command = args[0];
    Flags flags;
    try {
      flags = Flags.parse(args, 1, RunFlags.SWITCHES, RunFlags.VALUED);
    } catch (UsageException e) {
      return Main.usageError(command, e.getMessage(), console);
    }
    if (flags.has("--help")) {
      console.out().println(HelpText.of(command));
      return Main.OK;
    }
    if (flags.positional().size() != 1) {
      return Main.usageError(command, command + " needs exactly one spec file", console);
    }
    boolean dryRun = command.equals("preview") || flags.has("--dry-run");
    URI endpoint = null;
    if (flags.value("--endpoint") != null) {
      try {
        endpoint = URI.create(flags.value("--endpoint"));
      } catch (IllegalArgumentException e) {
        console.err().println("error: --endpoint '" + flags.value("--endpoint") + "' is not a URL");
        return Main.CANNOT_PROCEED;
      }
    }
    Path report = flags.value("--report") == null ? null : Path.of(flags.value("--report"));
    boolean json = flags.has("--json");
    int fullBodies = 0;
    if (flags.value("--bodies") != null) {
      try {
        fullBodies = Integer.parseInt(flags.value("--bodies"));
      } catch (NumberFormatException e) {
        fullBodies = -1;
      }
      if (fullBodies < 0) {
        return Main.usageError(command, "--bodies needs a number of bodies (0 or more), not '" + flags.value("--bodies") + "'", console);
      }
    }
    Path specFile = Path.of(flags.positional().get(0));
    SyncJob job;
    try {
      SyncJob.Builder builder = jobBuilder(specFile, endpoint, console);
      if (flags.has("--full-resync")) {
        builder.fullResync(true);
      }
      if (fullBodies > 5) {
        builder.previewRequests(fullBodies); // a preview keeps 5 bodies unless asked for more
      }
      builder.listener(new ConsoleProgress(console.err(), console.terminal(), Duration.ofSeconds(5)));
      job = build(builder, specFile);
    } catch (SpecProblem e) {
      console.err().println("error: " + e.getMessage());
      writeFailure(specFile.getFileName().toString(), e.getMessage(), report, json, console);
      return Main.CANNOT_PROCEED;
    }
    return execute(job, new Output(dryRun, report, json, fullBodies), console.out(), console.err());
  }

  /**
   * What a run prints besides progress: whether it previews, the report file (or null), and whether
   * stdout gets the JSON instead of the summary (and the preview's requests), and how many
   * preview bodies show in full ({@code --bodies N}; the others are shortened).
   */
  record Output(boolean dryRun, Path report, boolean json, int fullBodies) {}

  /**
   * Loads a spec into a job builder, with the command line's endpoint when one is given.
   *
   * @throws SpecProblem the spec's error as the command line prints it (after {@code error: })
   */
  static SyncJob.Builder jobBuilder(Path specFile, URI endpoint, Console console) throws SpecProblem {
    try {
      SyncSpec spec = SyncSpec.load(specFile, console.env());
      AsWrittenOutput.showAsWrittenIn(spec, console.out(), console.err());
      SyncJob.Builder builder = spec.jobBuilder();
      if (endpoint != null) {
        builder.destination(spec.destination().toBuilder().endpoint(endpoint));
      }
      return builder;
    } catch (SpecException e) {
      throw new SpecProblem(e.getMessage());
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new SpecProblem(specFile + ": " + e.getMessage());
    }
  }

  /** Builds the job, turning a builder's refusal into the spec problem {@code run} prints. */
  static SyncJob build(SyncJob.Builder builder, Path specFile) throws SpecProblem {
    try {
      return builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new SpecProblem(specFile + ": " + e.getMessage());
    }
  }

  /**
   * Runs or previews a job; prints the result on {@code out} (the summary, or with {@code --json}
   * only the JSON), the error of a run that could not proceed on {@code err}; writes the report.
   * Returns the exit status.
   */
  static int execute(SyncJob job, Output output, PrintStream out, PrintStream err) {
    boolean dryRun = output.dryRun();
    Path report = output.report();
    SyncResult result = dryRun ? AmplitudeSync.preview(job) : AmplitudeSync.run(job);
    if (dryRun && !output.json()) {
      PreviewDisplay.print(result.previewRequests(), output.fullBodies(), out);
    }
    if (output.json()) {
      try {
        Report.print(result, out);
      } catch (IOException e) {
        err.println("error: cannot print the result: " + e.getMessage());
        return Main.CANNOT_PROCEED;
      }
    } else {
      out.println(Summary.of(result));
    }
    result.error().ifPresent(error -> err.println("error: " + error));
    if (report != null) {
      try {
        Report.write(result, report, AsWrittenOutput.of(out));
      } catch (IOException e) {
        err.println("error: cannot write the report " + report + ": " + e.getMessage());
        return Main.CANNOT_PROCEED;
      }
    }
    return exitStatus(result);
  }

  static int exitStatus(SyncResult result) {
    return result.status() == SyncStatus.FAILED ? Main.CANNOT_PROCEED
        : result.status() == SyncStatus.PARTIAL ? Main.PARTIAL
        : Main.OK;
  }

  /** A spec that cannot run still gets its report, and its JSON on stdout with {@code --json}. */
  private static void writeFailure(String sync, String failure, Path report, boolean json, Console console) {
    String error = AsWrittenOutput.of(console.out()).apply(failure);
    try {
      if (json) {
        Report.printFailure(sync, error, console.out());
      }
    } catch (IOException e) {
      console.err().println("error: cannot print the result: " + e.getMessage());
    }
    if (report == null) {
      return;
    }
    try {
      Report.writeFailure(sync, error, report);
    } catch (IOException e) {
      console.err().println("error: cannot write the report " + report + ": " + e.getMessage());
    }
  }

  /** A spec the command line cannot run, with the message it prints. */
  static final class SpecProblem extends Exception {
    private static final long serialVersionUID = 1L;

    SpecProblem(String message) {
      super(message);
    }
  }
}
