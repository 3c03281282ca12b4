package dev.ampsync.internal.client;

import dev.ampsync.client.Outcome;
import dev.ampsync.record.AmplitudeRecord;
import java.util.concurrent.CompletableFuture;

/** A submitted record awaiting the outcomes of its parts. Owned by the dispatcher thread. */
final class Pending {
  final AmplitudeRecord record;
  final CompletableFuture<Outcome> future = new CompletableFuture<>();
  int remainingParts;
  private Outcome worst;

  Pending(AmplitudeRecord record) {
    this.record = record;
  }

  /** Records one part's outcome; returns the record's outcome once every part has one. */
  Outcome partDone(Outcome outcome) {
    if (worst == null || rank(outcome) > rank(worst)) {
      worst = outcome;
    }
    return --remainingParts == 0 ? worst : null;
  }

  boolean isDone() {
    return future.isDone();
  }

  private static int rank(Outcome outcome) {
    return switch (outcome.status()) {
      case ACCEPTED -> 0;
      case FAILED -> 1;
      case REJECTED -> 2;
    };
  }
}
