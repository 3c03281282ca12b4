package dev.ampsync.internal.engine;

import dev.ampsync.OnRemoved;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncListener;
import dev.ampsync.SyncProgress;
import dev.ampsync.SyncResult;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.PreviewRequest;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.RecordValidator;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.SourceException;
import dev.ampsync.state.StateException;
import dev.ampsync.state.WarehousePlanner;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a sync: stream rows, map, validate, plan against the state, submit, account, commit.
 *
 * <ol>
 *   <li>The job was validated when built; a mapping that names a column the source lacks fails here,
 *       before anything is sent.
 *   <li>With a state store: a changed mapping (or a forced resync) makes the run a resync of users,
 *       devices and groups, and the result says so ({@link RunState}). Opening writes nothing: a run
 *       that stops before anything is acknowledged leaves the state as it was.
 *   <li>With {@code maxRows}, a counting pass refuses a source that has more rows ({@link RowCountGuard}).
 *   <li>Each row goes through the {@link RowPipeline}: mapped, checked for a duplicate key, validated,
 *       planned against what Amplitude acknowledged before (unchanged: nothing is sent; changed: only
 *       what changed), and submitted to the client, which blocks when too many records are pending,
 *       so memory stays bounded.
 *   <li>Outcomes arrive asynchronously ({@link Acknowledgement}). An acknowledged record's new
 *       fingerprint is put into the state, which the {@link Committer} commits every 200 ms and at
 *       the end (commit after acknowledgement).
 *   <li>With {@code on_removed: unset}, keys in the state that no row of this run had get their mapped
 *       properties unset, and are forgotten once that is acknowledged ({@link RemovedKeys}).
 *   <li>On an error that stops the run ({@link StopReason}: source failure, invalid API key, a state
 *       write that failed), rows already submitted still get their outcomes, and rows read without
 *       one count as failed, so the outcomes add up to the rows read; the result is FAILED with the
 *       error.
 * </ol>
 *
 * <p>At the end, a run that opened the state appends itself to the state's history ({@link
 * RunHistory}), also when it failed; that is the only thing a run failing before sending writes.
 *
 * <p>A preview runs the same way over a dry-run client and never writes the state.
 */
public final class SyncRun {
  private static final Logger LOG = LoggerFactory.getLogger(SyncRun.class);

  private final SyncJob job;
  private final boolean preview;
  private final Outstanding outstanding = new Outstanding();
  private final RowCountGuard rowCount;
  // Made at the start of the run:
  private Tally tally;
  /** Null without a state store. */
  private RunState state;
  private Committer committer;
  private Watermark watermark;
  private RemovedKeys removedKeys;
  /** The store's planner when the warehouse plans this run, else null. */
  private WarehousePlanner planner;
  /** This run's warehouse planning, once its rows are opened; null when the client plans. */
  private WarehousePlanning warehouse;
  /** The keys the state held when opened (0 without a state, or for a watermark run's window). */
  private long keysAtOpen;
  /** Whether a whole-model run's state held no key when opened: its rows look nothing up. */
  private boolean heldNothingAtOpen;
  /** The stored digests being read, for a whole-model re-run; null otherwise, or once taken. */
  private StoredDigests.Pending storedDigests;

