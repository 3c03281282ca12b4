package dev.ampsync.internal.engine;

import dev.ampsync.internal.state.Fingerprints;

/**
 * The unchanged-row shortcut: a key whose stored fingerprint carries this very row's digest (an event
 * acknowledged from the same row, a user, device or group acknowledged with the same values) is
 * unchanged without mapping, validating or fingerprinting the row. What it reads is kept for the
 * planner, so the state is read once per row.
 */
final class UnchangedShortcut {
  private final RunState state;
  /**
   * Whether the state held no key when the run opened it (a first run): then nothing is read, since
   * only this run writes it, and a key it wrote is a duplicate the run refuses whatever is read.
   */
  private final boolean heldNothing;

  UnchangedShortcut(RunState state, boolean heldNothing) {
    this.state = state;
    this.heldNothing = heldNothing;
  }

  /** Returns the fingerprint stored for a looked-up key, or null (no key, or nothing stored). */
  byte[] stored(String key) {
    return key == null || heldNothing ? null : state.stored(key);
  }

  /** Tells whether a stored fingerprint was acknowledged from a row with this digest. */
  static boolean unchanged(byte[] stored, long digest) {
    return stored != null && Fingerprints.hasRowDigest(stored, digest);
  }
}
