package dev.ampsync.internal.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Queue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * When the dispatcher thread parks and who wakes it. The dispatcher publishes how it may be woken
 * before it parks; a submitter wakes it only when it could act on the new record: it was parked with
 * nothing ready to send ({@code IDLE}), or enough parts arrived to fill a request, or, with no request
 * in flight, every pending-record slot is taken ({@code LINGERING}). Answers, flushes and close always
 * wake it ({@link #wakeNow}). A parked dispatcher with every request slot taken ({@code BLOCKED})
 * waits for those.
 *
 * <p>No wake-up is lost: each side writes its own flag before reading the other's. A submitter hands
 * its record over, then reads the state; the dispatcher writes the state, then re-checks for work
 * that arrived meanwhile. Only the thread that moves the state off "parked" unparks it: one wake-up
 * per park.
 */
final class Wakeups {
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Wakeups.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // What the dispatcher thread is doing, as threads handing it work see it.
  /** Working, or about to re-check for work: nobody needs to wake it. */
  private static final int RUNNING = 0;
  /** Parked with nothing ready to send: any new record wakes it. */
  private static final int IDLE = 1;
  /** Parked while ready parts linger: new records wake it once they could fill a request. */
  private static final int LINGERING = 2;
  /** Parked with every request slot taken: only an answer (or a flush, or close) can make it act. */
  private static final int BLOCKED = 3;

  private final Thread dispatcher;
  private final Queue<Inbound> incoming;
  private final Queue<Answer> answers;
  private final Semaphore slots;
  /** One past the newest part number given out (see {@link PartEncoder#numbered}). */
  private final LongSupplier numbered;
  /** Total size of the parts ever handed over. */
  private final AtomicLong handedBytes = new AtomicLong();
  @SuppressWarnings("unused") // through STATE
  private volatile int state;
  /** Set by whoever needs the dispatcher to look at once (answers, flush, close, starved submitters). */
  private volatile boolean urgent;
  /** While LINGERING: a submitter whose part has at least this number wakes the dispatcher. */
  private volatile long wakeAtSeq = Long.MAX_VALUE;
  /** While LINGERING: a submitter that brings the bytes handed over to this total wakes the dispatcher. */
  private volatile long wakeAtBytes = Long.MAX_VALUE;
  /**
   * While LINGERING: whether the last pending slot taken wakes the dispatcher (only with no request in
   * flight: otherwise an answer will, and waking it for nothing to do made it spin until one came).
   */
  private volatile boolean lastSlotWakes;

  // Owned by the dispatcher thread.
  /** One past the highest part number the dispatcher took. */
  private long takenSeq;
  /** Total size of the parts the dispatcher took. */
  private long takenBytes;

  /**
   * @param dispatcher the thread that parks
   * @param incoming records and flushes handed over (their arrival wakes an idle dispatcher)
   * @param answers answers posted back (their arrival always wakes it)
   * @param slots the pending-record slots (the last one taken wakes a lingering dispatcher)
   * @param numbered one past the newest part number given out
   */
  Wakeups(Thread dispatcher, Queue<Inbound> incoming, Queue<Answer> answers, Semaphore slots, LongSupplier numbered) {
    this.dispatcher = dispatcher;
    this.incoming = incoming;
    this.answers = answers;
    this.slots = slots;
    this.numbered = numbered;
  }

  // ---------------------------------------------------------------- threads handing work over

  /** Counts a record's parts as handed over, before they enter the queue; returns the new total. */
  long handOver(long bytes) {
    return handedBytes.addAndGet(bytes);
  }

  /**
   * Wakes the dispatcher if it could act on a record just queued.
   *
   * @param lastSeq the number of the record's last part
   * @param handedTotal the total {@link #handOver} returned for it
   */
  void handedOver(long lastSeq, long handedTotal) {
    int parked = state;
    if (parked == IDLE
        || parked == LINGERING
            && (lastSeq >= wakeAtSeq || handedTotal >= wakeAtBytes || lastSlotWakes && slots.availablePermits() == 0)) {
      wake(parked);
    }
  }

  /** Makes the dispatcher look at once: for answers, flushes, close, and starved submitters. */
  void wakeNow() {
    urgent = true;
    int parked = state;
    if (parked != RUNNING) {
      wake(parked);
    }
  }

  private void wake(int parked) {
    if (STATE.compareAndSet(this, parked, RUNNING)) {
      LockSupport.unpark(dispatcher);
    }
  }

  // ---------------------------------------------------------------- dispatcher thread

  /** Starts a pass over the queues: whatever asked for it, it is being looked at now. */
  void startPass() {
    urgent = false;
  }

  /** Counts parts taken from the incoming queue (the baseline of the LINGERING thresholds). */
  void taken(long lastSeq, long bytes) {
    takenSeq = Math.max(takenSeq, lastSeq + 1);
    takenBytes += bytes;
  }

  /** Parks with nothing ready to send, unless woken: any new record wakes it. */
  void parkIdle(long waitMillis) throws InterruptedException {
    if (announceIdle()) {
      park(waitMillis);
    }
  }

  /**
   * Parks while ready parts linger, unless woken: new records wake it once they could fill a request,
   * by count or by bytes (if they all went to the fullest lane), or, if asked, once the record that
   * took the last pending slot is handed over.
   *
   * @param roomCount how many more parts the fullest lane takes before a request is due
   * @param roomBytes how many more bytes the fullest lane takes before a request is due
   * @param lastSlotWakes whether the last pending slot taken makes a request due
   */
  void parkLingering(long waitMillis, long roomCount, long roomBytes, boolean lastSlotWakes)
      throws InterruptedException {
    if (announceLingering(roomCount, roomBytes, lastSlotWakes)) {
      park(waitMillis);
    }
  }

  /** Parks with every request slot taken, unless woken: only answers, flushes and close wake it. */
  void parkBlocked(long waitMillis) throws InterruptedException {
    if (announceBlocked()) {
      park(waitMillis);
    }
  }

  // The announcements: each returns true if the dispatcher may park (see announce).

  boolean announceIdle() {
    return announce(IDLE);
  }

  boolean announceBlocked() {
    return announce(BLOCKED);
  }

  /** Publishes the LINGERING thresholds first: a submitter that sees LINGERING sees them. */
  boolean announceLingering(long roomCount, long roomBytes, boolean lastSlotWakes) {
    wakeAtSeq = takenSeq + Math.max(1, roomCount) - 1;
    wakeAtBytes = takenBytes + Math.max(1, roomBytes);
    this.lastSlotWakes = lastSlotWakes;
    return announce(LINGERING);
  }

  /**
   * Publishes how the dispatcher may be woken, then re-checks that nothing it would wake for arrived
   * meanwhile; returns false (running again) if something did.
   */
  private boolean announce(int mode) {
    state = mode;
    if (urgent || mustRun(mode)) {
      state = RUNNING;
      return false;
    }
    return true;
  }

  private boolean mustRun(int mode) {
    return switch (mode) {
      case IDLE -> !incoming.isEmpty() || !answers.isEmpty();
      case LINGERING -> !answers.isEmpty()
          || numbered.getAsLong() - 1 >= wakeAtSeq
          || handedBytes.get() >= wakeAtBytes
          // Every slot taken and a record handed over that this thread has not taken. (Every slot
          // taken and none waiting: a record still on its way wakes it once handed over.)
          || lastSlotWakes && slots.availablePermits() == 0 && !incoming.isEmpty();
      default -> !answers.isEmpty();
    };
  }

  private void park(long waitMillis) throws InterruptedException {
    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(waitMillis));
    state = RUNNING;
    if (Thread.interrupted()) {
      throw new InterruptedException("dispatcher interrupted");
    }
  }

  /** Tells whether the dispatcher is parked while ready parts linger. */
  boolean isLingering() {
    return state == LINGERING;
  }

  /** Tells whether the dispatcher is running: not parked, or woken. */
  boolean isRunning() {
    return state == RUNNING;
  }
}
