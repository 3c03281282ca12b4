package dev.ampsync.internal.client;

import java.util.ArrayDeque;

/**
 * The records the dispatcher took that have no outcome yet, oldest first, and the flushes waiting
 * for them. The list runs through the records themselves ({@link Pending#previous}, {@link
 * Pending#next}): linking and unlinking allocate nothing. A flush completes once every record linked
 * before it is unlinked. Owned by the dispatcher thread.
 */
final class Unresolved {
  private Pending oldest;
  private Pending youngest;
  /** The link number of the youngest record ever linked; 0 before the first. */
  private long lastLinkSeq;
  /** How many records are linked. */
  private int count;
  /** Flushes waiting for the records linked before them, oldest first. */
  private final ArrayDeque<FlushMarker> flushes = new ArrayDeque<>();

  /** Links a record as the youngest unresolved one. */
  void link(Pending pending) {
    pending.linkSeq = ++lastLinkSeq;
    pending.previous = youngest;
    if (youngest == null) {
      oldest = pending;
    } else {
      youngest.next = pending;
    }
    youngest = pending;
    count++;
  }

  /** Unlinks a record (if it is linked), and completes the flushes that waited only for it. */
  void unlink(Pending pending) {
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
    count--;
    if (previous == null && !flushes.isEmpty()) {
      completeFlushes();
    }
  }

  /** Adds a flush waiting for every record linked so far; completes it at once if there is none. */
  void addFlush(FlushMarker flush) {
    if (oldest == null) {
      flush.complete(null);
    } else {
      flush.boundary = lastLinkSeq;
      flushes.addLast(flush);
    }
  }

  /** Returns how many records are linked: taken by the dispatcher and not yet given an outcome. */
  int count() {
    return count;
  }

  /** Returns the oldest unresolved record, or null; the next one is its {@link Pending#next}. */
  Pending oldest() {
    return oldest;
  }

  /** Completes the flushes whose records are all unlinked. */
  void completeFlushes() {
    long oldestLeft = oldest == null ? Long.MAX_VALUE : oldest.linkSeq;
    while (!flushes.isEmpty() && flushes.peekFirst().boundary < oldestLeft) {
      flushes.pollFirst().complete(null);
    }
  }
}
