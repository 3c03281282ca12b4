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

  UnchangedShortcut(RunState state) {
    this.state = state;
  }

  /** Returns the fingerprint stored for a looked-up key, or null (no key, or nothing stored). */
  byte[] stored(String key) {
    return key == null ? null : state.stored(key);
  }

  /** Tells whether a stored fingerprint was acknowledged from a row with this digest. */
  static boolean unchanged(byte[] stored, long digest) {
    return stored != null && Fingerprints.hasRowDigest(stored, digest);
  }
}
