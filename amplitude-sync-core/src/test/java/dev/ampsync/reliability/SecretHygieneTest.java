package dev.ampsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncListener;
import dev.ampsync.SyncProgress;
import dev.ampsync.SyncResult;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.EventsApi;
import dev.ampsync.client.Outcome;
import dev.ampsync.client.PreviewRequest;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.Source;
import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.SyncSpec;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.RecordedRequest;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API key never shows: not in a log line (at DEBUG), an exception message or stack trace, a
 * {@code toString}, an outcome, a problem, the problems file, or a preview body; neither raw, nor
 * URL-encoded, nor JSON-escaped, nor in part. Scenarios: success, an invalid key (the fake's 400 echoes
 * the key it received), a 403, retries exhausted on 5xx and resets, spec mistakes, and previews.
 *
 * <p>Logs are checked in a child JVM that runs every scenario with slf4j-simple at DEBUG writing to a
 * file: surefire runs all test classes of the module in one JVM whose logger is configured once, by
 * whichever class logs first, so a system property set here could come too late.
 */
public class SecretHygieneTest {
  static final String KEY = "ampsync-test-key-DO-NOT-LEAK-7f3a";
  /** A key whose URL-encoded and JSON-escaped forms differ from the raw one. */
  static final String ODD_KEY = "ampsync+odd/key=LEAK&ODD\"KEY%9c1e";
  private static final String OTHER_PROJECT_KEY = "another-project-key-0000";
  private static final Instant AT = Instant.parse("2024-03-01T12:30:00Z");

  /** Every text collected from one scenario: label → text. */
  static final class Seen {
    final Map<String, String> texts = new LinkedHashMap<>();

    void add(String label, Object value) {
      texts.merge(label, String.valueOf(value), (a, b) -> a + "\n" + b);
    }

    void addThrowable(String label, Throwable error) {
      StringWriter trace = new StringWriter();
      error.printStackTrace(new PrintWriter(trace));
      add(label + " (stack trace)", trace);
      for (Throwable t = error; t != null; t = t.getCause()) {
        add(label + " message", t.getMessage());
        add(label + " localized message", t.getLocalizedMessage());
        add(label + " toString", t);
        for (Throwable suppressed : t.getSuppressed()) {
          addThrowable(label + " suppressed", suppressed);
        }
      }
    }

    void addResult(String label, SyncResult result) {
      add(label + " result", result);
      add(label + " error", result.error().orElse(""));
      result.problems().forEach(problem -> {
        add(label + " problem", problem);
        add(label + " problem reason", problem.reason());
      });
      for (PreviewRequest request : result.previewRequests()) {
        add(label + " preview request", request);
        add(label + " preview body", request.body());
      }
    }

    void addFile(String label, Path file) throws IOException {
      if (Files.exists(file)) {
        add(label, Files.readString(file, StandardCharsets.UTF_8));
      }
    }

    String all() {
      return String.join("\n", texts.values());
    }
  }

  // ------------------------------------------------------------------------------ the checks

