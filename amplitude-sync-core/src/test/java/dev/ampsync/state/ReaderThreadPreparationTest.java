package dev.ampsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.testing.FakeAmplitude;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What depends on a row alone (its key, digest, record and violations) is prepared on the reader
 * thread while the run's thread is behind, and on the run's thread otherwise (which thread does it
 * depends on timing; {@code ReadAheadTest} pins the rule down). With a state, rows are mapped ahead
 * only while most recent rows needed mapping: these runs switch between changed and unchanged
 * stretches and check that every row still gets exactly the outcome and the request it would get on
 * one thread, that each row is digested once and mapped at most once, on one of those two threads,
 * and that an unchanged stretch is not mapped only to be dropped.
 */
class ReaderThreadPreparationTest {
  private static final int ROWS = 6_000;
  /**
   * How far the reader can be ahead of the run's thread when it is told to change course: the chunks
   * queued ({@code ReadAhead}: 4 of 256 rows), the one the run's thread is on, the one the reader
   * fills, and the window of 256 rows that decides.
   */
  private static final int LAG = 7 * 256;

  private FakeAmplitude fake;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  /**
   * Which threads read the plan column's text as a String: the digest reads it once per row (on the
   * reader), and mapping once per mapped row.
   */
  private final Map<String, AtomicInteger> mappedOn = new ConcurrentHashMap<>();

  private SyncResult run(List<Map<String, Object>> rows) {
    Mapping mapping = Mapping.builder(ObjectType.USER)
        .userId(Value.column("id"))
        .property("plan", Value.column("plan"))
        .property("ltv", Value.column("ltv"))
        .build();
    try (StateStore store = StateStores.file(dir)) {
      SyncJob job = SyncJob.builder("prepared")
          .source(InMemorySource.of(rows))
          .mapping(mapping)
          .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl()))
              .linger(Duration.ZERO))
          .state(store)
          .build();
      return AmplitudeSync.run(job);
    }
  }

  /** Users u00000..; the plan of those in [changedFrom, changedTo) is "gold" instead of "free". */
  private List<Map<String, Object>> users(int changedFrom, int changedTo) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", String.format("u%05d", i));
      row.put("plan", new ThreadNotingText(i >= changedFrom && i < changedTo ? "gold" : "free", mappedOn));
      row.put("ltv", new BigDecimal(i + ".25"));
      rows.add(row);
    }
    return rows;
  }

  /** Reads of the plan column: one per row for its digest, one per mapped row. */
  private int reads() {
    return mappedOn.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Rows mapped, on whichever thread: the reads beyond the digest's one per row. */
  private int mapped() {
    return reads() - ROWS;
  }

  /** Every read happened on the run's thread (this one) or on its reader. */
  private void readOnTheRunsThreadsOnly() {
    String caller = Thread.currentThread().getName();
    assertThat(mappedOn.keySet()).as("threads").allSatisfy(
        thread -> assertThat(thread.equals(caller) || thread.startsWith("ampsync-read-prepared")).isTrue());
  }

  @Test
  void aFirstRun_mapsOnTheReader_andEveryRowIsSentOnce() {
    SyncResult first = run(users(0, 0));

    assertThat(first.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(first.accepted()).isEqualTo(ROWS);
    assertThat(fake.users()).hasSize(ROWS);
    assertThat(fake.users().get("u05999").properties()).containsEntry("plan", "free");
    // every row needed mapping: each was digested and mapped once
    assertThat(mapped()).as("by thread %s", mappedOn).isEqualTo(ROWS);
    readOnTheRunsThreadsOnly();
  }

  @Test
  void aRunThatTurnsFromUnchangedToChanged_andBack_sendsExactlyTheChangedRows() {
    run(users(0, 0));
    mappedOn.clear();

    // unchanged, then a changed stretch, then unchanged again
    SyncResult second = run(users(1_500, 4_500));

    assertThat(second.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(second.unchanged()).isEqualTo(3_000);
    assertThat(second.accepted()).isEqualTo(3_000);
    assertThat(second.problems()).isEmpty();
    assertThat(fake.users().get("u01499").properties()).containsEntry("plan", "free");
    assertThat(fake.users().get("u01500").properties()).containsEntry("plan", "gold");
    assertThat(fake.users().get("u04499").properties()).containsEntry("plan", "gold");
    assertThat(fake.users().get("u04500").properties()).containsEntry("plan", "free");
    // the changed stretch was mapped, each row once; unchanged rows were mapped ahead only for as
    // long after the turn back as it took to tell
    assertThat(mapped()).as("by thread %s", mappedOn).isBetween(3_000, 3_000 + LAG);
    readOnTheRunsThreadsOnly();
  }

  @Test
  void anUnchangedReRun_mapsNothing() {
    run(users(0, 0));
    mappedOn.clear();

    SyncResult second = run(users(0, 0));

    assertThat(second.unchanged()).isEqualTo(ROWS);
    assertThat(mapped()).as("by thread %s", mappedOn).isZero();
    readOnTheRunsThreadsOnly();
  }

  /** Text that notes which thread reads it as a String. */
  private record ThreadNotingText(String text, Map<String, AtomicInteger> reads) implements CharSequence {
    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      reads.computeIfAbsent(Thread.currentThread().getName(), n -> new AtomicInteger()).incrementAndGet();
      return text;
    }
  }
}
