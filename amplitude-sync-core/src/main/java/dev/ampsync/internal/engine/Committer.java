package dev.ampsync.internal.engine;

import dev.ampsync.state.SyncState;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's state: a key's new fingerprint once Amplitude acknowledged it (commit after
 * acknowledgement), the removal of a forgotten key, the watermark; commits every
 * {@value #COMMIT_EVERY_MS} ms on its own thread and at the end. Without a state, or in a preview,
 * it writes nothing (a preview's state is still closed at the end).
 *
 * <p>A write that fails (a full disk, a closed store) is kept, not thrown: the row Amplitude accepted
 * is still reported accepted, and the run, which asks {@link #failure()} before each row, stops with
 * the first failure's words. Nothing more is written after it; what was committed before stays.
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
  /** The first write that failed, or null. */
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

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
    put(key, fingerprint, null);
  }

  /**
   * Puts a key's fingerprint with the digest the warehouse computed for its row (any thread).
   *
   * @param rowDigest the warehouse's row digest, or null when the row was not planned there
   */
  void put(String key, byte[] fingerprint, String rowDigest) {
    if (writing()) {
      try {
        if (rowDigest == null) {
          state.put(key, fingerprint);
        } else {
          state.put(key, fingerprint, rowDigest);
        }
      } catch (RuntimeException e) {
        fail(e);
      }
    }
  }

  /** Removes a key (any thread). */
  void remove(String key) {
    if (writing()) {
      try {
        state.remove(key);
      } catch (RuntimeException e) {
        fail(e);
      }
    }
  }

  /** Stores the watermark's next value, when it moves, and commits it. */
  void advance(Watermark watermark) {
    if (!writing() || !watermark.enabled()) {
      return;
    }
    try {
      String next = watermark.next(state.meta(Watermark.META));
      if (next != null) {
        state.meta(Watermark.META, next);
        state.commit();
      }
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /** Commits now; a failure stops the run (MVStore closes a store whose write failed: no retry helps). */
  void commitNow() {
    if (!writing()) {
      return;
    }
    try {
      state.commit();
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /** Returns why the state could not be written, or null while every write succeeded. */
  StopReason failure() {
    RuntimeException e = failure.get();
    return e == null ? null : new StopReason.StateFailed(StopReason.Failed.of(e).message());
  }

  private boolean writing() {
    return state != null && failure.get() == null;
  }

  private void fail(RuntimeException e) {
    if (failure.compareAndSet(null, e)) {
      LOG.warn("could not write the state of sync {}; the run stops: {}", syncName, e.getMessage());
      LOG.debug("state write failure", e);
    }
  }

  /**
   * Stops the commit thread, letting a commit under way finish, and commits a last time (a failure is
   * kept for {@link #failure()}). The state stays open, so the run's history entry can follow
   * ({@link RunState#recordRun}); {@link #close()} closes it.
   */
  void finish() {
    if (thread != null) {
      // No interrupt: an interrupted FileChannel write closes the channel and loses the commit.
      thread.shutdown();
      try {
        thread.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
    commitNow();
  }

  /** {@link #finish() Finishes} (if not done yet), then closes the state. */
  @Override
  public void close() {
    finish();
    if (run != null) {
      run.close();
    }
  }
}
