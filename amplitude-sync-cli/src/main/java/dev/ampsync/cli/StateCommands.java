package dev.ampsync.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.record.ObjectType;
import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.SyncSpec;
import dev.ampsync.state.StateException;
import dev.ampsync.StateSummary;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code state show SPEC [--json]} and {@code state reset SPEC [--yes]}, and the dispatch to {@code
 * history} ({@link HistoryCommand}): what a sync's state holds, and forgetting it. They work on the
 * state the spec's next run would use ({@link AmplitudeSync#state}), print no API key (only its
 * fingerprint) and no password.
 *
 * <p>Exit status: 0 done; 1 the spec is bad, the state cannot be read (a damaged file: the store's
 * own message), is held by a running sync, or a reset was not confirmed.
 */
final class StateCommands {
  static final String USAGE = String.join("\n",
      "usage: java -jar amplitude-sync.jar state show SPEC.yaml [--json]",
      "       java -jar amplitude-sync.jar state reset SPEC.yaml [--yes]",
      "       java -jar amplitude-sync.jar history SPEC.yaml [--limit N] [--json]",
      "",
      "  state show    where the sync's state is, the project it belongs to, whether the spec's mapping",
      "                matches it (else the next run is a resync), the watermark and the number of keys",
      "  state reset   forget the sync's state: the next run sends every row again (asks for the sync's",
      "                name on a terminal; --yes to skip; refused without either)",
      "  history       the last runs, newest first (default 20)");

  private StateCommands() {}

