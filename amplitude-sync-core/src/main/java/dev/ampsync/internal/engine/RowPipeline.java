package dev.ampsync.internal.engine;

import dev.ampsync.RowOutcome;
import dev.ampsync.internal.engine.RowMapper.Mapped;
import dev.ampsync.internal.state.Planner;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.UserRecord;
import dev.ampsync.source.Row;
import java.util.List;

/**
 * A row's way through one run, top to bottom in {@link #process}: key and digest, unchanged shortcut,
 * duplicate check, map, validate, plan, submit; then, on the client's threads, acknowledgement,
 * commit and report ({@link Acknowledgement}). Each stage is an object built once per run; this class
 * only sequences them. Runs on the run's thread.
 */
final class RowPipeline {
  /** The values hash of a membership, which has no values beyond its key. */
  private static final long MEMBERSHIP = 0x6d656d62L;

  /** Both null without a state, or for a custom mapping (rows have no digest). */
  private final KeyAndDigest keyAndDigest;
  private final UnchangedShortcut shortcut;
  private final RowMapper mapper;
  private final boolean skipUserPropertiesSync;
  private final DuplicateCheck duplicates;
  private final RecordValidation validation;
  private final RecordPlanning planning;
  private final Submission submission;
  private final Tally tally;
  /** Null unless the warehouse planned the rows (they then carry their key, digest and stored state). */
  private final WarehousePlanning warehouse;
  /** The reader thread's part, told which rows needed mapping; null when the reader prepares nothing. */
  private final RowPreparation preparation;

  RowPipeline(
      KeyAndDigest keyAndDigest, UnchangedShortcut shortcut, RowMapper mapper, boolean skipUserPropertiesSync,
      DuplicateCheck duplicates, RecordValidation validation, RecordPlanning planning, Submission submission,
      Tally tally) {
    this(keyAndDigest, shortcut, mapper, skipUserPropertiesSync, duplicates, validation, planning, submission, tally,
        null, null);
  }

  RowPipeline(
      KeyAndDigest keyAndDigest, UnchangedShortcut shortcut, RowMapper mapper, boolean skipUserPropertiesSync,
      DuplicateCheck duplicates, RecordValidation validation, RecordPlanning planning, Submission submission,
      Tally tally, WarehousePlanning warehouse, RowPreparation preparation) {
    this.warehouse = warehouse;
    this.preparation = preparation;
    this.keyAndDigest = keyAndDigest;
    this.shortcut = shortcut;
    this.mapper = mapper;
    this.skipUserPropertiesSync = skipUserPropertiesSync;
    this.duplicates = duplicates;
    this.validation = validation;
    this.planning = planning;
    this.submission = submission;
    this.tally = tally;
  }

  /**
   * Takes one row through the stages.
   *
   * @param prepared what the reader thread worked out for the row ({@link RowPreparation}), or null:
   *     then this thread prepares it, as the reader would have
   * @param time the row's watermark time, or {@link Watermark#NO_TIME}
   * @return why the run must stop, or null
   */
  StopReason process(Row row, RowPreparation.Prepared prepared, long time) throws InterruptedException {
    if (prepared == null && preparation != null) {
      prepared = preparation.prepare(row); // the reader left it: the same work, here (null if it failed)
    }
    Long digest = null;
    String lookedUp = null;
    byte[] stored = null;
    byte[] planned = null;
    String warehouseDigest = null;
    if (keyAndDigest != null) { // key and digest, unchanged shortcut
      long rowDigest = prepared != null ? prepared.digest() : keyAndDigest.digest(row);
      digest = rowDigest;
      lookedUp = prepared != null && prepared.keyed() ? prepared.key() : keyAndDigest.keyOf(row);
      if (warehouse != null) { // the row came with its key, digest and stored state
        String engineKey = lookedUp != null ? lookedUp : mapper.keyOf(row); // a resync looks nothing up
        String warehouseKey = warehouse.keyOf(row);
        if (engineKey != null && !engineKey.equals(warehouseKey)) {
          return new StopReason.Failed(warehouse.keyMismatch(engineKey, warehouseKey));
        }
        warehouseDigest = warehouse.digestOf(row);
        planned = warehouse.storedOf(row);
        stored = lookedUp == null ? null : planned;
      } else if (prepared == null || !prepared.storedUnchanged() && !prepared.notStored()) {
        stored = shortcut.stored(lookedUp); // a key the stored digests know is not stored needs no read
      }
      // unchanged by the digests read before the run (no state read), or by the state itself
      boolean unchanged = warehouse == null && prepared != null && prepared.storedUnchanged()
          || UnchangedShortcut.unchanged(stored, rowDigest);
      if (preparation != null) {
        preparation.observe(!unchanged);
      }
      if (unchanged) {
        // A group's properties must agree with its other members' rows even when this one is unchanged.
        GroupRecord group = duplicates.checksGroups() ? groupOf(row, lookedUp) : null;
        if (admit(lookedUp, prepared, rowDigest, group)) {
          if (warehouseDigest != null) { // unchanged for the engine: the warehouse learns this row's digest
            planning.unchanged(new Planner.Decision(null, stored, false), lookedUp, warehouseDigest);
          } else {
            tally.record(RowOutcome.UNCHANGED, lookedUp, null);
          }
        }
        return null;
      }
    }
    // map (unless the reader thread did), duplicate check, validate, plan, submit
    boolean mappedAhead = prepared != null && prepared.mapped() != null;
    Mapped mapped = mappedAhead ? prepared.mapped() : mapper.map(row, lookedUp);
    if (!(mapped instanceof Mapped.Ready ready)) {
      notMapped(mapped);
      return null;
    }
    String key = ready.key();
    AmplitudeRecord record = mappedAhead
        ? prepared.record()
        : skipUserPropertiesSync ? RowPreparation.withoutUserPropertiesSync(ready.record()) : ready.record();
    long values = digest != null ? digest
        : prepared != null ? prepared.digest() : valuesOf(row, ready.record());
    GroupRecord group = ready.record() instanceof GroupRecord g ? g : null;
    if (!admit(key, prepared, values, group)
        || !(mappedAhead ? validation.passes(prepared.violations(), key) : validation.passes(record, key))) {
      return null; // a group that is invalid is the row's one outcome: its members name it, so none is sent
    }
    if (ready.members() != null) { // counted before anything is sent: a stop fails the rest, not fewer
      tally.membersRead(ready.members().size());
    }
    StopReason stop = warehouse != null
        ? planAndSubmitPlanned(record, key, planned, digest, warehouseDigest, time)
        : planAndSubmit(record, key, lookedUp, stored, digest, time);
    return stop != null || ready.members() == null ? stop : members(group, ready.members(), time);
  }

