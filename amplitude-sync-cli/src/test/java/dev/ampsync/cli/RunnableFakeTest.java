package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged runnable fake as the README runs it: {@code java -jar
 * amplitude-sync-testing-VERSION-runnable.jar --port 0} in its own process, the port read from its
 * first line, the command line run with {@code --endpoint} against it, and its {@code /_fake/state}
 * read over HTTP, as a test in another language would.
 *
 * <p>The jar is packaged by {@code mvn verify} (the README's test command); under {@code mvn test}
 * it does not exist yet and this is skipped, except in CI, like {@link ModulePathTest}.
 */
class RunnableFakeTest {
  private static final String KEY = "runnable-fake-key-4e7a";
  /** The testing module's packaged main jar, which the build put on this class path. */
  private static final Pattern TESTING_JAR = Pattern.compile("amplitude-sync-testing-([^/]*?)(?<!-tests)\\.jar");
  private static final Pattern LISTENING =
      Pattern.compile("FakeAmplitude listening on (http://127\\.0\\.0\\.1:\\d+) \\(.*\\)");

  @TempDir Path dir;

  @Test
  void theCommandLineSendsToTheRunnableFake_andItsStateEndpointShowsTheEvents() throws Exception {
    Path jar = runnableJar();
    String db = "jdbc:h2:mem:runnable-fake;DB_CLOSE_DELAY=-1";
    try (Connection connection = DriverManager.getConnection(db, "sa", "");
        Statement statement = connection.createStatement()) {
      statement.execute("create table orders (order_id varchar(40) primary key, user_id varchar(40),"
          + " ordered_at timestamp, amount decimal(10,2))");
      statement.execute("insert into orders values"
          + " ('order-0001', 'user-00001', timestamp '2026-02-01 10:00:00', 10.00),"
          + " ('order-0002', 'user-00002', timestamp '2026-02-01 10:01:00', 20.50),"
          + " ('order-0003', 'user-00001', timestamp '2026-02-01 10:02:00', 30.00)");
      Path spec = Files.writeString(dir.resolve("orders.yaml"), """
          name: runnable-fake-orders
          object: event
          behavior: create_only
          source:
            type: jdbc
            url: %s
            user: sa
            query: select * from orders order by order_id
          destination:
            api_key: ${AMPLITUDE_API_KEY}
          mapping:
            event_type: {const: Order Completed}
            user_id: user_id
            insert_id: order_id
            time: ordered_at
            fields:
              revenue: amount
          state:
            store: none
          """.formatted(db), StandardCharsets.UTF_8);

      Path fakeErr = dir.resolve("fake.err");
      Process fake = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-jar", jar.toString(), "--port", "0", "--api-key", KEY)
          .redirectError(fakeErr.toFile())
          .start();
      try {
        BufferedReader out = new BufferedReader(new InputStreamReader(fake.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertThat(first).as("first line of the fake; stderr: %s", Files.readString(fakeErr)).isNotNull();
        Matcher listening = LISTENING.matcher(first);
        assertThat(listening.matches()).as(first).isTrue();
        String base = listening.group(1);

        ByteArrayOutputStream cliOut = new ByteArrayOutputStream();
        ByteArrayOutputStream cliErr = new ByteArrayOutputStream();
        int status;
        try (PrintStream o = new PrintStream(cliOut, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(cliErr, true, StandardCharsets.UTF_8)) {
          status = Main.run(new String[] {"run", spec.toString(), "--endpoint", base},
              Map.of("AMPLITUDE_API_KEY", KEY), o, e, false);
        }
        assertThat(status).as("%s\n%s", cliOut, cliErr).isZero();

        HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create(base + "/_fake/state")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode state = new ObjectMapper().readTree(response.body());
        List<String> insertIds = new ArrayList<>();
        state.get("events").forEach(event -> insertIds.add(event.get("insert_id").asText()));
        assertThat(insertIds).containsExactlyInAnyOrder("order-0001", "order-0002", "order-0003");
        assertThat(state.get("events")).allSatisfy(event ->
            assertThat(event.get("event_type").asText()).isEqualTo("Order Completed"));
        assertThat(state.at("/requests/by_status/200").asInt()).isPositive();
        assertThat(response.body()).doesNotContain(KEY);
      } finally {
        fake.destroy(); // SIGTERM: the shutdown hook closes the server
        if (!fake.waitFor(1, TimeUnit.MINUTES)) {
          fake.destroyForcibly();
          fail("the fake did not stop on SIGTERM; stderr: " + Files.readString(fakeErr));
        }
        statement.execute("drop all objects");
      }
      assertThat(Files.readString(fakeErr)).as("nothing on stderr, the key least of all").isEmpty();
    }
  }

  /** The runnable jar next to the packaged testing jar on the class path; skips when not packaged. */
  private static Path runnableJar() {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path path = Path.of(entry);
      Matcher matcher = TESTING_JAR.matcher(path.getFileName().toString());
      if (matcher.matches() && !matcher.group(1).endsWith("-runnable")) {
        Path runnable = path.resolveSibling("amplitude-sync-testing-" + matcher.group(1) + "-runnable.jar");
        if (Files.isRegularFile(runnable)) {
          return runnable;
        }
      }
    }
    String why = "amplitude-sync-testing is not packaged with its runnable jar (run mvn verify): "
        + System.getProperty("java.class.path");
    if (System.getenv("AMPSYNC_REQUIRE_SERVERS") != null) {
      fail(why);
    }
    Assumptions.abort(why);
    return null;
  }
}
