package dev.ampsync.internal.engine;

import dev.ampsync.RowOutcome;
import dev.ampsync.client.Outcome;
import java.util.concurrent.CompletableFuture;

/**
 * Settles a submitted row when its outcome arrives (on the client's threads): an accepted row's new
 * fingerprint goes to the {@link Committer} (commit after acknowledgement), a failed one holds the
 * {@link Watermark} back, and every outcome is reported to the {@link Tally}.
 */
final class Acknowledgement {
  private final Committer committer;
  private final Watermark watermark;
  private final Tally tally;
  private final Outstanding outstanding;

  Acknowledgement(Committer committer, Watermark watermark, Tally tally, Outstanding outstanding) {
    this.committer = committer;
    this.watermark = watermark;
    this.tally = tally;
    this.outstanding = outstanding;
  }

  /** Settles the row when its outcome arrives; {@link Outstanding} counts it until then. */
  void track(CompletableFuture<Outcome> outcome, String key, byte[] fingerprint, long time) {
    outstanding.add();
    outcome.whenComplete((o, unexpected) -> settle(key, fingerprint, time, o, unexpected));
  }

  /** Settles one row's outcome ({@code unexpected}: the future failed instead). */
  void settle(String key, byte[] fingerprint, long time, Outcome outcome, Throwable unexpected) {
    try {
      if (unexpected != null) {
        failed(key, time, unexpected.toString());
        return;
      }
      if (outcome.status() == Outcome.Status.FAILED) {
        watermark.failedAt(time);
      }
      if (outcome.isAccepted()) {
        committer.put(key, fingerprint); // commit after acknowledgement
      }
      tally.record(toRowOutcome(outcome), key, outcome.reason());
    } finally {
      outstanding.done();
    }
  }

  /** Reports a row that failed before or instead of an outcome. */
  void failed(String key, long time, String reason) {
    watermark.failedAt(time);
    tally.record(RowOutcome.FAILED, key, reason);
  }

  static RowOutcome toRowOutcome(Outcome outcome) {
    return switch (outcome.status()) {
      case ACCEPTED -> RowOutcome.ACCEPTED;
      case REJECTED -> RowOutcome.REJECTED;
      case FAILED -> RowOutcome.FAILED;
    };
  }
}
