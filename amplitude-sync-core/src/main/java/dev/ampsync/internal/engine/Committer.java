package dev.ampsync.internal.engine;

import dev.ampsync.state.SyncState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run's state: a key's new fingerprint once Amplitude acknowledged it (commit after
 * acknowledgement), the removal of a forgotten key, the watermark; commits every
 * {@value #COMMIT_EVERY_MS} ms and at the end. Without a state, or in a preview, it writes nothing (a
 * preview's state is still closed at the end).
 *
 * <p>Once {@link #start() started}, the writes go through a bounded queue to a thread of its own,
 * which applies them in order and commits: the thread that acknowledges records (the client's
 * dispatcher) hands a write over instead of waiting for the store, whose write may be a database
 * round trip (a JDBC state flushes a batch of upserts) or a B-tree update. A full queue makes the
 * handing thread wait, so memory stays bounded. {@link #drain()} waits until every write handed
 * over is applied.
 *
 * <p>A write that fails (a full disk, a closed store) is kept, not thrown: the row Amplitude accepted
 * is still reported accepted, and the run, which asks {@link #failure()} before each row, stops with
 * the first failure's words. Nothing more is written after it; what was committed before stays.
 */
final class Committer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Committer.class);
  static final long COMMIT_EVERY_MS = 200;
  /** How many writes may wait for the writer thread (a few hundred bytes each). */
  static final int QUEUE_CAPACITY = 16_384;

  /** One write handed over, or a marker the writer completes once everything before it is applied. */
  private record Write(String key, byte[] fingerprint, String rowDigest, boolean remove, CountDownLatch applied,
      boolean last) {}

  /** Null without a state store. */
  private final RunState run;
  /** Null when nothing is written (no state, or a preview). */
  private final SyncState state;
  private final String syncName;
  private final BlockingQueue<Write> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  /** Orders handing a write over with {@link #finish()} taking the writer away: no write is lost. */
  private final Object handOff = new Object();
  /** The writer thread while started; null before {@link #start()} and after {@link #finish()}. */
  private Thread writer;
  /** The first write that failed, or null. */
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

  Committer(RunState run, String syncName) {
    this.run = run;
    this.state = run != null && run.writable() ? run.state() : null;
    this.syncName = syncName;
  }

  /** Starts the writer thread, when there is something to write to. */
  void start() {
    if (state == null || writer != null) {
      return;
    }
    Thread thread = new Thread(this::writeLoop, "ampsync-state-commit");
    thread.setDaemon(true);
    synchronized (handOff) {
      writer = thread;
    }
    thread.start();
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
    write(new Write(key, fingerprint, rowDigest, false, null, false));
  }

  /** Removes a key (any thread). */
  void remove(String key) {
    write(new Write(key, null, null, true, null, false));
  }

  private void write(Write write) {
    if (!writing()) {
      return;
    }
    synchronized (handOff) {
      if (writer != null) {
        handOver(write);
        return;
      }
    }
    apply(write); // not started, or finished: the caller writes
  }

  /** Queues a write, waiting while the queue is full; an interrupt does not lose it. */
  private void handOver(Write write) {
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(write);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until every write handed over so far is applied (at once when the writer is not running). */
  void drain() {
    CountDownLatch applied = new CountDownLatch(1);
    synchronized (handOff) {
      if (writer == null) {
        return;
      }
      handOver(new Write(null, null, null, false, applied, false));
    }
    boolean interrupted = false;
    while (true) {
      try {
        applied.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the writes must be applied before the caller goes on
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stores the watermark's next value, when it moves, and commits it (after every earlier write). */
  void advance(Watermark watermark) {
    if (!writing() || !watermark.enabled()) {
      return;
    }
    drain();
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

  /** Applies what was handed over, then commits; a failure stops the run (MVStore closes a store whose write failed: no retry helps). */
  void commitNow() {
    drain();
    commit();
  }

  private void commit() {
    if (!writing()) {
      return;
    }
    try {
      state.commit();
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /** The writer thread: applies writes in order, commits every {@value #COMMIT_EVERY_MS} ms. */
  private void writeLoop() {
    long nextCommit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(COMMIT_EVERY_MS);
    List<Write> batch = new ArrayList<>();
    while (true) {
      Write first;
      try {
        first = queue.poll(Math.max(0, nextCommit - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        continue; // only finish() ends the loop, with its last marker
      }
      boolean last = false;
      if (first != null) {
        batch.add(first);
        queue.drainTo(batch, 4_096);
        for (Write write : batch) {
          if (write.applied() != null) {
            write.applied().countDown();
          } else if (write.last()) {
            last = true;
          } else if (writing()) {
            try {
              apply(write);
            } catch (Error e) { // the queue must go on being emptied, or the handing threads would wait forever
              fail(new IllegalStateException("writing the state failed: " + e, e));
            }
          }
        }
        batch.clear();
      }
      if (last) {
        return; // finish() commits
      }
      if (System.nanoTime() - nextCommit >= 0) {
        commit();
        nextCommit = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(COMMIT_EVERY_MS);
      }
    }
  }

  private void apply(Write write) {
    try {
      if (write.remove()) {
        state.remove(write.key());
      } else if (write.rowDigest() == null) {
        state.put(write.key(), write.fingerprint());
      } else {
        state.put(write.key(), write.fingerprint(), write.rowDigest());
      }
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
   * Stops the writer thread once it has applied every write handed over (and let a commit under way
   * finish), and commits a last time (a failure is kept for {@link #failure()}). Later writes are
   * applied by their callers. The state stays open, so the run's history entry can follow ({@link
   * RunState#recordRun}); {@link #close()} closes it.
   */
  void finish() {
    Thread thread;
    synchronized (handOff) {
      thread = writer;
      if (thread != null) {
        handOver(new Write(null, null, null, false, null, true)); // after every write handed over
        writer = null;
      }
    }
    if (thread != null) {
      // No interrupt: an interrupted FileChannel write closes the channel and loses the commit.
      boolean interrupted = false;
      while (thread.isAlive()) {
        try {
          thread.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    commit();
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
