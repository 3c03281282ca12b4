package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.record.EventRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnresolvedTest {
  private final Unresolved unresolved = new Unresolved();

  private static Pending record() {
    return new Pending(EventRecord.builder("Order Completed").userId("user-1").build());
  }

  private List<Pending> inOrder() {
    List<Pending> records = new ArrayList<>();
    for (Pending pending = unresolved.oldest(); pending != null; pending = pending.next) {
      records.add(pending);
    }
    return records;
  }

  @Test
  void records_stayInTheOrderTheyWereLinked_wheneverOthersLeave() {
    Pending a = record();
    Pending b = record();
    Pending c = record();
    Pending d = record();
    unresolved.link(a);
    unresolved.link(b);
    unresolved.link(c);
    unresolved.link(d);

    assertThat(unresolved.count()).isEqualTo(4);

    unresolved.unlink(b);
    assertThat(inOrder()).containsExactly(a, c, d);
    unresolved.unlink(d);
    assertThat(inOrder()).containsExactly(a, c);
    unresolved.unlink(a);
    assertThat(inOrder()).containsExactly(c);
    assertThat(unresolved.count()).isEqualTo(1);
    unresolved.unlink(c);
    assertThat(unresolved.oldest()).isNull();
    assertThat(unresolved.count()).isZero();
    assertThat(c.linkSeq).as("not linked").isZero();
  }

  @Test
  void unlinkingARecordNotLinked_changesNothing() {
    Pending a = record();
    unresolved.link(a);

    unresolved.unlink(record());
    assertThat(unresolved.count()).isEqualTo(1);
    unresolved.unlink(a);
    unresolved.unlink(a);

    assertThat(unresolved.oldest()).isNull();
    assertThat(unresolved.count()).isZero();
  }

  @Test
  void aFlushWithNothingUnresolved_completesAtOnce() {
    FlushMarker flush = new FlushMarker();

    unresolved.addFlush(flush);

    assertThat(flush).isDone();
  }

  @Test
  void aFlush_waitsForEveryRecordLinkedBeforeIt_andNoneAfter() {
    Pending a = record();
    Pending b = record();
    Pending later = record();
    unresolved.link(a);
    unresolved.link(b);
    FlushMarker flush = new FlushMarker();
    unresolved.addFlush(flush);
    unresolved.link(later);

    unresolved.unlink(b);
    assertThat(flush).isNotDone();
    unresolved.unlink(a);
    assertThat(flush).isDone();
    assertThat(inOrder()).containsExactly(later);
  }

  @Test
  void flushes_completeInTurnAsTheirRecordsLeave() {
    Pending a = record();
    Pending b = record();
    unresolved.link(a);
    FlushMarker first = new FlushMarker();
    unresolved.addFlush(first);
    unresolved.link(b);
    FlushMarker second = new FlushMarker();
    unresolved.addFlush(second);

    unresolved.unlink(a);
    assertThat(first).isDone();
    assertThat(second).isNotDone();
    unresolved.unlink(b);
    assertThat(second).isDone();
  }
}
