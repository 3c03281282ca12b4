package dev.ampsync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The texts of {@code --help}, {@code help COMMAND} and {@code --version}. A new command adds its
 * text here and a line to {@link #of}.
 */
final class HelpText {
  static final String EXIT = String.join("\n",
      "exit status: 0 all rows accepted or unchanged, 2 some rows had problems, 1 the run could not proceed",
      "             (bad spec or source, invalid API key, Amplitude unreachable for max_retry_duration)");

  static final String USAGE = String.join("\n",
      "usage: java -jar amplitude-sync.jar                      run the quickstart",
      "       java -jar amplitude-sync.jar run SPEC.yaml [flags]",
      "       java -jar amplitude-sync.jar preview SPEC.yaml [flags] [--bodies N]",
      "       java -jar amplitude-sync.jar validate SPEC.yaml [--connect]",
      "       java -jar amplitude-sync.jar state show|reset SPEC.yaml [--json] [--yes]",
      "       java -jar amplitude-sync.jar history SPEC.yaml [--limit N] [--json]",
      "       java -jar amplitude-sync.jar --version | help [COMMAND] | COMMAND --help",
      "",
      "flags of run and preview:",
      RunFlags.TEXT,
      "",
      EXIT);

  static final String RUN = String.join("\n",
      "usage: java -jar amplitude-sync.jar run SPEC.yaml [flags]",
      "",
      "Reads the spec's source, maps each row and sends the new and changed ones to Amplitude.",
      "The summary goes to stdout; progress, warnings and errors to stderr.",
      "",
      "flags:",
      RunFlags.TEXT,
      "",
      EXIT);

  static final String PREVIEW = String.join("\n",
      "usage: java -jar amplitude-sync.jar preview SPEC.yaml [flags]      (same as run --dry-run)",
      "",
      "Reads and maps every row, sends nothing, writes no state; shows the first requests shortened",
      "(the request line and its first records, each cut to one line) and the summary.",
      "",
      "flags:",
      RunFlags.TEXT,
      "",
      "exit status: 0 every row would be sent or is unchanged, 2 some rows are invalid, 1 the preview could not run");

  static final String VALIDATE = String.join("\n",
      "usage: java -jar amplitude-sync.jar validate SPEC.yaml [--connect]",
      "",
      "Checks the spec without connecting to anything: parses it, binds it and builds the job.",
      "",
      "flags:",
      "  --connect        also open the source and check its columns against the mapping",
      "",
      "exit status: 0 the spec is valid, 1 it is not (the error names file, line and key), or with",
      "             --connect the source cannot be read or lacks a mapped column");

  private HelpText() {}

  /** The help of one command, or null when there is no such command. */
  static String of(String command) {
    return switch (command) {
      case "run" -> RUN;
      case "preview" -> PREVIEW;
      case "validate" -> VALIDATE;
      case "state", "history" -> StateCommands.USAGE;
      case "help" -> USAGE;
      default -> null;
    };
  }

  /** {@code amplitude-sync X.Y.Z}, from a resource Maven fills in at build time. */
  static String version() {
    Properties properties = new Properties();
    try (InputStream in = HelpText.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // An unreadable resource in our own jar: say so instead of failing --version.
    }
    return "amplitude-sync " + properties.getProperty("version", "(unknown version)");
  }
}
