package dev.ampsync.cli;

import dev.ampsync.SyncJob;
import dev.ampsync.SyncListener;
import dev.ampsync.SyncProgress;
import dev.ampsync.SyncResult;
import java.io.PrintStream;
import java.time.Duration;

/**
 * Progress on stderr: a line when the sync has no state yet (every row is sent); the counts, redrawn
 * in place on a terminal, a plain line every few seconds otherwise; a
 * warning line while the client retries (the client paces those: when failures start, every few
 * seconds, when they end). The summary at the end is not progress: the command prints it on stdout
 * ({@link Summary}).
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
  public synchronized void noStateYet(SyncJob job) {
    err.println("no state yet for sync '" + job.name() + "': every row will be sent");
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
    // The summary is the command's result and goes to stdout (see Summary); here the progress
    // line only ends, so what follows on stderr starts on a fresh line.
    if (drawn) {
      err.println();
      drawn = false;
    }
  }
}
