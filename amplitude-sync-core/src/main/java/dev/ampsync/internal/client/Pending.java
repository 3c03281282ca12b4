package dev.ampsync.internal.client;

import dev.ampsync.client.Outcome;
import dev.ampsync.record.AmplitudeRecord;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;

/**
 * A submitted record awaiting the outcomes of its parts, and the future handed to the caller (one
 * object instead of two per record).
 *
 * <p>The submitting thread fills in the parts before handing the record over; from then on the
 * dispatcher thread owns every field except {@link #claim}, which decides which thread resolves
 * the record: the dispatcher, or a submitter that raced with the dispatcher's end.
 */
final class Pending extends CompletableFuture<Outcome> implements Inbound {
  private static final VarHandle CLAIMED;

  static {
    try {
      CLAIMED = MethodHandles.lookup().findVarHandle(Pending.class, "claimed", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final AmplitudeRecord record;
  /** The record's parts until the dispatcher takes them (then cleared: the caller may keep the future). */
  Part first;
  Part second;
  int remainingParts;
  private Outcome worst;
  /** The outcome settled by the dispatcher, until it delivers it (see {@link Settlement}). */
  Outcome outcome;
  @SuppressWarnings("unused") // through CLAIMED
  private volatile int claimed;

  // The dispatcher's list of unresolved records, oldest first (see Unresolved).
  Pending previous;
  Pending next;
  /** Position in the dispatcher's list; 0 while not linked. */
  long linkSeq;

  Pending(AmplitudeRecord record) {
    this.record = record;
  }

  /** Returns the record's last part (its only part, or the second of two), while it has its parts. */
  Part lastPart() {
    return second != null ? second : first;
  }

  /** Returns the total size of the record's parts, while it has them. */
  long partBytes() {
    return second != null ? first.size + second.size : first.size;
  }

  /** Records one part's outcome; returns the record's outcome once every part has one. */
  Outcome partDone(Outcome outcome) {
    if (worst == null || rank(outcome) > rank(worst)) {
      worst = outcome;
    }
    return --remainingParts == 0 ? worst : null;
  }

  /** Returns the worse of the outcomes of the parts answered so far and {@code outcome}. */
  Outcome worstWith(Outcome outcome) {
    return worst == null || rank(outcome) > rank(worst) ? outcome : worst;
  }

  /** Tells whether a thread has taken on resolving this record. */
  boolean isClaimed() {
    return claimed != 0;
  }

  /**
   * Takes on resolving this record: true for exactly one caller, which must then release its
   * pending-record permit and complete the future.
   */
  boolean claim() {
    return CLAIMED.compareAndSet(this, 0, 1);
  }

  private static int rank(Outcome outcome) {
    return switch (outcome.status()) {
      case ACCEPTED -> 0;
      case FAILED -> 1;
      case REJECTED -> 2;
    };
  }
}