  /**
   * Runs {@code state ...} or {@code history ...}.
   *
   * @param command {@code state} or {@code history}
   * @param args the arguments after the command
   * @param terminal true when a person can answer the reset's confirmation on {@code in}
   * @return the exit status
   */
  static int run(String command, String[] args, Map<String, String> env, PrintStream out, PrintStream err,
      boolean terminal, InputStream in) {
    if (command.equals("history")) {
      return HistoryCommand.run(args, env, out, err);
    }
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      (args.length == 0 ? err : out).println(USAGE);
      return args.length == 0 ? Main.CANNOT_PROCEED : Main.OK;
    }
    String action = args[0];
    boolean json = false;
    boolean yes = false;
    List<String> positional = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--json" -> json = true;
        case "--yes", "-y" -> yes = true;
        case "--help", "-h" -> {
          out.println(USAGE);
          return Main.OK;
        }
        default -> {
          if (args[i].startsWith("-")) {
            err.println("unknown flag " + args[i] + "\n" + USAGE);
            return Main.CANNOT_PROCEED;
          }
          positional.add(args[i]);
        }
      }
    }
    if (!action.equals("show") && !action.equals("reset")) {
      err.println("unknown state command '" + action + "': use show or reset\n" + USAGE);
      return Main.CANNOT_PROCEED;
    }
    if (positional.size() != 1) {
      err.println("state " + action + " needs exactly one spec file\n" + USAGE);
      return Main.CANNOT_PROCEED;
    }
    if ((action.equals("show") && yes) || (action.equals("reset") && json)) {
      err.println("state " + action + " takes no " + (yes ? "--yes" : "--json") + "\n" + USAGE);
      return Main.CANNOT_PROCEED;
    }
    SyncJob job = load(Path.of(positional.get(0)), env, err);
    if (job == null) {
      return Main.CANNOT_PROCEED;
    }
    try {
      return action.equals("show") ? show(job, json, out, err) : reset(job, yes, terminal, in, out, err);
    } finally {
      job.state().ifPresent(store -> store.close());
    }
  }

  /** Loads a spec's job, or prints why not and returns null. */
  static SyncJob load(Path specFile, Map<String, String> env, PrintStream err) {
    try {
      SyncSpec spec = SyncSpec.load(specFile, env);
      AsWrittenOutput.showAsWrittenIn(spec, err);
      SyncJob job = spec.jobBuilder().build();
      if (job.state().isEmpty()) {
        err.println("error: " + specFile + ": sync '" + job.name()
            + "' keeps no state (state: store: none): there is nothing to show, reset or list");
        return null;
      }
      return job;
    } catch (SpecException e) {
      err.println("error: " + e.getMessage());
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("error: " + specFile + ": " + e.getMessage());
    }
    return null;
  }

  private static int show(SyncJob job, boolean json, PrintStream out, PrintStream err) {
    StateSummary state;
    try {
      state = AmplitudeSync.state(job);
    } catch (StateException e) {
      err.println("error: " + e.getMessage());
      return Main.CANNOT_PROCEED;
    }
    if (json) {
      writeJson(job, state, out);
      return Main.OK;
    }
    out.println("sync:      " + job.name() + (state.stateName().equals(job.name()) ? "" : " (state " + state.stateName() + ")"));
    out.println("state:     " + state.location());
    state.otherProject().ifPresent(other -> out.println("note:      the state of '" + job.name()
        + "' belongs to another Amplitude project (API key fingerprint " + other + "); this spec's key ("
        + state.jobProject() + ") has a state of its own"));
    if (!state.exists()) {
      out.println("no state yet: the next run sends every row");
    } else {
      out.println("project:   API key fingerprint " + state.project().orElse("(not recorded)")
          + (state.project().map(state.jobProject()::equals).orElse(true) ? " (this spec's key)" : ""));
      out.println("mapping:   " + state.mapping().orElse("(not recorded)") + " " + mappingVerdict(job, state));
      state.resync().ifPresent(reason ->
          out.println("resync:    under way, not completed (" + reason + "): the next run goes on with it"));
      out.println("watermark: " + state.watermark().orElse("(none)"));
      out.println("keys:      " + state.keys());
    }
    out.println("runs:      " + state.runs().size() + " recorded" + (state.runs().isEmpty() ? "" : ", last "
        + state.runs().get(0).started().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + " " + state.runs().get(0).status() + " (see: history SPEC)"));
    return Main.OK;
  }

  private static String mappingVerdict(SyncJob job, StateSummary state) {
    if (state.mappingMatches()) {
      return "(matches this spec's mapping)";
    }
    return "(differs from this spec's mapping " + state.jobMapping() + ": "
        + (nextRunResyncs(job, state) ? "the next run is a resync, every record is sent whole)"
            : "acknowledged events are kept and not sent again)");
  }

  /** A changed mapping (or a resync under way) resends users, devices and groups; never events. */
  private static boolean nextRunResyncs(SyncJob job, StateSummary state) {
    return job.objectType() != ObjectType.EVENT && (!state.mappingMatches() || state.resync().isPresent());
  }

  private static void writeJson(SyncJob job, StateSummary state, PrintStream out) {
    try (JsonGenerator json = jsonOut(out)) {
      json.writeStartObject();
      json.writeStringField("sync", job.name());
      json.writeStringField("stateName", state.stateName());
      json.writeStringField("location", state.location());
      json.writeBooleanField("exists", state.exists());
      field(json, "project", state.project());
      json.writeStringField("specProject", state.jobProject());
      field(json, "otherProject", state.otherProject());
      field(json, "mapping", state.mapping());
      json.writeStringField("specMapping", state.jobMapping());
      json.writeBooleanField("mappingMatches", state.mappingMatches());
      json.writeBooleanField("nextRunSendsEveryRow", !state.exists() || nextRunResyncs(job, state));
      field(json, "resync", state.resync());
      field(json, "watermark", state.watermark());
      json.writeNumberField("keys", state.keys());
      json.writeNumberField("runs", state.runs().size());
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.println();
  }

  static JsonGenerator jsonOut(PrintStream out) throws IOException {
    Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8) {
      @Override
      public void close() throws IOException {
        flush(); // out is not ours to close
      }
    };
    return AsWrittenOutput.json(new JsonFactory().createGenerator(writer).useDefaultPrettyPrinter(), AsWrittenOutput.of(out));
  }

  static void field(JsonGenerator json, String name, Optional<String> value) throws IOException {
    if (value.isPresent()) {
      json.writeStringField(name, value.get());
    } else {
      json.writeNullField(name);
    }
  }

  /** {@code 1 key}, {@code 5 keys}. */
  private static String counted(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  private static int reset(SyncJob job, boolean yes, boolean terminal, InputStream in, PrintStream out, PrintStream err) {
    String location = job.state().orElseThrow().location();
    out.println("reset the state of sync '" + job.name() + "' in " + location);
    try {
      StateSummary state = AmplitudeSync.state(job);
      out.println("it holds " + counted(state.keys(), "key") + " and " + counted(state.runs().size(), "recorded run")
          + (state.stateName().equals(job.name()) ? "" : " (state " + state.stateName() + ")"));
    } catch (StateException e) {
      out.println("it cannot be read: " + e.getMessage());
      out.println("a reset of a damaged state file moves it aside (state.mv.db.damaged-<time>), with every sync it holds");
    }
    out.println("after a reset the next run sends every row again; events older than 7 days may be duplicated"
        + " in Amplitude, whose insert_id deduplication lasts 7 days");
    if (!yes) {
      if (!terminal) {
        err.println("error: not resetting without confirmation: run it on a terminal, or pass --yes");
        return Main.CANNOT_PROCEED;
      }
      out.print("type the sync name to confirm: ");
      out.flush();
      String answer;
      try {
        answer = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        answer = null;
      }
      if (answer == null || !answer.strip().equals(job.name())) {
        err.println("error: not confirmed (expected '" + job.name() + "'); nothing changed");
        return Main.CANNOT_PROCEED;
      }
    }
    try {
      out.println(AmplitudeSync.resetState(job));
      return Main.OK;
    } catch (StateException e) {
      err.println("error: " + e.getMessage());
      return Main.CANNOT_PROCEED;
    }
  }
}