  /** Plans a valid record and submits what changed; the outcome is reported when it arrives. */
  private StopReason planAndSubmit(
      AmplitudeRecord record, String key, String lookedUp, byte[] stored, Long digest, long time)
      throws InterruptedException {
    Planner.Decision decision = planning.plan(record, key, lookedUp, stored, digest);
    if (decision.unchanged()) {
      planning.unchanged(decision, key);
      return null;
    }
    return submission.submit(decision, key, time); // acknowledgement, commit, report: when the outcome arrives
  }

  /** Plans a valid record of a row the warehouse planned, with the state it came with, and submits it. */
  private StopReason planAndSubmitPlanned(
      AmplitudeRecord record, String key, byte[] planned, Long digest, String warehouseDigest, long time)
      throws InterruptedException {
    Planner.Decision decision = planning.planFromWarehouse(record, planned, digest);
    if (decision.unchanged()) {
      planning.unchanged(decision, key, warehouseDigest);
      return null;
    }
    return submission.submit(decision, key, warehouseDigest, time);
  }

  /**
   * Takes a group row's members through duplicate check, validation, planning and submission, each
   * member a record with an outcome of its own (counted by {@link Tally#membersRead}), keyed by group
   * and member, so the state diffs memberships one by one.
   */
  private StopReason members(GroupRecord group, List<Members.Member> members, long time)
      throws InterruptedException {
    for (Members.Member member : members) {
      if (member.problem() != null) {
        tally.record(RowOutcome.INVALID, member.key(), member.problem());
        continue;
      }
      // The same value for every membership: a member listed twice is an identical duplicate.
      if (!duplicates.admit(member.key(), MEMBERSHIP, null)) {
        continue;
      }
      UserRecord membership = member.membership(group);
      if (!validation.passesMember(membership, member.key(), group, mapper.membersSource())) {
        continue;
      }
      StopReason stop = planAndSubmit(membership, member.key(), null, null, null, time);
      if (stop != null) {
        return stop; // the members not yet submitted count as failed (Tally.failUnsettled)
      }
    }
    return null;
  }

  /**
   * The duplicate check of a row's key, with the hash and stored-digest slot the row's preparation
   * found for that key when it probed the stored digests (one hash and one probe a row, changed or
   * not); otherwise the check finds them itself.
   */
  private boolean admit(String key, RowPreparation.Prepared prepared, long values, GroupRecord group) {
    return prepared != null && prepared.probed() && key.equals(prepared.key())
        ? duplicates.admit(key, prepared.keyHash(), prepared.storedSlot(), values, group)
        : duplicates.admit(key, values, group);
  }

  /**
   * Returns the hash of a row's values that tells a conflicting duplicate from an identical one: the
   * row's digest for a declarative mapping, else the record's text.
   */
  private long valuesOf(Row row, AmplitudeRecord record) {
    return mapper.hasDigest() ? mapper.digest(row) : KeySet.hash(record.toString());
  }

  /** Maps an unchanged group row for its properties; null when it cannot be mapped. */
  private GroupRecord groupOf(Row row, String key) {
    return mapper.map(row, key) instanceof Mapped.Ready ready && ready.record() instanceof GroupRecord group
        ? group : null;
  }

  /** Reports a row that did not become a record. */
  private void notMapped(Mapped mapped) {
    if (mapped instanceof Mapped.Invalid invalid) {
      duplicates.keep(invalid.key());
      tally.record(RowOutcome.INVALID, invalid.key(), invalid.reason());
    } else {
      tally.record(RowOutcome.UNCHANGED, null, null); // skipped by the row function
    }
  }

}
