package dev.ampsync.cli;

import dev.ampsync.internal.spec.DidYouMean;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The amplitude-sync command line: picks the command by its name; each command parses its own flags
 * (see {@link Flags}) and prints its own help (see {@link HelpText}).
 *
 * <pre>
 * java -jar amplitude-sync.jar                       quickstart on the embedded sample warehouse
 * java -jar amplitude-sync.jar run SPEC.yaml [flags]
 * java -jar amplitude-sync.jar preview SPEC.yaml [flags]   (same as run --dry-run)
 * java -jar amplitude-sync.jar validate SPEC.yaml [--connect]
 * java -jar amplitude-sync.jar --version | help [COMMAND] | COMMAND --help
 *
 * exit:  0 every row accepted or unchanged; 2 some rows invalid, rejected or failed;
 *        1 the run could not proceed (bad spec, unreachable source, invalid API key, Amplitude
 *          unreachable or failing for destination.max_retry_duration: one error names host and port)
 * </pre>
 *
 * <p>To add a command: a class with {@code static int run(String[] args, Console console)} (args
 * include the command name), a {@code case} line in {@link #dispatch}, its name in {@link #COMMANDS}
 * and its text in {@link HelpText#of}.
 */
public final class Main {
  static final int OK = 0;
  static final int CANNOT_PROCEED = 1;
  static final int PARTIAL = 2;

  /** The command names, for "did you mean". */
  static final List<String> COMMANDS = List.of("run", "preview", "validate", "state", "history", "help");

  private Main() {}

  /**
   * Runs the command line and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    AsWrittenOutput output = new AsWrittenOutput();
    PrintStream err = output.wrap(System.err);
    // The log (slf4j-simple) writes to System.err: it too shows a loaded spec as written.
    System.setErr(err);
    System.exit(run(args, System.getenv(), output.wrap(System.out), err, System.console() != null));
  }

  /**
   * Runs the command line; returns the exit status. What it prints on {@code out} and {@code err}
   * shows a loaded spec's values from the environment as written ({@link AsWrittenOutput}).
   */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
    AsWrittenOutput output = AsWrittenOutput.ofOrNew(err);
    Console console = new Console(env, output.wrap(out), output.wrap(err), terminal);
    if (args.length == 0) {
      return Quickstart.run(env, out, err, terminal, null);
    }
    return dispatch(args, console);
  }

  private static int dispatch(String[] args, Console console) {
    return switch (args[0]) {
      case "--version", "-V" -> {
        console.out().println(HelpText.version());
        yield OK;
      }
      case "--help", "-h", "help" -> help(args, console);
      case "run", "preview" -> RunCommand.run(args, console);
      case "validate" -> ValidateCommand.run(args, console);
      case "state", "history" -> StateCommands.run(args[0], java.util.Arrays.copyOfRange(args, 1, args.length),
          console.env(), console.out(), console.err(), console.terminal(), System.in);
      default -> unknownCommand(args[0], console);
    };
  }

  /** {@code help} alone prints the usage; {@code help COMMAND} that command's help. */
  private static int help(String[] args, Console console) {
    if (args.length < 2) {
      console.out().println(HelpText.USAGE);
      return OK;
    }
    String text = HelpText.of(args[1]);
    if (text == null) {
      return unknownCommand(args[1], console);
    }
    console.out().println(text);
    return OK;
  }

  private static int unknownCommand(String command, Console console) {
    String near = DidYouMean.closest(command, COMMANDS);
    console.err().println("unknown command '" + command + "'" + (near == null ? "" : " (did you mean " + near + "?)")
        + "\n" + HelpText.USAGE);
    return CANNOT_PROCEED;
  }

  /**
   * Prints a usage mistake of {@code command} on stderr with that command's help; returns 1.
   */
  static int usageError(String command, String message, Console console) {
    console.err().println("error: " + message + "\n\n" + HelpText.of(command));
    return CANNOT_PROCEED;
  }

}
