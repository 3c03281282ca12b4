package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.client.AmplitudeClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sender against stand-ins for what can stand between us and Amplitude: a body that trickles,
 * a server that never answers, a port that refuses, 5xx for a while, a 429 asking to wait. Deadlines
 * and budgets are short settings (a few hundred milliseconds), so nothing here waits long; no test
 * measures the wall clock.
 *
 * <p>Sources: Amplitude's own Java SDK bounds each request by connect and read timeouts and retries
 * any IOException as a 408 TIMEOUT (amplitude/Amplitude-Java src/main/java/com/amplitude/HttpCall.java);
 * Amplitude's retry guide says to retry 429 and 5xx with backoff
 * (https://amplitude.com/docs/apis/analytics/http-api-batching-retries); Retry-After is RFC 9110
 * §10.2.3 (seconds or an HTTP date).
 */
@Timeout(30)
class HttpSenderTimeTest {
  private static final String KEY = "fake-key-time-5d1c";
  /** Amplitude's documented /batch success body (https://amplitude.com/docs/apis/analytics/batch-event-upload). */
  private static final String SUCCESS =
      "{\"code\":200,\"events_ingested\":1,\"payload_size_bytes\":50,\"server_upload_time\":1396381378123}";

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final List<String> notices = new CopyOnWriteArrayList<>();
  private final TestParts parts = new TestParts();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
    executor.shutdownNow();
  }

  private HttpSender sender(URI endpoint, Duration requestTimeout, Duration budget) {
    AmplitudeClient.Builder builder =
        AmplitudeClient.builder(KEY)
            .endpoint(endpoint)
            .requestTimeout(requestTimeout)
            .maxRetryDuration(budget)
            .retryBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
            .retryListener(notices::add);
    ClientSettings settings = ClientSettings.from(builder.buildConfig(), executor);
    return new HttpSender(settings, new Redactor(KEY), executor, scheduler);
  }

  private Verdict send(HttpSender sender) throws Exception {
    return sender.send(Endpoint.BATCH, List.of(parts.event("user-00001"))).get(20, TimeUnit.SECONDS);
  }

  @Test
  void aBodyThatTrickles_isAbandonedAtTheDeadline_andTheRequestRetried() throws Exception {
    // Headers at once, then one byte per 100 ms of a 90-byte body: 9 s per answer, far beyond the
    // 300 ms deadline. The first two requests trickle; the third answers at once.
    try (StandInServer server =
        new StandInServer(2, (n, socket) -> n < 2 ? StandInServer.trickle(socket, SUCCESS, 100)
            : StandInServer.answer(socket, 200, "", SUCCESS))) {
      Verdict verdict = send(sender(server.uri(), Duration.ofMillis(300), Duration.ofSeconds(20)));

      assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
      assertThat(server.requests()).isEqualTo(3);
      // The client closed both trickling connections (java.net.http's own timeout stops at the headers).
      assertThat(server.abandoned.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(notices.get(0)).startsWith("requests to 127.0.0.1:" + server.port() + " fail (no complete answer within 300ms)");
      assertThat(notices.get(notices.size() - 1)).startsWith("requests to 127.0.0.1:" + server.port() + " succeed again after 1 retries");
    }
  }

  @Test
  void aServerThatNeverAnswers_isAbandoned_andTheClientGivesUpAfterTheBudget_namingHostAndPort() throws Exception {
    try (StandInServer server = new StandInServer(2, (n, socket) -> StandInServer.blackHole(socket))) {
      Verdict verdict = send(sender(server.uri(), Duration.ofMillis(200), Duration.ofSeconds(1)));

      assertThat(verdict).isInstanceOf(Verdict.Fatal.class);
      String message = ((Verdict.Fatal) verdict).exception().getMessage();
      assertThat(message)
          .startsWith("no answer from 127.0.0.1:" + server.port() + " for 1s (")
          .endsWith("); gave up");
      assertThat(server.requests()).isGreaterThanOrEqualTo(2);
      assertThat(server.abandoned.await(10, TimeUnit.SECONDS)).as("abandoned connections are closed").isTrue();
    }
  }

  @Test
  void anUnreachableEndpoint_givesUpAfterTheBudget_withOneErrorNamingHostPortAndCause() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort(); // nothing listens there once closed: connection refused
    }
    HttpSender sender = sender(URI.create("http://127.0.0.1:" + port), Duration.ofMillis(500), Duration.ofMillis(600));

    Verdict first = send(sender);
    Verdict later = send(sender);

    assertThat(first).isInstanceOf(Verdict.Fatal.class);
    assertThat(((Verdict.Fatal) first).exception().getMessage())
        .matches("no answer from 127\\.0\\.0\\.1:" + port + " for \\d+m?s \\(ConnectException: cannot connect\\); gave up");
    assertThat(((Verdict.Fatal) later).exception()).as("one error, reported once").isSameAs(((Verdict.Fatal) first).exception());
    assertThat(notices.get(0))
        .isEqualTo("requests to 127.0.0.1:" + port + " fail (ConnectException: cannot connect); retrying for up to 600ms");
  }

  @Test
  void fiveHundredsForAWhile_thenRecovery_withinTheBudget_isAccepted() throws Exception {
    try (StandInServer server =
        new StandInServer(0, (n, socket) -> n < 6 ? StandInServer.answer(socket, 500, "", "{\"code\":500,\"error\":\"internal\"}")
            : StandInServer.answer(socket, 200, "", SUCCESS))) {
      HttpSender sender = sender(server.uri(), Duration.ofSeconds(5), Duration.ofSeconds(20));

      Verdict verdict = send(sender);

      assertThat(verdict).isInstanceOf(Verdict.Accepted.class);
      assertThat(server.requests()).isEqualTo(7);
      assertThat(notices).first().asString().startsWith("requests to 127.0.0.1:" + server.port() + " fail (HTTP 500");
      assertThat(notices).last().asString().startsWith("requests to 127.0.0.1:" + server.port() + " succeed again after 5 retries");
    }
  }

  @Test
  void fiveHundredsBeyondTheBudget_stopTheClient_sayingNoSuccessfulAnswer() throws Exception {
    try (StandInServer server =
        new StandInServer(0, (n, socket) -> StandInServer.answer(socket, 503, "", "{\"code\":503,\"error\":\"unavailable\"}"))) {
      Verdict verdict = send(sender(server.uri(), Duration.ofSeconds(5), Duration.ofMillis(300)));

      assertThat(verdict).isInstanceOf(Verdict.Fatal.class);
      assertThat(((Verdict.Fatal) verdict).exception().getMessage())
          .startsWith("no successful answer from 127.0.0.1:" + server.port() + " for ")
          .contains("(HTTP 503 unavailable); gave up");
    }
  }

  @Test
  void a429WithRetryAfterSeconds_carriesTheWaitToTheThrottleVerdict() throws Exception {
    // Amplitude's 429 body (https://amplitude.com/docs/apis/analytics/batch-event-upload, "429s in depth").
    String throttled = "{\"code\":429,\"error\":\"Too many requests for some devices and users\",\"eps_threshold\":1000,"
        + "\"throttled_users\":{\"user-00001\":1032},\"throttled_events\":[0]}";
    try (StandInServer server = new StandInServer(0, (n, socket) -> StandInServer.answer(socket, 429, "Retry-After: 60\r\n", throttled))) {
      Verdict verdict = send(sender(server.uri(), Duration.ofSeconds(5), Duration.ofSeconds(20)));

      assertThat(verdict).isInstanceOf(Verdict.Throttled.class);
      assertThat(((Verdict.Throttled) verdict).retryAfter()).isEqualTo(Duration.ofSeconds(60));
      assertThat(((Verdict.Throttled) verdict).users()).containsExactly("user-00001");
      assertThat(server.requests()).as("a 429 is the dispatcher's to hold, not retried here").isEqualTo(1);
    }
  }

  @Test
  void a429WithoutRetryAfter_hasNoWait() throws Exception {
    try (StandInServer server = new StandInServer(0, (n, socket) -> StandInServer.answer(socket, 429, "", "{\"code\":429}"))) {
      Verdict verdict = send(sender(server.uri(), Duration.ofSeconds(5), Duration.ofSeconds(20)));

      assertThat(((Verdict.Throttled) verdict).retryAfter()).isNull();
    }
  }

  @Test
  void retryAfter_readsSecondsAndHttpDates() {
    long now = 1_700_000_000_000L; // Tue, 14 Nov 2023 22:13:20 GMT
    assertThat(HttpSender.parseRetryAfter("60", now)).isEqualTo(Duration.ofSeconds(60));
    assertThat(HttpSender.parseRetryAfter(" 0 ", now)).isEqualTo(Duration.ZERO);
    assertThat(HttpSender.parseRetryAfter("Tue, 14 Nov 2023 22:14:20 GMT", now)).isEqualTo(Duration.ofSeconds(60));
    assertThat(HttpSender.parseRetryAfter("Tue, 14 Nov 2023 22:00:00 GMT", now)).isEqualTo(Duration.ZERO);
    assertThat(HttpSender.parseRetryAfter("-5", now)).isNull();
    assertThat(HttpSender.parseRetryAfter("soon", now)).isNull();
  }

}
