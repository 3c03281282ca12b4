package dev.ampsync.internal.engine;

import dev.ampsync.ObjectType;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncListener;
import dev.ampsync.SyncResult;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.Outcome;
import dev.ampsync.internal.wire.WireFormat;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.RecordValidator;
import dev.ampsync.record.UserRecord;
import dev.ampsync.record.Violation;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.SourceException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a sync: stream rows, map, validate, submit, account.
 *
 * <ol>
 *   <li>The job was validated when built; a mapping that names a column the source lacks fails here,
 *       before anything is sent.
 *   <li>With {@code maxRows}, a counting pass refuses a source that has more rows.
 *   <li>Each row is mapped, checked for a duplicate key, validated, and submitted to the client, which
 *       blocks when too many records are pending (so memory stays bounded whatever the row count).
 *   <li>Outcomes arrive asynchronously and are counted; problems go to the sample and the problems
 *       file.
 *   <li>On an error that stops the run (source failure, invalid API key), rows already submitted
 *       still get their outcomes; the result is FAILED with the error.
 * </ol>
 */
public final class SyncRun {
  private static final Logger LOG = LoggerFactory.getLogger(SyncRun.class);

  private final SyncJob job;
  private final boolean preview;

  private SyncRun(SyncJob job, boolean preview) {
    this.job = job;
    this.preview = preview;
  }

  /** Runs a job, sending for real. */
  public static SyncResult run(SyncJob job) {
    return new SyncRun(job, false).execute();
  }

  /** Runs a job without sending: counts what would be sent and keeps the first request bodies. */
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
    try (tally) {
      error = guardRowCount();
      if (error == null) {
        try (AmplitudeClient client = destination.build()) {
          error = stream(client, tally);
          client.flush();
          if (error == null) {
            error = client.fatalError().map(AmplitudeException::getMessage).orElse(null);
          }
          if (preview) {
            result.preview(client.previewRequests());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted";
    } catch (RuntimeException e) {
      LOG.debug("sync {} stopped", job.name(), e);
      error = e.getMessage() == null ? e.toString() : e.getMessage();
    }
    result
        .counts(
            tally.rowsRead(),
            tally.count(RowOutcome.ACCEPTED),
            tally.count(RowOutcome.UNCHANGED),
            tally.count(RowOutcome.INVALID),
            tally.count(RowOutcome.REJECTED),
            tally.count(RowOutcome.FAILED))
        .duration(tally.elapsed())
        .problems(tally.problems())
        .error(error);
    return finish(result);
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
    try (RowStream rows = job.source().open()) {
      while (count <= max && rows.next() != null) {
        count++;
      }
    }
    return count > max
        ? "the source has more than " + max + " rows (maxRows); nothing was sent. Raise maxRows if this is expected"
        : null;
  }

  /** Streams the rows through; returns the error that stopped the run early, or null. */
  private String stream(AmplitudeClient client, Tally tally) throws InterruptedException {
    RecordValidator validator = RecordValidator.withMinIdLength(client.minIdLength());
    KeySet keys = new KeySet();
    long nextProgress = System.nanoTime() + job.progressInterval().toNanos();
    try (RowStream rows = job.source().open()) {
      RowMapper mapper;
      try {
        mapper = new RowMapper(job.mapping(), rows.columns(), job.name());
      } catch (IllegalArgumentException mismatch) {
        return mismatch.getMessage();
      }
      Row row;
      while (true) {
        try {
          row = rows.next();
        } catch (SourceException e) {
          return e.getMessage();
        }
        if (row == null) {
          return null;
        }
        tally.rowRead();
        String stop = handle(row, mapper, validator, keys, client, tally);
        if (stop != null) {
          return stop;
        }
        if ((tally.rowsRead() & 255) == 0 && System.nanoTime() >= nextProgress) {
          nextProgress = System.nanoTime() + job.progressInterval().toNanos();
          SyncListenerSupport.progress(job, tally.progress());
        }
      }
    } catch (SourceException e) {
      return e.getMessage();
    }
  }

  private String handle(
      Row row, RowMapper mapper, RecordValidator validator, KeySet keys, AmplitudeClient client, Tally tally)
      throws InterruptedException {
    RowMapper.Mapped mapped = mapper.map(row);
    if (mapped.skipped()) {
      tally.record(RowOutcome.UNCHANGED, null, null);
      return null;
    }
    if (mapped.invalidReason() != null) {
      tally.record(RowOutcome.INVALID, mapped.key(), mapped.invalidReason());
      return null;
    }
    AmplitudeRecord record = mapped.record();
    if (job.skipUserPropertiesSync() && record instanceof EventRecord event) {
      record = event.toBuilder().skipUserPropertiesSync(true).build();
    }
    List<Violation> violations = validator.validate(record);
    if (!violations.isEmpty()) {
      Violation first = violations.get(0);
      String source = mapper.sourceOf(first.field());
      tally.record(RowOutcome.INVALID, mapped.key(), (source == null ? "" : source + ": ") + first.message());
      return null;
    }
    if (!keys.add(mapped.key())) {
      tally.record(RowOutcome.INVALID, mapped.key(), "duplicate key '" + mapped.key() + "': an earlier row of this run has it");
      return null;
    }
    CompletableFuture<Outcome> outcome;
    try {
      outcome = client.submit(record);
      if (job.syntheticEvent().isPresent() && record instanceof UserRecord user && !user.userProperties().isEmpty()) {
        outcome = outcome.thenCombine(client.submit(syntheticEvent(user)), SyncRun::worse);
      }
    } catch (AmplitudeException stopped) {
      tally.record(RowOutcome.FAILED, mapped.key(), stopped.getMessage());
      return stopped.getMessage();
    }
    String key = mapped.key();
    outcome.whenComplete((o, unexpected) -> {
      if (unexpected != null) {
        tally.record(RowOutcome.FAILED, key, unexpected.toString());
      } else {
        tally.record(toRowOutcome(o), key, o.reason());
      }
    });
    return null;
  }

  private EventRecord syntheticEvent(UserRecord user) {
    String userId = user.userId().orElseThrow();
    String eventType = job.syntheticEvent().orElseThrow();
    // Deterministic: the same properties of the same user in the same sync give the same insert id,
    // so a re-run within Amplitude's dedup window does not repeat the event.
    String insertId =
        Keys.insertId(job.name(), eventType, userId, null, null)
            + "-"
            + Keys.contentHash(WireFormat.get().identification(user).json());
    return EventRecord.builder(eventType)
        .userId(userId)
        .insertId(insertId)
        .eventProperty("updated_properties", List.copyOf(propertyNames(user)))
        .build();
  }

  private static List<String> propertyNames(UserRecord user) {
    List<String> names = new java.util.ArrayList<>();
    user.userProperties().operations().forEach(op -> names.addAll(user.userProperties().get(op).keySet()));
    return names;
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
    SyncListenerSupport.call(job, call);
  }

  /** Calls listeners, containing their failures. */
  static final class SyncListenerSupport {
    private SyncListenerSupport() {}

    static void progress(SyncJob job, dev.ampsync.SyncProgress progress) {
      call(job, listener -> listener.progress(progress));
    }

    static void call(SyncJob job, Consumer<SyncListener> call) {
      job.listener().ifPresent(listener -> {
        try {
          call.accept(listener);
        } catch (RuntimeException e) {
          LOG.warn("sync listener failed [sync={}]; the run goes on", job.name(), e);
        }
      });
    }
  }
}
