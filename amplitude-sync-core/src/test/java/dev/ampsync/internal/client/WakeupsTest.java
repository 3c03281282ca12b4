package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.record.EventRecord;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wake-up protocol, driven from one thread: the test announces as the dispatcher would before
 * parking, then hands work over as a submitter would, and reads whether the dispatcher was woken
 * (moved back to running).
 */
class WakeupsTest {
  private final ConcurrentLinkedQueue<Inbound> incoming = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final Semaphore slots = new Semaphore(10);
  /** One past the newest part number given out. */
  private final AtomicLong numbered = new AtomicLong();
  /** Never started: unparking it does nothing. */
  private final Thread dispatcher = new Thread(() -> {});
  private final Wakeups wakeups = new Wakeups(dispatcher, incoming, answers, slots, numbered::get);

  /** Hands over parts numbered up to {@code lastSeq} as a submitter does, and wakes if it should. */
  private void handOver(long lastSeq, long bytes) {
    numbered.set(lastSeq + 1);
    long total = wakeups.handOver(bytes);
    incoming.add(new Pending(EventRecord.builder("Order Completed").userId("user-1").build()));
    wakeups.handedOver(lastSeq, total);
  }

  @Test
  void anIdleDispatcher_isWokenByAnyRecord() {
    assertThat(wakeups.announceIdle()).isTrue();
    assertThat(wakeups.isRunning()).isFalse();

    handOver(0, 100);

    assertThat(wakeups.isRunning()).isTrue();
  }

  @Test
  void aDispatcherAboutToIdle_doesNotParkWhenARecordArrivedMeanwhile() {
    incoming.add(new FlushMarker());

    assertThat(wakeups.announceIdle()).isFalse();
    assertThat(wakeups.isRunning()).isTrue();
  }

  @Test
  void aDispatcherAboutToPark_doesNotWhenAskedToLookAtOnce_untilItStartsAPass() {
    wakeups.wakeNow();
    assertThat(wakeups.announceBlocked()).isFalse();

    wakeups.startPass();
    assertThat(wakeups.announceBlocked()).isTrue();
  }

  @Test
  void aLingeringDispatcher_isWokenOnlyByRecordsThatFillARequestByCount() {
    handedOverAndTaken(9, 1000); // parts 0..9
    assertThat(wakeups.announceLingering(3, 1_000_000, true)).isTrue(); // parts 10, 11, 12 fill a request

    handOver(10, 10);
    handOver(11, 10);
    assertThat(wakeups.isLingering()).isTrue();

    handOver(12, 10);
    assertThat(wakeups.isRunning()).isTrue();
  }

  @Test
  void aLingeringDispatcher_isWokenByRecordsThatFillARequestByBytes() {
    handedOverAndTaken(0, 100);
    assertThat(wakeups.announceLingering(1000, 250, true)).isTrue(); // 250 more bytes fill a request

    handOver(1, 249);
    assertThat(wakeups.isLingering()).isTrue();

    handOver(2, 1);
    assertThat(wakeups.isRunning()).isTrue();
  }

  @Test
  void aLingeringDispatcher_isWokenWhenTheLastSlotIsTaken() {
    handedOverAndTaken(0, 100);
    assertThat(wakeups.announceLingering(1000, 1_000_000, true)).isTrue();
    slots.acquireUninterruptibly(9);
    handOver(1, 10);
    assertThat(wakeups.isLingering()).isTrue();

    slots.acquireUninterruptibly();
    handOver(2, 10);

    assertThat(wakeups.isRunning()).isTrue();
  }

  @Test
  void aLingeringDispatcher_withARequestInFlight_isNotWokenByTheLastSlot() {
    // The answer will wake it; woken now, it would find nothing due and spin until the answer came.
    handedOverAndTaken(0, 100);
    assertThat(wakeups.announceLingering(1000, 1_000_000, false)).isTrue();

    slots.acquireUninterruptibly(10);
    handOver(1, 10);

    assertThat(wakeups.isLingering()).isTrue();
  }

  @Test
  void aDispatcherAboutToLinger_withARequestInFlight_parksThoughEverySlotIsTaken() {
    handedOverAndTaken(0, 100);
    slots.acquireUninterruptibly(10);
    incoming.add(new Pending(EventRecord.builder("Order Completed").userId("user-1").build()));

    assertThat(wakeups.announceLingering(1000, 1_000_000, false)).isTrue();
  }

  @Test
  void aDispatcherAboutToLinger_parksWhileTheRecordThatTookTheLastSlotIsOnItsWay_andIsWokenByIt() {
    // Every slot is taken, but the last record is not handed over yet: parking is right (nothing
    // can be sent whole before it arrives), and its arrival wakes the dispatcher.
    handedOverAndTaken(0, 100);
    slots.acquireUninterruptibly(10);

    assertThat(wakeups.announceLingering(1000, 1_000_000, true)).isTrue();
    assertThat(wakeups.isLingering()).isTrue();

    handOver(1, 10);
    assertThat(wakeups.isRunning()).isTrue();
  }

  @Test
  void aDispatcherAboutToLinger_doesNotParkWhenTheRecordThatTookTheLastSlotArrivedMeanwhile() {
    handedOverAndTaken(0, 100);
    slots.acquireUninterruptibly(10);
    incoming.add(new Pending(EventRecord.builder("Order Completed").userId("user-1").build()));

    assertThat(wakeups.announceLingering(1000, 1_000_000, true)).isFalse();
    assertThat(wakeups.isRunning()).isTrue();
  }

  @Test
  void aDispatcherAboutToLinger_doesNotParkWhenEnoughArrivedMeanwhile() {
    handedOverAndTaken(0, 100);
    numbered.set(3); // parts 1 and 2 handed over, not taken

    assertThat(wakeups.announceLingering(2, 1_000_000, true)).isFalse();
    assertThat(wakeups.isRunning()).isTrue();
  }

  @Test
  void aBlockedDispatcher_isWokenByAnswersFlushesAndClose_notByRecords() {
    assertThat(wakeups.announceBlocked()).isTrue();

    handOver(0, 100);
    assertThat(wakeups.isRunning()).isFalse();

    answers.add(new Answer(Endpoint.BATCH, List.of(), new Verdict.Accepted()));
    wakeups.wakeNow();
    assertThat(wakeups.isRunning()).isTrue();
  }

  @Test
  void aDispatcherAboutToBlock_doesNotParkWhenAnAnswerArrivedMeanwhile() {
    answers.add(new Answer(Endpoint.BATCH, List.of(), new Verdict.Accepted()));

    assertThat(wakeups.announceBlocked()).isFalse();
  }

  @Test
  @Timeout(60)
  void aParkedDispatcher_returnsWhenWoken() throws Exception {
    Wakeups parked = new Wakeups(Thread.currentThread(), incoming, answers, slots, numbered::get);
    AtomicBoolean returned = new AtomicBoolean();
    Thread submitter =
        new Thread(
            () -> {
              while (parked.isRunning() && !returned.get()) {
                Thread.onSpinWait();
              }
              parked.wakeNow();
            });
    submitter.start();

    parked.parkIdle(3_600_000); // returns when woken (or after a rare spurious wake-up)
    returned.set(true);

    submitter.join();
    assertThat(parked.isRunning()).isTrue();
  }

  /** Parts numbered up to {@code lastSeq} were handed over, and the dispatcher took them. */
  private void handedOverAndTaken(long lastSeq, long bytes) {
    numbered.set(lastSeq + 1);
    wakeups.handOver(bytes);
    wakeups.taken(lastSeq, bytes);
  }
}
