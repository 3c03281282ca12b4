package dev.ampsync.internal.engine;

import dev.ampsync.record.ObjectType;
import dev.ampsync.OnRemoved;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncListener;
import dev.ampsync.SyncProgress;
import dev.ampsync.SyncResult;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.Outcome;
import dev.ampsync.internal.state.Fingerprints;
import dev.ampsync.internal.state.Planner;
import dev.ampsync.internal.wire.WireFormat;
import dev.ampsync.mapping.PropertyMapping;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.DeviceRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.RecordValidator;
import dev.ampsync.record.UserRecord;
import dev.ampsync.record.Violation;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.SourceException;
import dev.ampsync.state.SyncState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a sync: stream rows, map, validate, plan against the state, submit, account, commit.
 *
 * <ol>
 *   <li>The job was validated when built; a mapping that names a column the source lacks fails here,
 *       before anything is sent.
 *   <li>With a state store: a changed mapping (or a forced resync) clears the state of users, devices
 *       and groups, and the result says so.
 *   <li>With {@code maxRows}, a counting pass refuses a source that has more rows.
 *   <li>Each row is mapped, checked for a duplicate key, validated, planned against what Amplitude
 *       acknowledged before (unchanged: nothing is sent; changed: only what changed), and submitted to
 *       the client, which blocks when too many records are pending, so memory stays bounded.
 *   <li>Outcomes arrive asynchronously. An acknowledged record's new fingerprint is put into the state,
 *       and the state is committed every 200 ms and at the end (commit after acknowledgement).
 *   <li>With {@code on_removed: unset}, keys in the state that no row of this run had get their mapped
 *       properties unset, and are forgotten once that is acknowledged.
 *   <li>On an error that stops the run (source failure, invalid API key), rows already submitted
 *       still get their outcomes; the result is FAILED with the error.
 * </ol>
 *
 * <p>A preview runs the same way over a dry-run client and never writes the state.
 */
public final class SyncRun {
  private static final Logger LOG = LoggerFactory.getLogger(SyncRun.class);
  private static final String MAPPING_META = "mapping";
  private static final String WATERMARK_META = "watermark";
  private static final long COMMIT_EVERY_MS = 200;

  private final SyncJob job;
  private final boolean preview;
  private SyncState state;
  /** True when the stored state must not be trusted in this run (a preview of a resync). */
  private boolean ignoreStoredProperties;
  private final AtomicLong removed = new AtomicLong();
  private final Outstanding outstanding = new Outstanding();
  /** Watermark mode: the exclusive lower bound of this run (null: read everything). */
  private java.time.Instant readAfter;
  /** Watermark mode: the latest watermark-column time among rows read. */
  private final AtomicLong latestRead = new AtomicLong(Long.MIN_VALUE);
  /** Watermark mode: the earliest time among rows that failed (they must be read again). */
  private final AtomicLong earliestFailed = new AtomicLong(Long.MAX_VALUE);

  private SyncRun(SyncJob job, boolean preview) {
    this.job = job;
    this.preview = preview;
  }

  /** Runs a job, sending for real. */
  public static SyncResult run(SyncJob job) {
    return new SyncRun(job, false).execute();
  }

  /** Runs a job without sending or writing state: counts what would be sent, keeps the first bodies. */
  public static SyncResult preview(SyncJob job) {
    return new SyncRun(job, true).execute();
  }

