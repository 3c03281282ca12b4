package dev.ampsync.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.RunEntry;
import dev.ampsync.state.StateException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code history SPEC [--limit N] [--json]}: the last runs the sync's state recorded, newest first,
 * with their counts. Only runs that opened the state for writing are there (not previews); the state
 * keeps the last 100.
 */
final class HistoryCommand {
  static final int DEFAULT_LIMIT = 20;

  private HistoryCommand() {}

  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    boolean json = false;
    int limit = DEFAULT_LIMIT;
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--json" -> json = true;
        case "--help", "-h" -> {
          out.println(StateCommands.USAGE);
          return Main.OK;
        }
        case "--limit" -> {
          if (i + 1 >= args.length) {
            err.println("--limit needs a number\n" + StateCommands.USAGE);
            return Main.CANNOT_PROCEED;
          }
          String value = args[++i];
          try {
            limit = Integer.parseInt(value);
          } catch (NumberFormatException e) {
            limit = 0;
          }
          if (limit < 1) {
            err.println("--limit '" + value + "' is not a positive number");
            return Main.CANNOT_PROCEED;
          }
        }
        default -> {
          if (args[i].startsWith("-")) {
            err.println("unknown flag " + args[i] + "\n" + StateCommands.USAGE);
            return Main.CANNOT_PROCEED;
          }
          positional.add(args[i]);
        }
      }
    }
    if (positional.size() != 1) {
      err.println("history needs exactly one spec file\n" + StateCommands.USAGE);
      return Main.CANNOT_PROCEED;
    }
    SyncJob job = StateCommands.load(Path.of(positional.get(0)), env, err);
    if (job == null) {
      return Main.CANNOT_PROCEED;
    }
    List<RunEntry> runs;
    try {
      runs = AmplitudeSync.state(job).runs();
    } catch (StateException e) {
      err.println("error: " + e.getMessage());
      return Main.CANNOT_PROCEED;
    } finally {
      job.state().ifPresent(store -> store.close());
    }
    runs = runs.subList(0, Math.min(limit, runs.size()));
    if (json) {
      writeJson(runs, out);
    } else if (runs.isEmpty()) {
      out.println("no runs recorded yet for sync '" + job.name() + "'");
    } else {
      writeTable(runs, out);
    }
    return Main.OK;
  }

  private static void writeTable(List<RunEntry> runs, PrintStream out) {
    String format = "%-20s %9s %-9s %9s %9s %9s %9s %9s %9s  %s";
    out.println(String.format(java.util.Locale.ROOT, format, "started (UTC)", "duration", "status", "read", "accepted", "unchanged", "invalid",
        "rejected", "failed", "resync / error").stripTrailing());
    for (RunEntry run : runs) {
      String note = run.error().map(e -> "error: " + e).orElse(run.resync().map(r -> "resync: " + r).orElse(""));
      out.println(String.format(java.util.Locale.ROOT, format, run.started().truncatedTo(ChronoUnit.SECONDS).toString().replace("T", " ").replace("Z", ""),
          duration(run.duration()), run.status(), run.rowsRead(), run.accepted(), run.unchanged(), run.invalid(),
          run.rejected(), run.failed(), note).stripTrailing());
    }
  }

  static String duration(Duration duration) {
    long ms = duration.toMillis();
    if (ms < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long seconds = duration.toSeconds();
    return seconds < 3600
        ? String.format(java.util.Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60)
        : String.format(java.util.Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }

  private static void writeJson(List<RunEntry> runs, PrintStream out) {
    try (JsonGenerator json = StateCommands.jsonOut(out)) {
      json.writeStartArray();
      for (RunEntry run : runs) {
        json.writeStartObject();
        json.writeStringField("started", run.started().toString());
        json.writeNumberField("durationMs", run.duration().toMillis());
        json.writeStringField("status", run.status().name());
        json.writeNumberField("rowsRead", run.rowsRead());
        json.writeNumberField("accepted", run.accepted());
        json.writeNumberField("unchanged", run.unchanged());
        json.writeNumberField("invalid", run.invalid());
        json.writeNumberField("rejected", run.rejected());
        json.writeNumberField("failed", run.failed());
        StateCommands.field(json, "resync", run.resync());
        StateCommands.field(json, "error", run.error());
        json.writeEndObject();
      }
      json.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println();
  }
}
