package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.ampsync.internal.spec.SpecSchema;
import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.SyncSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The generated JSON Schema agrees with the binder: every spec in the repository (YAML files and the
 * README's {@code yaml} examples) is accepted by both, and each kind of mistake (an unknown key, a
 * value outside an enum, a value of the wrong type, a missing key, a form the mapping does not take)
 * is refused by both.
 */
class SpecSchemaValidationTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Schema SCHEMA = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7)
      .getSchema(SpecSchema.generate(), InputFormat.JSON);
  /** A variable without a default, which the binder needs set. */
  private static final Pattern REQUIRED_VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  static Stream<Arguments> repositorySpecs() throws IOException {
    List<Arguments> specs = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT)) {
      for (Path file : files.filter(SpecSchemaValidationTest::isSpecFile).sorted().toList()) {
        specs.add(Arguments.of(ROOT.relativize(file).toString(), Files.readString(file, StandardCharsets.UTF_8)));
      }
    }
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    Matcher block = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    for (int i = 1; block.find(); i++) {
      // Complete specs only (a top-level name:); the others are fragments of one section.
      if (Pattern.compile("(?m)^name:").matcher(block.group(1)).find()) {
        specs.add(Arguments.of("README.md yaml block " + i, block.group(1)));
      }
    }
    assertThat(specs).as("specs found in " + ROOT).hasSizeGreaterThanOrEqualTo(5);
    return specs.stream();
  }

  private static boolean isSpecFile(Path file) {
    String path = ROOT.relativize(file).toString().replace('\\', '/');
    return (path.endsWith(".yaml") || path.endsWith(".yml")) && Files.isRegularFile(file)
        && !path.contains("/target/") && !path.startsWith(".git") && !path.startsWith(".github/");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("repositorySpecs")
  void everySpecInTheRepositoryIsValidForTheBinderAndTheSchema(String name, String yaml) throws IOException {
    SyncSpec.parse(yaml, name, environmentFor(yaml));
    assertThat(problems(yaml)).as(name).isEmpty();
  }

  /** A valid event spec; each mistake below replaces one of its lines. */
  private static final String EVENTS = """
      name: orders
      object: event
      source:
        type: jdbc
        url: jdbc:postgresql://127.0.0.1:5432/test
        query: select * from schema_orders
        fetch_size: 500
      destination:
        api_key: ${AMPLITUDE_API_KEY}
        region: ${AMPLITUDE_REGION:-eu}
        gzip: true
        max_retry_duration: 10m
      mapping:
        event_type: {const: Order Completed}
        user_id: customer_id
        time: ordered_at
        properties:
          plan: plan
      state:
        store: file
      options:
        nulls: unset
        max_rows: 1000
        watermark: {column: ordered_at, lag: 1h}
      """;

  /** A valid user spec with every form of property. */
  private static final String USERS = """
      name: users
      object: user
      behavior: update_or_create
      source: {type: jdbc, url: "jdbc:postgresql://127.0.0.1:5432/test", table: schema_users}
      destination: {api_key: key}
      mapping:
        user_id: id
        fields: {country: country}
        properties:
          plan: plan
          visits: {column: visits, op: add}
          source: {const: warehouse, op: set_once}
          tier: {const: 2}
      state: {store: none}
      options:
      """;

  static Stream<Arguments> validSpecs() {
    return Stream.of(
        Arguments.of("events", EVENTS),
        Arguments.of("users", USERS),
        Arguments.of("time now", EVENTS.replace("time: ordered_at", "time: {now: true}\n  insert_id: order_id")),
        Arguments.of("jdbc state store", EVENTS.replace("store: file", "store: jdbc\n  table: schema_state")),
        Arguments.of("state without store", EVENTS.replace("store: file", "path: .ampsync/schema-test")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("validSpecs")
  void formsTheBinderTakesAreValid(String name, String yaml) throws IOException {
    SyncSpec.parse(yaml, name, environmentFor(yaml));
    assertThat(problems(yaml)).as(name).isEmpty();
  }

  static Stream<Arguments> mistakes() {
    return Stream.of(
        Arguments.of("unknown top-level key", "colour", EVENTS, "object: event", "object: event\ncolour: red"),
        Arguments.of("unknown destination key", "destination.gzpi", EVENTS, "gzip: true", "gzpi: true"),
        Arguments.of("unknown jdbc source key", "source.fetchsize", EVENTS, "fetch_size: 500", "fetchsize: 500"),
        Arguments.of("unknown watermark key", "options.watermark.delay", EVENTS, "lag: 1h}", "delay: 1h}"),
        Arguments.of("unknown source type", "source.type", EVENTS, "type: jdbc", "type: csv"),
        Arguments.of("region outside its enum", "destination.region", EVENTS, "region: ${AMPLITUDE_REGION:-eu}", "region: asia"),
        Arguments.of("object outside its enum", "object", EVENTS, "object: event", "object: purchase"),
        Arguments.of("behavior outside its enum", "behavior", USERS, "behavior: update_or_create", "behavior: upsert"),
        Arguments.of("property op outside its enum", "mapping.properties.visits.op", USERS, "op: add}", "op: multiply}"),
        Arguments.of("store outside its enum", "state.store", EVENTS, "store: file", "store: redis"),
        Arguments.of("boolean of the wrong type", "destination.gzip", EVENTS, "gzip: true", "gzip: maybe"),
        Arguments.of("integer of the wrong type", "options.max_rows", EVENTS, "max_rows: 1000", "max_rows: many"),
        Arguments.of("duration of the wrong form", "destination.max_retry_duration", EVENTS, "max_retry_duration: 10m", "max_retry_duration: soon"),
        Arguments.of("section of the wrong type", "options", EVENTS,
            "options:\n  nulls: unset\n  max_rows: 1000\n  watermark: {column: ordered_at, lag: 1h}", "options: fast"),
        Arguments.of("value of the wrong type", "mapping.user_id", EVENTS, "user_id: customer_id", "user_id: [customer_id]"),
        Arguments.of("missing api key", "destination.api_key", EVENTS, "api_key: ${AMPLITUDE_API_KEY}", "endpoint: http://127.0.0.1:1"),
        Arguments.of("missing source url", "source", EVENTS, "url: jdbc:postgresql://127.0.0.1:5432/test", "user: sync"),
        Arguments.of("event without time", "mapping", EVENTS, "time: ordered_at", "insert_id: order_id"),
        Arguments.of("time now false", "mapping.time.now", EVENTS, "time: ordered_at", "time: {now: false}"),
        Arguments.of("property with column and const", "mapping.properties.visits.column", USERS, "{column: visits, op: add}", "{column: visits, const: 1}"),
        Arguments.of("constant of null", "mapping.properties.tier.const", USERS, "tier: {const: 2}", "tier: {const: null}"),
        Arguments.of("store none with a key", "state", USERS, "state: {store: none}", "state: {store: none, path: x}"),
        Arguments.of("file store with a jdbc key", "state.table", EVENTS, "store: file", "store: file\ntable: t"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mistakes")
  void mistakesAreRefusedByTheBinderAndTheSchema(String name, String keyPath, String valid, String line,
      String mistake) throws IOException {
    assertThat(valid).contains(line);
    String yaml = valid.replace(line, mistake.replace("\n", "\n" + indentOf(valid, line)));
    assertThatThrownBy(() -> SyncSpec.parse(yaml, name, environmentFor(yaml))).as(name)
        .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.keyPath()).as(e.getMessage()).isEqualTo(keyPath));
    assertThat(problems(yaml)).as(name + ":\n" + yaml).isNotEmpty();
  }

  private static String indentOf(String text, String line) {
    int start = text.lastIndexOf('\n', text.indexOf(line)) + 1;
    return text.substring(start, text.indexOf(line));
  }

  private static List<String> problems(String yaml) throws IOException {
    JsonNode spec = YAML.readTree(yaml);
    return SCHEMA.validate(spec).stream().map(Error::toString).toList();
  }

  /** Sets every variable the spec needs without a default: URLs to a JDBC URL, others to text. */
  private static Map<String, String> environmentFor(String yaml) {
    Map<String, String> env = new HashMap<>();
    Matcher variable = REQUIRED_VARIABLE.matcher(yaml);
    while (variable.find()) {
      env.put(variable.group(1), variable.group(1).endsWith("URL") ? "jdbc:h2:mem:schema_test" : "schema-test");
    }
    return env;
  }
}
