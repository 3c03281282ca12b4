package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.client.AmplitudeException;
import dev.ampsync.internal.client.Outcomes;
import dev.ampsync.record.UserRecord;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Rows the stopped client failed (an outage, an invalid key) are counted, not listed one by one: the
 * run's one error says why (issue 14: "rows not sent are not listed one by one").
 */
class ClientStopAcknowledgementTest {
  private static final UserRecord USER = UserRecord.builder("user-1").build();
  private static final AmplitudeException OUTAGE =
      new AmplitudeException(0, "no answer from api2.amplitude.com:443 for 5m 0s (ConnectException: cannot connect); gave up");

  private final Tally tally = EngineFixtures.tally();
  private final Watermark watermark = new Watermark("at", null, false);
  private final Outstanding outstanding = new Outstanding();
  private final AtomicReference<AmplitudeException> stop = new AtomicReference<>();
  private final Acknowledgement acknowledgement =
      new Acknowledgement(new Committer(null, "stop"), watermark, tally, outstanding, () -> Optional.ofNullable(stop.get()));

  @Test
  void rowsFailedWithTheClientsStop_areCountedNotListed_andHoldTheWatermarkBack() throws InterruptedException {
    stop.set(OUTAGE);
    watermark.read(9_000);
    for (int i = 0; i < 3; i++) {
      acknowledgement.track(CompletableFuture.completedFuture(Outcomes.failed(USER, OUTAGE.getMessage())), "user-" + i, null, 5_000);
    }
    acknowledgement.stopped("user-9", 6_000); // refused by submit() after the stop
    outstanding.awaitNone();

    assertThat(tally.count(RowOutcome.FAILED)).isEqualTo(4);
    assertThat(tally.problems()).isEmpty();
    assertThat(watermark.next(null)).isEqualTo("4999");
  }

  @Test
  void otherFailures_areStillListed_evenAfterAStop() throws InterruptedException {
    stop.set(OUTAGE);
    acknowledgement.track(CompletableFuture.completedFuture(Outcomes.failed(USER, "gave up after retrying: HTTP 503")), "user-1", null, 5_000);
    outstanding.awaitNone();

    assertThat(tally.problems()).containsExactly(new Problem("user-1", RowOutcome.FAILED, "gave up after retrying: HTTP 503"));
  }

  @Test
  void withoutAStop_aFailureIsListed() throws InterruptedException {
    acknowledgement.track(CompletableFuture.completedFuture(Outcomes.failed(USER, OUTAGE.getMessage())), "user-1", null, 5_000);
    outstanding.awaitNone();

    assertThat(tally.problems()).hasSize(1);
  }
}
