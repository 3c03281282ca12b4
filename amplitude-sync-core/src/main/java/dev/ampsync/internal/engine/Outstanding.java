package dev.ampsync.internal.engine;

/**
 * Counts outcome callbacks that have not finished, so that the run reads its counts and commits its
 * state only after the last one ran. (The client's {@code flush()} returns when every outcome future
 * is complete, which can be before the callbacks attached to those futures have run.)
 */
final class Outstanding {
  private long count;

  synchronized void add() {
    count++;
  }

  synchronized void done() {
    if (--count == 0) {
      notifyAll();
    }
  }

  synchronized void awaitNone() throws InterruptedException {
    while (count > 0) {
      wait();
    }
  }
}
