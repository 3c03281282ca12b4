package dev.ampsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
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
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.FakeProfile;
import dev.ampsync.testing.FaultKind;
import dev.ampsync.testing.RecordedRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The delivery guarantees of the README ("Delivery guarantees") under a matrix of injected faults: a
 * fake Amplitude that gives 20 % of requests one of the six fault kinds (5xx, accepted-then-500,
 * connection reset, delay, 429 naming every id, 413), plus silenced devices (partial 400s) and
 * throttled users. Whatever the faults, every row ends in exactly one outcome, nothing is lost,
 * nothing is ingested twice, and profiles end exactly as the rows say.
 *
 * <p>Each run prints one summary line: rows, faults injected by kind, lost, duplicated (ingested
 * twice), deduplicated by insert_id, requests and duration. Both runs together take about 20 s on two
 * cores, so they are not tagged {@code long}.
 */
class FaultMatrixTest {
  private static final long FIXED_SEED = 20_240_301L;
  private static final Set<FaultKind> ALL_FAULTS = EnumSet.allOf(FaultKind.class);
  private static final Duration FAULT_DELAY = Duration.ofMillis(15);
  private static final Instant BASE_TIME = Instant.parse("2024-03-01T00:00:00Z");
  private static final String SILENCED_DEVICE = "device-silenced-0001";
  private static final List<String> PLANS = List.of("free", "starter", "pro", "team", "enterprise");

  // ------------------------------------------------------------------------------ events

  @Test
  void eventSyncOf100kRows_withTwentyPercentFaults_losesNothing_duplicatesNothing() {
    eventMatrix(100_000, 500);
  }

  // ------------------------------------------------------------------------------ users

  @Test
  void userSyncOf50kRows_withTwentyPercentFaults_leavesEveryProfileExact() {
    userMatrix(50_000, 200);
  }

  // ------------------------------------------------------------------------------ event run

  private static final List<Column> EVENT_COLUMNS =
      List.of(
          new Column("order_id", ColumnType.STRING),
          new Column("customer_id", ColumnType.STRING),
          new Column("device_id", ColumnType.STRING),
          new Column("ordered_at", ColumnType.TIMESTAMP),
          new Column("amount", ColumnType.DECIMAL),
          new Column("plan", ColumnType.STRING));

  private static String orderId(int i) {
    return String.format("order-%07d", i);
  }

  private static String customerOf(int i) {
    return String.format("user-%05d", i % 9_973);
  }

  private static BigDecimal amountOf(int i) {
    return BigDecimal.valueOf(i * 37L + 5, 2); // two decimals, exact
  }

  /** Good row {@code i}: a user's order, no device. */
  private static Map<String, Object> orderRow(int i) {
    Map<String, Object> row = new HashMap<>(8);
    row.put("order_id", orderId(i));
    row.put("customer_id", customerOf(i));
    row.put("ordered_at", BASE_TIME.plusSeconds(i));
    row.put("amount", amountOf(i));
    row.put("plan", PLANS.get(i % PLANS.size()));
    return row;
  }

  /** A row Amplitude refuses: its device is silenced (a partial 400 naming its index). */
  private static Map<String, Object> silencedRow(int n) {
    Map<String, Object> row = new HashMap<>(8);
    row.put("order_id", "silenced-" + n);
    row.put("customer_id", customerOf(n * 7));
    row.put("device_id", SILENCED_DEVICE);
    row.put("ordered_at", BASE_TIME.plusSeconds(n));
    row.put("amount", BigDecimal.ONE);
    row.put("plan", "free");
    return row;
  }

