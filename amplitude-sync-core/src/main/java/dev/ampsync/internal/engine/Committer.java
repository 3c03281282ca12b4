package dev.ampsync.internal.engine;

import dev.ampsync.state.SyncState;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's state: a key's new fingerprint once Amplitude acknowledged it (commit after
 * acknowledgement), the removal of a forgotten key, the watermark; commits every
 * {@value #COMMIT_EVERY_MS} ms on its own thread and at the end. Without a state, or in a preview,
 * it writes nothing (a preview's state is still closed at the end).
 */
final class Committer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
  static final long COMMIT_EVERY_MS = 200;

  /** Null without a state store. */
  private final RunState run;
  /** Null when nothing is written (no state, or a preview). */
  private final SyncState state;
  private final String syncName;
  private ScheduledExecutorService thread;

  Committer(RunState run, String syncName) {
    this.run = run;
    this.state = run != null && run.writable() ? run.state() : null;
    this.syncName = syncName;
  }

  /** Starts committing every {@value #COMMIT_EVERY_MS} ms, when there is something to write to. */
  void start() {
    if (state == null || thread != null) {
      return;
    }
    thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread commits = new Thread(runnable, "ampsync-state-commit");
      commits.setDaemon(true);
      return commits;
    });
    thread.scheduleWithFixedDelay(this::commitNow, COMMIT_EVERY_MS, COMMIT_EVERY_MS, TimeUnit.MILLISECONDS);
  }

  /** Puts a key's fingerprint (any thread). */
  void put(String key, byte[] fingerprint) {
    if (state != null) {
      state.put(key, fingerprint);
    }
  }

  /** Removes a key (any thread). */
  void remove(String key) {
    if (state != null) {
      state.remove(key);
    }
  }

  /** Stores the watermark's next value, when it moves, and commits it. */
  void advance(Watermark watermark) {
    if (state == null || !watermark.enabled()) {
      return;
    }
    String next = watermark.next(state.meta(Watermark.META));
    if (next != null) {
      state.meta(Watermark.META, next);
      state.commit();
    }
  }

  /** Commits now; a failure is logged and the commit retried next time. */
  void commitNow() {
    try {
      state.commit();
    } catch (RuntimeException e) {
      LOG.warn("could not commit the state of sync {}; it is retried: {}", syncName, e.getMessage());
    }
  }

  /** Stops the commit thread, letting a commit under way finish, then closes (and so commits) the state. */
  @Override
  public void close() {
    if (thread != null) {
      // No interrupt: an interrupted FileChannel write closes the channel and loses the commit.
      thread.shutdown();
      try {
        thread.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (run != null) {
      run.close();
    }
  }
}
