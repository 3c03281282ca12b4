package dev.ampsync.cli;

import dev.ampsync.SyncJob;
import dev.ampsync.SyncListener;
import dev.ampsync.SyncProgress;
import dev.ampsync.SyncResult;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress on stderr: redrawn in place on a terminal, a plain line every few seconds otherwise; a
 * warning line while the client retries (the client paces those: when failures start, every few
 * seconds, when they end); a summary table at the end.
 */
final class ConsoleProgress implements SyncListener {
  private final PrintStream err;
  private final boolean terminal;
  private final long lineEveryNanos;
  private long lastLine;
  private boolean drawn;

  ConsoleProgress(PrintStream err, boolean terminal, Duration lineEvery) {
    this.err = err;
    this.terminal = terminal;
    this.lineEveryNanos = lineEvery.toNanos();
    this.lastLine = System.nanoTime();
  }

  @Override
  public void started(SyncJob job) {
    err.println("sync " + job.name() + ": " + job.objectType().specName() + "s from " + job.source().describe());
  }

  @Override
  public synchronized void progress(SyncProgress p) {
    String line = String.format("  %,d rows read, %,.0f rows/s | accepted %,d  unchanged %,d  invalid %,d  rejected %,d  failed %,d",
        p.rowsRead(), p.rowsPerSecond(), p.accepted(), p.unchanged(), p.invalid(), p.rejected(), p.failed());
    if (terminal) {
      err.print("\r" + line + "   ");
      err.flush();
      drawn = true;
    } else if (System.nanoTime() - lastLine >= lineEveryNanos) {
      err.println(line);
      lastLine = System.nanoTime();
    }
  }

  @Override
  public synchronized void retrying(String notice) {
    // (Synchronized with progress(): this comes from the client's threads.)
    if (drawn) {
      err.println();
      drawn = false;
    }
    err.println("warning: " + notice);
  }

  @Override
  public synchronized void finished(SyncResult r) {
    if (drawn) {
      err.println();
    }
    err.println(summary(r));
  }

  static String summary(SyncResult r) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%n  %-10s %s%s%n", "sync", r.sync(), r.isPreview() ? "  (preview: nothing was sent)" : ""));
    out.append(String.format("  %-10s %s%n", "status", r.status()));
    // Why PARTIAL, or why SUCCEEDED although rows had problems: the fail_when thresholds decide.
    r.thresholdsExceeded().forEach(line -> out.append(String.format("  %-10s %s%n", "because", line)));
    if (r.status() == dev.ampsync.SyncStatus.SUCCEEDED && r.invalid() + r.rejected() + r.failed() > 0) {
      out.append(String.format("  %-10s %s%n", "because", "the problem rows are within fail_when"));
    }
    out.append(String.format("  %-10s %,12d%n", "rows read", r.rowsRead()));
    out.append(String.format("  %-10s %,12d%s%n", r.isPreview() ? "to send" : "accepted", r.accepted(), ""));
    out.append(String.format("  %-10s %,12d%n", "unchanged", r.unchanged()));
    out.append(String.format("  %-10s %,12d%n", "invalid", r.invalid()));
    out.append(String.format("  %-10s %,12d%n", "rejected", r.rejected()));
    out.append(String.format("  %-10s %,12d%n", "failed", r.failed()));
    if (r.removed() > 0) {
      out.append(String.format("  %-10s %,12d%n", "removed", r.removed()));
    }
    out.append(String.format("  %-10s %,12d ms%n", "duration", r.duration().toMillis()));
    r.fullResync().ifPresent(reason -> out.append(String.format("  %-10s %s%n", "resync", reason)));
    r.error().ifPresent(error -> out.append(String.format("  %-10s %s%n", "error", error)));
    if (!r.problems().isEmpty()) {
      out.append(String.format("  problems (first %d):%n", Math.min(10, r.problems().size())));
      r.problems().stream().limit(10).forEach(p -> out.append(String.format("    %-8s %s: %s%n",
          p.outcome(), p.key() == null ? "(no key)" : p.key(), p.reason())));
    }
    return out.toString();
  }
}
