package dev.ampsync.cli;

import dev.ampsync.internal.spec.DidYouMean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The flags and positional arguments of one command. Each command declares its switches and its
 * flags that take a value; anything else starting with {@code -} is an unknown flag, answered with
 * the nearest known flag when one is close. {@code --help} and {@code -h} are known to every command.
 */
final class Flags {
  private final Set<String> switches = new HashSet<>();
  private final Map<String, String> values = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Flags() {}

  /**
   * Parses {@code args} (the command name excluded).
   *
   * @throws UsageException naming the unknown flag or the flag that lacks its value
   */
  static Flags parse(String[] args, int from, Set<String> knownSwitches, Set<String> valued) throws UsageException {
    Flags flags = new Flags();
    for (int i = from; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        flags.switches.add("--help");
      } else if (knownSwitches.contains(arg)) {
        flags.switches.add(arg);
      } else if (valued.contains(arg)) {
        if (i + 1 >= args.length) {
          throw new UsageException(arg + " needs a value");
        }
        flags.values.put(arg, args[++i]);
      } else if (arg.startsWith("-") && arg.length() > 1) {
        Set<String> known = new TreeSet<>(knownSwitches);
        known.addAll(valued);
        known.add("--help");
        String near = DidYouMean.closest(arg, known);
        throw new UsageException("unknown flag " + arg + (near == null ? "" : " (did you mean " + near + "?)"));
      } else {
        flags.positional.add(arg);
      }
    }
    return flags;
  }

  boolean has(String flag) {
    return switches.contains(flag);
  }

  String value(String flag) {
    return values.get(flag);
  }

  List<String> positional() {
    return positional;
  }
}
