package dev.ampsync.cli;

import dev.ampsync.SyncJob;
import dev.ampsync.internal.engine.MappingColumns;
import dev.ampsync.source.RowStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code validate SPEC [--connect]}: parses, binds and builds the job without opening its source,
 * state or destination; with {@code --connect} also opens the source and checks its columns against
 * the mapping, as a run does before its first row. Reads no row and sends nothing.
 */
final class ValidateCommand {
  private ValidateCommand() {}

  static int run(String[] args, Console console) {
    Flags flags;
    try {
      flags = Flags.parse(args, 1, Set.of("--connect"), Set.of());
    } catch (UsageException e) {
      return Main.usageError("validate", e.getMessage(), console);
    }
    if (flags.has("--help")) {
      console.out().println(HelpText.VALIDATE);
      return Main.OK;
    }
    if (flags.positional().size() != 1) {
      return Main.usageError("validate", "validate needs exactly one spec file", console);
    }
    Path specFile = Path.of(flags.positional().get(0));
    SyncJob job;
    try {
      job = RunCommand.build(RunCommand.jobBuilder(specFile, null, console), specFile);
    } catch (RunCommand.SpecProblem e) {
      console.err().println("error: " + e.getMessage());
      return Main.CANNOT_PROCEED;
    }
    if (flags.has("--connect")) {
      String problem = checkColumns(job);
      if (problem != null) {
        // A problem that names the spec's line (the query's, a mapping key's) names the file already.
        boolean namesTheSpec = problem.contains(specFile + " line ");
        console.err().println("error: " + (namesTheSpec ? "" : specFile + ": ") + problem);
        return Main.CANNOT_PROCEED;
      }
    }
    console.out().println(specFile.getFileName() + ": valid (" + describe(job)
        + (flags.has("--connect") ? "; the source returns every mapped column" : "") + ")");
    return Main.OK;
  }

  /** Opens the source's stream for its columns only; returns the problem, or null. */
  private static String checkColumns(SyncJob job) {
    if (job.mapping().function().isPresent()) {
      return null; // A mapping function reads what it likes: nothing to check against columns.
    }
    try (RowStream rows = job.source().open()) {
      MappingColumns.check(job, rows.columns());
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    } catch (RuntimeException e) {
      // JdbcSource's errors already say "cannot read <source>: ..."; say it once, as run does.
      String message = String.valueOf(e.getMessage());
      return message.startsWith("cannot read ") ? message : "cannot read the source " + job.source().describe() + ": " + message;
    }
  }

  /** {@code users sync from <source>, 5 properties, state file <path>}. */
  private static String describe(SyncJob job) {
    int properties = job.mapping().properties().size() + job.mapping().userProperties().size();
    return job.name() + " sync of " + job.objectType().specName() + "s from " + job.source().describe()
        + ", " + properties + (properties == 1 ? " property" : " properties")
        + ", " + job.state().map(Object::toString).orElse("no state");
  }
}
