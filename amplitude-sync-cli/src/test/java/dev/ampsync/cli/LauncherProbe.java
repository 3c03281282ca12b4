package dev.ampsync.cli;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Stands in for the command line's jar in {@link LauncherScriptTest}: prints its JVM options, the
 * values the JVM settled on for the flags the launcher sets (a later option wins, so the options
 * alone do not say which value holds), and its arguments.
 */
public final class LauncherProbe {
  private static final List<String> FLAGS = List.of("UseSerialGC", "FreqInlineSize", "InlineSmallCode");

  private LauncherProbe() {}

  public static void main(String[] args) {
    System.out.println("JVM " + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    System.out.println("FLAGS " + FLAGS.stream()
        .map(flag -> flag + "=" + hotSpot.getVMOption(flag).getValue())
        .collect(Collectors.joining(" ")));
    System.out.println("POOL " + java.util.concurrent.ForkJoinPool.getCommonPoolParallelism());
    System.out.println("ARGS " + String.join("|", args));
  }
}
