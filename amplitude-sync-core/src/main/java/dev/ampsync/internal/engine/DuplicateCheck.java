package dev.ampsync.internal.engine;

import dev.ampsync.RowOutcome;

/**
 * Refuses a second row with a key an earlier row of the run had (it is invalid), and remembers every
 * key the run saw, for {@link RemovedKeys}.
 */
final class DuplicateCheck {
  private final KeySet seen;
  private final Tally tally;

  DuplicateCheck(KeySet seen, Tally tally) {
    this.seen = seen;
    this.tally = tally;
  }

  /** Admits a key seen for the first time; reports a duplicate as invalid and returns false. */
  boolean admit(String key) {
    if (seen.add(key)) {
      return true;
    }
    tally.record(RowOutcome.INVALID, key, message(key));
    return false;
  }

  /** Remembers the key of a row that is invalid but still in the model: on_removed must not unset it. */
  void keep(String key) {
    if (key != null) {
      seen.add(key);
    }
  }

  static String message(String key) {
    return "duplicate key '" + Keys.display(key) + "': an earlier row of this run has it";
  }
}
