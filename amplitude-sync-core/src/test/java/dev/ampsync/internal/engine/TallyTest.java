package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.RowOutcome;
import org.junit.jupiter.api.Test;

/** Tally: a run that stopped part-way still gives every row read exactly one outcome. */
class TallyTest {
  @Test
  void rowsReadWithoutAnOutcome_countAsFailed_unlisted() {
    try (Tally tally = new Tally(10, null)) {
      for (int i = 0; i < 5; i++) {
        tally.rowRead();
      }
      tally.record(RowOutcome.ACCEPTED, "user-1", null);
      tally.record(RowOutcome.INVALID, "user-2", "user_id: empty");
      tally.record(RowOutcome.FAILED, "user-3", "timed out");

      assertThat(tally.failUnsettled()).isEqualTo(2);

      assertThat(tally.count(RowOutcome.FAILED)).isEqualTo(3);
      long outcomes = 0;
      for (RowOutcome outcome : RowOutcome.values()) {
        outcomes += tally.count(outcome);
      }
      assertThat(outcomes).isEqualTo(tally.rowsRead());
      assertThat(tally.problems()).hasSize(2);
      assertThat(tally.failUnsettled()).as("settled: nothing more to count").isZero();
    }
  }
}
