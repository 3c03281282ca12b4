package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.SyncSpec;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.FakeProfile;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The YAML sync spec of DESIGN.md ("Sync spec (YAML)"): a spec like the design's example parses, builds
 * a job and syncs real H2 rows into the fake Amplitude; every object type has a minimal spec;
 * {@code ${VAR}} substitution; and every kind of mistake fails with the key path, the line and what to
 * fix, never showing the API key.
 *
 * <p>Line numbers in the assertions count the lines of the YAML text block of the same test, starting
 * at 1.
 */
class SyncSpecTest {
  /** A recognizable API key: it must never show in a message. */
  private static final String KEY = "SPEC-SECRET-KEY-7f3a9c";

  private static final String FILE = "users.yaml";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @TempDir Path dir;

  private FakeAmplitude fake;
  private final List<String> databases = new ArrayList<>();

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.builder().apiKey(KEY).start();
  }

  @AfterEach
  void stop() throws SQLException {
    fake.close();
    for (String url : databases) {
      try (Connection connection = DriverManager.getConnection(url, "sa", "");
          Statement statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      }
    }
  }

  // =============================================================================== the design's example

  @Test
  void designExample_withoutState_parsesBuildsAndSendsTheMappedProfiles() throws SQLException {
    String url = usersDatabase();
    SyncSpec spec = SyncSpec.parse(designExample(url, "  store: none"), FILE, env());

    assertThat(spec.name()).isEqualTo("users");
    assertThat(spec.objectType()).isEqualTo(ObjectType.USER);
    SyncJob job = spec.job();
    assertThat(job.state()).isEmpty();
    assertThat(job.source().describe()).contains(url).contains("select * from users");

    SyncResult result = AmplitudeSync.run(job);

    assertThat(result.status()).as(result.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.rowsRead()).isEqualTo(3);
    assertThat(result.accepted()).isEqualTo(3);
    assertThat(fake.users()).containsOnlyKeys("user-00001", "user-00002", "user-00003");

    FakeProfile first = fake.user("user-00001").orElseThrow();
    assertThat(first.property("plan")).isEqualTo("pro");
    assertThat(first.property("first_seen")).isEqualTo("2024-03-01T12:30:00.000Z");
    assertThat((BigDecimal) first.property("logins")).isEqualByComparingTo("7");
    assertThat(first.property("source")).isEqualTo("warehouse");
    assertThat(first.property("tier")).as("from properties_json").isEqualTo("gold");
    assertThat(first.groups()).containsEntry("company", List.of("acme-1"));
    assertThat(first.fields()).containsEntry("country", "Germany");

    FakeProfile second = fake.user("user-00002").orElseThrow();
    assertThat(second.property("plan")).isEqualTo("free");
    assertThat(second.property("first_seen")).isEqualTo("2023-12-31T08:00:00.000Z");
    assertThat((BigDecimal) second.property("logins")).isEqualByComparingTo("2");
    assertThat(second.property("source")).isEqualTo("warehouse");
    assertThat(second.groups()).containsEntry("company", List.of("globex-2"));

    FakeProfile third = fake.user("user-00003").orElseThrow();
    assertThat(third.properties()).as("nulls: skip leaves a NULL plan out").doesNotContainKey("plan");
    assertThat((BigDecimal) third.property("logins")).isEqualByComparingTo("0");
    assertThat(third.groups()).containsEntry("company", List.of("acme-1"));
  }

  @Test
  void designExample_withFileState_secondRunReportsEveryRowUnchanged() throws Exception {
    String url = usersDatabase();
    Path state = dir.resolve("state");
    String yaml = designExample(url, "  store: file\n  path: " + state);

    SyncResult first = AmplitudeSync.run(SyncSpec.parse(yaml, FILE, env()).job());
    long identifies = fake.requestCount("/identify");
    SyncResult second = AmplitudeSync.run(SyncSpec.parse(yaml, FILE, env()).job());

    assertThat(first.status()).as(first.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(first.accepted()).isEqualTo(3);
    assertThat(second.status()).as(second.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(second.rowsRead()).isEqualTo(3);
    assertThat(second.unchanged()).isEqualTo(3);
    assertThat(second.accepted()).isZero();
    assertThat(fake.requestCount("/identify")).as("nothing sent again").isEqualTo(identifies);
    assertThat((BigDecimal) fake.user("user-00001").orElseThrow().property("logins"))
        .as("add was not applied twice").isEqualByComparingTo("7");
    try (Stream<Path> files = Files.walk(state)) {
      assertThat(files.filter(Files::isRegularFile)).as("the file store wrote under state.path").isNotEmpty();
    }
  }

  @Test
  void designExample_validatingTheSpec_createsNoStateFiles_andConnectsToNothing() {
    Path state = dir.resolve("never");
    // the source URL names a database that does not exist: parsing and building never connect
    SyncSpec spec = SyncSpec.parse(
        designExample("jdbc:h2:mem:syncspec_never;IFEXISTS=TRUE", "  store: file\n  path: " + state), FILE, env());

    spec.job();

    assertThat(state).doesNotExist();
  }

  @Test
  void designExample_eventKeys_userPropertiesFieldsAndHttpApi_areSent() throws SQLException {
    String url = ordersDatabase();
    String yaml = """
        name: orders
        object: event
        behavior: create_only
        source:
          type: jdbc
          url: %s
          user: sa
          query: select * from orders order by order_id
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          endpoint: %s
          events_api: httpapi
        mapping:
          user_id: user_id
          event_type: {const: Order Completed}
          insert_id: order_id
          time: ordered_at
          fields:
            country: country
            price: amount
          properties:
            amount: amount
          user_properties:
            plan: plan
        state:
          store: none
        """.formatted(url, fake.baseUrl());

    SyncResult result = AmplitudeSync.run(SyncSpec.parse(yaml, FILE, env()).job());

    assertThat(result.status()).as(result.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(fake.requestCount("/2/httpapi")).isPositive();
    assertThat(fake.requestCount("/batch")).isZero();
    ObjectNode order = byInsertId(fake.events("Order Completed")).get("order-0001");
    assertThat(order.path("user_id").asText()).isEqualTo("user-00001");
    assertThat(order.path("time").asLong()).isEqualTo(Instant.parse("2024-03-01T12:30:00Z").toEpochMilli());
    assertThat(order.path("country").asText()).isEqualTo("Germany");
    assertThat(order.path("price").decimalValue()).isEqualByComparingTo("19.99");
    assertThat(order.path("event_properties").path("amount").decimalValue()).isEqualByComparingTo("19.99");
    assertThat(order.path("user_properties").toString()).contains("pro");
    assertThat(fake.user("user-00001").orElseThrow().property("plan")).isEqualTo("pro");
  }

  // =============================================================================== minimal spec per object

  @Test
  void minimalUserSpec_syncs() throws SQLException {
    String yaml = """
        name: users-min
        object: user
        source:
          type: jdbc
          url: %s
          user: sa
          table: users
        destination:
          api_key: %s
          endpoint: %s
        mapping:
          user_id: id
        state:
          store: none
        """.formatted(usersDatabase(), KEY, fake.baseUrl());

    SyncSpec spec = SyncSpec.parse(yaml, FILE, Map.of());
    SyncResult result = AmplitudeSync.run(spec.job());

    assertThat(spec.objectType()).isEqualTo(ObjectType.USER);
    assertThat(result.status()).as(result.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(3);
    assertThat(fake.requestCount("/identify")).isPositive();
  }

  @Test
  void minimalDeviceSpec_syncs() throws SQLException {
    String yaml = """
        name: devices-min
        object: device
        source:
          type: jdbc
          url: %s
          user: sa
          query: select 'device-0001' as device_id, 'ios' as os union all select 'device-0002', 'android'
        destination:
          api_key: %s
          endpoint: %s
        mapping:
          device_id: device_id
          properties:
            os: os
        state:
          store: none
        """.formatted(emptyDatabase(), KEY, fake.baseUrl());

    SyncSpec spec = SyncSpec.parse(yaml, FILE, Map.of());
    SyncResult result = AmplitudeSync.run(spec.job());

    assertThat(spec.objectType()).isEqualTo(ObjectType.DEVICE);
    assertThat(result.status()).as(result.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(fake.device("device-0001").orElseThrow().property("os")).isEqualTo("ios");
    assertThat(fake.device("device-0002").orElseThrow().property("os")).isEqualTo("android");
  }

  @Test
  void minimalGroupSpec_syncs() throws SQLException {
    String yaml = """
        name: companies-min
        object: group
        behavior: update_or_create
        source:
          type: jdbc
          url: %s
          user: sa
          query: select 'acme-1' as company_id, 'Acme' as company_name
        destination:
          api_key: %s
          endpoint: %s
        mapping:
          group_type: {const: company}
          group_value: company_id
          properties:
            name: company_name
            employees: {const: 12, op: add}
        state:
          store: none
        """.formatted(emptyDatabase(), KEY, fake.baseUrl());

    SyncSpec spec = SyncSpec.parse(yaml, FILE, Map.of());
    SyncResult result = AmplitudeSync.run(spec.job());

    assertThat(spec.objectType()).isEqualTo(ObjectType.GROUP);
    assertThat(result.status()).as(result.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    FakeProfile group = fake.group("company", "acme-1").orElseThrow();
    assertThat(group.property("name")).isEqualTo("Acme");
    assertThat((BigDecimal) group.property("employees")).isEqualByComparingTo("12");
  }

  @Test
  void minimalEventSpec_withInsertIdAndTime_syncs() throws SQLException {
    String yaml = """
        name: orders-min
        object: event
        source:
          type: jdbc
          url: %s
          user: sa
          table: orders
        destination:
          api_key: %s
          endpoint: %s
        mapping:
          user_id: user_id
          event_type: {const: Order Completed}
          insert_id: order_id
          time: ordered_at
        state:
          store: none
        """.formatted(ordersDatabase(), KEY, fake.baseUrl());

    SyncSpec spec = SyncSpec.parse(yaml, FILE, Map.of());
    SyncResult result = AmplitudeSync.run(spec.job());

    assertThat(spec.objectType()).isEqualTo(ObjectType.EVENT);
    assertThat(result.status()).as(result.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    Map<String, ObjectNode> events = byInsertId(fake.events("Order Completed"));
    assertThat(events).containsOnlyKeys("order-0001", "order-0002");
    assertThat(events.get("order-0002").path("user_id").asText()).isEqualTo("user-00002");
    assertThat(events.get("order-0002").path("time").asLong())
        .isEqualTo(Instant.parse("2024-03-02T08:00:00Z").toEpochMilli());
    assertThat(fake.requestCount("/batch")).as("events_api defaults to batch").isPositive();
  }

  // =============================================================================== ${VAR} substitution

  @Test
  void variables_present_areSubstituted_inEveryKindOfValue() throws SQLException {
    String url = usersDatabase();
    String yaml = """
        name: ${SYNC_NAME}
        object: user
        source:
          type: jdbc
          url: ${DB_URL}
          user: sa
          query: select * from ${USERS_TABLE}
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          endpoint: ${AMPLITUDE_ENDPOINT}
        mapping:
          user_id: id
          properties:
            source: {const: "${ORIGIN}-warehouse"}
        state:
          store: none
        """;
    Map<String, String> env = Map.of("SYNC_NAME", "users-from-env", "DB_URL", url, "USERS_TABLE", "users",
        "AMPLITUDE_API_KEY", KEY, "AMPLITUDE_ENDPOINT", fake.baseUrl(), "ORIGIN", "dwh");

    SyncSpec spec = SyncSpec.parse(yaml, FILE, env);
    SyncResult result = AmplitudeSync.run(spec.job());

    assertThat(spec.name()).isEqualTo("users-from-env");
    assertThat(result.status()).as("the fake accepts only KEY: " + result).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(3);
    assertThat(fake.user("user-00001").orElseThrow().property("source")).isEqualTo("dwh-warehouse");
  }

  @Test
  void variables_absentWithDefault_takeTheDefault_andAnEmptyValueAlsoTakesIt() {
    String yaml = """
        name: ${SYNC_NAME:-users-default}
        object: ${OBJECT:-user}
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: ${USERS_TABLE:-users}
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          region: ${REGION:-eu}
        mapping:
          user_id: id
        state:
          store: none
        """;

    SyncSpec absent = SyncSpec.parse(yaml, FILE, env());
    SyncSpec empty = SyncSpec.parse(yaml, FILE, Map.of("AMPLITUDE_API_KEY", KEY, "SYNC_NAME", "", "REGION", ""));
    SyncSpec present = SyncSpec.parse(yaml, FILE, Map.of("AMPLITUDE_API_KEY", KEY, "SYNC_NAME", "custom", "REGION", "us"));

    assertThat(absent.name()).isEqualTo("users-default");
    assertThat(absent.objectType()).isEqualTo(ObjectType.USER);
    assertThat(absent.job().source().describe()).endsWith("(table users)");
    assertThat(absent.destination().toString()).contains("region=EU");
    assertThat(empty.name()).as("${VAR:-default} also replaces an empty value, as in the shell").isEqualTo("users-default");
    assertThat(empty.destination().toString()).contains("region=EU");
    assertThat(present.name()).isEqualTo("custom");
    assertThat(present.destination().toString()).contains("region=US");
  }

  @Test
  void variables_absentWithoutDefault_failNamingTheKeyPathTheLineAndTheVariable() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: ${AMPLITUDE_API_KEY}
        mapping:
          user_id: id
        """;

    SpecException e = mistake(yaml, Map.of("OTHER", "x"));

    assertThat(e.keyPath()).isEqualTo("destination.api_key");
    assertThat(e.line()).isEqualTo(8);
    assertThat(e.getMessage())
        .startsWith(FILE + " line 8: destination.api_key: ")
        .contains("environment variable AMPLITUDE_API_KEY is not set")
        .contains("${AMPLITUDE_API_KEY:-default}");
  }

  @Test
  void variables_absentWithoutDefault_deepInTheMapping_nameTheFullKeyPath() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
          properties:
            source: {const: "${ORIGIN}"}
        """;

    SpecException e = mistake(yaml, Map.of());

    assertThat(e.keyPath()).isEqualTo("mapping.properties.source.const");
    assertThat(e.line()).isEqualTo(12);
    assertThat(e.getMessage()).contains("ORIGIN is not set");
  }

  @Test
  void variables_emptyDefault_substitutesNothing() throws SQLException {
    String url = usersDatabase();
    String yaml = """
        name: users${SUFFIX:-}
        object: user
        source:
          type: jdbc
          url: %s
          user: sa
          password: ${PGPASSWORD:-}
          table: users
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          endpoint: %s
        mapping:
          user_id: id
        state:
          store: none
        """.formatted(url, fake.baseUrl());

    SyncSpec spec = SyncSpec.parse(yaml, FILE, env());
    SyncResult result = AmplitudeSync.run(spec.job());

    assertThat(spec.name()).isEqualTo("users");
    assertThat(result.status()).as("an empty password connects without one: " + result).isEqualTo(SyncStatus.SUCCEEDED);
  }

  @Test
  void load_readsAFile_withTheGivenEnvironment_andNamesTheFileInMessages() throws Exception {
    Path good = Files.writeString(dir.resolve("good.yaml"), """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: ${AMPLITUDE_API_KEY}
        mapping:
          user_id: id
        state:
          store: none
        """, StandardCharsets.UTF_8);
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "name: users\nobject: acount\n", StandardCharsets.UTF_8);

    assertThat(SyncSpec.load(good, env()).name()).isEqualTo("users");
    SpecException badSpec = catchThrowableOfType(() -> SyncSpec.load(bad, env()), SpecException.class);
    assertThat(badSpec.getMessage()).startsWith(bad + " line 2: object: ");
    SpecException missing = catchThrowableOfType(() -> SyncSpec.load(dir.resolve("missing.yaml"), env()), SpecException.class);
    assertThat(missing.getMessage()).contains("missing.yaml").contains("cannot read the spec");
    assertThat(missing.line()).isZero();
  }

  // =============================================================================== one spec per mistake

  @Test
  void mistake_unknownTopLevelKey_suggestsTheKnownKey() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapings: {user_id: id}
        """;

    SpecException e = mistake(yaml);

    assertMistake(e, "mapings", 9, "is not a key here; did you mean mapping?");
    assertThat(e.getMessage()).contains("Keys are: behavior, destination, mapping, name, object, options, source, state");
  }

  @Test
  void mistake_unknownKeyInDestination() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
          regoin: eu
        mapping:
          user_id: id
        """;

    assertMistake(mistake(yaml), "destination.regoin", 9, "did you mean region?", "api_key, endpoint, events_api");
  }

  @Test
  void mistake_unknownKeyInMapping() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          userid: id
        """;

    assertMistake(mistake(yaml), "mapping.userid", 10, "did you mean user_id?");
  }

  @Test
  void mistake_unknownKeyInOptions() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        options:
          nul: skip
        """;

    assertMistake(mistake(yaml), "options.nul", 12, "did you mean nulls?", "on_removed");
  }

  @Test
  void mistake_unknownKeyInAProperty() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
          properties:
            plan: {column: plan, op: set, default: free}
        """;

    assertMistake(mistake(yaml), "mapping.properties.plan.default", 12, "is not a key here", "column, const, op");
  }

  @Test
  void mistake_unknownObject() {
    String yaml = """
        name: accounts
        object: account
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: accounts
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        """;

    assertMistake(mistake(yaml), "object", 2, "'account'", "user, device, group, event");
  }

  @Test
  void mistake_behaviorThatDoesNotFitTheObject() {
    String yaml = """
        name: orders
        object: event
        behavior: update_or_create
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: orders
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: user_id
          event_type: {const: Order Completed}
          time: ordered_at
        """;

    assertMistake(mistake(yaml), "behavior", 3, "update_or_create does not apply to event syncs", "event syncs are create_only");
  }

  @Test
  void mistake_unknownBehavior() {
    String yaml = """
        name: users
        object: user
        behavior: upsert
        """;

    assertMistake(mistake(yaml), "behavior", 3, "'upsert'", "update_or_create or create_only");
  }

  @Test
  void mistake_missingName() {
    String yaml = """
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        """;

    assertMistake(mistake(yaml), "name", 1, "name: is missing");
  }

  @Test
  void mistake_nameThatCannotNameASync() {
    String yaml = """
        name: users / prod
        object: user
        """;

    assertMistake(mistake(yaml), "name", 1, "must start with a letter or digit", "letters, digits");
  }

  @Test
  void mistake_missingSection() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        mapping:
          user_id: id
        """;

    assertMistake(mistake(yaml), "destination", 1, "is missing; a spec needs destination:");
  }

  @Test
  void mistake_missingUserIdForAUserSync() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          device_id: device
          properties:
            plan: plan
        """;

    SpecException e = mistake(yaml);

    assertMistake(e, "mapping", e.line(), "user syncs need mapping.user_id; add it to the mapping");
    assertThat(e.line()).as("the mapping: section (its key or its first line)").isBetween(9, 10);
  }

  @Test
  void mistake_missingEventType() {
    String yaml = """
        name: orders
        object: event
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: orders
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: user_id
          insert_id: order_id
          time: ordered_at
        """;

    SpecException e = mistake(yaml);

    assertMistake(e, "mapping", e.line(), "event syncs need mapping.event_type");
    assertThat(e.line()).isBetween(9, 10);
  }

  @Test
  void mistake_identifierThatDoesNotApplyToTheObject() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
          insert_id: id
        """;

    assertMistake(mistake(yaml), "mapping.insert_id", 11, "does not apply to user syncs", "user syncs take user_id, device_id");
  }

  @Test
  void mistake_unknownRegion() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
          region: asia
        mapping:
          user_id: id
        """;

    assertMistake(mistake(yaml), "destination.region", 9, "'asia' is not a region; use us or eu");
  }

  @Test
  void mistake_unknownEventsApi() {
    String yaml = """
        name: orders
        object: event
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: orders
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
          events_api: fast
        mapping:
          user_id: user_id
          event_type: {const: Order Completed}
          time: ordered_at
        """;

    assertMistake(mistake(yaml), "destination.events_api", 9, "'fast' is not an events API; use batch or httpapi");
  }

  @Test
  void mistake_minIdLengthZero() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
          min_id_length: 0
        mapping:
          user_id: id
        """;

    // The builder's own limit and message: the spec restates neither.
    String builderSays = catchThrowable(() -> AmplitudeClient.builder("k").minIdLength(0)).getMessage();
    assertMistake(mistake(yaml), "destination.min_id_length", 9, builderSays, "at least 1, was 0");
  }

  @Test
  void destinationLimits_areTheBuilders_valuesAboveTheOldSpecLimitsAreAccepted() {
    // The spec used to refuse min_id_length above 1024 and max_requests_in_flight above 64; the
    // client builder accepts any value of at least 1, and so does the spec now.
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
          min_id_length: 2000
          max_requests_in_flight: 100
        mapping:
          user_id: id
        """;
    AmplitudeClient.builder("k").minIdLength(2000).maxRequestsInFlight(100);

    SyncSpec spec = SyncSpec.parse(yaml, FILE, Map.of());

    assertThat(spec.destination()).isNotNull();
  }

  @Test
  void mistake_maxRequestsInFlightZero_isRefusedByTheBuilderAtTheKeysLine() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
          gzip: true
          max_requests_in_flight: 0
        mapping:
          user_id: id
        """;
    String builderSays = catchThrowable(() -> AmplitudeClient.builder("k").maxRequestsInFlight(0)).getMessage();

    assertMistake(mistake(yaml), "destination.max_requests_in_flight", 10, builderSays, "was 0");
  }

  @Test
  void mistake_endpointThatIsNotHttps() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
          endpoint: http://proxy.example.com
        mapping:
          user_id: id
        """;

    assertMistake(mistake(yaml), "destination.endpoint", 9, "must use https");
  }

  @Test
  void mistake_unknownOperation() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
          properties:
            logins: {column: login_count, op: increment}
        """;

    assertMistake(mistake(yaml), "mapping.properties.logins.op", 12,
        "'increment' is not a property operation; use one of set, set_once, add, append");
  }

  @Test
  void mistake_operationNotAllowedForGroups() {
    String yaml = """
        name: companies
        object: group
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: companies
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          group_type: {const: company}
          group_value: company_id
          properties:
            tags: {column: tags, op: pre_insert}
        """;

    assertMistake(mistake(yaml), "mapping.properties.tags", 13,
        "op pre_insert does not apply to group properties", "groups take set, set_once, add, append, prepend, unset");
  }

  @Test
  void mistake_operationOnAnEventProperty() {
    String yaml = """
        name: orders
        object: event
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: orders
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: user_id
          event_type: {const: Order Completed}
          properties:
            amount: {column: amount, op: add}
          time: ordered_at
        """;

    assertMistake(mistake(yaml), "mapping.properties.amount", 13,
        "event properties take no operation", "use mapping.user_properties");
  }

  @Test
  void mistake_fieldThatDoesNotApplyToTheObject() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
          fields:
            price: x
        """;

    assertMistake(mistake(yaml), "mapping.fields.price", 12, "does not apply to user syncs", "fields for user syncs are", "country");
  }

  @Test
  void mistake_timeAsAField() {
    String yaml = """
        name: orders
        object: event
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: orders
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: user_id
          event_type: {const: Order Completed}
          fields:
            time: x
        """;

    assertMistake(mistake(yaml), "mapping.fields.time", 13, "map it as mapping.time instead");
  }

  @Test
  void mistake_unknownFieldName() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
          fields:
            contry: country
        """;

    assertMistake(mistake(yaml), "mapping.fields.contry", 12, "is not an Amplitude field", "country");
  }

  @Test
  void mistake_unknownSourceType() {
    String yaml = """
        name: users
        object: user
        source:
          type: csv
          path: users.csv
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        """;

    assertMistake(mistake(yaml), "source.type", 4, "'csv' is not a source type here", "available: jdbc");
  }

  @Test
  void mistake_jdbcSourceWithoutUrl() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        """;

    SpecException e = mistake(yaml);

    assertMistake(e, e.keyPath(), e.line(), "source.url is required for a jdbc source");
    assertThat(e.keyPath()).startsWith("source");
    assertThat(e.line()).as("the source: section (its key or its first line)").isBetween(3, 4);
  }

  @Test
  void mistake_jdbcSourceWithBothQueryAndTable() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          query: select * from users
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        """;

    SpecException e = mistake(yaml);

    assertMistake(e, e.keyPath(), 6, "needs exactly one of source.query and source.table");
    assertThat(e.keyPath()).startsWith("source");
  }

  @Test
  void mistake_unknownJdbcSourceKey() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
          schema: analytics
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        """;

    SpecException e = mistake(yaml);

    assertMistake(e, "source.schema", 7, "is not a key here", "fetch_size", "timestamp_zone");
    assertThat(e.keyPath()).startsWith("source");
  }

  @Test
  void mistake_misspelledJdbcSourceKey_readsAsEveryOtherUnknownKey_withDidYouMean() {
    String source = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          usr: sa
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        """;
    String destination = source.replace("  usr: sa\n", "").replace("api_key:", "region: us\n  api_kee:");

    SpecException usr = mistake(source);
    SpecException kee = mistake(destination);

    assertMistake(usr, "source.usr", 6, "is not a key here; did you mean user? Keys are: fetch_size, password, query,"
        + " table, timestamp_zone, type, url, user");
    assertMistake(kee, "destination.api_kee", 9, "is not a key here; did you mean api_key? Keys are: ");
    // the same form: only the key, the suggestion and the list of keys differ
    assertThat(usr.getMessage().replaceAll("line \\d+: \\S+: ", "").replaceAll("mean \\S+\\? Keys are: .*", ""))
        .isEqualTo(kee.getMessage().replaceAll("line \\d+: \\S+: ", "").replaceAll("mean \\S+\\? Keys are: .*", ""));
  }

  @Test
  void mistake_duplicateKey() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
          properties:
            plan: plan
            plan: tier
        """;

    assertMistake(mistake(yaml), "mapping.properties.plan", 13, "is given twice");
  }

  @Test
  void mistake_tabIndentation_isInvalidYaml() {
    String yaml = """
        name: users
        object: user
        mapping:
        \tuser_id: id
        """;

    SpecException e = mistake(yaml);

    assertMistake(e, "", e.line(), "not valid YAML");
    assertThat(e.line()).as("the tab is on line 4 (see Bugs.yamlErrorWithAContext_reportsTheProblemAndItsLine)").isBetween(3, 4);
  }

  @Test
  void mistake_badIndentation_isInvalidYaml() {
    String yaml = """
        name: users
        object: user
        mapping:
          user_id: id
           plan: plan
        """;

    assertMistake(mistake(yaml), "", 5, "not valid YAML");
  }

  @Test
  void mistake_emptyFile() {
    assertMistake(mistake(""), "", 0, "the spec is empty");
    assertMistake(mistake("# only a comment\n\n"), "", 0, "the spec is empty");
  }

  @Test
  void mistake_listAtTheTop() {
    String yaml = """
        - name: users
        - object: user
        """;

    assertMistake(mistake(yaml), "", 1, "a spec is a mapping of keys");
  }

  @Test
  void mistake_twoDocuments() {
    String yaml = """
        name: users
        object: user
        ---
        name: devices
        """;

    SpecException e = mistake(yaml);

    assertThat(e.getMessage()).contains("a spec holds a single YAML document");
    assertThat(e.line()).isBetween(3, 4);
  }

  @Test
  void mistake_sectionThatIsNotAMapping() {
    String yaml = """
        name: users
        object: user
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        source: jdbc
        """;

    assertMistake(mistake(yaml), "source", 7, "must be a mapping of keys");
  }

  @Test
  void mistake_unknownNullPolicy() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        options:
          nulls: maybe
        """;

    assertMistake(mistake(yaml), "options.nulls", 12, "'maybe' is not a null policy; use skip or unset");
  }

  @Test
  void mistake_unknownOnRemovedPolicy() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        options:
          on_removed: delete
        """;

    assertMistake(mistake(yaml), "options.on_removed", 12, "'delete' is not a policy; use unset or ignore");
  }

  @Test
  void mistake_negativeMaxRows() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        options:
          max_rows: -5
        """;

    assertMistake(mistake(yaml), "options.max_rows", 12, "must be at least 1, was -5");
  }

  @Test
  void mistake_maxRowsThatIsNotANumber() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        options:
          max_rows: lots
        """;

    assertMistake(mistake(yaml), "options.max_rows", 12, "must be a whole number, was 'lots'");
  }

  @Test
  void mistake_watermarkLagThatIsNotADuration() {
    String yaml = """
        name: orders
        object: event
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: orders
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: user_id
          event_type: {const: Order Completed}
          time: ordered_at
        options:
          watermark: {column: created_at, lag: soon}
        """;

    assertMistake(mistake(yaml), "options.watermark.lag", 14, "'soon' is not a duration", "30m, 2h, 1d", "PT1H");
  }

  @Test
  void mistake_unknownStateStore() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        state:
          store: s3
        """;

    assertMistake(mistake(yaml), "state.store", 12, "'s3' is not a state store here", "file, jdbc", "none");
  }

  @Test
  void mistake_noneStoreWithAPath() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        state: {store: none, path: x}
        """;

    assertMistake(mistake(yaml), "state", 11, "store: none takes no other keys");
  }

  @Test
  void mistake_unknownKeyOfTheFileStore() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        state:
          store: file
          dir: .state
        """;

    assertMistake(mistake(yaml), "state.dir", 13, "is not a key of the file store; its only key is path");
  }

  @Test
  void mistake_unknownKeyOfTheJdbcStore() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        state: {store: jdbc, schema: sync}
        """;

    SpecException e = mistake(yaml);

    assertMistake(e, e.keyPath(), 11, "state.schema is not a key of the jdbc state store", "table");
    assertThat(e.keyPath()).startsWith("state");
  }

  @Test
  void mistake_blankApiKeyAfterSubstitution() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: ${AMPLITUDE_API_KEY:-}
        mapping:
          user_id: id
        """;

    assertMistake(mistake(yaml, Map.of()), "destination.api_key", 8, "is empty; set it, usually as ${AMPLITUDE_API_KEY}");
    assertMistake(mistake(yaml, Map.of("AMPLITUDE_API_KEY", "   ")), "destination.api_key", 8, "is empty");
  }

  @Test
  void mistake_optionsThatDoNotFitTheObject_failWhenTheJobIsBuilt() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        state:
          store: none
        options:
          watermark: {column: updated_at, lag: 1h}
        """;
    SyncSpec spec = SyncSpec.parse(yaml, FILE, Map.of());

    assertThatThrownBy(spec::job)
        .isInstanceOf(SpecException.class)
        .hasMessageStartingWith(FILE)
        .hasMessageContaining("watermark mode applies to event syncs only")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
  }

  // =============================================================================== destination()

  @Test
  void destination_withAnEndpoint_buildsAClientForThatEndpoint_neverShowingTheKey() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
          region: eu
          endpoint: http://127.0.0.1:8123/proxy
          min_id_length: 3
        mapping:
          user_id: id
        """;
    SyncSpec spec = SyncSpec.parse(yaml, FILE, Map.of());

    AmplitudeClient.Builder builder = spec.destination().toBuilder();
    try (AmplitudeClient client = builder.build()) {
      assertThat(client.toString()).contains("http://127.0.0.1:8123/proxy").doesNotContain(KEY);
      assertThat(client.minIdLength()).isEqualTo(3);
    }
    assertThat(builder.toString()).contains("region=EU").contains("http://127.0.0.1:8123/proxy").doesNotContain(KEY);
    assertThat(spec.toString()).doesNotContain(KEY);
    assertThat(spec.job().toString()).doesNotContain(KEY);
  }

  @Test
  void destination_withARegionOnly_usesTheRegionsHost_andEachCallIsAnIndependentCopy() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
          region: EU
        mapping:
          user_id: id
        """;
    SyncSpec spec = SyncSpec.parse(yaml, FILE, Map.of());

    spec.destination().toBuilder().endpoint(java.net.URI.create("http://127.0.0.1:1"));
    try (AmplitudeClient client = spec.destination().toBuilder().build()) {
      assertThat(client.toString()).contains("https://api.eu.amplitude.com").doesNotContain("127.0.0.1:1").doesNotContain(KEY);
    }
  }

  @Test
  void destination_withoutRegion_defaultsToUs() {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: users
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: id
        """;

    try (AmplitudeClient client = SyncSpec.parse(yaml, FILE, Map.of()).destination().toBuilder().build()) {
      assertThat(client.toString()).contains("https://api2.amplitude.com").doesNotContain(KEY);
    }
  }

  @Test
  void jobBuilder_letsTheCallerOverrideTheEndpoint_withoutChangingTheSpec() throws SQLException {
    String yaml = """
        name: users
        object: user
        source:
          type: jdbc
          url: %s
          user: sa
          table: users
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          region: us
        mapping:
          user_id: id
          properties:
            plan: plan
        state:
          store: none
        """.formatted(usersDatabase());
    SyncSpec spec = SyncSpec.parse(yaml, FILE, env());

    SyncJob job = spec.jobBuilder()
        .destination(spec.destination().toBuilder().endpoint(java.net.URI.create(fake.baseUrl())))
        .build();
    SyncResult result = AmplitudeSync.run(job);

    assertThat(result.status()).as(result.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(fake.user("user-00001").orElseThrow().property("plan")).isEqualTo("pro");
    assertThat(spec.jobBuilder().build().destination().toString()).contains("endpoint=null").doesNotContain(KEY);
    assertThat(spec.destination().toString()).contains("endpoint=null");
  }

  // =============================================================================== state: {store: jdbc}

  @Test
  void jdbcStateStore_defaultsToTheSourcesDatabase() throws Exception {
    String url = usersDatabase();
    String yaml = """
        name: users-jdbc-state
        object: user
        source:
          type: jdbc
          url: %s
          user: sa
          password: ${PGPASSWORD:-}
          table: users
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          endpoint: %s
        mapping:
          user_id: id
          properties:
            plan: plan
        state:
          store: jdbc
        """.formatted(url, fake.baseUrl());

    SyncResult first = AmplitudeSync.run(SyncSpec.parse(yaml, FILE, env()).job());
    SyncResult second = AmplitudeSync.run(SyncSpec.parse(yaml, FILE, env()).job());

    assertThat(first.status()).as(first.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(first.accepted()).isEqualTo(3);
    assertThat(second.unchanged()).as("the second run reads the state the first wrote").isEqualTo(3);
    List<String> keys = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        PreparedStatement select = connection.prepareStatement(
            "select record_key from ampsync_state where sync_name = ? order by record_key")) {
      select.setString(1, "users-jdbc-state");
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          keys.add(rows.getString(1));
        }
      }
    }
    assertThat(keys).hasSize(3);
    assertThat(String.join(" ", keys)).contains("user-00001").contains("user-00002").contains("user-00003");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).as("no file store was used").isEmpty();
    }
  }

  // =============================================================================== options.watermark

  static Stream<Arguments> lags() {
    return Stream.of(
        Arguments.of("2h", Duration.ofHours(2)),
        Arguments.of("PT30M", Duration.ofMinutes(30)),
        Arguments.of("1d", Duration.ofDays(1)),
        Arguments.of("45s", Duration.ofSeconds(45)),
        Arguments.of("30m", Duration.ofMinutes(30)),
        Arguments.of("pt1h", Duration.ofHours(1)));
  }

  @ParameterizedTest
  @MethodSource("lags")
  void watermark_lag_parses(String lag, Duration expected) {
    String yaml = """
        name: orders
        object: event
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: orders
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: user_id
          event_type: {const: Order Completed}
          time: ordered_at
        state:
          store: file
          path: %s
        options:
          watermark:
            column: created_at
            lag: %s
        """.formatted(dir.resolve("state"), lag);

    SyncJob job = SyncSpec.parse(yaml, FILE, Map.of()).job();

    assertThat(job.watermarkColumn()).contains("created_at");
    assertThat(job.watermarkLag()).isEqualTo(expected);
  }

  @Test
  void watermark_withoutLag_hasNoLag() {
    String yaml = """
        name: orders
        object: event
        source:
          type: jdbc
          url: jdbc:h2:mem:unused
          table: orders
        destination:
          api_key: SPEC-SECRET-KEY-7f3a9c
        mapping:
          user_id: user_id
          event_type: {const: Order Completed}
          time: ordered_at
        state:
          store: file
          path: %s
        options:
          watermark: {column: created_at}
        """.formatted(dir.resolve("state"));

    assertThat(SyncSpec.parse(yaml, FILE, Map.of()).job().watermarkLag()).isZero();
  }

  // =============================================================================== the API key stays secret

  static Stream<Arguments> specsBrokenAroundTheApiKey() {
    String head = "name: users\nobject: user\nsource:\n  type: jdbc\n  url: jdbc:h2:mem:unused\n  table: users\n";
    return Stream.of(
        Arguments.of("colon after the key", head + "destination:\n  api_key: " + KEY + ": x\nmapping:\n  user_id: id\n"),
        Arguments.of("unclosed quote", head + "destination:\n  api_key: \"" + KEY + "\nmapping:\n  user_id: id\n"),
        Arguments.of("tab after the key line", head + "destination:\n  api_key: " + KEY + "\n\tregion: us\n"),
        Arguments.of("unclosed flow mapping", head + "destination: {api_key: " + KEY + ", region: [us}\n"),
        Arguments.of("key given twice", head + "destination:\n  api_key: " + KEY + "\n  api_key: " + KEY + "\n"),
        Arguments.of("key as a list", head + "destination:\n  api_key: [" + KEY + "]\nmapping:\n  user_id: id\n"),
        Arguments.of("key with a bad region", head + "destination:\n  api_key: " + KEY + "\n  region: mars\nmapping:\n  user_id: id\n"),
        Arguments.of("key with a bad mapping", head + "destination:\n  api_key: " + KEY + "\nmapping:\n  id: id\n"),
        Arguments.of("key in a bad endpoint",
            head + "destination:\n  api_key: " + KEY + "\n  endpoint: 'https://x.example.com/?k=1'\nmapping:\n  user_id: id\n"),
        Arguments.of("key but no mapping", head + "destination:\n  api_key: " + KEY + "\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("specsBrokenAroundTheApiKey")
  void apiKey_neverAppearsInASpecException(String label, String yaml) {
    SpecException e = mistake(yaml, env());

    assertThat(e.getMessage()).as(label).doesNotContain(KEY).doesNotContain("7f3a9c");
    assertThat(e.toString()).doesNotContain(KEY);
  }

  // =============================================================================== bugs

  /** Bugs found while writing this suite; each test shows the bug and stays disabled until it is fixed. */
  @Nested
  class Bugs {

    @Test
    void missingApiKey_namesDestinationDotApiKey() {
      String yaml = """
          name: users
          object: user
          source:
            type: jdbc
            url: jdbc:h2:mem:unused
            table: users
          destination:
            region: us
          mapping:
            user_id: id
          """;

      SpecException e = mistake(yaml);

      assertThat(e.keyPath()).isEqualTo("destination.api_key");
      assertThat(e.getMessage()).contains("destination.api_key");
    }

    @Test
    void valueOfTheWrongShape_namesTheFullKeyPath() {
      String yaml = """
          name: users
          object: user
          source:
            type: jdbc
            url: jdbc:h2:mem:unused
            table: users
          destination:
            api_key: SPEC-SECRET-KEY-7f3a9c
            region: [us, eu]
          mapping:
            user_id: id
          """;

      SpecException e = mistake(yaml);

      assertThat(e.keyPath()).isEqualTo("destination.region");
      assertThat(e.line()).isEqualTo(9);
    }

    @Test
    void unknownKeyWithABlockValue_reportsTheLineOfTheKey() {
      String yaml = """
          name: users
          object: user
          source:
            type: jdbc
            url: jdbc:h2:mem:unused
            table: users
          destination:
            api_key: SPEC-SECRET-KEY-7f3a9c
          mapings:
            user_id: id
          """;

      SpecException e = mistake(yaml);

      assertThat(e.keyPath()).isEqualTo("mapings");
      assertThat(e.line()).as("mapings: is on line 9").isEqualTo(9);
    }

    @Test
    void negativeWatermarkLag_andBlankSyntheticEvent_failAsSpecException() {
      String head = """
          name: orders
          object: event
          source:
            type: jdbc
            url: jdbc:h2:mem:unused
            table: orders
          destination:
            api_key: SPEC-SECRET-KEY-7f3a9c
          mapping:
            user_id: user_id
            event_type: {const: Order Completed}
            time: ordered_at
          options:
          """;

      SpecException lag = mistake(head + "  watermark: {column: created_at, lag: PT-1H}\n");
      SpecException synthetic = mistake(head + "  synthetic_event: ' '\n");

      assertThat(lag.keyPath()).isEqualTo("options.watermark.lag");
      assertThat(lag.line()).isEqualTo(14);
      assertThat(synthetic.keyPath()).isEqualTo("options.synthetic_event");
      assertThat(synthetic.line()).isEqualTo(14);
    }

    @Test
    void unknownJdbcSourceKey_hasTheKeyAsKeyPath() {
      String yaml = """
          name: users
          object: user
          source:
            type: jdbc
            url: jdbc:h2:mem:unused
            table: users
            schema: analytics
          destination:
            api_key: SPEC-SECRET-KEY-7f3a9c
          mapping:
            user_id: id
          """;

      assertThat(mistake(yaml).keyPath()).isEqualTo("source.schema");
    }

    @Test
    void messages_nameTheKeyPathOnce() {
      String yaml = """
          name: orders
          object: event
          source:
            type: jdbc
            url: jdbc:h2:mem:unused
            table: orders
          destination:
            api_key: SPEC-SECRET-KEY-7f3a9c
          mapping:
            user_id: user_id
            event_type: {const: Order Completed}
            fields:
              time: x
          """;

      SpecException e = mistake(yaml);

      assertThat(e.getMessage().split("mapping\\.fields\\.time", -1)).as(e.getMessage()).hasSize(2);
    }

    @Test
    void yamlErrorWithAContext_reportsTheProblemAndItsLine() {
      String yaml = """
          name: users
          object: user
          mapping:
          \tuser_id: id
          """;

      SpecException e = mistake(yaml);

      assertThat(e.line()).as(e.getMessage()).isEqualTo(4);
      assertThat(e.getMessage()).containsIgnoringCase("tab");
    }

    @Test
    void apiKeyInTheWrongKey_isNotEchoed() {
      String yaml = """
          name: users
          object: user
          source:
            type: jdbc
            url: jdbc:h2:mem:unused
            table: users
          destination:
            api_key: ${AMPLITUDE_API_KEY}
            region: ${AMPLITUDE_API_KEY}
          mapping:
            user_id: id
          """;

      assertThat(mistake(yaml, env()).getMessage()).doesNotContain(KEY);
    }
  }

  // =============================================================================== helpers

  /** The design's example as a user sync, with {@code state:} given as indented lines. */
  private String designExample(String url, String stateLines) {
    return """
        name: users                         # required: names the sync and its state
        object: user                        # user | device | group | event
        behavior: update_or_create
        source:
          type: jdbc
          url: %s
          user: sa                          # optional
          password: ${PGPASSWORD:-}         # ${VAR} and ${VAR:-default} come from the environment
          query: select * from users        # or  table: users
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          region: us                        # us | eu
          endpoint: %s
          events_api: batch                 # batch | httpapi
          min_id_length: 5
        mapping:                            # a plain string names a column; {const: X} is a constant
          user_id: id
          fields:
            country: country
          properties:
            plan: plan                      # shorthand for {column: plan, op: set}
            first_seen: {column: created_at, op: set_once}
            logins: {column: login_count, op: add}
            source: {const: warehouse}
          properties_json: props            # a JSON column whose keys become properties
          groups:                           # group membership {group_type: column}
            company: company_id
        state:
        %s
        options:
          nulls: skip                       # skip | unset
        """.formatted(url, fake.baseUrl(), stateLines);
  }

  private static Map<String, String> env() {
    return Map.of("AMPLITUDE_API_KEY", KEY);
  }

  private static SpecException mistake(String yaml) {
    return mistake(yaml, Map.of());
  }

  private static SpecException mistake(String yaml, Map<String, String> env) {
    SpecException e = catchThrowableOfType(() -> SyncSpec.parse(yaml, FILE, env), SpecException.class);
    assertThat(e).as("a SpecException for:\n" + yaml).isNotNull();
    return e;
  }

  /** Asserts the key path, the line, the message's form ("FILE line N: PATH: problem") and what it says. */
  private static void assertMistake(SpecException e, String keyPath, int line, String... says) {
    assertThat(e.keyPath()).as(e.getMessage()).isEqualTo(keyPath);
    assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
    String prefix = FILE + (line > 0 ? " line " + line : "") + (keyPath.isEmpty() ? "" : ": " + keyPath) + ": ";
    assertThat(e.getMessage()).startsWith(prefix).contains(says).doesNotContain(KEY);
  }

  private static Map<String, ObjectNode> byInsertId(List<ObjectNode> events) {
    Map<String, ObjectNode> byId = new HashMap<>();
    events.forEach(event -> byId.put(event.path("insert_id").asText(), event));
    return byId;
  }

  private String emptyDatabase() throws SQLException {
    return database();
  }

  private String usersDatabase() throws SQLException {
    return database(
        "CREATE TABLE users (id VARCHAR(40), plan VARCHAR(20), created_at TIMESTAMP, login_count INTEGER,"
            + " company_id VARCHAR(40), country VARCHAR(40), props VARCHAR(200))",
        "INSERT INTO users VALUES ('user-00001', 'pro', TIMESTAMP '2024-03-01 12:30:00', 7, 'acme-1', 'Germany',"
            + " '{\"tier\": \"gold\"}')",
        "INSERT INTO users VALUES ('user-00002', 'free', TIMESTAMP '2023-12-31 08:00:00', 2, 'globex-2', 'France',"
            + " '{\"tier\": \"silver\"}')",
        "INSERT INTO users VALUES ('user-00003', NULL, TIMESTAMP '2024-06-30 23:59:59', 0, 'acme-1', NULL, NULL)");
  }

  private String ordersDatabase() throws SQLException {
    return database(
        "CREATE TABLE orders (order_id VARCHAR(40), user_id VARCHAR(40), ordered_at TIMESTAMP, amount DECIMAL(10,2),"
            + " country VARCHAR(40), plan VARCHAR(20))",
        "INSERT INTO orders VALUES ('order-0001', 'user-00001', TIMESTAMP '2024-03-01 12:30:00', 19.99, 'Germany', 'pro')",
        "INSERT INTO orders VALUES ('order-0002', 'user-00002', TIMESTAMP '2024-03-02 08:00:00', 5.00, 'France', 'free')");
  }

  /** A new H2 in-memory database, kept open until the test ends. */
  private String database(String... statements) throws SQLException {
    String url = "jdbc:h2:mem:syncspec" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    databases.add(url);
    try (Connection connection = DriverManager.getConnection(url, "sa", "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
    return url;
  }
}