  /** The forms of a key that must never show. */
  static Set<String> forbidden() {
    Set<String> forms = new LinkedHashSet<>();
    for (String key : List.of(KEY, ODD_KEY)) {
      forms.add(key);
      forms.add(URLEncoder.encode(key, StandardCharsets.UTF_8));
      forms.add(URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20"));
      forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(key)));
    }
    forms.add("DO-NOT-LEAK"); // a part of the key is a leak too
    forms.add("LEAK&ODD");
    forms.add("LEAK%26ODD");
    return forms;
  }

  static void assertNoKey(Seen seen) {
    assertThat(seen.texts).isNotEmpty();
    seen.texts.forEach((label, text) -> {
      for (String form : forbidden()) {
        assertThat(text).as("%s must not show the key (%s)", label, form).doesNotContain(form);
      }
    });
  }

  @Test
  void success_showsTheKeyNowhere(@TempDir Path dir) throws Exception {
    Seen seen = success(dir);
    assertNoKey(seen);
    assertThat(seen.texts.get("users result")).contains("status=PARTIAL"); // one invalid row, on purpose
    assertThat(seen.texts.get("users problems file")).contains("\"outcome\":\"INVALID\"");
  }

  @Test
  void invalidKey_whoseAnswerEchoesTheKey_showsTheKeyNowhere(@TempDir Path dir) throws Exception {
    Seen seen = invalidKey(dir);
    assertNoKey(seen);
    assertThat(seen.texts.get("invalid key events result")).contains("status=FAILED").containsIgnoringCase("API key");
    assertThat(seen.texts.get("invalid key submit after the stop message")).containsIgnoringCase("API key");
    // Rows failed by the client's stop are counted, not listed: the run's error says why, once (issue 14).
    assertThat(seen.texts.get("invalid key events problems file")).doesNotContain("\"outcome\":\"FAILED\"");
  }

  @Test
  void forbidden403_showsTheKeyNowhere(@TempDir Path dir) throws Exception {
    Seen seen = forbidden(dir);
    assertNoKey(seen);
    assertThat(seen.texts.get("403 events result")).contains("status=FAILED").contains("403");
  }

  @Test
  void retriesExhaustedOn5xxAndResets_showTheKeyNowhere(@TempDir Path dir) throws Exception {
    Seen seen = serverErrors(dir);
    assertNoKey(seen);
    assertThat(seen.texts.get("503 events problems file")).contains("gave up after retrying").contains("503");
    assertThat(seen.texts.get("502 users problems file")).contains("gave up after retrying").contains("502");
    assertThat(seen.texts.get("reset events problems file")).contains("no answer from 127.0.0.1:"); // names the endpoint (issue 14)
  }

  @Test
  void specMistakes_showTheKeyNowhere() {
    Seen seen = specErrors();
    assertNoKey(seen);
    assertThat(seen.texts.keySet()).anyMatch(label -> label.startsWith("spec literal key, bad region"));
    assertThat(seen.texts.get("spec literal key, bad region message")).contains("destination.region");
  }

  @Test
  void previews_redactTheKeyInEveryBody() {
    Seen seen = previews();
    assertNoKey(seen);
    for (String type : List.of("users", "devices", "groups", "events", "events httpapi")) {
      // JSON bodies carry "api_key":"<redacted>", form bodies api_key=%3Credacted%3E.
      assertThat(seen.texts.get("preview " + type + " preview body")).as(type)
          .containsAnyOf("\"api_key\":\"<redacted>\"", "api_key=%3Credacted%3E");
    }
  }

  @Test
  void toStringsOfEveryPublicObject_showTheKeyNowhere() throws Exception {
    Seen seen = toStrings();
    assertNoKey(seen);
  }

  @Test
  void debugLogsOfEveryScenario_showTheKeyNowhere(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("slf4j-debug.log");
    Path console = dir.resolve("child-console.txt");
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process child =
        new ProcessBuilder(
                java,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug",
                "-Dorg.slf4j.simpleLogger.logFile=" + log,
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp",
                System.getProperty("java.class.path"),
                SecretHygieneTest.class.getName(),
                dir.resolve("child").toString())
            .redirectErrorStream(true)
            .redirectOutput(console.toFile())
            .start();
    assertThat(child.waitFor(3, TimeUnit.MINUTES)).as("the child finished").isTrue();
    String output = Files.readString(console, StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as("child output:%n%s", output).isZero();
    String logged = Files.readString(log, StandardCharsets.UTF_8);

    // The capture works: DEBUG lines of the client, the fake and the run are in the file.
    assertThat(logged).contains("DEBUG").contains("request done [endpoint=/batch").contains("request done [endpoint=/identify");
    assertThat(logged).contains("client stopped [status=400]").contains("client stopped [status=403]");
    Seen seen = new Seen();
    seen.add("debug log", logged);
    seen.add("child console", output);
    assertNoKey(seen);
    System.out.printf("[secret-hygiene] debug log: %d lines, %d bytes; no form of the key in it%n",
        logged.lines().count(), logged.length());
  }

  /** Runs every scenario, for the child JVM of {@link #debugLogsOfEveryScenario_showTheKeyNowhere}. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Files.createDirectories(dir);
    List<Seen> all = new ArrayList<>();
    all.add(success(Files.createDirectories(dir.resolve("success"))));
    all.add(invalidKey(Files.createDirectories(dir.resolve("invalid"))));
    all.add(forbidden(Files.createDirectories(dir.resolve("forbidden"))));
    all.add(serverErrors(Files.createDirectories(dir.resolve("errors"))));
    all.add(specErrors());
    all.add(previews());
    all.add(toStrings());
    int texts = all.stream().mapToInt(seen -> seen.texts.size()).sum();
    System.out.println("scenarios done: " + texts + " texts");
  }

  // ------------------------------------------------------------------------------ scenarios

  static Seen success(Path dir) throws Exception {
    Seen seen = new Seen();
    try (FakeAmplitude fake = FakeAmplitude.builder().apiKey(KEY).start()) {
      AmplitudeClient.Builder destination = destination(KEY, fake);
      seen.add("builder", destination);
      for (String sync : List.of("users", "events", "groups")) {
        Path problems = dir.resolve(sync + "-problems.jsonl");
        SyncJob job = job(sync, destination).problemsFile(problems).listener(recording(seen, sync)).build();
        seen.add(sync + " job", job);
        seen.add(sync + " job destination", job.destination());
        seen.addResult(sync, AmplitudeSync.run(job));
        seen.addFile(sync + " problems file", problems);
      }
      try (AmplitudeClient client = destination.build()) {
        seen.add("client", client);
        seen.add("client outcome", client.submit(event("evt-success-1")).get(10, TimeUnit.SECONDS));
        seen.add("client identify outcome", client.submit(user("user-success-1")).get(10, TimeUnit.SECONDS));
      }
      // The key really was sent: the fake received it in every body.
      for (RecordedRequest request : fake.requests()) {
        if (!request.bodyText().contains(KEY)) {
          throw new AssertionError("the key was not sent in " + request);
        }
      }
    }
    return seen;
  }

  static Seen invalidKey(Path dir) throws Exception {
    Seen seen = new Seen();
    try (FakeAmplitude fake = FakeAmplitude.builder().apiKey(OTHER_PROJECT_KEY).start()) {
      for (String key : List.of(KEY, ODD_KEY)) {
        String tag = key.equals(KEY) ? "invalid key" : "invalid odd key";
        AmplitudeClient.Builder destination = destination(key, fake);
        for (String sync : List.of("events", "users")) {
          Path problems = dir.resolve(tag.replace(' ', '-') + "-" + sync + ".jsonl");
          SyncJob job = job(sync, destination).problemsFile(problems).listener(recording(seen, tag + " " + sync)).build();
          seen.add(tag + " " + sync + " job", job);
          seen.addResult(tag + " " + sync, AmplitudeSync.run(job));
          seen.addFile(tag + " " + sync + " problems file", problems);
        }
        clientThatStops(seen, tag, destination);
      }
      // The fake got the keys and answered 400 (its body echoes the key of events requests).
      if (fake.requests().stream().noneMatch(r -> r.status() == 400 && r.path().equals("/batch"))) {
        throw new AssertionError("no 400 from /batch: " + fake.requests());
      }
    }
    return seen;
  }

  static Seen forbidden(Path dir) throws Exception {
    Seen seen = new Seen();
    try (FakeAmplitude fake = FakeAmplitude.builder().apiKey(KEY).start()) {
      // A 403 to every request: isolated down to single records, then the client stops (a 403 to
      // one request is isolated by bisection and stops nothing).
      fake.failNext(1_000, 403);
      Path problems = dir.resolve("403-events.jsonl");
      seen.addResult("403 events", AmplitudeSync.run(job("events", destination(KEY, fake)).problemsFile(problems).build()));
      seen.addFile("403 events problems file", problems);
      fake.reset();
      fake.failNext(1_000, 403);
      try (AmplitudeClient client = destination(KEY, fake).build()) {
        // Refused alone, one after the other, with nothing accepted: the third stops the client.
        for (int i = 1; i <= 3; i++) {
          Outcome outcome = client.submit(event("evt-403-" + i)).get(30, TimeUnit.SECONDS);
          seen.add("403 client outcome " + i, outcome);
          seen.add("403 client outcome reason " + i, outcome.reason());
        }
        seen.add("403 client", client);
        AmplitudeException fatal = client.fatalError().orElseThrow(() -> new AssertionError("403: the client did not stop"));
        seen.addThrowable("403 fatal error", fatal);
        try {
          client.submit(user("user-after-stop-1"));
          throw new AssertionError("403: the stopped client accepted a record");
        } catch (AmplitudeException stopped) {
          seen.addThrowable("403 submit after the stop", stopped);
        }
      }
    }
    return seen;
  }

  static Seen serverErrors(Path dir) throws Exception {
    Seen seen = new Seen();
    try (FakeAmplitude fake = FakeAmplitude.builder().apiKey(KEY).start()) {
      AmplitudeClient.Builder destination =
          destination(KEY, fake).maxAttempts(3).retryBackoff(Duration.ofMillis(1), Duration.ofMillis(5));
      fake.failNext(1_000, 503);
      scenario(seen, dir, "503 events", job("events", destination));
      fake.reset();
      fake.failNext(1_000, 502);
      scenario(seen, dir, "502 users", job("users", destination));
      fake.reset();
      fake.resetNext(1_000);
      scenario(seen, dir, "reset events", job("events", destination));
      fake.reset();
      fake.failNext(1_000, 500);
      try (AmplitudeClient client = destination.build()) {
        Outcome outcome = client.submit(event("evt-500-1")).get(30, TimeUnit.SECONDS);
        seen.add("500 client outcome", outcome);
        seen.add("500 client outcome reason", outcome.reason());
        seen.add("500 client", client);
      }
    }
    return seen;
  }

  static Seen specErrors() {
    Seen seen = new Seen();
    String literal =
        "name: orders\n"
            + "object: event\n"
            + "source:\n"
            + "  type: jdbc\n"
            + "  url: jdbc:h2:mem:test\n"
            + "destination:\n"
            + "  api_key: " + KEY + "\n"
            + "  region: mars\n"
            + "mapping:\n"
            + "  event_type: {const: Order Completed}\n"
            + "  user_id: customer_id\n"
            + "  time: ordered_at\n";
    Map<String, String> env = Map.of("AMPLITUDE_API_KEY", KEY);
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("spec literal key, bad region", literal);
    cases.put("spec variable key, bad region", literal.replace(KEY, "${AMPLITUDE_API_KEY}"));
    cases.put("spec literal key, YAML syntax error on its line", literal.replace("  api_key: " + KEY, "  api_key: " + KEY + ": x"));
    cases.put("spec literal key, unclosed quote", literal.replace("  api_key: " + KEY, "  api_key: \"" + KEY));
    cases.put("spec literal key, tab indentation", literal.replace("  api_key: " + KEY, "\tapi_key: " + KEY));
    cases.put("spec literal key, key given twice", literal.replace("  region: mars", "  api_key: " + KEY));
    cases.put("spec literal key, misspelt key", literal.replace("  api_key: ", "  api_kye: "));
    cases.put("spec literal key, as a list", literal.replace("  api_key: " + KEY, "  api_key: [" + KEY + "]"));
    cases.put("spec variable key, unknown source type", literal.replace(KEY, "${AMPLITUDE_API_KEY}").replace("region: mars", "region: eu"));
    cases.put("spec odd key, bad region", literal.replace(KEY, "\"" + ODD_KEY.replace("\"", "\\\"") + "\""));
    cases.forEach((label, yaml) -> {
      try {
        SyncSpec spec = SyncSpec.parse(yaml, "orders.yaml", env);
        throw new AssertionError(label + ": no SpecException, got " + spec);
      } catch (SpecException e) {
        seen.addThrowable(label, e);
        seen.add(label + " key path", e.keyPath());
      }
    });
    return seen;
  }

  static Seen previews() {
    Seen seen = new Seen();
    AmplitudeClient.Builder destination = AmplitudeClient.builder(KEY).endpoint(URI.create("http://127.0.0.1:9"));
    Map<String, SyncJob> jobs = new LinkedHashMap<>();
    jobs.put("users", job("users", destination).build());
    jobs.put("devices", job("devices", destination).build());
    jobs.put("groups", job("groups", destination).build());
    jobs.put("events", job("events", destination).build());
    jobs.put("events httpapi", job("events", destination.copy().eventsApi(EventsApi.HTTP_V2).minIdLength(3).gzip(true)).build());
    jobs.put("odd key identify", job("users", AmplitudeClient.builder(ODD_KEY)).build());
    jobs.put("odd key events", job("events", AmplitudeClient.builder(ODD_KEY)).build());
    jobs.forEach((label, job) -> {
      SyncResult preview = AmplitudeSync.preview(job);
      if (!preview.isPreview() || preview.previewRequests().isEmpty()) {
        throw new AssertionError(label + ": no preview bodies in " + preview);
      }
      seen.addResult("preview " + label, preview);
    });
    return seen;
  }

  static Seen toStrings() throws Exception {
    Seen seen = new Seen();
    for (String key : List.of(KEY, ODD_KEY)) {
      AmplitudeClient.Builder builder = AmplitudeClient.builder(key);
      seen.add("builder", builder);
      seen.add("builder copy", builder.copy().eventsApi(EventsApi.HTTP_V2).minIdLength(2));
      try (AmplitudeClient client = builder.copy().endpoint(URI.create("http://127.0.0.1:9")).dryRun(3).build()) {
        seen.add("dry-run client", client);
        CompletableFuture<Outcome> outcome = client.submit(user("user-tostring-1"));
        client.flush();
        seen.add("dry-run outcome", outcome.get(10, TimeUnit.SECONDS));
        client.previewRequests().forEach(request -> seen.add("dry-run request", request));
      }
      try (AmplitudeClient client = builder.copy().gzip(true).eventsApi(EventsApi.HTTP_V2).minIdLength(3).build()) {
        seen.add("client", client);
        seen.add("client fatal error", client.fatalError());
      }
      SyncJob job = job("users", builder).syntheticEvent("Properties Updated").build();
      seen.add("job", job);
      seen.add("job destination", job.destination());
      // Misuse of the builders: the messages name the setting, never the key.
      for (Function<AmplitudeClient.Builder, Object> misuse :
          List.<Function<AmplitudeClient.Builder, Object>>of(
              b -> b.endpoint(URI.create("http://example.com/amplitude")),
              b -> b.endpoint(URI.create("https://example.com/?key=1")),
              b -> b.maxEventBytes(10),
              b -> b.maxEventsPerRequest(5_000),
              b -> b.eventsApi(EventsApi.HTTP_V2).maxEventBytes(5_000_000).build(),
              b -> b.retryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))) {
        try {
          Object built = misuse.apply(builder.copy());
          seen.add("misuse result", built);
        } catch (RuntimeException e) {
          seen.addThrowable("builder misuse", e);
        }
      }
    }
    try {
      AmplitudeClient.builder("   ");
    } catch (IllegalArgumentException e) {
      seen.addThrowable("blank key", e);
    }
    return seen;
  }

  // ------------------------------------------------------------------------------ helpers

  /** Submits until the client stops, then once more: the stopped client throws its error. */
  private static void clientThatStops(Seen seen, String tag, AmplitudeClient.Builder destination) throws Exception {
    try (AmplitudeClient client = destination.build()) {
      Outcome first = client.submit(event("evt-" + tag.replace(' ', '-') + "-1")).get(30, TimeUnit.SECONDS);
      seen.add(tag + " client outcome", first);
      seen.add(tag + " client outcome reason", first.reason());
      seen.add(tag + " client", client);
      client.fatalError().ifPresent(error -> seen.addThrowable(tag + " fatal error", error));
      try {
        client.submit(user("user-after-stop-1"));
        throw new AssertionError(tag + ": the stopped client accepted a record");
      } catch (AmplitudeException stopped) {
        seen.addThrowable(tag + " submit after the stop", stopped);
      }
    }
  }

  private static void scenario(Seen seen, Path dir, String label, SyncJob.Builder job) throws IOException {
    Path problems = dir.resolve(label.replace(' ', '-') + ".jsonl");
    SyncResult result = AmplitudeSync.run(job.problemsFile(problems).listener(recording(seen, label)).build());
    if (result.failed() == 0) {
      throw new AssertionError(label + ": nothing failed in " + result);
    }
    seen.addResult(label, result);
    seen.addFile(label + " problems file", problems);
  }

  private static SyncListener recording(Seen seen, String label) {
    return new SyncListener() {
      @Override
      public void started(SyncJob job) {
        seen.add(label + " listener started", job);
      }

      @Override
      public void progress(SyncProgress progress) {
        seen.add(label + " listener progress", progress);
      }

      @Override
      public void finished(SyncResult result) {
        seen.add(label + " listener finished", result);
      }
    };
  }

  private static AmplitudeClient.Builder destination(String key, FakeAmplitude fake) {
    return AmplitudeClient.builder(key)
        .endpoint(URI.create(fake.baseUrl()))
        .linger(Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(1), Duration.ofMillis(10))
        .closeTimeout(Duration.ofSeconds(30));
  }

  /** A small sync of each object type, with one invalid row so that there are problems. */
  private static SyncJob.Builder job(String sync, AmplitudeClient.Builder destination) {
    Source rows =
        InMemorySource.builder()
            .column("id", ColumnType.STRING)
            .column("plan", ColumnType.STRING)
            .column("at", ColumnType.TIMESTAMP)
            .row("user-00001", "pro", AT)
            .row("user-00002", "free", AT.plusSeconds(1))
            .row("abc", "free", AT.plusSeconds(2)) // too short an id: invalid
            .row("user-00003", "team", AT.plusSeconds(3))
            .build();
    Mapping mapping =
        switch (sync) {
          case "users" -> Mapping.builder(ObjectType.USER).userId(Value.column("id")).property("plan", Value.column("plan")).build();
          case "devices" -> Mapping.builder(ObjectType.DEVICE).deviceId(Value.column("id")).property("plan", Value.column("plan")).build();
          case "groups" -> Mapping.builder(ObjectType.GROUP)
              .groupType(Value.constant("company"))
              .groupValue(Value.column("id"))
              .userId(Value.column("id"))
              .property("plan", Value.column("plan"))
              .build();
          case "events" -> Mapping.builder(ObjectType.EVENT)
              .eventType(Value.constant("Plan Viewed"))
              .userId(Value.column("id"))
              .time(Value.column("at"))
              .property("plan", Value.column("plan"))
              .build();
          default -> throw new IllegalArgumentException(sync);
        };
    return SyncJob.builder(sync).source(rows).mapping(mapping).destination(destination);
  }

  private static EventRecord event(String insertId) {
    return EventRecord.builder("Plan Viewed").userId("user-00009").insertId(insertId).eventProperty("plan", "pro").build();
  }

  private static UserRecord user(String id) {
    return UserRecord.builder(id).userProperties(PropertyOperations.builder().set("plan", "pro").build()).build();
  }
}
