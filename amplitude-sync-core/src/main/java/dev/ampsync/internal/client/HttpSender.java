package dev.ampsync.internal.client;

import dev.ampsync.internal.wire.EncodedRecord;
import dev.ampsync.internal.wire.RequestBodies;
import dev.failsafe.ExecutionContext;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request and answers with its {@link Verdict}. Transient failures (5xx, 408, timeouts,
 * resets) are retried here, on the same body, by Failsafe policies: a {@link Timeout} bounds each
 * attempt's whole exchange, body included (java.net.http's own request timeout stops at the
 * headers), and cancels a stalled exchange, which closes its connection; a {@link RetryPolicy}
 * retries with exponential backoff and jitter, honouring {@code Retry-After}, for at most the retry
 * duration. The {@link OutageWatch} turns a request that gives up while no request has succeeded
 * for that long into one fatal verdict for the whole client. Everything else is the dispatcher's.
 */
final class HttpSender implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(HttpSender.class);
  private static final String USER_AGENT = "amplitude-sync/" + Version.get();

  private final ClientSettings settings;
  /** Built on the first request ({@link #http()}); null until then. */
  private HttpClient http;
  private final RequestBodies bodies;
  private final ResponseClassifier classifier;
  private final Redactor redactor;
  private final OutageWatch outage;
  private final FailsafeExecutor<Verdict> retries;
  private final ExecutorService executor;

  HttpSender(
      ClientSettings settings,
      Redactor redactor,
      ExecutorService executor,
      ScheduledExecutorService scheduler) {
    this.settings = settings;
    this.redactor = redactor;
    this.executor = executor;
    this.outage =
        new OutageWatch(
            settings.baseUri(), settings.maxRetryDuration(), ClientSettings.RETRY_NOTICE_INTERVAL, System::nanoTime,
            settings.retryNotices());
    // Repeats the retry notice while requests fail, also while one waits out its backoff (up to 30 s).
    // The task is cancelled with the scheduler when the client closes.
    long tick = Math.max(1, ClientSettings.RETRY_NOTICE_INTERVAL.toMillis() / 5);
    scheduler.scheduleWithFixedDelay(outage::tick, tick, tick, TimeUnit.MILLISECONDS);
    this.classifier = new ResponseClassifier(redactor);
    this.bodies = RequestBodies.create(settings.apiKey(), settings.minIdLength());
    RetryPolicy<Verdict> retryPolicy =
        RetryPolicy.<Verdict>builder()
            .handleResultIf(verdict -> verdict instanceof Verdict.Retryable)
            .handle(TimeoutExceededException.class)
            .abortIf((verdict, error) -> outage.hasGivenUp())
            .withDelayFn(context -> delay(context))
            .withMaxAttempts(settings.maxAttempts() == Integer.MAX_VALUE ? -1 : settings.maxAttempts())
            .withMaxDuration(settings.maxRetryDuration())
            .onFailedAttempt(
                event -> {
                  if (event.getLastException() != null) {
                    outage.failed(cause(event.getLastException())); // the deadline passed
                  }
                })
            .build();
    // Cancels the attempt's future, which cancels its exchange (see attempt()).
    Timeout<Verdict> deadline = Timeout.<Verdict>builder(settings.requestTimeout()).withInterrupt().build();
    this.retries = Failsafe.with(retryPolicy).compose(deadline).with(scheduler);
  }

  /**
   * The HTTP client, built when the first request needs it: building one loads the TLS context and
   * its trusted certificates and starts a selector thread, a third of a second of a cold process,
   * which a run that sends nothing (an unchanged re-run, a run of invalid rows) does not pay.
   */
  private synchronized HttpClient http() {
    HttpClient client = http;
    if (client == null) {
      client =
          HttpClient.newBuilder()
              .executor(executor)
              .connectTimeout(settings.requestTimeout())
              .version("https".equals(settings.baseUri().getScheme())
                  ? HttpClient.Version.HTTP_2
                  : HttpClient.Version.HTTP_1_1)
              .followRedirects(HttpClient.Redirect.NEVER)
              .build();
      http = client;
    }
    return client;
  }

  @Override
  public long bodySize(Endpoint endpoint, int count, long totalSize) {
    return endpoint.isForm() ? bodies.formSize(count, totalSize) : bodies.eventsSize(count, totalSize);
  }

  @Override
  public CompletableFuture<Verdict> send(Endpoint endpoint, List<Part> parts) {
    // The client is taken (on the first request, built) before the attempts: each attempt's deadline
    // bounds its exchange, not the client's start-up, which takes a cold process a third of a second
    // and more on a loaded machine (a 200 ms deadline passed while the client was still being built).
    return CompletableFuture.supplyAsync(() -> request(endpoint, parts), executor)
        .thenCompose(request -> {
          HttpClient client = http();
          return retries.getStageAsync(() -> attempt(client, endpoint, request, parts.size()));
        })
        .exceptionally(error -> new Verdict.Retryable(noAnswer(cause(error))))
        .thenApply(verdict -> verdict instanceof Verdict.Retryable last ? outage.givingUp(last) : verdict);
  }

  /**
   * One exchange. When the returned future is cancelled (the attempt's deadline passed), the
   * exchange is cancelled too: java.net.http then closes its connection, so a server that trickles
   * the body or never answers holds nothing.
   */
  private CompletableFuture<Verdict> attempt(HttpClient client, Endpoint endpoint, HttpRequest request, int count) {
    long started = System.nanoTime();
    CompletableFuture<HttpResponse<String>> exchange = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    CompletableFuture<Verdict> answer =
        exchange.handle(
            (response, error) -> {
              Verdict verdict;
              if (error == null) {
                verdict = classify(endpoint, response, count);
                if (verdict instanceof Verdict.Retryable retryable) {
                  outage.failed(retryable.reason());
                } else {
                  outage.succeeded();
                }
              } else {
                String cause = cause(error);
                verdict = new Verdict.Retryable(noAnswer(cause));
                if (!(unwrap(error) instanceof CancellationException)) { // (cancelled: the deadline counts)
                  outage.failed(cause);
                }
              }
              if (LOG.isDebugEnabled()) {
                LOG.debug(
                    "request done [endpoint={} records={} status={} verdict={} ms={}]",
                    endpoint.path(),
                    count,
                    response == null ? "none" : response.statusCode(),
                    verdict.getClass().getSimpleName(),
                    (System.nanoTime() - started) / 1_000_000);
              }
              return verdict;
            });
    answer.whenComplete(
        (verdict, error) -> {
          if (error != null) {
            exchange.cancel(true); // cancel(true): only an interrupting cancel aborts the exchange
          }
        });
    return answer;
  }

  private Verdict classify(Endpoint endpoint, HttpResponse<String> response, int count) {
    Verdict verdict = classifier.classify(endpoint, response.statusCode(), response.body(), count);
    if (verdict instanceof Verdict.Retryable retryable) {
      Duration retryAfter = retryAfter(response);
      return retryAfter == null ? verdict : new Verdict.Retryable(retryable.reason(), retryAfter);
    }
    if (verdict instanceof Verdict.Throttled throttled) {
      Duration retryAfter = retryAfter(response);
      return retryAfter == null ? verdict : throttled.withRetryAfter(retryAfter);
    }
    return verdict;
  }

  private Duration retryAfter(HttpResponse<String> response) {
    Optional<String> value = response.headers().firstValue("Retry-After");
    return value.isPresent() ? parseRetryAfter(value.get(), settings.clock().instant().toEpochMilli()) : null;
  }

  /**
   * The wait before the next attempt: Amplitude's {@code Retry-After} exactly, when it sent one;
   * otherwise exponential backoff from the base delay, doubled per attempt up to the maximum, with
   * ±25 % jitter. (Computed here rather than by Failsafe's backoff, whose jitter would also shorten
   * a {@code Retry-After}.)
   */
  private Duration delay(ExecutionContext<Verdict> context) {
    Verdict last = context.getLastResult();
    int attempts = context.getAttemptCount();
    if (last instanceof Verdict.Retryable retryable && retryable.retryAfter() != null) {
      return retryable.retryAfter();
    }
    long base = settings.retryBaseDelay().toNanos();
    long max = settings.retryMaxDelay().toNanos();
    int doublings = Math.max(0, Math.min(attempts - 1, 62));
    long delay = doublings >= 62 || base > (max >> doublings) ? max : Math.min(max, base << doublings);
    double jitter = 0.75 + 0.5 * java.util.concurrent.ThreadLocalRandom.current().nextDouble();
    return Duration.ofNanos((long) (delay * jitter));
  }

  /**
   * Reads a {@code Retry-After} value: delay-seconds, or an HTTP date (RFC 9110 §10.2.3).
   *
   * @param nowMillis the current time, for a date
   * @return the wait, or null when the value is neither
   */
  static Duration parseRetryAfter(String value, long nowMillis) {
    String text = value.trim();
    try {
      long seconds = Long.parseLong(text);
      return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
    } catch (NumberFormatException notSeconds) {
      try {
        long at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        return Duration.ofMillis(Math.max(0, at - nowMillis));
      } catch (DateTimeParseException neither) {
        return null; // fall back to our own backoff
      }
    }
  }

  private HttpRequest request(Endpoint endpoint, List<Part> parts) {
    List<EncodedRecord> encoded = new ArrayList<>(parts.size());
    for (Part part : parts) {
      encoded.add(part.encoded);
    }
    byte[] body = endpoint.isForm() ? bodies.form(encoded) : bodies.events(encoded);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(resolve(settings.baseUri(), endpoint.path()))
            .timeout(settings.requestTimeout())
            .header("Content-Type", endpoint.contentType())
            .header("Accept", "application/json, text/plain, */*")
            .header("User-Agent", USER_AGENT);
    if (settings.gzip(endpoint)) {
      body = gzip(body);
      request.header("Content-Encoding", "gzip");
    }
    return request.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  static URI resolve(URI base, String path) {
    String text = base.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return URI.create(text + path);
  }

  private static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Throwable unwrap(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof UncheckedIOException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  /** The reason of a request with no answer: names where it went. */
  private String noAnswer(String cause) {
    return "no answer from " + outage.where() + " (" + cause + ")";
  }

  /** What failed, in words. */
  private String cause(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof TimeoutExceededException) {
      return "no complete answer within " + OutageWatch.format(settings.requestTimeout().toNanos());
    }
    if (cause instanceof HttpTimeoutException) {
      return "timed out: " + cause.getMessage();
    }
    String message = cause.getMessage();
    if (message == null && cause instanceof java.net.ConnectException) {
      message = "cannot connect"; // java.net.http says no more: refused, unreachable, reset
    }
    return redactor.redact(cause.getClass().getSimpleName() + ": " + message);
  }
}
