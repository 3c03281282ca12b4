package dev.ampsync.internal.client;

import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.Outcome;
import dev.ampsync.internal.wire.EncodedRecord;
import dev.ampsync.internal.wire.WireFormat;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's engine. Callers encode records and hand them over; one dispatcher thread owns every
 * piece of batching state (ready lanes per endpoint, held parts, throttled ids, identify ordering,
 * the list of unresolved records) and is the only thread that touches it, so none of it needs
 * locking. HTTP completions are posted back to that thread.
 *
 * <p>Guarantees: every submitted record completes its future exactly once; at most {@code
 * maxPendingRecords} records are unresolved at any time ({@link #submit} blocks beyond that); at most
 * {@code maxRequestsInFlight} requests are outstanding; a user's or device's events are not sent
 * while an identification of that id submitted earlier is unacknowledged.
 *
 * <p>Wake-ups: a submitter wakes the parked dispatcher only when it could act on the new record: it
 * was parked with nothing ready to send, or enough records arrived to fill a request, or every
 * pending-record slot is taken. Otherwise the dispatcher finds new records when it wakes by itself,
 * at the next linger deadline or after at most {@code pollInterval}; so a record waits at most about
 * {@code linger + pollInterval} before its request is sent (given a free request slot). Answers,
 * flushes and close always wake it.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final WireFormat WIRE = WireFormat.get();
  private static final Endpoint[] ENDPOINTS = Endpoint.values();
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(Dispatcher.class, "state", int.class);
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

  private final ClientSettings settings;
  private final Clock clock;
  private final Transport sender;
  private final DryRunTransport dryRun;
  private final Endpoint eventsEndpoint;
  private final int maxPendingRecords;
  private final int maxRequestsInFlight;
  private final long lingerMillis;
  private final long pollMillis;
  private final int[] maxCount = new int[ENDPOINTS.length];
  private final long[] maxBytes = new long[ENDPOINTS.length];
  private final Semaphore permits;
  /** {@link Pending} records and {@link FlushMarker}s, in the order they were handed over. */
  private final ConcurrentLinkedQueue<Object> incoming = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
  /** Numbers parts in submission order. */
  private final AtomicLong sequence = new AtomicLong();
  /** Total size of the parts ever handed over. */
  private final AtomicLong handedBytes = new AtomicLong();
  private final AtomicInteger flushers = new AtomicInteger();
  private final Thread thread;
  @SuppressWarnings("unused") // through STATE
  private volatile int state;
  /** Set by whoever needs the dispatcher to look at once (answers, flush, close, starved submitters). */
  private volatile boolean urgent;
  /** While LINGERING: a submitter whose part has at least this sequence number wakes the dispatcher. */
  private volatile long wakeAtSeq = Long.MAX_VALUE;
  /** While LINGERING: a submitter that brings the bytes handed over to this total wakes the dispatcher. */
  private volatile long wakeAtBytes = Long.MAX_VALUE;
  /** Set by the dispatcher thread before it fails what is left and ends. */
  private volatile boolean stopped;
  private volatile AmplitudeException fatal;
  private volatile boolean closed;
  private volatile String abortReason;
  private volatile int abandoned;

  // Owned by the dispatcher thread.
  @SuppressWarnings("unchecked")
  private final ArrayDeque<Part>[] ready = new ArrayDeque[ENDPOINTS.length];
  /** Per endpoint: when its lane became non-empty (0: urgent), or -1 while it is empty. */
  private final long[] readySince = new long[ENDPOINTS.length];
  private final long[] readyBytes = new long[ENDPOINTS.length];
  private final PriorityQueue<Part> held =
      new PriorityQueue<>(Comparator.<Part>comparingLong(p -> p.dueAt).thenComparingLong(p -> p.seq));
  private final Map<String, Long> throttledUsers = new HashMap<>();
  private final Map<String, Long> throttledDevices = new HashMap<>();
  private final Map<String, Integer> identifyingUsers = new HashMap<>();
  private final Map<String, Integer> identifyingDevices = new HashMap<>();
  private final Map<String, ArrayDeque<Part>> waitingForUser = new HashMap<>();
  private final Map<String, ArrayDeque<Part>> waitingForDevice = new HashMap<>();
  /** Unresolved records that reached this thread, oldest first (an intrusive list through Pending). */
  private Pending oldest;
  private Pending youngest;
  private long lastLinkSeq;
  /** Records claimed and given an outcome, not yet delivered (see {@link #settle}). */
  private final ArrayList<Pending> settling = new ArrayList<>();
  /** How many of {@link #settling} have had their slots freed. */
  private int slotsFreed;
  /** Flushes waiting for the records linked before them, oldest first. */
  private final ArrayDeque<FlushMarker> markers = new ArrayDeque<>();
  /** One past the highest part sequence number taken from {@link #incoming}. */
  private long drainedSeq;
  /** Total size of the parts taken from {@link #incoming}. */
  private long drainedBytes;
  private int inFlight;
  /**
   * Whether a flush or close was under way when this iteration began. Read before draining the
   * incoming records: a flush starts after its records were handed over, so everything it waits for
   * is drained in the same iteration and packed together.
   */
  private boolean draining;

  /** Creates and starts a dispatcher. */
  public Dispatcher(ClientSettings settings, Redactor redactor, ScheduledExecutorService scheduler) {
    this.settings = settings;
    this.clock = settings.clock();
    this.dryRun = settings.dryRunRequests() >= 0 ? new DryRunTransport(settings, settings.dryRunRequests()) : null;
    this.sender = dryRun != null ? dryRun : new HttpSender(settings, redactor, settings.executor(), scheduler);
    this.eventsEndpoint = settings.eventsEndpoint();
    this.maxPendingRecords = settings.maxPendingRecords();
    this.maxRequestsInFlight = settings.maxRequestsInFlight();
    this.lingerMillis = settings.linger().toMillis();
    this.pollMillis = settings.pollInterval().toMillis();
    this.permits = new Semaphore(maxPendingRecords);
    for (Endpoint endpoint : ENDPOINTS) {
      int e = endpoint.ordinal();
      ready[e] = new ArrayDeque<>();
      readySince[e] = -1;
      maxCount[e] = settings.maxCount(endpoint);
      maxBytes[e] = settings.maxBytes(endpoint);
    }
    this.thread = new Thread(this::run, "ampsync-dispatcher");
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
    if (!permits.tryAcquire()) {
      // Every slot is taken: the dispatcher sends what it holds at once (see due()).
      wakeNow();
      permits.acquire();
    }
    Pending pending = new Pending(record);
    if (closed || fatal != null) {
      permits.release();
      checkUsable();
    }
    try {
      encode(pending);
    } catch (IllegalArgumentException unencodable) {
      permits.release();
      pending.complete(Outcomes.rejected(record, null, "cannot be encoded: " + unencodable.getMessage()));
      return pending;
    }
    Part last = pending.second != null ? pending.second : pending.first;
    long bytes = handedBytes.addAndGet(pending.second != null ? pending.first.size + last.size : last.size);
    incoming.add(pending);
    if (stopped) {
      // Raced with close(): the dispatcher has drained the queue for the last time, or is doing so;
      // whichever thread claims the record resolves it.
      if (pending.claim()) {
        permits.release();
        pending.complete(Outcomes.failed(record, "client closed"));
      }
      return pending;
    }
    int parked = state;
    if (parked == IDLE
        || parked == LINGERING
            && (last.seq >= wakeAtSeq || bytes >= wakeAtBytes || permits.availablePermits() == 0)) {
      wake(parked);
    }
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
    return maxPendingRecords - permits.availablePermits();
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
      wakeNow();
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
    wakeNow();
    thread.join(TimeUnit.SECONDS.toMillis(10));
    if (drained) {
      return 0;
    }
    return thread.isAlive() ? unresolvedCount() : abandoned;
  }

  /** Tells whether the dispatcher thread is parked while ready parts linger (for tests). */
  boolean isLingering() {
    return state == LINGERING;
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

  /** Encodes the record into its one or two parts. */
  private void encode(Pending pending) {
    AmplitudeRecord record = pending.record;
    switch (record.objectType()) {
      case EVENT -> pending.first =
          new Part(sequence.getAndIncrement(), pending, eventsEndpoint, WIRE.event((EventRecord) record), false);
      case USER, DEVICE -> pending.first =
          new Part(sequence.getAndIncrement(), pending, Endpoint.IDENTIFY, WIRE.identification(record), true);
      case GROUP -> {
        GroupRecord group = (GroupRecord) record;
        EncodedRecord groupIdentification = WIRE.groupIdentification(group);
        EncodedRecord membership = WIRE.membership(group);
        long seq = sequence.getAndAdd(membership == null ? 1 : 2);
        pending.first = new Part(seq, pending, Endpoint.GROUP_IDENTIFY, groupIdentification, false);
        if (membership != null) {
          pending.second = new Part(seq + 1, pending, Endpoint.IDENTIFY, membership, true);
        }
      }
      default -> throw new AssertionError(record.objectType());
    }
    pending.remainingParts = pending.second == null ? 1 : 2;
  }

  /** Makes the dispatcher look at once: for answers, flushes, close, and starved submitters. */
  private void wakeNow() {
    urgent = true;
    int parked = state;
    if (parked != RUNNING) {
      wake(parked);
    }
  }

  private void wake(int parked) {
    // Only the thread that moves the state off "parked" unparks: one wake-up per park.
    if (STATE.compareAndSet(this, parked, RUNNING)) {
      LockSupport.unpark(thread);
    }
  }

  // ---------------------------------------------------------------- dispatcher thread

  private void run() {
    try {
      while (true) {
        urgent = false;
        long now = clock.millis();
        draining = flushers.get() > 0 || closed;
        Completion completion;
        while ((completion = completions.poll()) != null) {
          complete(completion, now);
          settle();
        }
        Object item;
        while ((item = incoming.poll()) != null) {
          accept(item, now);
        }
        settle();
        if (abortReason != null) {
          stop(abortReason);
          return;
        }
        releaseHeld(now);
        dispatch(now);
        settle();
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
    abandoned = failEverything(reason);
  }

  /** Takes a record or a flush from the incoming queue. */
  private void accept(Object item, long now) {
    if (item instanceof Pending pending) {
      Part first = pending.first;
      Part second = pending.second;
      adopt(pending);
      route(first, now);
      if (second != null) {
        route(second, now);
      }
    } else {
      FlushMarker marker = (FlushMarker) item;
      if (oldest == null) {
        marker.complete(null);
      } else {
        marker.boundary = lastLinkSeq;
        markers.addLast(marker);
      }
    }
  }

  /** Counts a handed-over record's parts as drained, and links it as unresolved. */
  private void adopt(Pending pending) {
    Part first = pending.first;
    Part second = pending.second;
    pending.first = null;
    pending.second = null;
    Part last = second != null ? second : first;
    drainedSeq = Math.max(drainedSeq, last.seq + 1);
    drainedBytes += second != null ? first.size + second.size : first.size;
    pending.linkSeq = ++lastLinkSeq;
    pending.previous = youngest;
    if (youngest == null) {
      oldest = pending;
    } else {
      youngest.next = pending;
    }
    youngest = pending;
  }

  private void unlink(Pending pending) {
    if (pending.linkSeq == 0) {
      return;
    }
    Pending previous = pending.previous;
    Pending next = pending.next;
    if (previous == null) {
      oldest = next;
    } else {
      previous.next = next;
    }
    if (next == null) {
      youngest = previous;
    } else {
      next.previous = previous;
    }
    pending.previous = null;
    pending.next = null;
    pending.linkSeq = 0;
    if (previous == null && !markers.isEmpty()) {
      completeMarkers();
    }
  }

  /** Completes the flushes whose records all have an outcome. */
  private void completeMarkers() {
    long oldestLeft = oldest == null ? Long.MAX_VALUE : oldest.linkSeq;
    while (!markers.isEmpty() && markers.peekFirst().boundary < oldestLeft) {
      markers.pollFirst().complete(null);
    }
  }

  private void route(Part part, long now) {
    Pending owner = part.owner;
    if (owner.isClaimed()) {
      return;
    }
    if (owner.isDone()) {
      // The caller completed the future itself: nothing more to send, but free its slot.
      resolve(owner, Outcomes.failed(owner.record, "completed by the caller"));
      return;
    }
    if (fatal != null) {
      finish(part, Outcomes.failed(owner.record, fatal.getMessage()));
      return;
    }
    int e = part.endpoint.ordinal();
    long alone = sender.bodySize(part.endpoint, 1, part.size);
    if (alone > maxBytes[e]) {
      finish(
          part,
          Outcomes.rejected(
              owner.record,
              null,
              "record makes a request of "
                  + alone
                  + " bytes; "
                  + part.endpoint.path()
                  + " accepts at most "
                  + maxBytes[e]));
      return;
    }
    if (part.identifying) {
      part.counted = true;
      increment(identifyingUsers, part.userId);
      increment(identifyingDevices, part.deviceId);
    } else if (part.endpoint == eventsEndpoint) {
      // (The emptiness checks spare hashing an id no identification is waiting on: the usual case.)
      if (part.userId != null && !identifyingUsers.isEmpty() && identifyingUsers.containsKey(part.userId)) {
        waitingForUser.computeIfAbsent(part.userId, k -> new ArrayDeque<>()).add(part);
        return;
      }
      if (part.deviceId != null && !identifyingDevices.isEmpty() && identifyingDevices.containsKey(part.deviceId)) {
        waitingForDevice.computeIfAbsent(part.deviceId, k -> new ArrayDeque<>()).add(part);
        return;
      }
    }
    enqueue(part, now, false);
  }

  private static void increment(Map<String, Integer> ledger, String id) {
    if (id != null) {
      ledger.merge(id, 1, Integer::sum);
    }
  }

  private void enqueue(Part part, long now, boolean front) {
    int e = part.endpoint.ordinal();
    ArrayDeque<Part> lane = ready[e];
    if (front) {
      lane.addFirst(part);
      readySince[e] = 0;
    } else {
      lane.addLast(part);
      if (readySince[e] < 0) {
        readySince[e] = now;
      }
    }
    readyBytes[e] += part.size;
  }

  private void releaseHeld(long now) {
    if (!held.isEmpty() && held.peek().dueAt <= now) {
      List<Part> due = new ArrayList<>();
      while (!held.isEmpty() && held.peek().dueAt <= now) {
        due.add(held.poll());
      }
      due.sort(Comparator.comparingLong(p -> p.seq));
      requeue(due, now);
    }
    if (!throttledUsers.isEmpty()) {
      throttledUsers.values().removeIf(until -> until <= now);
    }
    if (!throttledDevices.isEmpty()) {
      throttledDevices.values().removeIf(until -> until <= now);
    }
  }

  private void dispatch(long now) {
    for (Endpoint endpoint : ENDPOINTS) {
      int e = endpoint.ordinal();
      ArrayDeque<Part> lane = ready[e];
      while (inFlight < maxRequestsInFlight && !lane.isEmpty() && due(e, now)) {
        List<Part> batch = pack(endpoint, lane, now);
        if (lane.isEmpty()) {
          readySince[e] = -1;
        } else if (readySince[e] != 0) {
          readySince[e] = now;
        }
        if (batch.isEmpty()) {
          continue;
        }
        inFlight++;
        for (Part part : batch) {
          if (part.firstSentAt < 0) {
            part.firstSentAt = now;
          }
        }
        sender
            .send(endpoint, batch)
            .whenComplete(
                (verdict, error) -> {
                  completions.add(new Completion(endpoint, batch, verdict));
                  wakeNow();
                });
      }
    }
  }

  private boolean due(int e, long now) {
    if (draining || permits.availablePermits() == 0) {
      // Flushing, closing, or every pending slot is taken: no more records can join this request.
      return true;
    }
    long since = readySince[e];
    return since >= 0 && now - since >= lingerMillis
        || ready[e].size() >= maxCount[e]
        || readyBytes[e] >= maxBytes[e];
  }

  private List<Part> pack(Endpoint endpoint, ArrayDeque<Part> lane, long now) {
    int e = endpoint.ordinal();
    int cap = maxCount[e];
    List<Part> batch = new ArrayList<>(Math.min(lane.size(), cap));
    long bytes = 0;
    long limit = maxBytes[e];
    boolean throttling = !throttledUsers.isEmpty() || !throttledDevices.isEmpty();
    while (!lane.isEmpty()) {
      Part part = lane.peekFirst();
      if (throttling) {
        long until = throttledUntil(part);
        if (until > now) {
          lane.pollFirst();
          readyBytes[e] -= part.size;
          part.dueAt = until;
          held.add(part);
          continue;
        }
      }
      int newCap = Math.min(cap, part.cap);
      if (batch.size() + 1 > newCap) {
        break;
      }
      if (!batch.isEmpty() && sender.bodySize(endpoint, batch.size() + 1, bytes + part.size) > limit) {
        break;
      }
      lane.pollFirst();
      readyBytes[e] -= part.size;
      batch.add(part);
      bytes += part.size;
      cap = newCap;
    }
    return batch;
  }

  private long throttledUntil(Part part) {
    long until = 0;
    if (part.userId != null && !throttledUsers.isEmpty()) {
      until = throttledUsers.getOrDefault(part.userId, 0L);
    }
    if (part.deviceId != null && !throttledDevices.isEmpty()) {
      until = Math.max(until, throttledDevices.getOrDefault(part.deviceId, 0L));
    }
    return until;
  }

  private void complete(Completion completion, long now) {
    inFlight--;
    List<Part> batch = completion.parts();
    Verdict verdict = completion.verdict();
    if (verdict instanceof Verdict.Accepted) {
      for (Part part : batch) {
        finish(part, Outcomes.accepted(part.owner.record));
      }
    } else if (verdict instanceof Verdict.PartlyInvalid partly) {
      List<Part> resend = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Verdict.Rejection rejection = partly.rejected().get(i);
        if (rejection != null) {
          finish(batch.get(i), Outcomes.rejected(batch.get(i).owner.record, rejection.field(), rejection.reason()));
        } else {
          resend.add(batch.get(i));
        }
      }
      requeue(resend, now);
    } else if (verdict instanceof Verdict.Bisect bisect) {
      split(batch, bisect.reason(), now);
    } else if (verdict instanceof Verdict.TooLarge tooLarge) {
      split(batch, "too large for Amplitude even alone (" + tooLarge.reason() + ")", now);
    } else if (verdict instanceof Verdict.Throttled throttled) {
      throttle(completion.endpoint(), batch, throttled, now);
    } else if (verdict instanceof Verdict.Retryable retryable) {
      String reason = "gave up after retrying: " + retryable.reason();
      for (Part part : batch) {
        finish(part, Outcomes.failed(part.owner.record, reason));
      }
    } else if (verdict instanceof Verdict.Fatal stop) {
      if (fatal == null) {
        fatal = stop.exception();
        LOG.debug("client stopped [status={}]", stop.exception().statusCode());
      }
      for (Part part : batch) {
        finish(part, Outcomes.failed(part.owner.record, stop.exception().getMessage()));
      }
      failEverything(stop.exception().getMessage());
    }
  }

  private void split(List<Part> batch, String reasonAlone, long now) {
    if (batch.size() == 1) {
      finish(batch.get(0), Outcomes.rejected(batch.get(0).owner.record, null, reasonAlone));
      return;
    }
    int half = (batch.size() + 1) / 2;
    for (Part part : batch) {
      part.cap = Math.min(part.cap, half);
    }
    requeue(batch, now);
  }

  private void throttle(Endpoint endpoint, List<Part> batch, Verdict.Throttled verdict, long now) {
    long until = now + settings.throttleHold(endpoint).toMillis();
    for (String user : verdict.users()) {
      throttledUsers.merge(user, until, Math::max);
    }
    for (String device : verdict.devices()) {
      throttledDevices.merge(device, until, Math::max);
    }
    List<Part> resend = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Part part = batch.get(i);
      Long userQuota = part.userId == null ? null : verdict.quotaUsers().get(part.userId);
      Long deviceQuota = part.deviceId == null ? null : verdict.quotaDevices().get(part.deviceId);
      if (userQuota != null || deviceQuota != null) {
        finish(
            part,
            Outcomes.rejected(
                part.owner.record,
                userQuota != null ? "user_id" : "device_id",
                (userQuota != null ? "user" : "device")
                    + " is over Amplitude's daily quota ("
                    + (userQuota != null ? userQuota : deviceQuota)
                    + " events in 24 hours); send it again tomorrow"));
        continue;
      }
      if (verdict.namesNothing() || verdict.indexes().contains(i)) {
        if (part.userId != null) {
          throttledUsers.merge(part.userId, until, Math::max);
        }
        if (part.deviceId != null) {
          throttledDevices.merge(part.deviceId, until, Math::max);
        }
      }
      if (now - part.firstSentAt > settings.maxRetryDuration().toMillis()) {
        finish(
            part,
            Outcomes.failed(
                part.owner.record,
                "still throttled by Amplitude after " + settings.maxRetryDuration() + " of retries"));
        continue;
      }
      resend.add(part);
    }
    requeue(resend, now);
  }

  private void requeue(List<Part> parts, long now) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      enqueue(parts.get(i), now, true);
    }
  }

  private void finish(Part part, Outcome outcome) {
    if (part.counted) {
      part.counted = false;
      identified(identifyingUsers, waitingForUser, part.userId);
      identified(identifyingDevices, waitingForDevice, part.deviceId);
    }
    Pending pending = part.owner;
    if (pending.isClaimed()) {
      return;
    }
    Outcome result = pending.partDone(outcome);
    if (result != null) {
      resolve(pending, result);
    }
  }

  /**
   * Gives a record its outcome, unless another thread claimed it first. The outcome is delivered by
   * the next {@link #settle}, with the others decided meanwhile: their slots are freed together, in
   * one semaphore update instead of one per record.
   */
  private void resolve(Pending pending, Outcome result) {
    if (pending.claim()) {
      pending.outcome = result;
      settling.add(pending);
    } else if (pending.outcome == null) { // (else it is settling already, and settle() unlinks it)
      unlink(pending);
    }
  }

  /** Delivers the outcomes decided since the last call, and forgets their records. */
  private void settle() {
    int count = settling.size();
    if (count == 0) {
      return;
    }
    // The slots are freed before the futures complete: whoever sees an outcome sees its slot free.
    // (Counted so that a settle cut short by an unexpected error never frees a slot twice.)
    permits.release(count - slotsFreed);
    slotsFreed = count;
    for (int i = 0; i < count; i++) {
      Pending pending = settling.get(i);
      Outcome outcome = pending.outcome;
      if (outcome != null) {
        pending.outcome = null;
        pending.complete(outcome);
        unlink(pending); // after completing: a flush waiting for this record returns only now
      }
    }
    settling.clear();
    slotsFreed = 0;
  }

  private void identified(Map<String, Integer> ledger, Map<String, ArrayDeque<Part>> waitingFor, String id) {
    if (id == null) {
      return;
    }
    Integer left = ledger.computeIfPresent(id, (k, count) -> count == 1 ? null : count - 1);
    if (left == null) {
      ArrayDeque<Part> waiting = waitingFor.remove(id);
      if (waiting != null) {
        long now = clock.millis();
        for (Part part : waiting) {
          route(part, now);
        }
      }
    }
  }

  /**
   * Fails every unresolved record: those handed over but not yet taken, and every record this thread
   * knows (ready, held, waiting for an identification, or in a request in flight).
   *
   * @return how many records it failed
   */
  private int failEverything(String reason) {
    Object item;
    while ((item = incoming.poll()) != null) {
      if (item instanceof Pending pending) {
        adopt(pending);
      } else {
        FlushMarker marker = (FlushMarker) item;
        marker.boundary = lastLinkSeq;
        markers.addLast(marker);
      }
    }
    for (int e = 0; e < ready.length; e++) {
      ready[e].clear();
      readySince[e] = -1;
      readyBytes[e] = 0;
    }
    held.clear();
    waitingForUser.clear();
    waitingForDevice.clear();
    identifyingUsers.clear();
    identifyingDevices.clear();
    int failed = 0;
    Pending pending = oldest;
    while (pending != null) {
      Pending next = pending.next;
      if (!pending.isClaimed()) {
        failed++;
      }
      // Parts already answered count: a record with a rejected part stays rejected.
      resolve(pending, pending.worstWith(Outcomes.failed(pending.record, reason)));
      pending = next;
    }
    settle();
    completeMarkers();
    return failed;
  }

  private long nextWake(long now) {
    long next = now + pollMillis;
    if (!held.isEmpty()) {
      next = Math.min(next, held.peek().dueAt);
    }
    if (inFlight < maxRequestsInFlight) {
      for (int e = 0; e < ready.length; e++) {
        long since = readySince[e];
        if (since >= 0 && !ready[e].isEmpty()) {
          next = Math.min(next, since + lingerMillis);
        }
      }
    }
    return next;
  }

  /**
   * Parks until {@code wakeAt}, for at most the poll interval, unless woken: announces how it may be
   * woken, then re-checks that nothing it would wake for arrived meanwhile (each side writes its own
   * flag before reading the other's, so no wake-up is lost).
   */
  private void park(long wakeAt) throws InterruptedException {
    long waitMillis = Math.min(wakeAt - clock.millis(), pollMillis);
    if (waitMillis <= 0) {
      return;
    }
    int mode = parkMode();
    state = mode;
    if (urgent || mustRun(mode)) {
      state = RUNNING;
      return;
    }
    LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(waitMillis));
    state = RUNNING;
    if (Thread.interrupted()) {
      throw new InterruptedException("dispatcher interrupted");
    }
  }

  /** Chooses how the dispatcher is to be woken, and publishes the LINGERING thresholds. */
  private int parkMode() {
    if (inFlight >= maxRequestsInFlight) {
      return BLOCKED;
    }
    boolean anyReady = false;
    long roomCount = Long.MAX_VALUE;
    long roomBytes = Long.MAX_VALUE;
    for (int e = 0; e < ready.length; e++) {
      int size = ready[e].size();
      anyReady |= size > 0;
      roomCount = Math.min(roomCount, maxCount[e] - (long) size);
      roomBytes = Math.min(roomBytes, maxBytes[e] - readyBytes[e]);
    }
    if (!anyReady || draining) {
      return IDLE;
    }
    // Enough new parts to fill the fullest lane (if they all went there) make a request due.
    wakeAtSeq = drainedSeq + Math.max(1, roomCount) - 1;
    wakeAtBytes = drainedBytes + Math.max(1, roomBytes);
    return LINGERING;
  }

  private boolean mustRun(int mode) {
    return switch (mode) {
      case IDLE -> !incoming.isEmpty() || !completions.isEmpty();
      case LINGERING -> !completions.isEmpty()
          || sequence.get() - 1 >= wakeAtSeq
          || handedBytes.get() >= wakeAtBytes
          || permits.availablePermits() == 0;
      default -> !completions.isEmpty();
    };
  }

  private record Completion(Endpoint endpoint, List<Part> parts, Verdict verdict) {}

  /** A flush waiting for every record linked before it to have an outcome. */
  private static final class FlushMarker extends CompletableFuture<Void> {
    /** The link number of the youngest record the flush waits for. */
    long boundary;
  }
}
