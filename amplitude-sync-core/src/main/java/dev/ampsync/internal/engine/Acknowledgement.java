package dev.ampsync.internal.engine;

import dev.ampsync.RowOutcome;
import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.Outcome;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Settles a submitted row when its outcome arrives (on the client's threads): an accepted row's new
 * fingerprint goes to the {@link Committer} (commit after acknowledgement), a failed one holds the
 * {@link Watermark} back, and every outcome is reported to the {@link Tally}. A row failed because
 * the client stopped (an outage, an invalid key) is counted but not listed as a problem: the run's
 * one error says why, instead of a line per row.
 */
final class Acknowledgement {
  private final Committer committer;
  private final Watermark watermark;
  private final Tally tally;
  private final Outstanding outstanding;
  /** The error that stopped the client, if it stopped. */
  private final Supplier<Optional<AmplitudeException>> clientStop;

  Acknowledgement(Committer committer, Watermark watermark, Tally tally, Outstanding outstanding) {
    this(committer, watermark, tally, outstanding, Optional::empty);
  }

  Acknowledgement(Committer committer, Watermark watermark, Tally tally, Outstanding outstanding,
      Supplier<Optional<AmplitudeException>> clientStop) {
    this.committer = committer;
    this.watermark = watermark;
    this.tally = tally;
    this.outstanding = outstanding;
    this.clientStop = clientStop;
  }

  /** Settles the row when its outcome arrives; {@link Outstanding} counts it until then. */
  void track(CompletableFuture<Outcome> outcome, String key, byte[] fingerprint, long time) {
    track(outcome, key, fingerprint, null, time);
  }

  /**
   * Settles the row when its outcome arrives, storing the warehouse's digest of it with its
   * fingerprint when it was planned there ({@code rowDigest}, else null).
   */
  void track(CompletableFuture<Outcome> outcome, String key, byte[] fingerprint, String rowDigest, long time) {
    outstanding.add();
    outcome.whenComplete((o, unexpected) -> settle(key, fingerprint, rowDigest, time, o, unexpected));
  }

  /** Settles one row's outcome ({@code unexpected}: the future failed instead). */
  void settle(String key, byte[] fingerprint, long time, Outcome outcome, Throwable unexpected) {
    settle(key, fingerprint, null, time, outcome, unexpected);
  }

  private void settle(
      String key, byte[] fingerprint, String rowDigest, long time, Outcome outcome, Throwable unexpected) {
    try {
      if (unexpected != null) {
        failed(key, time, unexpected.toString());
        return;
      }
      if (outcome.status() == Outcome.Status.FAILED) {
        watermark.failedAt(time);
        if (isClientStop(outcome.reason())) {
          tally.recordUnlisted(RowOutcome.FAILED);
          return;
        }
      }
      if (outcome.isAccepted()) {
        committer.put(key, fingerprint, rowDigest); // commit after acknowledgement
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

  /** Reports a row the stopped client refused: counted, not listed (the run's error says why). */
  void stopped(String key, long time) {
    watermark.failedAt(time);
    tally.recordUnlisted(RowOutcome.FAILED);
  }

  /** Tells whether a failed outcome's reason is the client's stop (the run reports it once). */
  private boolean isClientStop(String reason) {
    Optional<AmplitudeException> stop = clientStop.get();
    return reason != null && stop.isPresent() && reason.equals(stop.get().getMessage());
  }

  static RowOutcome toRowOutcome(Outcome outcome) {
    return switch (outcome.status()) {
      case ACCEPTED -> RowOutcome.ACCEPTED;
      case REJECTED -> RowOutcome.REJECTED;
      case FAILED -> RowOutcome.FAILED;
    };
  }
}
