package dev.ampsync.internal.client;

import dev.ampsync.client.Outcome;
import java.util.ArrayList;
import java.util.concurrent.Semaphore;

/**
 * Gives records their outcomes. A part's outcome counts toward its record's (the worst of its parts:
 * rejected, then failed, then accepted); a record with its outcome settled is delivered with the
 * others settled in the same pass: their pending-record slots are freed in one semaphore update,
 * then their futures complete and they leave the unresolved list. Owned by the dispatcher thread.
 *
 * <p>A record is settled by whichever thread {@linkplain Pending#claim claims} it: the dispatcher, or
 * a submitter racing with the dispatcher's end, which then frees the slot and completes the future
 * itself.
 */
final class Settlement {
  private final Semaphore slots;
  private final Unresolved unresolved;
  /** Records claimed and given an outcome, not yet delivered. */
  private final ArrayList<Pending> settled = new ArrayList<>();
  /** How many of {@link #settled} have had their slots freed. */
  private int slotsFreed;

  Settlement(Semaphore slots, Unresolved unresolved) {
    this.slots = slots;
    this.unresolved = unresolved;
  }

  /** Settles one part's outcome; settles its record once every part of it has one. */
  void settlePart(Part part, Outcome outcome) {
    Pending pending = part.owner;
    if (pending.isClaimed()) {
      return;
    }
    Outcome result = pending.partDone(outcome);
    if (result != null) {
      settleRecord(pending, result);
    }
  }

  /** Settles a record's outcome, unless another thread claimed it first (then only forgets it). */
  void settleRecord(Pending pending, Outcome result) {
    if (pending.claim()) {
      pending.outcome = result;
      settled.add(pending);
    } else if (pending.outcome == null) { // (else it is settled already, and deliver() unlinks it)
      unresolved.unlink(pending);
    }
  }

  /** Delivers the outcomes settled since the last call, and forgets their records. */
  void deliver() {
    int count = settled.size();
    if (count == 0) {
      return;
    }
    // The slots are freed before the futures complete: whoever sees an outcome sees its slot free.
    // (Counted so that a delivery cut short by an unexpected error never frees a slot twice.)
    slots.release(count - slotsFreed);
    slotsFreed = count;
    for (int i = 0; i < count; i++) {
      Pending pending = settled.get(i);
      Outcome outcome = pending.outcome;
      if (outcome != null) {
        pending.outcome = null;
        pending.complete(outcome);
        unresolved.unlink(pending); // after completing: a flush waiting for this record returns only now
      }
    }
    settled.clear();
    slotsFreed = 0;
  }
}
