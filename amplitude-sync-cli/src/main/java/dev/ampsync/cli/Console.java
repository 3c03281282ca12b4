package dev.ampsync.cli;

import java.io.PrintStream;
import java.util.Map;

/**
 * What a command runs with: the environment (for {@code ${VAR}} in specs), stdout for results,
 * stderr for progress, warnings and errors, and whether stderr is a terminal.
 */
record Console(Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {}
