package dev.ampsync.internal.engine;

import dev.ampsync.RowOutcome;
import dev.ampsync.record.GroupRecord;

/**
 * Refuses a second row with a key an earlier row of the run had (it is invalid, and the reason says
 * whether its values repeat the earlier row's or conflict with them), refuses a group row whose group
 * properties differ from an earlier row's for the same group (see {@link GroupConflicts}), and
 * remembers every key the run saw, for {@link RemovedKeys}.
 *
 * <p>Memory: per key a 64-bit hash of its row's values beside the key's hash in the {@link KeySet}
 * (one probe per row), or for a key the stored digests hold a bit beside its slot there ({@link
 * SeenKeys}), so it is bounded the same way; the earlier row's values themselves are not
 * kept, so a conflicting duplicate key cannot name its column (a group's conflict can, see {@link
 * GroupConflicts}).
 */
final class DuplicateCheck {
  private final SeenKeys seen;
  private final Tally tally;
  /** Null unless this is a group sync. */
  private final GroupConflicts groups;

  /**
   * @param groups whether the rows are groups, whose properties must agree across their members' rows
   */
  DuplicateCheck(SeenKeys seen, Tally tally, boolean groups) {
    this.seen = seen;
    this.tally = tally;
    this.groups = groups ? new GroupConflicts(seen.unstored()) : null;
  }

  /** Tells whether {@link #admit} needs the group record of a group sync's row. */
  boolean checksGroups() {
    return groups != null;
  }

  /**
   * Admits a key seen for the first time whose group (if any) agrees with the earlier rows; reports
   * the row as invalid and returns false otherwise.
   *
   * @param values a 64-bit hash of the row's mapped values, the same way for every row of the run
   * @param group the row's group record in a group sync, or null (then only the key is checked)
   */
  boolean admit(String key, long values, GroupRecord group) {
    long keyHash = KeySet.hash(key);
    return admit(key, keyHash, seen.slotOf(keyHash), values, group);
  }

  /**
   * {@link #admit(String, long, GroupRecord)} for a key whose hash and slot in the stored digests'
   * table ({@link SeenKeys#slotOf}) the run's probe of that table found already.
   */
  boolean admit(String key, long keyHash, int storedSlot, long values, GroupRecord group) {
    if (!seen.add(keyHash, storedSlot, values)) {
      tally.record(RowOutcome.INVALID, key, message(key, seen.firstValuesOf(keyHash, storedSlot) == values));
      return false;
    }
    if (groups != null && group != null) {
      String conflict = groups.conflict(group);
      if (conflict != null) { // its key stays seen: the row is in the source, on_removed must not unset it
        tally.record(RowOutcome.INVALID, key, conflict);
        return false;
      }
    }
    return true;
  }

  /** Remembers the key of a row that is invalid but still in the model: on_removed must not unset it. */
  void keep(String key) {
    if (key != null) {
      seen.keep(key);
    }
  }

  static String message(String key, boolean identical) {
    return identical
        ? "duplicate key '" + Keys.display(key) + "' with identical values: an earlier row of this run has it"
        : "duplicate key '" + Keys.display(key) + "' with conflicting values: an earlier row of this run has it"
            + " with other values";
  }
}
