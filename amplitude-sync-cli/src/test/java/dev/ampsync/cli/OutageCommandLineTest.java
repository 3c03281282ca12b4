package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Amplitude unreachable for the whole retry budget ({@code destination.max_retry_duration}, here
 * 1 s): the command line says so while it retries, then fails with exit 1 and one error naming the
 * host and port, and lists no row one by one. Source: issue 14 ("Retries and outages"); Amplitude's
 * Java SDK, too, retries a request that got no answer (amplitude/Amplitude-Java
 * src/main/java/com/amplitude/HttpCall.java: any IOException is a 408 TIMEOUT, retried).
 */
@Timeout(60)
class OutageCommandLineTest {
  private static final String KEY = "fake-key-outage-8a41";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @TempDir Path dir;
  private String dbUrl;
  private Connection keepAlive;
  private int refusedPort;

  @BeforeEach
  void setUp() throws SQLException, IOException {
    dbUrl = "jdbc:h2:mem:outage" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    keepAlive = DriverManager.getConnection(dbUrl, "sa", "");
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("create table users (id varchar(40) primary key, plan varchar(20))");
      statement.execute("insert into users values ('user-00001', 'pro'), ('user-00002', 'free'), ('user-00003', 'pro'),"
          + " ('user-00004', 'starter'), ('user-00005', 'enterprise')");
    }
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      refusedPort = closed.getLocalPort(); // nothing listens there once closed: connection refused
    }
  }

  @AfterEach
  void tearDown() throws SQLException {
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("drop all objects");
    }
    keepAlive.close();
  }

  @Test
  void anUnreachableEndpoint_exits1_withOneErrorNamingHostAndPort_andNoPerRowLines() throws IOException {
    Path problems = dir.resolve("problems.jsonl");
    Path spec = dir.resolve("users.yaml");
    Files.writeString(spec, """
        name: outage-users
        object: user
        behavior: update_or_create
        source:
          type: jdbc
          url: %s
          user: sa
          query: select id, plan from users order by id
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          endpoint: http://127.0.0.1:%d
          max_retry_duration: 1s
        mapping:
          user_id: id
          properties:
            plan: plan
        options:
          problems_file: %s
        """.formatted(dbUrl, refusedPort, problems));
    Path report = dir.resolve("report.json");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(new String[] {"run", spec.toString(), "--report", report.toString()},
          Map.of("AMPLITUDE_API_KEY", KEY), o, e, false);
    }
    String stderr = err.toString(StandardCharsets.UTF_8);
    String stdout = out.toString(StandardCharsets.UTF_8);

    String where = "127.0.0.1:" + refusedPort;
    assertThat(status).as(stderr).isEqualTo(Main.CANNOT_PROCEED);
    assertThat(stdout).containsPattern("status\\s+FAILED").doesNotContain(KEY);
    assertThat(stderr).doesNotContain(KEY);
    assertThat(Arrays.stream(stdout.split("\n")).filter(line -> line.contains("gave up")))
        .as(stdout)
        .singleElement()
        .asString()
        .matches("\\s+error\\s+no answer from " + where.replace(".", "\\.") + " for \\d+m?s \\(ConnectException: cannot connect\\); gave up");
    assertThat(Arrays.stream(stderr.split("\n")).filter(line -> line.contains("gave up")))
        .as(stderr)
        .singleElement()
        .asString()
        .matches("error: no answer from " + where.replace(".", "\\.") + " for \\d+m?s \\(ConnectException: cannot connect\\); gave up");
    assertThat(stderr).as("the retry warning").contains("warning: requests to " + where + " fail (ConnectException: cannot connect)");
    assertThat(stdout + stderr).doesNotContain("problems (first");
    assertThat(Files.readString(problems)).as("no per-row lines").isEmpty();
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.get("status").asText()).isEqualTo("FAILED");
    assertThat(json.get("error").asText()).contains("no answer from " + where);
    assertThat(json.get("failed").asLong()).isEqualTo(5);
    assertThat(json.get("problems")).isEmpty();
  }

  @Test
  void theRetryWarning_isOneLineOnStderr_endingAProgressLineFirst() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      ConsoleProgress progress = new ConsoleProgress(e, true, Duration.ZERO);
      progress.progress(dev.ampsync.internal.engine.Results.progress(10, 0, 0, 0, 0, 0, Duration.ofSeconds(1)));
      progress.retrying("requests to api2.amplitude.com:443 fail (HTTP 503); retrying for up to 5m 0s");
    }
    assertThat(err.toString(StandardCharsets.UTF_8))
        .endsWith("   \n" + "warning: requests to api2.amplitude.com:443 fail (HTTP 503); retrying for up to 5m 0s\n");
  }
}
