package dev.ampsync.internal.engine;

import dev.ampsync.RowOutcome;
import dev.ampsync.internal.state.Planner;
import dev.ampsync.record.AmplitudeRecord;

/**
 * Plans a record against what Amplitude acknowledged before (see {@link Planner}): unchanged, nothing
 * is sent; changed, only what changed. Without a state, everything is sent; in a resync, everything
 * but the non-idempotent operations Amplitude already applied ({@link Planner#resend}).
 */
final class RecordPlanning {
  /** Null without a state store. */
  private final RunState state;
  private final Committer committer;
  private final Tally tally;

  RecordPlanning(RunState state, Committer committer, Tally tally) {
    this.state = state;
    this.committer = committer;
    this.tally = tally;
  }

  /**
   * Plans a record.
   *
   * @param lookedUp the key the shortcut looked up, or null; {@code storedThere} is what it read, so
   *     the state is read once per row
   * @param digest the row's digest, or null when it has none
   */
  Planner.Decision plan(AmplitudeRecord record, String key, String lookedUp, byte[] storedThere, Long digest) {
    if (state == null) {
      return new Planner.Decision(record, null);
    }
    if (state.resyncing()) {
      return Planner.resend(record, state.previous(key), digest);
    }
    byte[] stored = key.equals(lookedUp) ? storedThere : state.stored(key);
    return Planner.plan(record, stored, digest);
  }

  /**
   * Plans a record from a row the warehouse planned: what the state held for its key came with it.
   *
   * @param stored what the state held for the key, or null
   */
  Planner.Decision planFromWarehouse(AmplitudeRecord record, byte[] stored, Long digest) {
    return state.resyncing() ? Planner.resend(record, stored, digest) : Planner.plan(record, stored, digest);
  }

  /** Reports an unchanged record, keeping a new fingerprint when it has one (e.g. a NULL skipped). */
  void unchanged(Planner.Decision decision, String key) {
    unchanged(decision, key, null);
  }

  /**
   * Reports an unchanged record; with the warehouse's row digest, always stores it, so the warehouse
   * finds the row unchanged next time.
   */
  void unchanged(Planner.Decision decision, String key, String rowDigest) {
    if (rowDigest != null || decision.fingerprintChanged()) {
      committer.put(key, decision.fingerprint(), rowDigest);
    }
    tally.record(RowOutcome.UNCHANGED, key, null);
  }
}
