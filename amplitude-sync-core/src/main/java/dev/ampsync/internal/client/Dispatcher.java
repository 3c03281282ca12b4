package dev.ampsync.internal.client;

import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.Outcome;
import dev.ampsync.internal.wire.EncodedRecord;
import dev.ampsync.internal.wire.WireFormat;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's engine. Callers encode records and hand their parts over; one dispatcher thread owns
 * every piece of batching state (ready lanes per endpoint, held parts, throttled ids, identify
 * ordering) and is the only thread that touches it, so none of it needs locking. HTTP completions are
 * posted back to that thread.
 *
 * <p>Guarantees: every submitted record completes its future exactly once; at most {@code
 * maxPendingRecords} records are unresolved at any time ({@link #submit} blocks beyond that); at most
 * {@code maxRequestsInFlight} requests are outstanding; a user's or device's events are not sent
 * while an identification of that id submitted earlier is unacknowledged.
 */
public final class Dispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final WireFormat WIRE = WireFormat.get();

  private final ClientSettings settings;
  private final Transport sender;
  private final DryRunTransport dryRun;
  private final Endpoint eventsEndpoint;
  private final Semaphore permits;
  private final Set<Pending> unresolved = ConcurrentHashMap.newKeySet();
  private final ConcurrentLinkedQueue<Part> incoming = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Completion> completions = new ConcurrentLinkedQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean signalled;
  private final Thread thread;
  private volatile AmplitudeException fatal;
  private volatile boolean closed;
  private volatile String abortReason;
  private volatile int flushers;

  // Owned by the dispatcher thread.
  private final EnumMap<Endpoint, ArrayDeque<Part>> ready = new EnumMap<>(Endpoint.class);
  private final EnumMap<Endpoint, Long> readySince = new EnumMap<>(Endpoint.class);
  private final EnumMap<Endpoint, Long> readyBytes = new EnumMap<>(Endpoint.class);
  private final PriorityQueue<Part> held =
      new PriorityQueue<>(Comparator.<Part>comparingLong(p -> p.dueAt).thenComparingLong(p -> p.seq));
  private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();
  private final Map<String, Long> throttledUntil = new HashMap<>();
  private final Map<String, Integer> identifying = new HashMap<>();
  private final Map<String, ArrayDeque<Part>> waitingForIdentify = new HashMap<>();
  private int inFlight;
  /**
   * Whether a flush or close was under way when this iteration began. Read before draining the
   * incoming parts: a flush starts after its records were handed over, so everything it waits for is
   * drained in the same iteration and packed together.
   */
  private boolean draining;

  /** Creates and starts a dispatcher. */
  public Dispatcher(ClientSettings settings, Redactor redactor, ScheduledExecutorService scheduler) {
    this.settings = settings;
    this.dryRun = settings.dryRunRequests() >= 0 ? new DryRunTransport(settings, settings.dryRunRequests()) : null;
    this.sender = dryRun != null ? dryRun : new HttpSender(settings, redactor, settings.executor(), scheduler);
    this.eventsEndpoint = settings.eventsEndpoint();
    this.permits = new Semaphore(settings.maxPendingRecords());
    for (Endpoint endpoint : Endpoint.values()) {
      ready.put(endpoint, new ArrayDeque<>());
      readySince.put(endpoint, -1L);
      readyBytes.put(endpoint, 0L);
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
    permits.acquire();
    Pending pending = new Pending(record);
    if (closed || fatal != null) {
      permits.release();
      checkUsable();
    }
    List<Part> parts;
    try {
      parts = parts(pending);
    } catch (IllegalArgumentException unencodable) {
      permits.release();
      pending.future.complete(Outcome.rejected(record, null, "cannot be encoded: " + unencodable.getMessage()));
      return pending.future;
    }
    pending.remainingParts = parts.size();
    unresolved.add(pending);
    incoming.addAll(parts);
    signal();
    if (!thread.isAlive() && unresolved.remove(pending)) {
      // Raced with close(): the dispatcher is gone, so nothing else will resolve this record.
      permits.release();
      pending.future.complete(Outcome.failed(record, "client closed"));
    }
    return pending.future;
  }

  /** Returns the requests a dry run kept, or an empty list for a real client. */
  public List<dev.ampsync.client.PreviewRequest> previewRequests() {
    return dryRun == null ? List.of() : dryRun.kept();
  }

  /** Returns the error that stopped the client, if any. */
  public AmplitudeException fatalError() {
    return fatal;
  }

  /** Returns how many records have no outcome yet. */
  public int unresolvedCount() {
    return unresolved.size();
  }

  /**
   * Sends everything buffered now, and waits until every record submitted before the call has an
   * outcome, or the timeout passes.
   *
   * @return true when every such record has an outcome
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    List<CompletableFuture<Outcome>> waitFor = new ArrayList<>();
    for (Pending pending : unresolved) {
      waitFor.add(pending.future);
    }
    synchronized (this) {
      flushers++;
    }
    signal();
    try {
      CompletableFuture.allOf(waitFor.toArray(new CompletableFuture<?>[0]))
          .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException impossible) {
      throw new IllegalStateException(impossible);
    } finally {
      synchronized (this) {
        flushers--;
      }
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
    int left = unresolved.size();
    abortReason =
        drained
            ? "client closed"
            : "client closed after waiting " + timeout + " before Amplitude acknowledged the record";
    signal();
    thread.join(TimeUnit.SECONDS.toMillis(10));
    return drained ? 0 : left;
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

  private List<Part> parts(Pending pending) {
    AmplitudeRecord record = pending.record;
    List<Part> parts = new ArrayList<>(2);
    switch (record.objectType()) {
      case EVENT -> parts.add(new Part(sequence.getAndIncrement(), pending, eventsEndpoint, WIRE.event((EventRecord) record), false));
      case USER, DEVICE -> parts.add(
          new Part(sequence.getAndIncrement(), pending, Endpoint.IDENTIFY, WIRE.identification(record), true));
      case GROUP -> {
        GroupRecord group = (GroupRecord) record;
        parts.add(
            new Part(sequence.getAndIncrement(), pending, Endpoint.GROUP_IDENTIFY, WIRE.groupIdentification(group), false));
        EncodedRecord membership = WIRE.membership(group);
        if (membership != null) {
          parts.add(new Part(sequence.getAndIncrement(), pending, Endpoint.IDENTIFY, membership, true));
        }
      }
      default -> throw new AssertionError(record.objectType());
    }
    return parts;
  }

  private void signal() {
    lock.lock();
    try {
      signalled = true;
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- dispatcher thread

  private void run() {
    try {
      while (true) {
        long now = settings.clock().millis();
        draining = flushers > 0 || closed;
        Completion completion;
        while ((completion = completions.poll()) != null) {
          complete(completion, now);
        }
        Part part;
        while ((part = incoming.poll()) != null) {
          route(part, now);
        }
        if (abortReason != null) {
          failEverything(abortReason);
          return;
        }
        releaseHeld(now);
        dispatch(now);
        await(nextWake(now));
      }
    } catch (Throwable unexpected) {
      LOG.error("amplitude-sync dispatcher stopped by an unexpected error", unexpected);
      failEverything("internal error in amplitude-sync: " + unexpected);
    }
  }

  private void route(Part part, long now) {
    if (part.owner.isDone()) {
      return;
    }
    if (fatal != null) {
      finish(part, Outcome.failed(part.owner.record, fatal.getMessage()));
      return;
    }
    long alone = sender.bodySize(part.endpoint, 1, part.size);
    if (alone > settings.maxBytes(part.endpoint)) {
      finish(
          part,
          Outcome.rejected(
              part.owner.record,
              null,
              "record makes a request of "
                  + alone
                  + " bytes; "
                  + part.endpoint.path()
                  + " accepts at most "
                  + settings.maxBytes(part.endpoint)));
      return;
    }
    if (part.identifying) {
      part.counted = true;
      increment(part.userKey);
      increment(part.deviceKey);
    } else if (part.endpoint == eventsEndpoint) {
      String blocking = identifying.containsKey(part.userKey) ? part.userKey
          : identifying.containsKey(part.deviceKey) ? part.deviceKey : null;
      if (blocking != null) {
        waitingForIdentify.computeIfAbsent(blocking, k -> new ArrayDeque<>()).add(part);
        return;
      }
    }
    enqueue(part, now, false);
  }

  private void increment(String key) {
    if (key != null) {
      identifying.merge(key, 1, Integer::sum);
    }
  }

  private void enqueue(Part part, long now, boolean urgent) {
    ArrayDeque<Part> lane = ready.get(part.endpoint);
    if (urgent) {
      lane.addFirst(part);
      readySince.put(part.endpoint, 0L);
    } else {
      lane.addLast(part);
      if (readySince.get(part.endpoint) < 0) {
        readySince.put(part.endpoint, now);
      }
    }
    readyBytes.merge(part.endpoint, part.size, Long::sum);
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
    if (!throttledUntil.isEmpty()) {
      throttledUntil.values().removeIf(until -> until <= now);
    }
  }

  private void dispatch(long now) {
    for (Endpoint endpoint : Endpoint.values()) {
      ArrayDeque<Part> lane = ready.get(endpoint);
      while (inFlight < settings.maxRequestsInFlight() && !lane.isEmpty() && due(endpoint, now)) {
        List<Part> batch = pack(endpoint, lane, now);
        if (lane.isEmpty()) {
          readySince.put(endpoint, -1L);
        } else if (readySince.get(endpoint) != 0L) {
          readySince.put(endpoint, now);
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
                  signal();
                });
      }
    }
  }

  private boolean due(Endpoint endpoint, long now) {
    if (draining || permits.availablePermits() == 0) {
      // Flushing, closing, or every pending slot is taken: no more records can join this request.
      return true;
    }
    long since = readySince.get(endpoint);
    return since >= 0 && now - since >= settings.linger().toMillis()
        || ready.get(endpoint).size() >= settings.maxCount(endpoint)
        || readyBytes.get(endpoint) >= settings.maxBytes(endpoint);
  }

  private List<Part> pack(Endpoint endpoint, ArrayDeque<Part> lane, long now) {
    List<Part> batch = new ArrayList<>(Math.min(lane.size(), settings.maxCount(endpoint)));
    int cap = settings.maxCount(endpoint);
    long bytes = 0;
    long maxBytes = settings.maxBytes(endpoint);
    while (!lane.isEmpty()) {
      Part part = lane.peekFirst();
      long until = throttledUntil(part, now);
      if (until > now) {
        lane.pollFirst();
        readyBytes.merge(endpoint, -part.size, Long::sum);
        part.dueAt = until;
        held.add(part);
        continue;
      }
      int newCap = Math.min(cap, part.cap);
      if (batch.size() + 1 > newCap) {
        break;
      }
      if (!batch.isEmpty() && sender.bodySize(endpoint, batch.size() + 1, bytes + part.size) > maxBytes) {
        break;
      }
      lane.pollFirst();
      readyBytes.merge(endpoint, -part.size, Long::sum);
      batch.add(part);
      bytes += part.size;
      cap = newCap;
    }
    return batch;
  }

  private long throttledUntil(Part part, long now) {
    if (throttledUntil.isEmpty()) {
      return 0;
    }
    long until = 0;
    if (part.userKey != null) {
      until = throttledUntil.getOrDefault(part.userKey, 0L);
    }
    if (part.deviceKey != null) {
      until = Math.max(until, throttledUntil.getOrDefault(part.deviceKey, 0L));
    }
    return until;
  }

  private void complete(Completion completion, long now) {
    inFlight--;
    List<Part> batch = completion.parts();
    Verdict verdict = completion.verdict();
    if (verdict instanceof Verdict.Accepted) {
      for (Part part : batch) {
        finish(part, Outcome.accepted(part.owner.record));
      }
    } else if (verdict instanceof Verdict.PartlyInvalid partly) {
      List<Part> resend = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        Verdict.Rejection rejection = partly.rejected().get(i);
        if (rejection != null) {
          finish(batch.get(i), Outcome.rejected(batch.get(i).owner.record, rejection.field(), rejection.reason()));
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
        finish(part, Outcome.failed(part.owner.record, reason));
      }
    } else if (verdict instanceof Verdict.Fatal stop) {
      if (fatal == null) {
        fatal = stop.exception();
        LOG.debug("client stopped [status={}]", stop.exception().statusCode());
      }
      for (Part part : batch) {
        finish(part, Outcome.failed(part.owner.record, stop.exception().getMessage()));
      }
      failEverything(stop.exception().getMessage());
    }
  }

  private void split(List<Part> batch, String reasonAlone, long now) {
    if (batch.size() == 1) {
      finish(batch.get(0), Outcome.rejected(batch.get(0).owner.record, null, reasonAlone));
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
      throttledUntil.merge("u:" + user, until, Math::max);
    }
    for (String device : verdict.devices()) {
      throttledUntil.merge("d:" + device, until, Math::max);
    }
    List<Part> resend = new ArrayList<>();
    for (int i = 0; i < batch.size(); i++) {
      Part part = batch.get(i);
      Long userQuota = part.userId() == null ? null : verdict.quotaUsers().get(part.userId());
      Long deviceQuota = part.deviceId() == null ? null : verdict.quotaDevices().get(part.deviceId());
      if (userQuota != null || deviceQuota != null) {
        finish(
            part,
            Outcome.rejected(
                part.owner.record,
                userQuota != null ? "user_id" : "device_id",
                (userQuota != null ? "user" : "device")
                    + " is over Amplitude's daily quota ("
                    + (userQuota != null ? userQuota : deviceQuota)
                    + " events in 24 hours); send it again tomorrow"));
        continue;
      }
      if (verdict.namesNothing() || verdict.indexes().contains(i)) {
        if (part.userKey != null) {
          throttledUntil.merge(part.userKey, until, Math::max);
        }
        if (part.deviceKey != null) {
          throttledUntil.merge(part.deviceKey, until, Math::max);
        }
      }
      if (now - part.firstSentAt > settings.maxRetryDuration().toMillis()) {
        finish(
            part,
            Outcome.failed(
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
      identified(part.userKey);
      identified(part.deviceKey);
    }
    Pending pending = part.owner;
    if (pending.isDone()) {
      return;
    }
    Outcome result = pending.partDone(outcome);
    if (result != null) {
      resolve(pending, result);
    }
  }

  private void resolve(Pending pending, Outcome result) {
    if (unresolved.remove(pending)) {
      permits.release();
    }
    pending.future.complete(result);
  }

  private void identified(String key) {
    if (key == null) {
      return;
    }
    Integer left = identifying.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1);
    if (left == null) {
      ArrayDeque<Part> waiting = waitingForIdentify.remove(key);
      if (waiting != null) {
        long now = settings.clock().millis();
        for (Part part : waiting) {
          route(part, now);
        }
      }
    }
  }

  private void failEverything(String reason) {
    List<Part> everything = new ArrayList<>();
    ready.values().forEach(everything::addAll);
    ready.values().forEach(ArrayDeque::clear);
    everything.addAll(held);
    held.clear();
    waitingForIdentify.values().forEach(everything::addAll);
    waitingForIdentify.clear();
    identifying.clear();
    Part part;
    while ((part = incoming.poll()) != null) {
      everything.add(part);
    }
    for (Part each : everything) {
      finish(each, Outcome.failed(each.owner.record, reason));
    }
    for (Pending pending : unresolved) {
      resolve(pending, Outcome.failed(pending.record, reason));
    }
  }

  private long nextWake(long now) {
    long next = now + settings.pollInterval().toMillis();
    if (!held.isEmpty()) {
      next = Math.min(next, held.peek().dueAt);
    }
    if (inFlight < settings.maxRequestsInFlight()) {
      for (Endpoint endpoint : Endpoint.values()) {
        long since = readySince.get(endpoint);
        if (since >= 0 && !ready.get(endpoint).isEmpty()) {
          next = Math.min(next, since + settings.linger().toMillis());
        }
      }
    }
    return next;
  }

  private void await(long wakeAt) throws InterruptedException {
    lock.lock();
    try {
      long waitMs = Math.min(wakeAt - settings.clock().millis(), settings.pollInterval().toMillis());
      if (!signalled && waitMs > 0) {
        wake.await(waitMs, TimeUnit.MILLISECONDS);
      }
      signalled = false;
    } finally {
      lock.unlock();
    }
  }

  private record Completion(Endpoint endpoint, List<Part> parts, Verdict verdict) {}
}