  private SyncRun(SyncJob job, boolean preview) {
    this.job = job;
    this.preview = preview;
    this.rowCount = new RowCountGuard(job.maxRows());
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
    java.time.Instant started = java.time.Instant.now();
    notify(listener -> listener.started(job));
    try {
      tally = new Tally(job.problemSampleSize(), job.problemsFile().orElse(null));
    } catch (RuntimeException e) {
      return finish(Results.notStarted(job.name(), JobTexts.of(job).apply(e.getMessage())));
    }
    String fullResync = null;
    List<PreviewRequest> previewRequests = null;
    StopReason stop;
    try (Tally closedAtTheEnd = tally) {
      state = RunState.open(job, preview);
      if (state != null && state.empty()) {
        notify(listener -> listener.noStateYet(job));
      }
      if (state != null) {
        planner = job.state().get().warehousePlanner(job.source()).orElse(null);
        RunState logged = state;
        tally.logProblemsTo(logged::logProblem);
      }
      committer = new Committer(state, job.name());
      fullResync = state == null ? null : state.fullResyncReason();
      watermark = Watermark.of(job, state == null ? null : state.watermarkAtOpen());
      // A whole-model run meets about the keys its state holds; a watermark run reads only a window.
      keysAtOpen = state != null && !watermark.enabled() ? state.keysHeld() : 0;
      heldNothingAtOpen = state != null && !watermark.enabled() && keysAtOpen == 0;
      if (keysAtOpen > 0 && planner == null && state.trustsStored()) {
        // Read now, beside opening the client and the source; a run whose rows turn out to have no
        // digest (a row function, group members) drops them.
        storedDigests = StoredDigests.start(state, job.name());
      }
      stop = rowCount.countSource(job.source(), watermark);
      if (stop == null) {
        committer.start();
        RunClient runClient = RunClient.open(job, preview);
        AmplitudeClient client = runClient.client();
        stop = sendAll(runClient, client);
        if (stop == null) {
          committer.advance(watermark);
        }
        if (preview) {
          previewRequests = client.previewRequests();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop = new StopReason.Cancelled();
    } catch (RuntimeException e) {
      LOG.debug("sync {} stopped", job.name(), e);
      StopReason stateFailure = committer == null ? null : committer.failure();
      stop = stateFailure != null ? stateFailure : StopReason.Failed.of(e);
    } finally {
      if (storedDigests != null) {
        storedDigests.discard(); // not taken: the run stopped before its rows
      }
      if (committer != null) {
        committer.finish();
      }
    }
    SyncResult result;
    try {
      if (stop == null && committer != null) {
        stop = committer.failure(); // the last commit failed
      }
      // Every row read ends in one outcome, however the run stopped.
      tally.failUnsettled();
      long removed = removedKeys == null ? 0 : removedKeys.removed();
      if (stop != null && state != null && state.writable() && !state.begun()) {
        // Stopped before writing anything: no resync began (the next run is the one), so none is reported.
        fullResync = null;
      }
      result = Results.of(job.name(), tally, fullResync, removed, previewRequests, stop, job.failWhen(), JobTexts.of(job));
      if (state != null) {
        state.recordRun(result, started); // also a run that failed before sending: it opened the state
      }
    } finally {
      if (committer != null) {
        committer.close();
      }
    }
    return finish(result);
  }

  /**
   * Streams the rows through, unsets removed keys, and waits for every outcome. Closes the client
   * only if the run built it (see {@link RunClient}).
   *
   * @return why the run stopped early, or null
   */
  private StopReason sendAll(RunClient runClient, AmplitudeClient client) throws InterruptedException {
    StopReason stop;
    try (SeenKeys keys = new SeenKeys(keysAtOpen)) {
      try {
        try (runClient) {
          stop = stream(client, keys);
          if (stop == null && warehouse != null) {
            tally.unchangedInWarehouse(warehouse.unchangedInWarehouse());
          }
          if (stop == null && job.onRemoved() == OnRemoved.UNSET && state != null) {
            removedKeys = new RemovedKeys(job.mapping(), state, committer, outstanding);
            stop = warehouse == null
                ? removedKeys.unsetAll(client, keys)
                : removedKeys.unsetAll(client, keys, warehouse::forEachRemovedKey);
          }
          client.flush();
        }
      } finally {
        // Closing an owned client failed whatever was still unresolved; a shared one resolves it in
        // time. Now every outcome callback can finish (also when the run failed: its counts need them).
        outstanding.awaitNone();
      }
      if (stop == null) {
        stop = client.fatalError().<StopReason>map(e -> new StopReason.ClientFailed(e.getMessage())).orElse(null);
      }
      if (stop == null) {
        stop = committer.failure();
      }
      if (stop == null && state != null) {
        state.complete(keys, job.onRemoved());
      }
    }
    return stop;
  }

  /** Opens the source, compiles the mapping against its columns and streams the rows through. */
  private StopReason stream(AmplitudeClient client, SeenKeys keys) throws InterruptedException {
    try {
      RowStream opened;
      if (planner != null) {
        RecordValidator validator = RecordValidator.withMinIdLength(client.minIdLength());
        warehouse = WarehousePlanning.of(planner, job, state.name(),
            job.objectType().specName() + ":" + job.mapping().fingerprint() + ":" + validator.minIdLength(),
            !state.trustsStored(), watermark.column(), watermark.readAfter());
        opened = warehouse.open();
      } else {
        opened = watermark.open(job.source());
      }
      RowMapper mapper;
      try {
        mapper = new RowMapper(job.mapping(), opened.columns(), job.name(), JobTexts.placeOf(job));
      } catch (RuntimeException mismatch) {
        try (opened) {
          if (mismatch instanceof IllegalArgumentException) {
            return new StopReason.ColumnMissing(mismatch.getMessage());
          }
          throw mismatch;
        }
      }
      RecordValidator validator = RecordValidator.withMinIdLength(client.minIdLength());
      KeyAndDigest keyAndDigest = keyAndDigest(mapper, validator);
      // Warehouse-planned rows carry their key and digest: the reader has nothing to prepare.
      // A whole-model re-run reads the stored digests in one pass (started when the state opened),
      // instead of the state once per row.
      StoredDigests.Pending pending = storedDigests;
      storedDigests = null;
      StoredDigests read = null;
      if (pending != null) {
        if (warehouse != null || keyAndDigest == null) {
          pending.discard();
        } else {
          try {
            read = pending.await();
          } catch (StateException e) {
            try (opened) {
              StopReason writeFailure = committer.failure();
              return writeFailure != null ? writeFailure : new StopReason.StateFailed(e.getMessage());
            }
          } catch (InterruptedException | RuntimeException e) {
            opened.close();
            throw e;
          }
        }
      }
      if (read != null) {
        LOG.debug("sync {}: {} stored digests {}", job.name(), read.size(),
            read.loaded() ? "loaded from the table the last run left" : "read from the state");
      }
      // Kept by the state, they are left for the next run with this run's writes applied, and freed
      // when the state closes; else the seen keys free them once the run is done with its keys. The
      // keys they hold are marked seen beside their slots, which each row's probe finds anyway.
      if (read != null) {
        keys.markStored(read, !state.keepDigests(read));
      }
      RowPreparation preparation = warehouse != null ? null
          : RowPreparation.of(mapper, keyAndDigest, validator, read, job.skipUserPropertiesSync());
      RowPipeline pipeline = pipeline(mapper, client, keys, validator, keyAndDigest, preparation);
      // Read on another thread: the source's work overlaps with mapping and sending, and what depends
      // on the row alone is prepared there too. Closing it stops the reader and closes the stream.
      try (ReadAhead rows = new ReadAhead(opened, job.name(), preparation == null ? null : preparation::prepareAhead,
          preparation == null ? null : preparation::prepareRest)) {
        return consume(rows, pipeline);
      }
    } catch (SourceException e) {
      return new StopReason.SourceFailed(e.getMessage());
    }
  }

  /** The key-and-digest stage of the unchanged-row shortcut, or null when the run has none. */
  private KeyAndDigest keyAndDigest(RowMapper mapper, RecordValidator validator) {
    // A row with members has a key per member: the shortcut, one key per row, would hide them.
    boolean shortcut = state != null && mapper.hasDigest() && !mapper.hasMembers();
    return shortcut
        ? new KeyAndDigest(mapper, validator.minIdLength(), state.trustsStored(),
            job.objectType().specName() + ":" + job.mapping().fingerprint())
        : null;
  }

  /** Builds this run's stages. */
  private RowPipeline pipeline(RowMapper mapper, AmplitudeClient client, SeenKeys keys, RecordValidator validator,
      KeyAndDigest keyAndDigest, RowPreparation preparation) {
    SyntheticEvent synthetic = job.syntheticEvent().map(type -> new SyntheticEvent(job.name(), type)).orElse(null);
    return new RowPipeline(
        keyAndDigest,
        keyAndDigest != null ? new UnchangedShortcut(state, heldNothingAtOpen) : null,
        mapper,
        job.skipUserPropertiesSync(),
        new DuplicateCheck(keys, tally, job.mapping().objectType() == ObjectType.GROUP),
        new RecordValidation(validator, mapper, tally),
        new RecordPlanning(state, committer, tally),
        new Submission(
            client, synthetic, new Acknowledgement(committer, watermark, tally, outstanding, client::fatalError)),
        tally,
        warehouse,
        preparation);
  }

  /** Reads the rows of this run's window into the pipeline; returns why it stopped early, or null. */
  private StopReason consume(ReadAhead rows, RowPipeline pipeline) throws InterruptedException {
    long nextProgress = System.nanoTime() + job.progressInterval().toNanos();
    while (true) {
      Row row;
      try {
        row = rows.next();
      } catch (SourceException e) {
        return new StopReason.SourceFailed(e.getMessage());
      }
      if (row == null) {
        return null;
      }
      if (warehouse != null) {
        warehouse.returned();
      }
      StopReason stateFailure = committer.failure();
      if (stateFailure != null) {
        return stateFailure; // what it would send could no longer be recorded: stop before this row
      }
      long time = Watermark.NO_TIME;
      if (watermark.enabled()) {
        time = watermark.timeOf(row);
        if (time != Watermark.NO_TIME && watermark.beforeWindow(time)) {
          continue; // before this run's window: read by an earlier run
        }
        if (time == Watermark.NO_TIME) {
          tally.rowRead();
          tally.record(RowOutcome.INVALID, null, watermark.noTimeReason());
          continue;
        }
        watermark.read(time);
      }
      StopReason stop = rowCount.admit(tally);
      if (stop != null) {
        return stop;
      }
      tally.rowRead();
      try {
        stop = pipeline.process(row, (RowPreparation.Prepared) rows.prepared(), time);
      } catch (StateException e) {
        StopReason writeFailure = committer.failure();
        return writeFailure != null ? writeFailure : new StopReason.StateFailed(e.getMessage());
      }
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

  private SyncResult finish(SyncResult result) {
    notify(listener -> listener.finished(result));
    return result;
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