  private void eventMatrix(int rows, int eventsPerRequest) {
    int silencedEvery = rows / 5; // five silenced rows spread over the run
    int silenced = 5;
    List<String> throttled = List.of(customerOf(42), customerOf(4_242), customerOf(9_000));
    try (FakeAmplitude fake = FakeAmplitude.start()) {
      fake.randomFaults(0.2, FIXED_SEED, ALL_FAULTS, FAULT_DELAY);
      fake.silenceDevice(SILENCED_DEVICE);
      throttled.forEach(user -> fake.throttleUser(user, 3));

      // After good row i with i % silencedEvery == 1233, a silenced row: five of them over the run.
      Iterable<Map<String, Object>> source = () -> new Iterator<>() {
        private int good;
        private int bad;
        private boolean badDue;

        @Override
        public boolean hasNext() {
          return good < rows || badDue;
        }

        @Override
        public Map<String, Object> next() {
          if (badDue) {
            badDue = false;
            return silencedRow(bad++);
          }
          if (good >= rows) {
            throw new NoSuchElementException();
          }
          int i = good++;
          badDue = bad < silenced && i % silencedEvery == 1233;
          return orderRow(i);
        }
      };
      SyncJob job =
          SyncJob.builder("fault-matrix-events")
              .source(InMemorySource.streaming(EVENT_COLUMNS, source))
              .mapping(
                  Mapping.builder(ObjectType.EVENT)
                      .eventType(Value.constant("Order Completed"))
                      .userId(Value.column("customer_id"))
                      .deviceId(Value.column("device_id"))
                      .insertId(Value.column("order_id"))
                      .time(Value.column("ordered_at"))
                      .property("amount", Value.column("amount"))
                      .property("plan", Value.column("plan"))
                      .build())
              .destination(destination(fake).maxEventsPerRequest(eventsPerRequest))
              .build();

      long started = System.nanoTime();
      SyncResult result = AmplitudeSync.run(job);
      long millis = (System.nanoTime() - started) / 1_000_000;

      // Every row has exactly one outcome; only the silenced rows are not accepted.
      assertThat(result.error()).as("result %s", result).isEmpty();
      assertThat(result.rowsRead()).isEqualTo(rows + silenced);
      assertThat(result.accepted() + result.unchanged() + result.invalid() + result.rejected() + result.failed())
          .isEqualTo(result.rowsRead());
      assertThat(result.accepted()).isEqualTo(rows);
      assertThat(result.rejected()).isEqualTo(silenced);
      assertThat(result.unchanged() + result.invalid() + result.failed()).isZero();
      assertThat(result.status()).as("partial only because of the silenced rows").isEqualTo(SyncStatus.PARTIAL);
      assertThat(result.problems()).hasSize(silenced).allSatisfy(problem -> {
        assertThat(problem.outcome()).isEqualTo(RowOutcome.REJECTED);
        assertThat(problem.key()).startsWith("silenced-");
        assertThat(problem.reason()).contains("silenced");
      });
      assertThat(result.problems()).extracting(Problem::key)
          .containsExactlyInAnyOrder("silenced-0", "silenced-1", "silenced-2", "silenced-3", "silenced-4");

      // Nothing lost, nothing ingested twice, every event exactly as its row.
      Set<String> expectedIds = new HashSet<>(rows * 2);
      for (int i = 0; i < rows; i++) {
        expectedIds.add(orderId(i));
      }
      Set<String> ingestedIds = fake.distinctInsertIds();
      int lost = 0;
      for (String id : expectedIds) {
        if (!ingestedIds.contains(id)) {
          lost++;
        }
      }
      int duplicated = fake.eventCount() - ingestedIds.size();
      printSummary("events", result.rowsRead(), fake, lost, Integer.toString(duplicated), millis);

      assertThat(lost).as("events lost").isZero();
      assertThat(duplicated).as("events ingested twice").isZero();
      assertThat(fake.eventCount()).isEqualTo(rows);
      assertThat(ingestedIds).hasSize(rows);
      assertThat(ingestedIds).isEqualTo(expectedIds); // and nothing of the silenced rows
      List<String> wrong = new ArrayList<>();
      for (ObjectNode event : fake.events()) {
        int i = Integer.parseInt(event.get("insert_id").asText().substring("order-".length()));
        boolean exact =
            event.get("user_id").asText().equals(customerOf(i))
                && !event.has("device_id")
                && event.get("time").asLong() == BASE_TIME.plusSeconds(i).toEpochMilli()
                && event.get("event_properties").get("amount").decimalValue().compareTo(amountOf(i)) == 0
                && event.get("event_properties").get("plan").asText().equals(PLANS.get(i % PLANS.size()));
        if (!exact && wrong.size() < 10) {
          wrong.add(event.toString());
        }
      }
      assertThat(wrong).as("events that differ from their row").isEmpty();

      // The faults really happened: every kind, and the throttled users were held three times.
      Map<FaultKind, Long> faults = fake.faultCounts();
      assertThat(faults.get(FaultKind.SERVER_ERROR)).isPositive();
      assertThat(faults.get(FaultKind.ACCEPT_THEN_FAIL)).isPositive();
      assertThat(faults.get(FaultKind.RESET)).isPositive();
      assertThat(faults.get(FaultKind.DELAY)).isPositive();
      assertThat(faults.get(FaultKind.THROTTLE)).isPositive();
      assertThat(fake.duplicateCount()).as("accepted-then-failed requests were resent and deduplicated").isPositive();
      List<RecordedRequest> requests = fake.requests();
      assertThat(requests).anySatisfy(r -> assertThat(r.status()).isEqualTo(400)); // the silenced device
      for (String user : throttled) {
        // The fake throttles the user's next three requests; an accepted-then-failed fault turns a
        // throttled answer into a 500, so only "at least one 429, at least three 429-or-500" holds.
        String needle = "\"user_id\":\"" + user + "\"";
        assertThat(requests.stream().filter(r -> r.status() == 429 && r.bodyText().contains(needle)).count())
            .as("429 answers naming %s", user).isPositive();
        assertThat(requests.stream()
                .filter(r -> (r.status() == 429 || r.status() == 500) && r.bodyText().contains(needle)).count())
            .as("429 or 500 answers naming %s", user).isGreaterThanOrEqualTo(3);
      }
    }
  }

