package dev.ampsync.internal.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncProgress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts row outcomes from the run thread and the client's threads, keeps a bounded sample of
 * problems, and streams every problem to the problems file.
 */
final class Tally implements AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();
  private final EnumMap<RowOutcome, LongAdder> counts = new EnumMap<>(RowOutcome.class);
  private final LongAdder rowsRead = new LongAdder();
  /** Members of group rows ({@code members}), each a record beside its row's group. */
  private final LongAdder members = new LongAdder();
  private final int sampleSize;
  private final List<Problem> sample = new ArrayList<>();
  private final BufferedWriter problemsFile;
  private final long started = System.nanoTime();
  /** The model rows the warehouse found unchanged: records with an outcome that were never read. */
  private final LongAdder unchangedInWarehouse = new LongAdder();
  /** Where problems are also logged (a state store's sync logs), or null. */
  private volatile ProblemLog problemLog;

  /** Receives each listed problem, with the row's key as the engine keeps it. */
  interface ProblemLog {
    void problem(String key, RowOutcome outcome, String reason);
  }

  Tally(int sampleSize, Path problemsFile) {
    this.sampleSize = sampleSize;
    for (RowOutcome outcome : RowOutcome.values()) {
      counts.put(outcome, new LongAdder());
    }
    try {
      if (problemsFile != null) {
        Path parent = problemsFile.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        this.problemsFile = Files.newBufferedWriter(problemsFile, StandardCharsets.UTF_8);
      } else {
        this.problemsFile = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the problems file " + problemsFile + ": " + e.getMessage(), e);
    }
  }

  void rowRead() {
    rowsRead.increment();
  }

  /**
   * Counts the members of a group row read with {@code members}: each is a record with an outcome of
   * its own, beside the row's group, so {@link #records} grows by their number.
   */
  void membersRead(long members) {
    this.members.add(members);
  }

  /**
   * Counts model rows the warehouse found unchanged, which never left it: each is an unchanged record
   * of its own, so {@link #records} grows by their number.
   */
  void unchangedInWarehouse(long rows) {
    unchangedInWarehouse.add(rows);
    counts.get(RowOutcome.UNCHANGED).add(rows);
  }

  /** Also logs every listed problem to {@code log} from now on. */
  void logProblemsTo(ProblemLog log) {
    this.problemLog = log;
  }

  /**
   * Returns how many records have (or will have) an outcome: a record per row, plus the members, plus
   * the rows the warehouse found unchanged.
   */
  long records() {
    return rowsRead.sum() + members.sum() + unchangedInWarehouse.sum();
  }

  void record(RowOutcome outcome, String key, String reason) {
    counts.get(outcome).increment();
    if (outcome == RowOutcome.ACCEPTED || outcome == RowOutcome.UNCHANGED) {
      return;
    }
    Problem problem =
        new Problem(Keys.display(key), outcome, reason == null ? outcome.name().toLowerCase(java.util.Locale.ROOT) : reason);
    synchronized (this) {
      if (sample.size() < sampleSize) {
        sample.add(problem);
      }
      if (problemsFile != null) {
        writeLine(problem);
      }
    }
    ProblemLog log = problemLog;
    if (log != null) {
      log.problem(key, outcome, problem.reason());
    }
  }

  /** Counts an outcome without listing it as a problem (the run's error already says why). */
  void recordUnlisted(RowOutcome outcome) {
    counts.get(outcome).increment();
  }

  private void writeLine(Problem problem) {
    try {
      JsonGenerator out = JSON.createGenerator(problemsFile);
      out.writeStartObject();
      out.writeStringField("key", problem.key());
      out.writeStringField("outcome", problem.outcome().name());
      out.writeStringField("reason", problem.reason());
      out.writeEndObject();
      out.flush();
      problemsFile.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Counts every record read that has no outcome as failed (a run that stopped part-way: rows read but
   * never sent, or sent without an outcome; members of a group row not yet sent), so that the outcomes
   * add up to the {@link #records}. Call it once no outcome can arrive any more. The run's error says
   * why, so they are not listed.
   *
   * @return how many records it counted
   */
  long failUnsettled() {
    long settled = 0;
    for (LongAdder count : counts.values()) {
      settled += count.sum();
    }
    long unsettled = records() - settled;
    if (unsettled > 0) {
      counts.get(RowOutcome.FAILED).add(unsettled);
      return unsettled;
    }
    return 0;
  }

  long count(RowOutcome outcome) {
    return counts.get(outcome).sum();
  }

  long rowsRead() {
    return rowsRead.sum();
  }

  synchronized List<Problem> problems() {
    return List.copyOf(sample);
  }

  Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  SyncProgress progress() {
    return Results.progress(
        rowsRead(),
        count(RowOutcome.ACCEPTED),
        count(RowOutcome.UNCHANGED),
        count(RowOutcome.INVALID),
        count(RowOutcome.REJECTED),
        count(RowOutcome.FAILED),
        elapsed());
  }

  @Override
  public synchronized void close() {
    if (problemsFile != null) {
      try {
        problemsFile.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
