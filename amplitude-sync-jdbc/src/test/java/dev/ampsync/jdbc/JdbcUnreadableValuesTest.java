package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.UnreadableValue;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.FakeProfile;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 ("a bad value stops the run"), on a real PostgreSQL: numeric NaN and ±Infinity made the
 * driver throw and failed the whole read (0 rows sent); numeric 1e400 was sent as a 401-digit
 * revenue; year 0001 as an event time; date and timestamp ±infinity became properties like
 * "+1000000000-01-01T17:59:59.999999999Z"; a BC timestamp lost its milliseconds. Now the read goes
 * on, each such row is invalid naming its key, the column and the value, the good rows are sent
 * with exact values, and a bad value in an unmapped column changes nothing.
 */
class JdbcUnreadableValuesTest {
  private static final Engine PG = Engine.POSTGRESQL;
  private static final String COLUMNS =
      "id VARCHAR(40), amount NUMERIC, day DATE, at TIMESTAMPTZ, ts TIMESTAMP, junk NUMERIC, junk_day DATE";

  private FakeAmplitude fake;
  private String table;

  @BeforeEach
  void start() throws Exception {
    PG.assumeAvailable();
    fake = FakeAmplitude.start();
    table = "i15v_" + TestDatabases.uniqueName("values");
    PG.execute("CREATE TABLE " + table + " (" + COLUMNS + ")");
  }

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
    PG.dropTable(table);
  }

  private void insert(String id, String amount, String day, String at, String ts, String junk, String junkDay)
      throws Exception {
    PG.execute("INSERT INTO " + table + " VALUES (" + String.join(", ",
        TestDatabases.text(id), amount, literal(day), literal(at), literal(ts), junk, literal(junkDay)) + ")");
  }

  private static String literal(String value) {
    return value == null ? "NULL" : TestDatabases.text(value);
  }

  private void insertUsers() throws Exception {
    // good rows, whose only bad values sit in the unmapped columns junk and junk_day
    insert("user-good1", "1.50", "2024-03-01", "2024-03-01 12:30:00.123+00", "2024-03-01 12:30:00", "'NaN'", "infinity");
    insert("user-good2", "12345678901234.123456", "0001-01-01", "1969-07-20 20:17:40+00", "9999-12-31 23:59:59.999",
        "'Infinity'", "-infinity");
    insert("user-nan", "'NaN'", null, null, null, "1", null);
    insert("user-pinf", "'Infinity'", null, null, null, "1", null);
    insert("user-ninf", "'-Infinity'", null, null, null, "1", null);
    insert("user-big", "1e400", null, null, null, "1", null);
    insert("user-dinf", "1", "infinity", null, null, "1", null);
    insert("user-dninf", "1", "-infinity", null, null, "1", null);
    insert("user-tzinf", "1", null, "infinity", null, "1", null);
    insert("user-tsninf", "1", null, null, "-infinity", "1", null);
    insert("user-bcday", "1", "0044-03-15 BC", null, null, "1", null);
    insert("user-bcts", "1", null, "0044-03-15 10:00:00.120+00 BC", null, "1", null);
  }

  @Test
  void theSource_readsEveryRow_withAMarkerForWhatJavaCannotHold() throws Exception {
    insertUsers();
    Map<String, Map<String, Object>> rows = new HashMap<>(); // a row is valid until the next: copied
    try (RowStream stream = PG.source().query("SELECT * FROM " + table).build().open()) {
      for (Row row = stream.next(); row != null; row = stream.next()) {
        Map<String, Object> values = new HashMap<>();
        for (String label : List.of("amount", "day", "at", "ts", "junk", "junk_day")) {
          values.put(label, row.get(label));
        }
        rows.put((String) row.get("id"), values);
      }
    }

    assertThat(rows).hasSize(12);
    assertThat(rows.get("user-nan").get("amount"))
        .isEqualTo(UnreadableValue.of("NaN", "numeric NaN is not a number Amplitude can store"));
    assertThat(rows.get("user-pinf").get("amount"))
        .isEqualTo(UnreadableValue.of("Infinity", "numeric Infinity is not a number Amplitude can store"));
    assertThat(rows.get("user-ninf").get("amount"))
        .isEqualTo(UnreadableValue.of("-Infinity", "numeric -Infinity is not a number Amplitude can store"));
    assertThat(rows.get("user-dinf").get("day"))
        .isEqualTo(UnreadableValue.of("infinity", "date infinity is not a date or time Amplitude can store"));
    assertThat(rows.get("user-dninf").get("day"))
        .isEqualTo(UnreadableValue.of("-infinity", "date -infinity is not a date or time Amplitude can store"));
    assertThat(rows.get("user-tzinf").get("at"))
        .isEqualTo(UnreadableValue.of("infinity", "timestamptz infinity is not a date or time Amplitude can store"));
    assertThat(rows.get("user-tsninf").get("ts"))
        .isEqualTo(UnreadableValue.of("-infinity", "timestamp -infinity is not a date or time Amplitude can store"));
    // what Java holds is read as it is; the mapping decides what Amplitude takes
    assertThat((BigDecimal) rows.get("user-big").get("amount")).isEqualByComparingTo("1E+400");
    assertThat(rows.get("user-bcday").get("day")).isEqualTo(LocalDate.of(-43, 3, 15));
    assertThat(rows.get("user-bcts").get("at")).isEqualTo(Instant.parse("-0043-03-15T10:00:00.120Z"));
    assertThat(rows.get("user-good1").get("amount")).isEqualTo(new BigDecimal("1.50"));
  }

  @Test
  void aUserSync_goesOn_andMakesExactlyTheBadMappedRowsInvalid_namingKeyColumnAndValue() throws Exception {
    insertUsers();
    Mapping mapping = Mapping.builder(ObjectType.USER)
        .userId(Value.column("id"))
        .property("amount", Value.column("amount"))
        .property("day", Value.column("day"))
        .property("at", Value.column("at"))
        .property("ts", Value.column("ts"))
        .build();

    SyncResult result = run("i15v-users", PG.source().query("SELECT * FROM " + table).build(), mapping);

    assertThat(result.status()).as(result.toString()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(result.rowsRead()).isEqualTo(12);
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.invalid()).isEqualTo(10);
    Map<String, String> reasons = reasons(result);
    assertThat(reasons).containsOnlyKeys("user-nan", "user-pinf", "user-ninf", "user-big", "user-dinf", "user-dninf",
        "user-tzinf", "user-tsninf", "user-bcday", "user-bcts");
    assertThat(reasons.get("user-nan"))
        .isEqualTo("column 'amount' (property 'amount'): numeric NaN is not a number Amplitude can store");
    assertThat(reasons.get("user-pinf")).contains("column 'amount'").contains("numeric Infinity");
    assertThat(reasons.get("user-ninf")).contains("column 'amount'").contains("numeric -Infinity");
    assertThat(reasons.get("user-big")).contains("column 'amount'").contains("1E+400").contains("beyond the range of a double");
    assertThat(reasons.get("user-dinf")).contains("column 'day'").contains("date infinity");
    assertThat(reasons.get("user-dninf")).contains("column 'day'").contains("date -infinity");
    assertThat(reasons.get("user-tzinf")).contains("column 'at'").contains("timestamptz infinity");
    assertThat(reasons.get("user-tsninf")).contains("column 'ts'").contains("timestamp -infinity");
    assertThat(reasons.get("user-bcday")).contains("column 'day'").contains("-0043-03-15").contains("years 0001 to 9999");
    assertThat(reasons.get("user-bcts")).contains("column 'at'").contains("-0043-03-15T10:00:00.120Z");

    assertThat(fake.users()).containsOnlyKeys("user-good1", "user-good2");
    FakeProfile first = fake.user("user-good1").orElseThrow();
    assertThat(first.properties()).containsOnlyKeys("amount", "day", "at", "ts");
    assertThat(first.property("amount")).isEqualTo(new BigDecimal("1.50")); // scale kept: 1.50, not 1.5
    assertThat(first.property("day")).isEqualTo("2024-03-01");
    assertThat(first.property("at")).isEqualTo("2024-03-01T12:30:00.123Z");
    assertThat(first.property("ts")).isEqualTo("2024-03-01T12:30:00.000Z");
    FakeProfile second = fake.user("user-good2").orElseThrow();
    assertThat(second.property("amount")).isEqualTo(new BigDecimal("12345678901234.123456"));
    assertThat(second.property("day")).isEqualTo("0001-01-01");
    assertThat(second.property("at")).isEqualTo("1969-07-20T20:17:40.000Z");
    assertThat(second.property("ts")).isEqualTo("9999-12-31T23:59:59.999Z");
  }

  @Test
  void anEventSync_refusesTimesAndRevenuesAmplitudeCannotTake_andSendsTheRestExactly() throws Exception {
    insert("order-1", "1.50", null, "2024-03-01 12:30:00+00", null, "'NaN'", "infinity");
    // Amplitude documents time only as "milliseconds since epoch" (HTTP V2 API, keys for the event
    // argument): year 0001 would be -62135596800000, so it is refused, as are infinities
    insert("order-2", "2.00", null, "0001-01-01 00:00:00+00", null, "1", null);
    insert("order-3", "3.00", null, "infinity", null, "1", null);
    insert("order-4", "'NaN'", null, "2024-03-04 00:00:00+00", null, "1", null);
    // revenue is a float in Amplitude's event table: 1e400 is beyond any double
    insert("order-5", "1e400", null, "2024-03-05 00:00:00+00", null, "1", null);
    insert("order-6", "19.990", null, "2024-03-06 00:00:00+00", null, "'-Infinity'", "-infinity");
    Mapping mapping = Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Order Completed"))
        .userId(Value.constant("user-00001"))
        .insertId(Value.column("id"))
        .time(Value.column("at"))
        .field("revenue", Value.column("amount"))
        .build();

    SyncResult result = run("i15v-events", PG.source().query("SELECT * FROM " + table).build(), mapping);

    assertThat(result.rowsRead()).isEqualTo(6);
    assertThat(result.accepted()).as(result.toString()).isEqualTo(2);
    Map<String, String> reasons = reasons(result);
    assertThat(reasons).containsOnlyKeys("order-2", "order-3", "order-4", "order-5");
    assertThat(reasons.get("order-2")).contains("column 'at'").contains("0001-01-01T00:00:00Z").contains("outside the times");
    assertThat(reasons.get("order-3")).contains("column 'at'").contains("timestamptz infinity");
    assertThat(reasons.get("order-4")).contains("column 'amount'").contains("numeric NaN");
    assertThat(reasons.get("order-5")).contains("column 'amount'").contains("1E+400");

    Map<String, ObjectNode> byId = new HashMap<>();
    fake.events("Order Completed").forEach(e -> byId.put(e.path("insert_id").asText(), e));
    assertThat(byId).containsOnlyKeys("order-1", "order-6");
    assertThat(byId.get("order-1").path("revenue").decimalValue()).isEqualTo(new BigDecimal("1.50"));
    assertThat(byId.get("order-6").path("revenue").decimalValue()).isEqualTo(new BigDecimal("19.990"));
    assertThat(byId.get("order-1").path("time").asLong()).isEqualTo(Instant.parse("2024-03-01T12:30:00Z").toEpochMilli());
  }

  /**
   * A numeric array holding NaN or Infinity made the driver throw for the whole array ("Bad value for
   * type BigDecimal : NaN"), which failed the whole read even when the column was not mapped: the
   * array is now a marker holding the database's text, and only a row mapping it is invalid.
   */
  @Test
  void aNumericArrayHoldingNaN_isAMarker_soTheReadGoesOn_andOnlyRowsMappingItAreInvalid() throws Exception {
    String arrays = "i15a_" + TestDatabases.uniqueName("arrays");
    PG.execute("CREATE TABLE " + arrays + " (id VARCHAR(40), plan VARCHAR(10), scores NUMERIC[])");
    try {
      PG.execute("INSERT INTO " + arrays + " VALUES ('user-a', 'pro', '{1.50,2}'), ('user-b', 'free', '{NaN,1}'),"
          + " ('user-c', 'free', '{1,Infinity}'), ('user-d', 'pro', NULL)");
      Map<String, Object> scores = new HashMap<>();
      try (RowStream stream = PG.source().query("SELECT * FROM " + arrays).build().open()) {
        for (Row row = stream.next(); row != null; row = stream.next()) {
          scores.put((String) row.get("id"), row.get("scores"));
        }
      }
      assertThat(scores).containsOnlyKeys("user-a", "user-b", "user-c", "user-d");
      assertThat(scores.get("user-a")).isEqualTo(List.of(new BigDecimal("1.50"), new BigDecimal("2")));
      assertThat(scores.get("user-b"))
          .isEqualTo(UnreadableValue.of("{NaN,1}", "numeric[] {NaN,1} holds a value that is not one Amplitude can store"));
      assertThat(scores.get("user-d")).isNull();

      Mapping withoutScores = Mapping.builder(ObjectType.USER)
          .userId(Value.column("id")).property("plan", Value.column("plan")).build();
      SyncResult unmapped = run("i15a-plans", PG.source().query("SELECT * FROM " + arrays).build(), withoutScores);
      assertThat(unmapped.status()).as(unmapped.toString()).isEqualTo(SyncStatus.SUCCEEDED);
      assertThat(unmapped.accepted()).isEqualTo(4);

      Mapping withScores = Mapping.builder(ObjectType.USER)
          .userId(Value.column("id")).property("scores", Value.column("scores")).build();
      SyncResult mapped = run("i15a-scores", PG.source().query("SELECT * FROM " + arrays).build(), withScores);
      assertThat(mapped.accepted()).as(mapped.toString()).isEqualTo(2);
      assertThat(reasons(mapped)).containsOnlyKeys("user-b", "user-c");
      assertThat(reasons(mapped).get("user-b"))
          .isEqualTo("column 'scores' (property 'scores'): numeric[] {NaN,1} holds a value that is not one Amplitude can store");
      assertThat(fake.user("user-a").orElseThrow().property("scores"))
          .isEqualTo(List.of(new BigDecimal("1.50"), new BigDecimal("2")));
    } finally {
      PG.dropTable(arrays);
    }
  }

  private static Map<String, String> reasons(SyncResult result) {
    Map<String, String> reasons = new HashMap<>();
    List<Problem> problems = result.problems();
    for (Problem problem : problems) {
      assertThat(problem.outcome()).isEqualTo(RowOutcome.INVALID);
      reasons.put(problem.key(), problem.reason());
    }
    return reasons;
  }

  private SyncResult run(String name, JdbcSource source, Mapping mapping) {
    SyncResult result = AmplitudeSync.run(SyncJob.builder(name)
        .source(source)
        .mapping(mapping)
        .destination(AmplitudeClient.builder(fake.apiKey())
            .endpoint(URI.create(fake.baseUrl()))
            .linger(Duration.ofMillis(5))
            .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
            .closeTimeout(Duration.ofSeconds(20)))
        .build());
    assertThat(result.error()).as("run error").isEmpty();
    return result;
  }
}
