package dev.ampsync.internal.client;

import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.Outcome;
import dev.ampsync.record.AmplitudeRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's engine. Callers encode records and hand them over; one dispatcher thread owns every
 * piece of batching state and is the only thread that touches it, so none of it needs locking. HTTP
 * answers are posted back to that thread.
 *
 * <p>A record's way, one verb per step:
 *
 * <ol>
 *   <li><b>submit</b> (caller): acquire a pending-record slot, <b>encode</b> the record into its parts
 *       ({@link PartEncoder}), hand it over ({@link Inbound}) and wake the dispatcher if it could act
 *       ({@link Wakeups});
 *   <li><b>take</b>: the dispatcher takes it from the queue and links it as unresolved ({@link
 *       Unresolved}, which also holds the flushes);
 *   <li><b>admit</b>: each part passes the identify gate ({@link IdentifyGate}) into its endpoint's
 *       lane ({@link Lanes});
 *   <li><b>pack</b>: a due lane gives up one request's parts; parts of throttled ids are held
 *       instead ({@link ThrottleBook}) and <b>retried</b> when released;
 *   <li><b>send</b>: the transport carries the request and posts its {@link Answer} back;
 *   <li><b>answer</b>: {@link AnswerHandler} decides each part's fate: settle, retry (at the front
 *       of its lane), or stop the client;
 *   <li><b>settle</b> and <b>deliver</b>: a part's outcome counts toward its record's; records with
 *       outcomes have their slots freed and futures completed together ({@link Settlement}).
 * </ol>
 *
 * <p>Guarantees: every submitted record completes its future exactly once; at most {@code
 * maxPendingRecords} records are unresolved at any time ({@link #submit} blocks beyond that); at most
 * {@code maxRequestsInFlight} requests are outstanding; a user's or device's events are not sent
 * while an identification of that id submitted earlier is unacknowledged. A record waits at most
 * about {@code linger + pollInterval} before its request is sent (given a free request slot).
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final Endpoint[] ENDPOINTS = Endpoint.values();

  private final Clock clock;
  private final Transport sender;
  private final DryRunTransport dryRun;
  private final int maxPendingRecords;
  private final int maxRequestsInFlight;
  private final long pollMillis;

  // Shared with the threads handing work over.
  /** One per unresolved record: {@link #submit} blocks while none is free. */
  private final Semaphore slots;
  /** Records and flushes, in the order they were handed over. */
  private final ConcurrentLinkedQueue<Inbound> incoming = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final PartEncoder encoder;
  private final Wakeups wakeups;
  private final AtomicInteger flushers = new AtomicInteger();
  private final Thread thread;
  /** Set by the dispatcher thread before it fails what is left and ends. */
  private volatile boolean stopped;
  /** The answer that stopped the client, if any. */
  private volatile AmplitudeException fatal;
  private volatile boolean closed;
  /** Set by close() once draining is over: the dispatcher fails what is left with it and ends. */
  private volatile String abortReason;
  /** How many records the dispatcher's end failed. */
  private volatile int abandoned;

  // Owned by the dispatcher thread.
  private final Lanes lanes;
  private final ThrottleBook throttles = new ThrottleBook();
  private final IdentifyGate gate;
  private final Unresolved unresolved = new Unresolved();
  private final Settlement settlement;
  private final AnswerHandler answerHandler;
  /** Admits again the events an acknowledged identification released. */
  private final Consumer<Part> readmit;
  private int inFlight;
  /**
   * How many requests may be in flight: 1 until the first answer arrives, then {@code
   * maxRequestsInFlight}. The first request of a run goes alone, so a wrong key costs one request.
   */
  private int requestSlots = 1;
  /**
   * Whether a flush or close was under way when this pass began. Read before taking the incoming
   * records: a flush starts after its records were handed over, so everything it waits for is taken
   * in the same pass and packed together.
   */
  private boolean draining;

  /** Creates and starts a dispatcher. */
  public Dispatcher(ClientSettings settings, Redactor redactor, ScheduledExecutorService scheduler) {
    this.clock = settings.clock();
    this.dryRun = settings.dryRunRequests() >= 0 ? new DryRunTransport(settings, settings.dryRunRequests()) : null;
    this.sender = dryRun != null ? dryRun : new HttpSender(settings, redactor, settings.executor(), scheduler);
    this.maxPendingRecords = settings.maxPendingRecords();
    this.maxRequestsInFlight = settings.maxRequestsInFlight();
    this.pollMillis = settings.pollInterval().toMillis();
    this.slots = new Semaphore(maxPendingRecords);
    this.encoder = new PartEncoder(settings.eventsEndpoint());
    this.lanes = new Lanes(settings::maxCount, settings::maxBytes, settings.linger().toMillis(), sender::bodySize);
    this.gate = new IdentifyGate(settings.eventsEndpoint());
    this.settlement = new Settlement(slots, unresolved);
    this.answerHandler =
        new AnswerHandler(
            throttles,
            endpoint -> settings.throttleHold(endpoint).toMillis(),
            settings.maxRetryDuration(),
            new Steps());
    this.readmit = part -> admit(part, clock.millis());
    this.thread = new Thread(this::run, "ampsync-dispatcher");
    this.wakeups = new Wakeups(thread, incoming, answers, slots, encoder::numbered);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Submits a record, blocking while {@code maxPendingRecords} records are unresolved.
   *
   * @throws AmplitudeException when an earlier answer made the client stop
   * @throws IllegalStateException when the client is closed
   * @throws InterruptedException when interrupted while waiting for capacity
   */
  public CompletableFuture<Outcome> submit(AmplitudeRecord record) throws InterruptedException {
    checkUsable();
    if (!slots.tryAcquire()) {
      // Every slot is taken: make sure the dispatcher looks (it sends what it holds if nothing is in
      // flight; see isDue()).
      wakeups.wakeNow();
      slots.acquire();
    }
    Pending pending = new Pending(record);
    if (closed || fatal != null) {
      slots.release();
      checkUsable();
    }
    try {
      encoder.encode(pending);
    } catch (IllegalArgumentException unencodable) {
      slots.release();
      pending.complete(Outcomes.rejected(record, null, "cannot be encoded: " + unencodable.getMessage()));
      return pending;
    }
    long lastSeq = pending.lastPart().seq;
    long handedTotal = wakeups.handOver(pending.partBytes());
    incoming.add(pending);
    if (stopped) {
      // Raced with close(): the dispatcher has drained the queue for the last time, or is doing so;
      // whichever thread claims the record resolves it.
      if (pending.claim()) {
        slots.release();
        pending.complete(Outcomes.failed(record, "client closed"));
      }
      return pending;
    }
    wakeups.handedOver(lastSeq, handedTotal);
    return pending;
  }

  /** Returns the requests a dry run kept, or an empty list for a real client. */
  public List<dev.ampsync.client.PreviewRequest> previewRequests() {
    return dryRun == null ? List.of() : dryRun.kept();
  }

  /** Returns the error that stopped the client, if any. */
  public AmplitudeException fatalError() {
    return fatal;
  }

  /**
   * Returns how many records have no outcome yet: those holding one of the {@code
   * maxPendingRecords} slots, including a record whose {@link #submit} call is still under way.
   */
  public int unresolvedCount() {
    return maxPendingRecords - slots.availablePermits();
  }

  /**
   * Sends everything buffered now, and waits until every record submitted before the call has an
   * outcome, or the timeout passes.
   *
   * @return true when every such record has an outcome
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long timeoutNanos = timeout.toNanos();
    long started = System.nanoTime();
    FlushMarker marker = new FlushMarker();
    flushers.incrementAndGet();
    try {
      incoming.add(marker);
      if (stopped) {
        // The dispatcher has failed, or is failing, whatever was left: its end resolves every record.
        long millis = TimeUnit.NANOSECONDS.toMillis(timeoutNanos - (System.nanoTime() - started));
        if (!marker.isDone() && millis > 0) {
          thread.join(millis);
        }
        return marker.isDone() || !thread.isAlive();
      }
      wakeups.wakeNow();
      marker.get(timeoutNanos - (System.nanoTime() - started), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException impossible) {
      throw new IllegalStateException(impossible);
    } finally {
      flushers.decrementAndGet();
    }
  }

  /**
   * Drains for at most {@code timeout}, then fails whatever is left with a reason and stops the
   * dispatcher thread. Idempotent.
   *
   * @return how many records were failed because the timeout passed first
   */
  public synchronized int close(Duration timeout) throws InterruptedException {
    // Synchronized: a second caller waits for the first close to finish draining, instead of
    // returning at once and letting the client shut its executors down under the first.
    if (closed) {
      return 0;
    }
    closed = true;
    boolean drained = flush(timeout);
    abortReason =
        drained
            ? "client closed"
            : "client closed after waiting " + timeout + " before Amplitude acknowledged the record";
    wakeups.wakeNow();
    thread.join(TimeUnit.SECONDS.toMillis(10));
    if (drained) {
      return 0;
    }
    return thread.isAlive() ? unresolvedCount() : abandoned;
  }

  /** Tells whether the dispatcher thread is parked while ready parts linger (for tests). */
  boolean isLingering() {
    return wakeups.isLingering();
  }

  private void checkUsable() {
    AmplitudeException stopped = fatal;
    if (stopped != null) {
      throw stopped;
    }
    if (closed) {
      throw new IllegalStateException("the client is closed");
    }
  }

  // ---------------------------------------------------------------- dispatcher thread

  private void run() {
    try {
      while (true) {
        wakeups.startPass();
        long now = clock.millis();
        draining = flushers.get() > 0 || closed;
        Answer answer;
        while ((answer = answers.poll()) != null) {
          inFlight--;
          requestSlots = maxRequestsInFlight;
          answerHandler.answer(answer, now);
          settlement.deliver();
        }
        Inbound item;
        while ((item = incoming.poll()) != null) {
          take(item, now);
        }
        settlement.deliver();
        if (abortReason != null) {
          stop(abortReason);
          return;
        }
        lanes.retry(throttles.release(now));
        send(now);
        settlement.deliver();
        park(nextWake(now));
      }
    } catch (Throwable unexpected) {
      LOG.error("amplitude-sync dispatcher stopped by an unexpected error", unexpected);
      stop("internal error in amplitude-sync: " + unexpected);
    } finally {
      stopped = true; // even if failing what was left failed: submitters then fail their own records
    }
  }

  /** Fails everything left and ends: records handed over after this are failed by their submitters. */
  private void stop(String reason) {
    stopped = true; // before the last drain of the incoming queue; see submit()
    abandoned = failUnresolved(reason);
  }

  /** Takes a record (linking it as unresolved and admitting its parts) or a flush from the queue. */
  private void take(Inbound item, long now) {
    if (item instanceof Pending pending) {
      Part first = pending.first;
      Part second = pending.second;
      link(pending);
      admit(first, now);
      if (second != null) {
        admit(second, now);
      }
    } else {
      unresolved.addFlush((FlushMarker) item);
    }
  }

  /** Counts a record's parts as taken, and links it as unresolved (it lets go of its parts). */
  private void link(Pending pending) {
    wakeups.taken(pending.lastPart().seq, pending.partBytes());
    pending.first = null;
    pending.second = null;
    unresolved.link(pending);
  }

  /** Sends a part to its lane, unless it must wait for an identification or cannot be sent. */
  private void admit(Part part, long now) {
    Pending owner = part.owner;
    if (owner.isClaimed()) {
      return;
    }
    if (owner.isDone()) {
      // The caller completed the future itself: nothing more to send, but free its slot.
      settlement.settleRecord(owner, Outcomes.failed(owner.record, "completed by the caller"));
      return;
    }
    AmplitudeException stop = fatal;
    if (stop != null) {
      settle(part, Outcomes.failed(owner.record, stop.getMessage()));
      return;
    }
    long alone = lanes.sizeAlone(part);
    long limit = lanes.maxBytes(part.endpoint);
    if (alone > limit) {
      settle(
          part,
          Outcomes.rejected(
              owner.record,
              null,
              "record makes a request of " + alone + " bytes; " + part.endpoint.path() + " accepts at most " + limit));
      return;
    }
    if (gate.pass(part)) {
      lanes.add(part, now);
    }
  }

  /** Sends the requests that are due, as request slots allow. */
  private void send(long now) {
    for (Endpoint endpoint : ENDPOINTS) {
      while (inFlight < requestSlots && !lanes.isEmpty(endpoint) && isDue(endpoint, now)) {
        List<Part> request = lanes.pack(endpoint, throttles, now);
        if (request.isEmpty()) {
          continue;
        }
        inFlight++;
        for (Part part : request) {
          if (part.firstSentAt < 0) {
            part.firstSentAt = now;
          }
        }
        sender
            .send(endpoint, request)
            .whenComplete(
                (verdict, error) -> {
                  answers.add(new Answer(endpoint, request, verdict));
                  wakeups.wakeNow();
                });
      }
    }
  }

  private boolean isDue(Endpoint endpoint, long now) {
    // Flushing or closing: no more records will join this request. Every pending slot held by a
    // record this thread took, with no request in flight: none can join until this one is answered.
    // (Held, not merely taken: a record that took the last slot and is still being handed over joins
    // this request; sending without it left it lingering alone, a fragment of one.) With requests in
    // flight, their answers free slots and the lane fills on, up to a full request or its linger:
    // sending it at once instead fragmented the stream into small requests whenever answers were
    // slower than the rows (each request with its exchange, retry policy and answer to read).
    return draining || inFlight == 0 && unresolved.count() == maxPendingRecords || lanes.isDue(endpoint, now);
  }

  /** Gives a part its outcome; an identification's outcome releases the events that waited for it. */
  private void settle(Part part, Outcome outcome) {
    gate.acknowledge(part, readmit);
    settlement.settlePart(part, outcome);
  }

  /**
   * Fails every unresolved record: those handed over but not yet taken, and every record this thread
   * knows (ready, held, waiting for an identification, or in a request in flight).
   *
   * @return how many records it failed
   */
  private int failUnresolved(String reason) {
    Inbound item;
    while ((item = incoming.poll()) != null) {
      if (item instanceof Pending pending) {
        link(pending);
      } else {
        unresolved.addFlush((FlushMarker) item);
      }
    }
    lanes.clear();
    throttles.dropHeld();
    gate.clear();
    int failed = 0;
    Pending pending = unresolved.oldest();
    while (pending != null) {
      Pending next = pending.next;
      if (!pending.isClaimed()) {
        failed++;
      }
      // Parts already answered count: a record with a rejected part stays rejected.
      settlement.settleRecord(pending, pending.worstWith(Outcomes.failed(pending.record, reason)));
      pending = next;
    }
    settlement.deliver();
    unresolved.completeFlushes();
    return failed;
  }

  private long nextWake(long now) {
    long next = Math.min(now + pollMillis, throttles.nextRelease());
    if (inFlight < requestSlots) {
      next = Math.min(next, lanes.nextDue());
    }
    return next;
  }

  /** Parks until {@code wakeAt}, for at most the poll interval, unless woken (see {@link Wakeups}). */
  private void park(long wakeAt) throws InterruptedException {
    long waitMillis = Math.min(wakeAt - clock.millis(), pollMillis);
    if (waitMillis <= 0) {
      return;
    }
    if (inFlight >= requestSlots) {
      wakeups.parkBlocked(waitMillis);
    } else if (draining || !lanes.anyReady()) {
      wakeups.parkIdle(waitMillis);
    } else {
      // The last pending slot taken makes a request due only with none in flight (see isDue).
      wakeups.parkLingering(waitMillis, lanes.roomCount(), lanes.roomBytes(), inFlight == 0);
    }
  }

  /** The dispatcher's steps, as the answer handler decides them. */
  private final class Steps implements AnswerHandler.Decisions {
    @Override
    public void settle(Part part, Outcome outcome) {
      Dispatcher.this.settle(part, outcome);
    }

    @Override
    public void retry(List<Part> parts) {
      lanes.retry(parts);
    }

    @Override
    public void stop(AmplitudeException cause) {
      if (fatal == null) {
        fatal = cause;
        LOG.debug("client stopped [status={}]", cause.statusCode());
      }
      failUnresolved(cause.getMessage());
    }
  }
}
