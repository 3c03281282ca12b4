package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.client.Outcome;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SettlementTest {
  private static final int SLOTS = 10;

  private final TestParts parts = new TestParts();
  private final Semaphore slots = new Semaphore(SLOTS);
  private final Unresolved unresolved = new Unresolved();
  private final Settlement settlement = new Settlement(slots, unresolved);

  /** A record as the dispatcher holds it: its slot taken, linked as unresolved. */
  private Pending taken(Pending pending) {
    slots.acquireUninterruptibly();
    unresolved.link(pending);
    return pending;
  }

  @Test
  void aSettledRecord_isDeliveredOnlyByDeliver_withItsSlotFreeWhenItsFutureCompletes() {
    Part event = parts.event("user-1");
    Pending pending = taken(event.owner);
    AtomicInteger freeWhenCompleted = new AtomicInteger(-1);
    pending.thenRun(() -> freeWhenCompleted.set(slots.availablePermits()));

    settlement.settlePart(event, Outcomes.accepted(pending.record));
    assertThat(pending).isNotDone();
    assertThat(slots.availablePermits()).isEqualTo(SLOTS - 1);

    settlement.deliver();
    assertThat(pending.join().isAccepted()).isTrue();
    assertThat(freeWhenCompleted).hasValue(SLOTS);
    assertThat(unresolved.oldest()).isNull();
  }

  @Test
  void aRecordOfTwoParts_getsTheWorstOutcome_onceBothHaveOne() {
    Pending group = taken(parts.group("acme", "user-1"));
    Part groupIdentification = group.first;
    Part membership = group.second;

    settlement.settlePart(groupIdentification, Outcomes.rejected(group.record, "group_value", "bad"));
    settlement.deliver();
    assertThat(group).isNotDone();

    settlement.settlePart(membership, Outcomes.accepted(group.record));
    settlement.deliver();
    Outcome outcome = group.join();
    assertThat(outcome.status()).isEqualTo(Outcome.Status.REJECTED);
    assertThat(outcome.reason()).isEqualTo("bad");
  }

  @Test
  void recordsSettledInOnePass_areDeliveredTogether() {
    FlushMarker flush = new FlushMarker();
    Part a = parts.event("user-1");
    Part b = parts.event("user-2");
    taken(a.owner);
    taken(b.owner);
    unresolved.addFlush(flush);

    settlement.settlePart(b, Outcomes.failed(b.owner.record, "no"));
    settlement.settlePart(a, Outcomes.accepted(a.owner.record));
    assertThat(flush).isNotDone();
    settlement.deliver();

    assertThat(slots.availablePermits()).isEqualTo(SLOTS);
    assertThat(a.owner.join().isAccepted()).isTrue();
    assertThat(b.owner.join().status()).isEqualTo(Outcome.Status.FAILED);
    assertThat(flush).isDone();
    settlement.deliver();
    assertThat(slots.availablePermits()).as("no slot freed twice").isEqualTo(SLOTS);
  }

  @Test
  void aRecordClaimedByAnotherThread_isOnlyForgotten() {
    Part event = parts.event("user-1");
    Pending pending = taken(event.owner);
    assertThat(pending.claim()).as("a submitter racing with the dispatcher's end").isTrue();

    settlement.settlePart(event, Outcomes.accepted(pending.record));
    assertThat(unresolved.oldest()).as("settling a part of it does nothing").isSameAs(pending);
    settlement.settleRecord(pending, Outcomes.failed(pending.record, "client closed"));
    settlement.deliver();

    assertThat(unresolved.oldest()).isNull();
    assertThat(pending).as("the claiming thread completes it").isNotDone();
    assertThat(slots.availablePermits()).as("the claiming thread frees the slot").isEqualTo(SLOTS - 1);
  }

  @Test
  void settlingARecordAgainBeforeDelivery_keepsTheFirstOutcome() {
    Part event = parts.event("user-1");
    Pending pending = taken(event.owner);

    settlement.settleRecord(pending, Outcomes.accepted(pending.record));
    settlement.settleRecord(pending, Outcomes.failed(pending.record, "client closed"));
    settlement.deliver();

    assertThat(pending.join().isAccepted()).isTrue();
    assertThat(slots.availablePermits()).isEqualTo(SLOTS);
  }
}
