package dev.ampsync.internal.client;

import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.PropertyOperations;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * The parts ready to send, one lane per endpoint, and packing a request from a lane: up to the
 * endpoint's count, byte and property limits and the smallest split cap of the parts it takes. The
 * property limit is Group Identify's 1024 group properties per request: a group part weighs the
 * properties its operations touch ({@link PropertyOperations#propertyCount()}). New parts join
 * the back of their lane; parts to retry go back to its front, in their order. A lane is due when
 * its oldest part has lingered long enough or it holds a full request. Owned by the dispatcher
 * thread.
 */
final class Lanes {
  private static final Endpoint[] ENDPOINTS = Endpoint.values();
  /** {@link #readySince} of a lane holding parts to retry: due at once. */
  private static final long AT_ONCE = 0;
  /** {@link #readySince} of an empty lane. */
  private static final long EMPTY = -1;

  /** How large a request body of some parts is, before compression (see {@link Transport#bodySize}). */
  @FunctionalInterface
  interface BodySize {
    long of(Endpoint endpoint, int count, long totalSize);
  }

  // Each array is indexed by endpoint ordinal.
  private final ArrayDeque<Part>[] lanes;
  /** When each lane became non-empty, {@link #AT_ONCE} or {@link #EMPTY}. */
  private final long[] readySince;
  private final long[] readyBytes;
  /** The properties of the parts ready on each lane (counted only where a lane has a limit). */
  private final long[] readyProperties;
  private final int[] maxCount;
  private final long[] maxBytes;
  /** The most properties per request, {@code Integer.MAX_VALUE} where a lane has no limit. */
  private final int[] maxProperties;
  private final long lingerMillis;
  private final BodySize bodySize;

  /**
   * @param maxCount the most parts per request on an endpoint
   * @param maxBytes the most bytes per request body on an endpoint
   * @param lingerMillis how long a lane's oldest part waits for others before its request is due
   * @param bodySize how large a request body of some parts is
   */
  Lanes(ToIntFunction<Endpoint> maxCount, ToLongFunction<Endpoint> maxBytes, long lingerMillis, BodySize bodySize) {
    this(maxCount, maxBytes, ClientSettings::maxProperties, lingerMillis, bodySize);
  }

  /**
   * @param maxProperties the most properties per request on an endpoint ({@code Integer.MAX_VALUE}:
   *     not counted)
   */
  @SuppressWarnings("unchecked")
  Lanes(
      ToIntFunction<Endpoint> maxCount,
      ToLongFunction<Endpoint> maxBytes,
      ToIntFunction<Endpoint> maxProperties,
      long lingerMillis,
      BodySize bodySize) {
    this.lanes = new ArrayDeque[ENDPOINTS.length];
    this.readySince = new long[ENDPOINTS.length];
    this.readyBytes = new long[ENDPOINTS.length];
    this.readyProperties = new long[ENDPOINTS.length];
    this.maxCount = new int[ENDPOINTS.length];
    this.maxBytes = new long[ENDPOINTS.length];
    this.maxProperties = new int[ENDPOINTS.length];
    for (Endpoint endpoint : ENDPOINTS) {
      int lane = endpoint.ordinal();
      lanes[lane] = new ArrayDeque<>();
      readySince[lane] = EMPTY;
      this.maxCount[lane] = maxCount.applyAsInt(endpoint);
      this.maxBytes[lane] = maxBytes.applyAsLong(endpoint);
      this.maxProperties[lane] = maxProperties.applyAsInt(endpoint);
    }
    this.lingerMillis = lingerMillis;
    this.bodySize = bodySize;
  }

  /** Returns the most bytes a request body may have on the endpoint. */
  long maxBytes(Endpoint endpoint) {
    return maxBytes[endpoint.ordinal()];
  }

  /**
   * Returns how many properties a part counts toward its request's property limit: the group
   * properties of a group identification, 0 for anything else.
   */
  static int propertiesOf(Part part) {
    return part.endpoint == Endpoint.GROUP_IDENTIFY
        ? ((GroupRecord) part.encoded.record()).groupProperties().propertyCount()
        : 0;
  }

  /** Returns the size of a request body holding this part alone. */
  long sizeAlone(Part part) {
    return bodySize.of(part.endpoint, 1, part.size);
  }

  /** Adds a new part at the back of its lane. */
  void add(Part part, long now) {
    int lane = part.endpoint.ordinal();
    lanes[lane].addLast(part);
    if (readySince[lane] == EMPTY) {
      readySince[lane] = now;
    }
    readyBytes[lane] += part.size;
    if (maxProperties[lane] != Integer.MAX_VALUE) {
      readyProperties[lane] += propertiesOf(part);
    }
  }

  /** Puts parts back at the front of their lanes, in their order; their requests are due at once. */
  void retry(List<Part> parts) {
    for (int i = parts.size() - 1; i >= 0; i--) {
      Part part = parts.get(i);
      int lane = part.endpoint.ordinal();
      lanes[lane].addFirst(part);
      readySince[lane] = AT_ONCE;
      readyBytes[lane] += part.size;
      if (maxProperties[lane] != Integer.MAX_VALUE) {
        readyProperties[lane] += propertiesOf(part);
      }
    }
  }

  boolean isEmpty(Endpoint endpoint) {
    return lanes[endpoint.ordinal()].isEmpty();
  }

  /** Tells whether any lane holds a part. */
  boolean anyReady() {
    for (ArrayDeque<Part> lane : lanes) {
      if (!lane.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** Tells whether the lane's request is due: it lingered long enough, or a request is full. */
  boolean isDue(Endpoint endpoint, long now) {
    int lane = endpoint.ordinal();
    long since = readySince[lane];
    return since >= 0 && now - since >= lingerMillis
        || lanes[lane].size() >= maxCount[lane]
        || readyBytes[lane] >= maxBytes[lane]
        || readyProperties[lane] >= maxProperties[lane];
  }

  /** Returns when the first lane's linger ends, or {@code Long.MAX_VALUE} if every lane is empty. */
  long nextDue() {
    long next = Long.MAX_VALUE;
    for (int lane = 0; lane < lanes.length; lane++) {
      long since = readySince[lane];
      if (since >= 0 && !lanes[lane].isEmpty()) {
        next = Math.min(next, since + lingerMillis);
      }
    }
    return next;
  }

  /** Returns how many more parts the fullest lane takes before its request is full. */
  long roomCount() {
    long room = Long.MAX_VALUE;
    for (int lane = 0; lane < lanes.length; lane++) {
      room = Math.min(room, maxCount[lane] - (long) lanes[lane].size());
    }
    return room;
  }

  /** Returns how many more bytes the fullest lane takes before its request is full. */
  long roomBytes() {
    long room = Long.MAX_VALUE;
    for (int lane = 0; lane < lanes.length; lane++) {
      room = Math.min(room, maxBytes[lane] - readyBytes[lane]);
    }
    return room;
  }

  /**
   * Takes one request's parts from the front of the endpoint's lane. Parts of throttled ids met on
   * the way are held in the throttle book instead. May return an empty list (every part was held).
   */
  List<Part> pack(Endpoint endpoint, ThrottleBook throttles, long now) {
    int lane = endpoint.ordinal();
    ArrayDeque<Part> ready = lanes[lane];
    int cap = maxCount[lane];
    List<Part> request = new ArrayList<>(Math.min(ready.size(), cap));
    long bytes = 0;
    long limit = maxBytes[lane];
    int propertyLimit = maxProperties[lane];
    boolean countingProperties = propertyLimit != Integer.MAX_VALUE;
    long properties = 0;
    boolean throttling = throttles.throttlesAnyId();
    while (!ready.isEmpty()) {
      Part part = ready.peekFirst();
      int weight = countingProperties ? propertiesOf(part) : 0;
      if (throttling) {
        long until = throttles.throttledUntil(part);
        if (until > now) {
          ready.pollFirst();
          readyBytes[lane] -= part.size;
          readyProperties[lane] -= weight;
          throttles.hold(part, until);
          continue;
        }
      }
      int newCap = Math.min(cap, part.cap);
      if (request.size() + 1 > newCap) {
        break;
      }
      if (!request.isEmpty() && bodySize.of(endpoint, request.size() + 1, bytes + part.size) > limit) {
        break;
      }
      if (!request.isEmpty() && properties + weight > propertyLimit) {
        break;
      }
      ready.pollFirst();
      readyBytes[lane] -= part.size;
      readyProperties[lane] -= weight;
      request.add(part);
      bytes += part.size;
      properties += weight;
      cap = newCap;
    }
    if (ready.isEmpty()) {
      readySince[lane] = EMPTY;
    } else if (readySince[lane] != AT_ONCE) {
      readySince[lane] = now; // what is left lingers afresh
    }
    return request;
  }

  /** Drops every part. */
  void clear() {
    for (int lane = 0; lane < lanes.length; lane++) {
      lanes[lane].clear();
      readySince[lane] = EMPTY;
      readyBytes[lane] = 0;
      readyProperties[lane] = 0;
    }
  }
}
