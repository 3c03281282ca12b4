package dev.ampsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.ampsync.mapping.Nulls;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.Source;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.FakeProfile;
import dev.ampsync.testing.RecordedRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * User syncs end to end: an in-memory source, {@link AmplitudeSync#run}, and the fake Amplitude,
 * whose final profiles must hold exactly what the rows say.
 */
class UserSyncEndToEndTest {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private FakeAmplitude fake;

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  // ------------------------------------------------------------------------------ operations

  @Test
  void userSync_withEveryPropertyOperation_leavesTheProfileExactlyAsTheRowsSay() {
    // A first sync gives the list properties something to operate on.
    Source seedRows =
        InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("plan", ColumnType.STRING)
            .column("tags", ColumnType.ARRAY)
            .column("recent", ColumnType.ARRAY)
            .column("pre", ColumnType.ARRAY)
            .column("post", ColumnType.ARRAY)
            .column("badges", ColumnType.ARRAY)
            .column("legacy", ColumnType.STRING)
            .row("user-00001", "free", List.of("b"), List.of("x", "y"), List.of("m"), List.of("m"),
                List.of("gold", "silver", "gold"), "old")
            .build();
    Mapping seed =
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .property("plan", Value.column("plan"))
            .property("tags", Value.column("tags"))
            .property("recent", Value.column("recent"))
            .property("pre", Value.column("pre"))
            .property("post", Value.column("post"))
            .property("badges", Value.column("badges"))
            .property("legacy", Value.column("legacy"))
            .build();
    assertThat(run("users-seed", seedRows, seed).status()).isEqualTo(SyncStatus.SUCCEEDED);

    Source rows =
        InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("plan", ColumnType.STRING)
            .column("signed_up", ColumnType.STRING)
            .column("logins", ColumnType.INTEGER)
            .column("tag", ColumnType.STRING)
            .column("recent", ColumnType.STRING)
            .column("pre", ColumnType.ARRAY)
            .column("post", ColumnType.ARRAY)
            .column("badge", ColumnType.STRING)
            .row("user-00001", "pro", "2024-01-05", 3L, "c", "w", List.of("l", "m"), List.of("m", "n"), "gold")
            .build();
    Mapping operations =
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .property("plan", Value.column("plan"), PropertyOperation.SET)
            .property("first_seen", Value.column("signed_up"), PropertyOperation.SET_ONCE)
            .property("logins", Value.column("logins"), PropertyOperation.ADD)
            .property("tags", Value.column("tag"), PropertyOperation.APPEND)
            .property("recent", Value.column("recent"), PropertyOperation.PREPEND)
            .property("pre", Value.column("pre"), PropertyOperation.PRE_INSERT)
            .property("post", Value.column("post"), PropertyOperation.POST_INSERT)
            .property("badges", Value.column("badge"), PropertyOperation.REMOVE)
            .property("legacy", Value.constant(true), PropertyOperation.UNSET)
            .build();

    SyncResult result = run("users-ops", rows, operations);

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(1);
    Map<String, Object> expected = new HashMap<>();
    expected.put("plan", "pro");
    expected.put("first_seen", "2024-01-05");
    expected.put("logins", 3);
    expected.put("tags", List.of("b", "c"));
    expected.put("recent", List.of("w", "x", "y"));
    expected.put("pre", List.of("l", "m"));
    expected.put("post", List.of("m", "n"));
    expected.put("badges", List.of("silver"));
    assertSameValues(profile("user-00001").properties(), expected);
  }

  @Test
  void userSync_withSetOnce_secondRunDoesNotOverwriteTheFirstValue() {
    Mapping mapping =
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .property("first_seen", Value.column("seen"), PropertyOperation.SET_ONCE)
            .build();

    run("users-set-once", users("seen", "user-00001", "2024-01-05", "user-00002", "2024-02-10"), mapping);
    SyncResult second =
        run("users-set-once", users("seen", "user-00001", "2025-06-01", "user-00002", "2025-06-02"), mapping);

    assertThat(second.accepted()).isEqualTo(2);
    assertThat(profile("user-00001").properties()).isEqualTo(Map.of("first_seen", "2024-01-05"));
    assertThat(profile("user-00002").properties()).isEqualTo(Map.of("first_seen", "2024-02-10"));
  }

  @Test
  void userSync_withAdd_twoRunsAddUpInAmplitude() {
    Mapping mapping =
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .property("logins", Value.column("logins"), PropertyOperation.ADD)
            .property("spent", Value.column("spent"), PropertyOperation.ADD)
            .build();
    Source first =
        InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("logins", ColumnType.INTEGER)
            .column("spent", ColumnType.DECIMAL)
            .row("user-00001", 3, new BigDecimal("10.25"))
            .build();
    Source second =
        InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("logins", ColumnType.INTEGER)
            .column("spent", ColumnType.DECIMAL)
            .row("user-00001", 4L, new BigDecimal("0.50"))
            .build();

    run("users-add", first, mapping);
    run("users-add", second, mapping);

    assertSameValues(
        profile("user-00001").properties(), Map.of("logins", 7, "spent", new BigDecimal("10.75")));
  }

  @Test
  void userSync_withConstants_setsTheSameValueOnEveryUser() {
    Mapping mapping =
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .property("plan", Value.column("seen"))
            .property("source", Value.constant("warehouse"))
            .property("synced", Value.constant(true))
            .property("tier", Value.constant(3))
            .build();

    SyncResult result = run("users-const", users("seen", "user-00001", "pro", "user-00002", "free"), mapping);

    assertThat(result.accepted()).isEqualTo(2);
    assertSameValues(
        profile("user-00001").properties(),
        Map.of("plan", "pro", "source", "warehouse", "synced", true, "tier", 3));
    assertSameValues(
        profile("user-00002").properties(),
        Map.of("plan", "free", "source", "warehouse", "synced", true, "tier", 3));
  }

  // ------------------------------------------------------------------------------ fields, groups

  @Test
  void userSync_withFields_storesThemAsTopLevelFieldsNotAsProperties() {
    Source rows =
        InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("country", ColumnType.STRING)
            .column("city", ColumnType.STRING)
            .column("platform", ColumnType.STRING)
            .column("lang", ColumnType.STRING)
            .column("version", ColumnType.STRING)
            .column("plan", ColumnType.STRING)
            .row("user-00001", "Germany", "Berlin", "Web", "de-DE", "2.4.1", "pro")
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .field("country", Value.column("country"))
            .field("city", Value.column("city"))
            .field("platform", Value.column("platform"))
            .field("language", Value.column("lang"))
            .field("app_version", Value.column("version"))
            .property("plan", Value.column("plan"))
            .build();

    SyncResult result = run("users-fields", rows, mapping);

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    FakeProfile user = profile("user-00001");
    assertThat(user.properties()).isEqualTo(Map.of("plan", "pro"));
    assertThat(user.fields())
        .containsEntry("country", "Germany")
        .containsEntry("city", "Berlin")
        .containsEntry("platform", "Web")
        .containsEntry("language", "de-DE")
        .containsEntry("app_version", "2.4.1");
    // Amplitude updates location and device fields as a set: the ones not sent are reset.
    assertThat(user.fields().get("region")).isNull();
    assertThat(user.fields().get("os_name")).isNull();
  }

  @Test
  void userSync_withGroups_storesMembershipAndMirrorsItAsAUserProperty() {
    Source rows =
        InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("company_id", ColumnType.INTEGER)
            .column("teams", ColumnType.ARRAY)
            .row("user-00001", 10042L, List.of("core", "billing"))
            .row("user-00002", 10043L, List.of("sales"))
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .group("company", Value.column("company_id"))
            .group("team", Value.column("teams"))
            .build();

    SyncResult result = run("users-groups", rows, mapping);

    assertThat(result.accepted()).isEqualTo(2);
    FakeProfile first = profile("user-00001");
    assertThat(first.groups()).isEqualTo(Map.of("company", List.of("10042"), "team", List.of("core", "billing")));
    assertThat(first.properties()).isEqualTo(Map.of("company", "10042", "team", List.of("core", "billing")));
    FakeProfile second = profile("user-00002");
    assertThat(second.groups()).isEqualTo(Map.of("company", List.of("10043"), "team", List.of("sales")));
    assertThat(second.properties()).isEqualTo(Map.of("company", "10043", "team", "sales"));
  }

  // ------------------------------------------------------------------------------ properties_json

  @Test
  void userSync_withPropertiesJson_expandsTextAndMapValuesAndExplicitPropertiesWin() {
    Source rows =
        InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("plan", ColumnType.STRING)
            .column("props", ColumnType.JSON)
            .row("user-00001", "pro",
                "{\"plan\":\"free\",\"seats\":5,\"beta\":true,\"ratio\":0.75,\"address\":{\"city\":\"Berlin\"},\"tags\":[\"a\",\"b\"]}")
            .row("user-00002", "team", Map.of("plan", "enterprise", "seats", 12))
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .property("plan", Value.column("plan"))
            .propertiesJson("props")
            .build();

    SyncResult result = run("users-json", rows, mapping);

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(2);
    assertSameValues(
        profile("user-00001").properties(),
        Map.of(
            "plan", "pro",
            "seats", 5,
            "beta", true,
            "ratio", new BigDecimal("0.75"),
            "address", Map.of("city", "Berlin"),
            "tags", List.of("a", "b")));
    assertSameValues(profile("user-00002").properties(), Map.of("plan", "team", "seats", 12));
  }

  @Test
  void userSync_withInvalidPropertiesJson_marksOnlyThatRowInvalidNamingTheColumn() {
    Source rows =
        InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("props", ColumnType.JSON)
            .row("user-00001", "{\"plan\":\"pro\"}")
            .row("user-00002", "{\"plan\": pro")
            .row("user-00003", "{\"plan\":\"free\"}")
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.USER).userId(Value.column("id")).propertiesJson("props").build();

    SyncResult result = run("users-bad-json", rows, mapping);

    assertThat(result.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(result.rowsRead()).isEqualTo(3);
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.invalid()).isEqualTo(1);
    assertThat(result.problems()).hasSize(1);
    Problem problem = result.problems().get(0);
    assertThat(problem.outcome()).isEqualTo(RowOutcome.INVALID);
    assertThat(problem.key()).isEqualTo("user-00002");
    assertThat(problem.reason()).contains("column 'props'").contains("JSON");
    assertThat(profile("user-00001").properties()).isEqualTo(Map.of("plan", "pro"));
    assertThat(profile("user-00003").properties()).isEqualTo(Map.of("plan", "free"));
    assertThat(fake.user("user-00002")).isEmpty();
  }

  // ------------------------------------------------------------------------------ nulls

  @Test
  void userSync_withNullsSkip_leavesThePropertyUntouchedInAmplitude() {
    Mapping mapping =
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .property("plan", Value.column("plan"))
            .property("seats", Value.column("seats"))
            .nulls(Nulls.SKIP)
            .build();
    run("users-skip", planAndSeats("pro", 5), mapping);

    SyncResult second = run("users-skip", planAndSeats(null, 7), mapping);

    assertThat(second.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertSameValues(profile("user-00001").properties(), Map.of("plan", "pro", "seats", 7));
  }

  @Test
  void userSync_withNullsUnset_removesThePropertyInAmplitude() {
    Mapping mapping =
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .property("plan", Value.column("plan"))
            .property("seats", Value.column("seats"))
            .nulls(Nulls.UNSET)
            .build();
    run("users-unset", planAndSeats("pro", 5), mapping);
    assertSameValues(profile("user-00001").properties(), Map.of("plan", "pro", "seats", 5));

    SyncResult second = run("users-unset", planAndSeats(null, 7), mapping);

    assertThat(second.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(profile("user-00001").properties()).doesNotContainKey("plan");
    assertSameValues(profile("user-00001").properties(), Map.of("seats", 7));
  }

  // ------------------------------------------------------------------------------ value rules

  @Test
  void userSync_withTypedColumns_sendsValuesByTheDocumentedRules() {
    UUID external = UUID.fromString("3f2c5a9e-8b1d-4c7e-9f00-1234567890ab");
    Source rows =
        InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("ltv", ColumnType.DECIMAL)
            .column("logins", ColumnType.INTEGER)
            .column("big", ColumnType.INTEGER)
            .column("active", ColumnType.BOOLEAN)
            .column("signup_date", ColumnType.DATE)
            .column("last_seen", ColumnType.TIMESTAMP)
            .column("last_order", ColumnType.TIMESTAMP)
            .column("external_id", ColumnType.UUID)
            .column("tags", ColumnType.ARRAY)
            .row(
                "user-00001",
                new BigDecimal("1249.50"),
                42L,
                9_007_199_254_740_993L,
                Boolean.TRUE,
                LocalDate.of(2024, 3, 1),
                Instant.parse("2024-03-01T12:30:00Z"),
                Timestamp.from(Instant.parse("2024-03-02T08:00:00.123Z")),
                external,
                List.of("a", 2, true))
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .property("ltv", Value.column("ltv"))
            .property("logins", Value.column("logins"))
            .property("big", Value.column("big"))
            .property("active", Value.column("active"))
            .property("signup_date", Value.column("signup_date"))
            .property("last_seen", Value.column("last_seen"))
            .property("last_order", Value.column("last_order"))
            .property("external_id", Value.column("external_id"))
            .property("tags", Value.column("tags"))
            .build();

    SyncResult result = run("users-types", rows, mapping);

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    Map<String, Object> properties = profile("user-00001").properties();
    assertThat((BigDecimal) properties.get("ltv")).isEqualByComparingTo("1249.50");
    assertThat((BigDecimal) properties.get("logins")).isEqualByComparingTo("42");
    assertThat((BigDecimal) properties.get("big")).isEqualByComparingTo("9007199254740993");
    assertThat(properties.get("active")).isEqualTo(Boolean.TRUE);
    assertThat(properties.get("signup_date")).isEqualTo("2024-03-01");
    assertThat(properties.get("last_seen")).isEqualTo("2024-03-01T12:30:00.000Z");
    assertThat(properties.get("last_order")).isEqualTo("2024-03-02T08:00:00.123Z");
    assertThat(properties.get("external_id")).isEqualTo("3f2c5a9e-8b1d-4c7e-9f00-1234567890ab");
    assertSameValues(Map.of("tags", properties.get("tags")), Map.of("tags", List.of("a", 2, true)));
    // The decimal goes on the wire exactly as in the row, scale included.
    String identification = form(fake.requests().get(0).bodyText()).get("identification");
    assertThat(identification).contains("\"ltv\":1249.50,").contains("\"big\":9007199254740993,");
  }

  @Test
  void userSync_withZonelessTimestampProperty_sendsItAsUtcLikeAnInstant() {
    Source rows =
        InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("local_seen", ColumnType.TIMESTAMP)
            .column("instant_seen", ColumnType.TIMESTAMP)
            .row("user-00001", LocalDateTime.of(2024, 3, 1, 12, 30), Instant.parse("2024-03-01T12:30:00Z"))
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .property("local_seen", Value.column("local_seen"))
            .property("instant_seen", Value.column("instant_seen"))
            .build();

    run("users-local-time", rows, mapping);

    assertThat(profile("user-00001").properties())
        .containsEntry("instant_seen", "2024-03-01T12:30:00.000Z")
        .containsEntry("local_seen", "2024-03-01T12:30:00.000Z");
  }

  // ------------------------------------------------------------------------------ synthetic event

  @Test
  void userSync_withSyntheticEvent_sendsItAfterTheIdentifyWithADeterministicInsertId() throws Exception {
    Mapping mapping =
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("id"))
            .property("plan", Value.column("seen"))
            .build();
    Source rows = users("seen", "user-00001", "pro", "user-00002", "free");

    SyncResult first = runWithSyntheticEvent("users-synthetic", rows, mapping);

    assertThat(first.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(first.accepted()).isEqualTo(2);
    List<ObjectNode> events = fake.events("Properties Updated");
    assertThat(events).hasSize(2);
    Map<String, String> insertIds = new LinkedHashMap<>();
    for (ObjectNode event : events) {
      String userId = event.path("user_id").asText();
      insertIds.put(userId, event.path("insert_id").asText());
      assertThat(event.path("insert_id").asText()).startsWith("ampsync-");
      assertThat(event.path("event_properties").path("updated_properties").toString()).contains("plan");
    }
    assertThat(insertIds.keySet()).containsExactlyInAnyOrder("user-00001", "user-00002");
    assertThat(insertIds.values()).doesNotHaveDuplicates();
    // Each user's event arrives after the identify that carried that user's properties.
    for (String userId : insertIds.keySet()) {
      assertThat(indexOfRequest("/identify", userId)).isLessThan(indexOfRequest("/batch", userId));
    }
    assertThat(profile("user-00001").properties()).isEqualTo(Map.of("plan", "pro"));

    int requestsOfFirstRun = fake.requests().size();
    SyncResult second = runWithSyntheticEvent("users-synthetic", rows, mapping);

    assertThat(second.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(second.accepted()).isEqualTo(2);
    assertThat(fake.events("Properties Updated")).hasSize(2);
    assertThat(fake.duplicateCount()).isEqualTo(2);
    List<String> resentInsertIds = new ArrayList<>();
    List<RecordedRequest> requests = fake.requests();
    for (RecordedRequest request : requests.subList(requestsOfFirstRun, requests.size())) {
      if (request.path().equals("/batch")) {
        JSON.readTree(request.bodyText()).path("events").forEach(e -> resentInsertIds.add(e.path("insert_id").asText()));
      }
    }
    assertThat(resentInsertIds).containsExactlyInAnyOrderElementsOf(insertIds.values());
  }

  // ------------------------------------------------------------------------------ helpers

  private AmplitudeClient.Builder destination() {
    return AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .linger(Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(20));
  }

  private SyncResult run(String name, Source source, Mapping mapping) {
    SyncResult result =
        AmplitudeSync.run(SyncJob.builder(name).source(source).mapping(mapping).destination(destination()).build());
    assertThat(result.error()).as("run error").isEmpty();
    return result;
  }

  private SyncResult runWithSyntheticEvent(String name, Source source, Mapping mapping) {
    SyncResult result =
        AmplitudeSync.run(
            SyncJob.builder(name)
                .source(source)
                .mapping(mapping)
                .destination(destination())
                .syntheticEvent("Properties Updated")
                .build());
    assertThat(result.error()).as("run error").isEmpty();
    return result;
  }

  private FakeProfile profile(String userId) {
    return fake.user(userId).orElseThrow(() -> new AssertionError("no profile for " + userId));
  }

  private static Source users(String column, String id1, Object value1, String id2, Object value2) {
    return InMemorySource.builder()
        .column("id", ColumnType.STRING)
        .column(column, ColumnType.STRING)
        .row(id1, value1)
        .row(id2, value2)
        .build();
  }

  private static Source planAndSeats(String plan, int seats) {
    return InMemorySource.builder()
        .column("id", ColumnType.STRING)
        .column("plan", ColumnType.STRING)
        .column("seats", ColumnType.INTEGER)
        .row("user-00001", plan, seats)
        .build();
  }

  /** The index in {@code fake.requests()} of the first request on {@code path} that mentions the id. */
  private int indexOfRequest(String path, String id) {
    List<RecordedRequest> requests = fake.requests();
    for (int i = 0; i < requests.size(); i++) {
      RecordedRequest request = requests.get(i);
      if (request.path().equals(path) && decode(request.bodyText()).contains("\"" + id + "\"")) {
        return i;
      }
    }
    throw new AssertionError("no " + path + " request mentions " + id + ": " + requests);
  }

  static Map<String, String> form(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      form.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
    }
    return form;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** Compares property maps with numbers by value ({@code 7} equals {@code 7.00}). */
  static void assertSameValues(Map<String, Object> actual, Map<String, ?> expected) {
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