  // ------------------------------------------------------------------------------ user run

  private static final List<Column> USER_COLUMNS =
      List.of(
          new Column("id", ColumnType.STRING),
          new Column("plan", ColumnType.STRING),
          new Column("lifetime_value", ColumnType.DECIMAL),
          new Column("seats", ColumnType.INTEGER),
          new Column("active", ColumnType.BOOLEAN),
          new Column("trial_end", ColumnType.TIMESTAMP),
          new Column("signed_up", ColumnType.DATE),
          new Column("tags", ColumnType.ARRAY));

  private static String userId(int i) {
    return String.format("member-%06d", i);
  }

  /** Exact decimals with scales up to 9 and up to 25 significant digits. */
  private static BigDecimal lifetimeValueOf(int i) {
    return i % 10 == 0
        ? new BigDecimal("1234567890123456" + String.format("%06d", i) + ".123456789")
        : BigDecimal.valueOf(i * 1_000_003L, i % 4);
  }

  private static Map<String, Object> userRow(int i) {
    Map<String, Object> row = new HashMap<>(16);
    row.put("id", userId(i));
    row.put("plan", PLANS.get(i % PLANS.size()));
    row.put("lifetime_value", lifetimeValueOf(i));
    row.put("seats", (long) (i % 250) + 1);
    row.put("active", i % 3 != 0);
    row.put("trial_end", BASE_TIME.plusSeconds(i * 61L));
    row.put("signed_up", LocalDate.of(2020, 1, 1).plusDays(i % 1_500));
    row.put("tags", List.of("t" + (i % 7), "cohort-" + (i % 13)));
    return row;
  }

  /** The profile Amplitude must end with, by the documented value rules. */
  private static Map<String, Object> expectedProfile(int i) {
    Map<String, Object> row = userRow(i);
    Map<String, Object> profile = new LinkedHashMap<>();
    profile.put("plan", row.get("plan"));
    profile.put("lifetime_value", row.get("lifetime_value"));
    profile.put("seats", row.get("seats"));
    profile.put("active", row.get("active"));
    profile.put("trial_end", ((Instant) row.get("trial_end")).toString().replace("Z", ".000Z"));
    profile.put("signed_up", row.get("signed_up").toString());
    profile.put("tags", row.get("tags"));
    return profile;
  }

