package dev.ampsync.cli;

import java.util.Set;

/** The flags {@code run} and {@code preview} share. */
final class RunFlags {
  static final Set<String> SWITCHES = Set.of("--dry-run", "--full-resync", "--json");
  static final Set<String> VALUED = Set.of("--endpoint", "--report", "--bodies");

  static final String TEXT = String.join("\n",
      "  --dry-run        read and map every row, send nothing, show the first requests shortened",
      "  --endpoint URL   send to this base URL instead of the spec's region (a proxy, a fake)",
      "  --full-resync    ignore the stored state and send every row",
      "  --report FILE    write the result as JSON",
      "  --json           print the result as JSON on stdout (the report's fields) instead of the summary",
      "  --bodies N       with a preview: print the first N request bodies in full instead of shortened",
      "  -h, --help       print this help");

  private RunFlags() {}
}