  private SyncResult execute() {
    notify(listener -> listener.started(job));
    SyncResult.Builder result = SyncResult.builder(job.name());
    Tally tally;
    try {
      tally = new Tally(job.problemSampleSize(), job.problemsFile().orElse(null));
    } catch (RuntimeException e) {
      return finish(result.error(e.getMessage()));
    }
    String error;
    AmplitudeClient.Builder destination = job.destination();
    if (preview) {
      destination.dryRun(job.previewRequests());
    }
    ScheduledExecutorService committer = null;
    try (tally) {
      result.fullResync(openState());
      error = guardRowCount();
      if (error == null) {
        if (state != null && !preview) {
          committer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ampsync-state-commit");
            thread.setDaemon(true);
            return thread;
          });
          SyncState committed = state;
          committer.scheduleWithFixedDelay(() -> commitQuietly(committed), COMMIT_EVERY_MS, COMMIT_EVERY_MS, TimeUnit.MILLISECONDS);
        }
        AmplitudeClient client = destination.build();
        try (client; KeySet keys = new KeySet()) {
          error = stream(client, tally, keys);
          if (error == null && job.onRemoved() == OnRemoved.UNSET && state != null) {
            error = unsetRemoved(client, keys);
          }
          client.flush();
        }
        // Closing failed whatever was still unresolved; now every outcome callback can finish.
        outstanding.awaitNone();
        if (error == null) {
          error = client.fatalError().map(AmplitudeException::getMessage).orElse(null);
        }
        if (error == null) {
          advanceWatermark();
        }
        if (preview) {
          result.preview(client.previewRequests());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (RuntimeException e) {
      LOG.debug("sync {} stopped", job.name(), e);
      error = e.getMessage() == null ? e.toString() : e.getMessage();
    } finally {
      if (committer != null) {
        // No interrupt: an interrupted FileChannel write closes the channel and loses the commit.
        committer.shutdown();
        try {
          committer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      closeState();
    }
    result
        .counts(
            tally.rowsRead(),
            tally.count(RowOutcome.ACCEPTED),
            tally.count(RowOutcome.UNCHANGED),
            tally.count(RowOutcome.INVALID),
            tally.count(RowOutcome.REJECTED),
            tally.count(RowOutcome.FAILED))
        .removed(removed.get())
        .duration(tally.elapsed())
        .problems(tally.problems())
        .error(error);
    return finish(result);
  }

  /** Opens the state; returns why this run is a full resync, or null. */
  private String openState() {
    if (job.state().isEmpty()) {
      return null;
    }
    state = preview ? job.state().get().openForPreview(job.name()) : job.state().get().open(job.name());
    String fingerprint = job.objectType().specName() + ":" + job.mapping().fingerprint();
    String stored = state.meta(MAPPING_META);
    String reason = null;
    if (job.fullResync()) {
      reason = "forced";
    } else if (stored != null && !stored.equals(fingerprint)) {
      reason = job.objectType() == ObjectType.EVENT
          ? "mapping changed; acknowledged events are kept and not sent again"
          : "mapping changed";
    }
    boolean clear = job.fullResync() || reason != null && job.objectType() != ObjectType.EVENT;
    String watermark = state.meta(WATERMARK_META);
    if (job.watermarkColumn().isPresent() && watermark != null && !job.fullResync()) {
      readAfter = java.time.Instant.ofEpochMilli(Long.parseLong(watermark)).minus(job.watermarkLag());
    }
    if (preview) {
      ignoreStoredProperties = clear;
    } else {
      if (clear) {
        state.clear();
      }
      state.meta(MAPPING_META, fingerprint);
      state.commit();
    }
    return reason;
  }

  private void closeState() {
    if (state != null) {
      // The final commit must not see an interrupt (an interrupted run): file I/O would abort.
      boolean interrupted = Thread.interrupted();
      try {
        state.close();
      } catch (RuntimeException e) {
        LOG.warn("could not commit the state of sync {}: {}", job.name(), e.getMessage());
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void commitQuietly(SyncState target) {
    try {
      target.commit();
    } catch (RuntimeException e) {
      LOG.warn("could not commit the state of sync {}; it is retried: {}", job.name(), e.getMessage());
    }
  }

  private SyncResult finish(SyncResult.Builder builder) {
    SyncResult result = builder.build();
    notify(listener -> listener.finished(result));
    return result;
  }

  /** Returns an error when the source has more rows than {@code maxRows}. */
  private String guardRowCount() {
    if (job.maxRows().isEmpty()) {
      return null;
    }
    long max = job.maxRows().get();
    long count = 0;
    String column = job.watermarkColumn().orElse(null);
    try (RowStream rows = readAfter == null ? job.source().open() : job.source().openAfter(column, readAfter)) {
      Row row;
      while (count <= max && (row = rows.next()) != null) {
        if (readAfter != null && !after(row, column, readAfter)) {
          continue;
        }
        count++;
      }
    }
    return count > max
        ? "the source has more than " + max + " rows (maxRows); nothing was sent. Raise maxRows if this is expected"
        : null;
  }

  /** Tells whether a row's watermark column is after the bound (rows without a time count as inside). */
  private static boolean after(Row row, String column, java.time.Instant bound) {
    try {
      Object raw = row.get(column);
      return raw == null || Conversions.time(raw, column).isAfter(bound);
    } catch (RowException | IllegalArgumentException unreadable) {
      return true;
    }
  }

  /** Streams the rows through; returns the error that stopped the run early, or null. */
  private String stream(AmplitudeClient client, Tally tally, KeySet keys) throws InterruptedException {
    RecordValidator validator = RecordValidator.withMinIdLength(client.minIdLength());
    String watermarkColumn = job.watermarkColumn().orElse(null);
    try {
      RowStream opened = readAfter == null ? job.source().open() : job.source().openAfter(watermarkColumn, readAfter);
      RowMapper mapper;
      try {
        mapper = new RowMapper(job.mapping(), opened.columns(), job.name());
      } catch (RuntimeException mismatch) {
        try (opened) {
          if (mismatch instanceof IllegalArgumentException) {
            return mismatch.getMessage();
          }
          throw mismatch;
        }
      }
      // Read on another thread: the source's work overlaps with mapping and sending. Without a state
      // (nothing to look up first), declarative mappings also run there. Closing it stops the reader
      // and closes the stream.
      RowMapper premapper = state == null && mapper.hasDigest() ? mapper : null;
      try (ReadAhead rows = new ReadAhead(opened, job.name(), premapper == null ? null : premapper::map)) {
        return consume(rows, mapper, validator, keys, client, tally, watermarkColumn);
      }
    } catch (SourceException e) {
      return e.getMessage();
    }
  }

  private String consume(
      ReadAhead rows, RowMapper mapper, RecordValidator validator, KeySet keys, AmplitudeClient client, Tally tally,
      String watermarkColumn)
      throws InterruptedException {
    long nextProgress = System.nanoTime() + job.progressInterval().toNanos();
    while (true) {
      Row row;
      try {
        row = rows.next();
      } catch (SourceException e) {
        return e.getMessage();
      }
      if (row == null) {
        return null;
      }
      Long time = null;
      if (watermarkColumn != null) {
        try {
          Object raw = row.get(watermarkColumn);
          time = raw == null ? null : Conversions.time(raw, "watermark column '" + watermarkColumn + "'").toEpochMilli();
        } catch (RowException | IllegalArgumentException e) {
          time = null;
        }
        if (time != null && readAfter != null && time <= readAfter.toEpochMilli()) {
          continue; // before this run's window: read by an earlier run
        }
        if (time == null) {
          tally.rowRead();
          tally.record(RowOutcome.INVALID, null,
              "watermark column '" + watermarkColumn + "' is NULL or not a time; the row cannot be placed in watermark mode");
          continue;
        }
        latestRead.accumulateAndGet(time, Math::max);
      }
      if (job.maxRows().isPresent() && tally.rowsRead() >= job.maxRows().get()) {
        return "the source grew past " + job.maxRows().get() + " rows (maxRows) during the run; stopped after "
            + tally.rowsRead() + " rows. Raise maxRows if this is expected";
      }
      tally.rowRead();
      String stop = handle(row, (RowMapper.Mapped) rows.prepared(), mapper, validator, keys, client, tally, time);
      if (stop != null) {
        return stop;
      }
      if ((tally.rowsRead() & 255) == 0 && System.nanoTime() >= nextProgress) {
        nextProgress = System.nanoTime() + job.progressInterval().toNanos();
        SyncProgress progress = tally.progress();
        notify(listener -> listener.progress(progress));
      }
    }
  }

  private String handle(
      Row row, RowMapper.Mapped premapped, RowMapper mapper, RecordValidator validator, KeySet keys,
      AmplitudeClient client, Tally tally, Long time)
      throws InterruptedException {
    // Unchanged-row shortcut: with a state, find the row's key from its identifier columns alone and
    // look it up; a key whose stored fingerprint carries this very row's digest (an event acknowledged
    // from the same row, a user, device or group acknowledged with the same values) is unchanged
    // without mapping, validating or fingerprinting the row.
    Long digest = null;
    String lookedUp = null;
    byte[] stored = null;
    if (state != null && mapper.hasDigest()) {
      digest = rowDigest(mapper, row, validator);
      if (!ignoreStoredProperties) {
        lookedUp = mapper.keyOf(row);
      }
      if (lookedUp != null) {
        stored = state.get(lookedUp);
        if (stored != null && Fingerprints.hasRowDigest(stored, digest)) {
          if (!keys.add(lookedUp)) {
            tally.record(RowOutcome.INVALID, lookedUp, duplicate(lookedUp));
          } else {
            tally.record(RowOutcome.UNCHANGED, lookedUp, null);
          }
          return null;
        }
      }
    }
    RowMapper.Mapped mapped = premapped != null ? premapped : mapper.map(row, lookedUp);
    if (mapped instanceof RowMapper.Mapped.Skipped) {
      tally.record(RowOutcome.UNCHANGED, null, null);
      return null;
    }
    String key = mapped.key();
    if (mapped instanceof RowMapper.Mapped.Invalid invalid) {
      if (key != null) {
        keys.add(key); // still in the model: on_removed must not unset it
      }
      tally.record(RowOutcome.INVALID, key, invalid.reason());
      return null;
    }
    AmplitudeRecord record = ((RowMapper.Mapped.Ready) mapped).record();
    if (job.skipUserPropertiesSync() && record instanceof EventRecord event) {
      record = event.toBuilder().skipUserPropertiesSync(true).build();
    }
    if (!keys.add(key)) {
      tally.record(RowOutcome.INVALID, key, duplicate(key));
      return null;
    }
    List<Violation> violations = validator.validate(record);
    if (!violations.isEmpty()) {
      Violation first = violations.get(0);
      String source = mapper.sourceOf(first.field());
      tally.record(RowOutcome.INVALID, key, (source == null ? "" : source + ": ") + first.message());
      return null;
    }
    Planner.Decision decision = plan(record, key, key.equals(lookedUp), stored, digest);
    if (decision.unchanged()) {
      if (state != null && !preview && decision.fingerprintChanged()) {
        state.put(key, decision.fingerprint()); // e.g. a NULL skipped: nothing to send, new fingerprint
      }
      tally.record(RowOutcome.UNCHANGED, key, null);
      return null;
    }
    AmplitudeRecord send = decision.send();
    CompletableFuture<Outcome> outcome;
    try {
      outcome = client.submit(send);
      if (job.syntheticEvent().isPresent() && send instanceof UserRecord user && !user.userProperties().isEmpty()) {
        outcome = outcome.thenCombine(client.submit(syntheticEvent(user)), SyncRun::worse);
      }
    } catch (AmplitudeException stopped) {
      failedAt(time);
      tally.record(RowOutcome.FAILED, key, stopped.getMessage());
      return stopped.getMessage();
    } catch (InterruptedException interrupted) {
      failedAt(time);
      tally.record(RowOutcome.FAILED, key, "interrupted before the row was sent");
      throw interrupted;
    }
    byte[] fingerprint = decision.fingerprint();
    outstanding.add();
    outcome.whenComplete((o, unexpected) -> {
      try {
        if (unexpected != null) {
          failedAt(time);
          tally.record(RowOutcome.FAILED, key, unexpected.toString());
          return;
        }
        if (o.status() == Outcome.Status.FAILED) {
          failedAt(time);
        }
        if (o.isAccepted() && state != null && !preview) {
          state.put(key, fingerprint); // commit after acknowledgement
        }
        tally.record(toRowOutcome(o), key, o.reason());
      } finally {
        outstanding.done();
      }
    });
    return null;
  }

  private void failedAt(Long time) {
    if (time != null) {
      earliestFailed.accumulateAndGet(time, Math::min);
    }
  }

  /**
   * Moves the watermark after a run that read the whole source: to the latest time read, but never
   * past a row that failed (it must be read again), and never backwards.
   */
  private void advanceWatermark() {
    if (state == null || preview || job.watermarkColumn().isEmpty() || latestRead.get() == Long.MIN_VALUE) {
      return;
    }
    long next = latestRead.get();
    if (earliestFailed.get() != Long.MAX_VALUE) {
      next = Math.min(next, earliestFailed.get() - 1);
    }
    String stored = state.meta(WATERMARK_META);
    if (stored == null || job.fullResync() || next > Long.parseLong(stored)) {
      state.meta(WATERMARK_META, Long.toString(next));
      state.commit();
    }
  }

  /**
   * Plans a record against the state; {@code stored} is what the shortcut already read for this key
   * when {@code lookedUp}, so the state is read once per row.
   */
  private Planner.Decision plan(AmplitudeRecord record, String key, boolean lookedUp, byte[] stored, Long digest) {
    if (state == null) {
      return new Planner.Decision(record, null);
    }
    if (ignoreStoredProperties) {
      stored = null;
    } else if (!lookedUp) {
      stored = state.get(key);
    }
    return Planner.plan(record, stored, digest);
  }

  /**
   * The row's digest, which also covers the validator's settings: a row acknowledged under one
   * {@code min_id_length} is checked again under another.
   */
  private static long rowDigest(RowMapper mapper, Row row, RecordValidator validator) {
    return mapper.digest(row) * 31 + validator.minIdLength();
  }

  private static String duplicate(String key) {
    return "duplicate key '" + Keys.display(key) + "': an earlier row of this run has it";
  }

  /**
   * Unsets the mapped properties of keys that left the source, streaming over the state (memory stays
   * bounded: the client's backpressure paces the iteration); returns an error that stopped it, or null.
   */
  private String unsetRemoved(AmplitudeClient client, KeySet seen) throws InterruptedException {
    List<String> names = new ArrayList<>();
    for (PropertyMapping property : job.mapping().properties()) {
      names.add(property.name());
    }
    try {
      state.forEachKey(key -> {
        if (!seen.contains(key)) {
          removeKey(client, key, names);
        }
      });
      return null;
    } catch (AmplitudeException stopped) {
      return stopped.getMessage();
    } catch (Interrupted interrupted) {
      throw interrupted.cause;
    }
  }

  private void removeKey(AmplitudeClient client, String key, List<String> names) {
    if (names.isEmpty()) {
      forget(key);
      return;
    }
    try {
      CompletableFuture<Outcome> outcome = client.submit(removal(key, names));
      outstanding.add();
      outcome.whenComplete((o, unexpected) -> {
        try {
          if (unexpected == null && o.isAccepted()) {
            forget(key);
          }
        } finally {
          outstanding.done();
        }
      });
    } catch (InterruptedException e) {
      throw new Interrupted(e);
    }
  }

  private void forget(String key) {
    if (!preview) {
      state.remove(key);
    }
    removed.incrementAndGet();
  }

  /** Carries an interrupt out of a state iteration. */
  private static final class Interrupted extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient InterruptedException cause;

    Interrupted(InterruptedException cause) {
      super(cause);
      this.cause = cause;
    }
  }

  private AmplitudeRecord removal(String key, List<String> names) {
    PropertyOperations.Builder unset = PropertyOperations.builder();
    names.forEach(unset::unset);
    PropertyOperations properties = unset.build();
    return switch (job.objectType()) {
      case USER -> UserRecord.builder(key).userProperties(properties).build();
      case DEVICE -> DeviceRecord.builder(key).userProperties(properties).build();
      case GROUP -> {
        String[] parts = key.split(String.valueOf(Keys.GROUP_SEPARATOR), -1);
        yield GroupRecord.builder(parts[0], parts[1]).groupProperties(properties).build();
      }
      case EVENT -> throw new AssertionError("events are never removed");
    };
  }

  private EventRecord syntheticEvent(UserRecord user) {
    String userId = user.userId().orElseThrow();
    String eventType = job.syntheticEvent().orElseThrow();
    // Deterministic: the same values of the same user in the same sync give the same insert id, so a
    // re-run within Amplitude's dedup window does not repeat the event.
    String insertId =
        Keys.insertId(job.name(), eventType, userId, null, null)
            + "-"
            + Keys.contentHash(WireFormat.get().identification(user).json());
    List<String> names = new ArrayList<>();
    user.userProperties().operations().forEach(op -> names.addAll(user.userProperties().get(op).keySet()));
    return EventRecord.builder(eventType)
        .userId(userId)
        .insertId(insertId)
        .eventProperty("updated_properties", names)
        .build();
  }

  private static Outcome worse(Outcome a, Outcome b) {
    return a.status().ordinal() >= b.status().ordinal() ? a : b;
  }

  private static RowOutcome toRowOutcome(Outcome outcome) {
    return switch (outcome.status()) {
      case ACCEPTED -> RowOutcome.ACCEPTED;
      case REJECTED -> RowOutcome.REJECTED;
      case FAILED -> RowOutcome.FAILED;
    };
  }

  private void notify(Consumer<SyncListener> call) {
    job.listener().ifPresent(listener -> {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("sync listener failed [sync={}]; the run goes on", job.name(), e);
      }
    });
  }
}
