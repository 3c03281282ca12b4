package dev.ampsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.Source;
import dev.ampsync.source.SourceException;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.StateStores;
import dev.ampsync.state.SyncState;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.FakeProfile;
import dev.ampsync.testing.FaultKind;
import dev.ampsync.testing.RecordedRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user sync whose source drops its connection mid-stream, with a file state store: the first run
 * fails with the source's error after every row it read got an outcome, the state holds exactly the
 * acknowledged rows, and the next run (healthy source) sends only what was not acknowledged.
 */
class SourceFailureRecoveryTest {
  private static final int ROWS = 10_000;
  private static final int FAIL_AFTER = 3_000;
  private static final String SYNC = "users-recovery";
  private static final Instant BASE_TIME = Instant.parse("2024-03-01T00:00:00Z");
  private static final List<String> PLANS = List.of("free", "starter", "pro", "team", "enterprise");
  private static final Pattern USER_ID = Pattern.compile("\"user_id\":\"([^\"]*)\"");

  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", ColumnType.STRING),
          new Column("plan", ColumnType.STRING),
          new Column("lifetime_value", ColumnType.DECIMAL),
          new Column("seats", ColumnType.INTEGER),
          new Column("trial_end", ColumnType.TIMESTAMP),
          new Column("signed_up", ColumnType.DATE));

  @TempDir Path stateDir;

  private static String userId(int i) {
    return String.format("member-%06d", i);
  }

  private static Map<String, Object> row(int i) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", userId(i));
    row.put("plan", PLANS.get(i % PLANS.size()));
    row.put("lifetime_value", BigDecimal.valueOf(i * 1_000_003L + 7, 3));
    row.put("seats", (long) (i % 90) + 1);
    row.put("trial_end", BASE_TIME.plusSeconds(i * 3_600L));
    row.put("signed_up", LocalDate.of(2021, 6, 1).plusDays(i % 700));
    return row;
  }

  private static Map<String, Object> expectedProfile(int i) {
    Map<String, Object> row = row(i);
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("plan", row.get("plan"));
    profile.put("lifetime_value", row.get("lifetime_value"));
    profile.put("seats", row.get("seats"));
    profile.put("trial_end", ((Instant) row.get("trial_end")).toString().replace("Z", ".000Z"));
    profile.put("signed_up", row.get("signed_up").toString());
    return profile;
  }

  /** Streams {@link #ROWS} users; on its first open only, drops the connection after {@link #FAIL_AFTER} rows. */
  private static final class DroppingSource implements Source {
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();

    @Override
    public RowStream open() {
      boolean dropping = opens.getAndIncrement() == 0;
      RowStream rows = InMemorySource.streaming(COLUMNS, generated()).open();
      return new RowStream() {
        private int handedOut;

        @Override
        public List<Column> columns() {
          return rows.columns();
        }

        @Override
        public Row next() {
          if (dropping && handedOut == FAIL_AFTER) {
            throw new SourceException("connection dropped", new IOException("Connection reset by peer"));
          }
          handedOut++;
          return rows.next();
        }

        @Override
        public void close() {
          closes.incrementAndGet();
          rows.close();
        }
      };
    }

    @Override
    public String describe() {
      return "test source that drops its connection once";
    }

    private static Iterable<Map<String, Object>> generated() {
      return () -> new Iterator<>() {
        private int next;

        @Override
        public boolean hasNext() {
          return next < ROWS;
        }

        @Override
        public Map<String, Object> next() {
          if (next >= ROWS) {
            throw new NoSuchElementException();
          }
          return row(next++);
        }
      };
    }
  }

  @Test
  void sourceDroppingMidStream_failsTheRun_keepsExactlyTheAcknowledgedRows_andTheNextRunSendsOnlyTheRest()
      throws Exception {
    DroppingSource source = new DroppingSource();
    try (FakeAmplitude fake = FakeAmplitude.start()) {
      // Run 1: a flaky, slow Amplitude, so that records are in flight and retried when the source drops.
      fake.randomFaults(
          0.2,
          7L,
          EnumSet.of(FaultKind.SERVER_ERROR, FaultKind.ACCEPT_THEN_FAIL, FaultKind.RESET, FaultKind.DELAY),
          Duration.ofMillis(30));
      SyncResult first;
      try (StateStore state = StateStores.file(stateDir)) {
        first = AmplitudeSync.run(job(source, fake, state));
      }

      assertThat(first.status()).isEqualTo(SyncStatus.FAILED);
      assertThat(first.error()).hasValueSatisfying(error -> assertThat(error).contains("connection dropped"));
      assertThat(first.rowsRead()).isEqualTo(FAIL_AFTER);
      assertThat(first.accepted() + first.unchanged() + first.invalid() + first.rejected() + first.failed())
          .as("every row read before the drop has an outcome").isEqualTo(first.rowsRead());
      assertThat(first.accepted()).isEqualTo(FAIL_AFTER);
      assertThat(source.closes.get()).as("the dropped stream was closed").isEqualTo(1);

      // The state, reopened from disk, holds exactly the acknowledged rows, and each is in Amplitude.
      Set<String> acknowledged = new TreeSet<>();
      try (StateStore reopened = StateStores.file(stateDir); SyncState state = reopened.open(SYNC)) {
        assertThat(state.size()).isEqualTo(first.accepted());
        state.forEachKey(acknowledged::add);
      }
      Set<String> firstRows = new TreeSet<>();
      for (int i = 0; i < FAIL_AFTER; i++) {
        firstRows.add(userId(i));
      }
      assertThat(acknowledged).isEqualTo(firstRows);
      for (int i = 0; i < FAIL_AFTER; i++) {
        assertSameValues(fake.user(userId(i)).orElseThrow().properties(), expectedProfile(i));
      }
      assertThat(fake.users()).hasSize(FAIL_AFTER);

      // Run 2: a healthy source and a healthy Amplitude.
      fake.randomFaults(0, 7L, EnumSet.of(FaultKind.SERVER_ERROR));
      int requestsBefore = fake.requests().size();
      SyncResult second;
      try (StateStore state = StateStores.file(stateDir)) {
        second = AmplitudeSync.run(job(source, fake, state));
        try (SyncState synced = state.open(SYNC)) {
          assertThat(synced.size()).isEqualTo(ROWS);
        }
      }

      assertThat(second.error()).isEmpty();
      assertThat(second.fullResync()).as("same mapping: incremental").isEmpty();
      assertThat(second.status()).isEqualTo(SyncStatus.SUCCEEDED);
      assertThat(second.rowsRead()).isEqualTo(ROWS);
      assertThat(second.unchanged()).as("rows acknowledged in run 1").isEqualTo(first.accepted());
      assertThat(second.accepted()).isEqualTo(ROWS - first.accepted());
      assertThat(second.accepted() + second.unchanged()).isEqualTo(ROWS);
      assertThat(second.invalid() + second.rejected() + second.failed()).isZero();

      // Run 2 sent each remaining user exactly once, and none of run 1's.
      List<RecordedRequest> sent = fake.requests().subList(requestsBefore, fake.requests().size());
      List<String> identified = new ArrayList<>();
      for (RecordedRequest request : sent) {
        assertThat(request.path()).isEqualTo("/identify");
        assertThat(request.status()).isEqualTo(200);
        identified.addAll(identifiedUsers(request));
      }
      assertThat(identified).hasSize(ROWS - FAIL_AFTER);
      assertThat(new HashSet<>(identified)).hasSize(ROWS - FAIL_AFTER).doesNotContainAnyElementsOf(firstRows);
      System.out.printf("[source-failure] run 1: %s%n[source-failure] run 2: %s; %d identify requests, %d identifications%n",
          first, second, sent.size(), identified.size());

      // Every user in Amplitude, exactly with its row's values.
      Map<String, FakeProfile> users = fake.users();
      assertThat(users).hasSize(ROWS);
      for (int i = 0; i < ROWS; i++) {
        assertSameValues(users.get(userId(i)).properties(), expectedProfile(i));
      }
      assertThat(source.opens.get()).isEqualTo(2);
    }
  }

  private SyncJob job(Source source, FakeAmplitude fake, StateStore state) {
    return SyncJob.builder(SYNC)
        .source(source)
        .mapping(
            Mapping.builder(ObjectType.USER)
                .userId(Value.column("id"))
                .property("plan", Value.column("plan"))
                .property("lifetime_value", Value.column("lifetime_value"))
                .property("seats", Value.column("seats"))
                .property("trial_end", Value.column("trial_end"))
                .property("signed_up", Value.column("signed_up"), PropertyOperation.SET_ONCE)
                .build())
        .destination(
            AmplitudeClient.builder(fake.apiKey())
                .endpoint(URI.create(fake.baseUrl()))
                .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(20))
                .maxAttempts(30)
                .linger(Duration.ofMillis(5))
                .maxIdentificationsPerRequest(100)
                .closeTimeout(Duration.ofMinutes(2)))
        .state(state)
        .build();
  }

  private static List<String> identifiedUsers(RecordedRequest request) {
    List<String> ids = new ArrayList<>();
    for (String pair : request.bodyText().split("&")) {
      if (pair.startsWith("identification=")) {
        Matcher m = USER_ID.matcher(URLDecoder.decode(pair.substring("identification=".length()), StandardCharsets.UTF_8));
        while (m.find()) {
          ids.add(m.group(1));
        }
      }
    }
    return ids;
  }

  private static void assertSameValues(Map<String, Object> actual, Map<String, Object> expected) {
    assertThat(normalize(actual)).as("properties %s", actual).isEqualTo(normalize(expected));
  }

  private static Object normalize(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros();
    }
    if (value instanceof Integer || value instanceof Long) {
      return normalize(new BigDecimal(value.toString()));
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new HashMap<>();
      map.forEach((k, v) -> copy.put(k, normalize(v)));
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(normalize(v)));
      return copy;
    }
    return value;
  }
}