  private void userMatrix(int rows, int identificationsPerRequest) {
    List<String> throttled = List.of(userId(7), userId(rows / 2), userId(rows - 3));
    try (FakeAmplitude fake = FakeAmplitude.start()) {
      fake.randomFaults(0.2, FIXED_SEED, ALL_FAULTS, FAULT_DELAY);
      throttled.forEach(user -> fake.throttleUser(user, 3));
      SyncJob job =
          SyncJob.builder("fault-matrix-users")
              .source(InMemorySource.streaming(USER_COLUMNS, generated(rows, FaultMatrixTest::userRow)))
              .mapping(
                  Mapping.builder(ObjectType.USER)
                      .userId(Value.column("id"))
                      .property("plan", Value.column("plan"))
                      .property("lifetime_value", Value.column("lifetime_value"))
                      .property("seats", Value.column("seats"))
                      .property("active", Value.column("active"))
                      .property("trial_end", Value.column("trial_end"))
                      .property("signed_up", Value.column("signed_up"), PropertyOperation.SET_ONCE)
                      .property("tags", Value.column("tags"))
                      .build())
              .destination(destination(fake).maxIdentificationsPerRequest(identificationsPerRequest))
              .build();

      long started = System.nanoTime();
      SyncResult result = AmplitudeSync.run(job);
      long millis = (System.nanoTime() - started) / 1_000_000;

      Map<String, FakeProfile> users = fake.users();
      int lost = 0;
      List<String> wrong = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        FakeProfile profile = users.get(userId(i));
        if (profile == null) {
          lost++;
        } else if (!normalize(profile.properties()).equals(normalize(expectedProfile(i)))) {
          wrong.add(userId(i) + ": " + profile.properties() + " != " + expectedProfile(i));
        }
      }
      // Identify is idempotent ($set, $setOnce of the same values) and the fake cannot tell an
      // accepted-then-failed 500 from a plain one, so "ingested twice" is bounded by the resends.
      int resent = identificationsIn(fake.requests()) - rows;
      printSummary("users", result.rowsRead(), fake, lost, "n/a (idempotent; identifications resent=" + resent + ")", millis);

      assertThat(result.error()).as("result %s", result).isEmpty();
      assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
      assertThat(result.rowsRead()).isEqualTo(rows);
      assertThat(result.accepted()).isEqualTo(rows);
      assertThat(result.accepted() + result.unchanged() + result.invalid() + result.rejected() + result.failed())
          .isEqualTo(result.rowsRead());
      assertThat(result.problems()).isEmpty();
      assertThat(lost).as("users lost").isZero();
      assertThat(users).hasSize(rows);
      assertThat(wrong).as("profiles that differ from their row").isEmpty();

      Map<FaultKind, Long> faults = fake.faultCounts();
      assertThat(faults.get(FaultKind.SERVER_ERROR)).isPositive();
      assertThat(faults.get(FaultKind.ACCEPT_THEN_FAIL)).isPositive();
      assertThat(faults.get(FaultKind.THROTTLE)).isPositive();
      assertThat(faults.get(FaultKind.TOO_LARGE)).isPositive();
      List<RecordedRequest> requests = fake.requests();
      for (String user : throttled) {
        // As for events: at least one 429, at least three answers that were 429 or 500.
        assertThat(requests.stream().filter(r -> r.status() == 429 && identifiedIds(r).contains(user)).count())
            .as("429 answers naming %s", user).isPositive();
        assertThat(requests.stream()
                .filter(r -> (r.status() == 429 || r.status() == 500) && identifiedIds(r).contains(user)).count())
            .as("429 or 500 answers naming %s", user).isGreaterThanOrEqualTo(3);
      }
    }
  }

  // ------------------------------------------------------------------------------ helpers

  private static AmplitudeClient.Builder destination(FakeAmplitude fake) {
    return AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(20))
        .throttleHold(Duration.ofMillis(10))
        .maxAttempts(30)
        .linger(Duration.ofMillis(5))
        .maxEventsPerRequest(500)
        .maxIdentificationsPerRequest(200)
        .closeTimeout(Duration.ofMinutes(3));
  }

  private static void printSummary(String what, long rows, FakeAmplitude fake, int lost, String duplicated, long millis) {
    System.out.printf(
        "[fault-matrix] %s: rows=%d faults=%s lost=%d duplicated=%s dedupedByInsertId=%d requests=%d duration=%dms%n",
        what, rows, fake.faultCounts(), lost, duplicated, fake.duplicateCount(), fake.requests().size(), millis);
  }

  /** Identifications carried by all /identify requests, whatever their answer. */
  private static int identificationsIn(List<RecordedRequest> requests) {
    int count = 0;
    for (RecordedRequest request : requests) {
      if (request.path().equals("/identify")) {
        count += identifiedIds(request).size();
      }
    }
    return count;
  }

  /** The user ids of one /identify request. */
  private static List<String> identifiedIds(RecordedRequest request) {
    List<String> ids = new ArrayList<>();
    if (!request.path().equals("/identify")) {
      return ids;
    }
    for (String pair : request.bodyText().split("&")) {
      if (pair.startsWith("identification=")) {
        String json = URLDecoder.decode(pair.substring("identification=".length()), StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"user_id\":\"([^\"]*)\"").matcher(json);
        while (m.find()) {
          ids.add(m.group(1));
        }
      }
    }
    return ids;
  }

  /** Rows generated lazily, one map at a time, on each pass. */
  private static Iterable<Map<String, Object>> generated(int count, IntFunction<Map<String, Object>> row) {
    return () -> new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < count;
      }

      @Override
      public Map<String, Object> next() {
        if (next >= count) {
          throw new NoSuchElementException();
        }
        return row.apply(next++);
      }
    };
  }

  /** Numbers compared by value (the fake holds every number as a BigDecimal). */
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
