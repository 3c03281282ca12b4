package dev.ampsync.cli;

import java.lang.management.ManagementFactory;

/** Stands in for the command line's jar in {@link LauncherScriptTest}: prints its JVM options and arguments. */
public final class LauncherProbe {
  private LauncherProbe() {}

  public static void main(String[] args) {
    System.out.println("JVM " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    System.out.println("ARGS " + String.join("|", args));
  }
}
