package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** StopReason: the message users see for each reason to stop. */
class StopReasonTest {
  @Test
  void maxRows_messagesSayWhatHappenedAndWhatToDo() {
    assertThat(new StopReason.MaxRowsExceeded(3).message())
        .isEqualTo("the source has more than 3 rows (maxRows); nothing was sent. Raise maxRows if this is expected");
    assertThat(new StopReason.SourceGrew(3, 3).message())
        .isEqualTo("the source grew past 3 rows (maxRows) during the run; stopped after 3 rows. Raise maxRows if this is expected");
  }

  @Test
  void reasonsWithAMessage_passItOn() {
    assertThat(new StopReason.SourceFailed("connection reset").message()).isEqualTo("connection reset");
    assertThat(new StopReason.ClientFailed("invalid API key").message()).isEqualTo("invalid API key");
    assertThat(new StopReason.ColumnMissing("mapping.user_id names column 'x'").message()).isEqualTo("mapping.user_id names column 'x'");
    assertThat(new StopReason.Cancelled().message()).isEqualTo("interrupted");
  }

  @Test
  void anUnexpectedFailure_isItsMessage_orItsDescription() {
    assertThat(StopReason.Failed.of(new IllegalStateException("disk full")).message()).isEqualTo("disk full");
    assertThat(StopReason.Failed.of(new NullPointerException()).message()).isEqualTo("java.lang.NullPointerException");
  }
}
