package dev.ampsync.internal.engine;

import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.Outcome;
import dev.ampsync.internal.state.Planner;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.UserRecord;
import java.util.concurrent.CompletableFuture;

/**
 * Submits what a plan sends (with the synthetic event of a user whose properties change) to the
 * client, which blocks while too many records are pending, so memory stays bounded; the outcome goes
 * to the {@link Acknowledgement}. A client that stops accepting records stops the run.
 */
final class Submission {
  private final AmplitudeClient client;
  /** Null when the job has no synthetic event. */
  private final SyntheticEvent syntheticEvent;
  private final Acknowledgement acknowledgement;

  Submission(AmplitudeClient client, SyntheticEvent syntheticEvent, Acknowledgement acknowledgement) {
    this.client = client;
    this.syntheticEvent = syntheticEvent;
    this.acknowledgement = acknowledgement;
  }

  /**
   * Submits a planned record.
   *
   * @param time the row's watermark time, or {@link Watermark#NO_TIME}
   * @return {@link StopReason.ClientFailed} when the client refused it, else null
   * @throws InterruptedException if interrupted while waiting for room; the row is reported failed
   */
  StopReason submit(Planner.Decision decision, String key, long time) throws InterruptedException {
    return submit(decision, key, null, time);
  }

  /**
   * Submits a planned record that the warehouse planned, whose row digest is stored with it once
   * acknowledged.
   *
   * @param rowDigest the warehouse's digest of the row, or null
   */
  StopReason submit(Planner.Decision decision, String key, String rowDigest, long time) throws InterruptedException {
    AmplitudeRecord send = decision.send();
    CompletableFuture<Outcome> outcome;
    try {
      outcome = client.submit(send);
      if (syntheticEvent != null && SyntheticEvent.appliesTo(send)) {
        outcome = outcome.thenCombine(client.submit(syntheticEvent.of((UserRecord) send)), Submission::worse);
      }
    } catch (AmplitudeException stopped) {
      acknowledgement.stopped(key, time); // the run's error says why, once
      return new StopReason.ClientFailed(stopped.getMessage());
    } catch (InterruptedException interrupted) {
      acknowledgement.failed(key, time, "interrupted before the row was sent");
      throw interrupted;
    }
    acknowledgement.track(outcome, key, decision.fingerprint(), rowDigest, time);
    return null;
  }

  /** The worse of two outcomes: a user and its synthetic event count as one row. */
  static Outcome worse(Outcome a, Outcome b) {
    return a.status().ordinal() >= b.status().ordinal() ? a : b;
  }
}
