package dev.ampsync.internal.client;

import dev.ampsync.internal.wire.EncodedRecord;
import dev.ampsync.internal.wire.RequestBodies;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one request and answers with its {@link Verdict}. Transient failures (5xx, 408, timeouts,
 * resets) are retried here, on the same body, by a Failsafe policy: exponential backoff with jitter,
 * bounded in attempts and total time, honouring {@code Retry-After}. Everything else is the
 * dispatcher's to handle.
 */
final class HttpSender implements Transport {
  private static final Logger LOG = LoggerFactory.getLogger(HttpSender.class);
  private static final String USER_AGENT = "amplitude-sync/" + Version.get();

  private final ClientSettings settings;
  private final HttpClient http;
  private final RequestBodies bodies;
  private final ResponseClassifier classifier;
  private final Redactor redactor;
  private final RetryPolicy<Verdict> retryPolicy;
  private final ExecutorService executor;
  private final ScheduledExecutorService scheduler;

  HttpSender(
      ClientSettings settings,
      Redactor redactor,
      ExecutorService executor,
      ScheduledExecutorService scheduler) {
    this.settings = settings;
    this.redactor = redactor;
    this.executor = executor;
    this.scheduler = scheduler;
    this.classifier = new ResponseClassifier(redactor);
    this.bodies = RequestBodies.create(settings.apiKey(), settings.minIdLength());
    this.http =
        HttpClient.newBuilder()
            .executor(executor)
            .connectTimeout(settings.requestTimeout())
            .version("https".equals(settings.baseUri().getScheme())
                ? HttpClient.Version.HTTP_2
                : HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.retryPolicy =
        RetryPolicy.<Verdict>builder()
            .handleResultIf(verdict -> verdict instanceof Verdict.Retryable)
            .withDelayFn(context -> delay(context.getLastResult(), context.getAttemptCount()))
            .withMaxAttempts(settings.maxAttempts())
            .withMaxDuration(settings.maxRetryDuration())
            .build();
  }

  @Override
  public long bodySize(Endpoint endpoint, int count, long totalSize) {
    return endpoint.isForm() ? bodies.formSize(count, totalSize) : bodies.eventsSize(count, totalSize);
  }

  @Override
  public CompletableFuture<Verdict> send(Endpoint endpoint, List<Part> parts) {
    return CompletableFuture.supplyAsync(() -> request(endpoint, parts), executor)
        .thenCompose(
            request ->
                Failsafe.with(retryPolicy)
                    .with(scheduler)
                    .getStageAsync(() -> attempt(endpoint, request, parts.size())))
        .exceptionally(error -> new Verdict.Retryable(describe(error)));
  }

  private CompletableFuture<Verdict> attempt(Endpoint endpoint, HttpRequest request, int count) {
    long started = System.nanoTime();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, error) -> {
              Verdict verdict =
                  error != null
                      ? new Verdict.Retryable(describe(error))
                      : classify(endpoint, response, count);
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
  }

  private Verdict classify(Endpoint endpoint, HttpResponse<String> response, int count) {
    Verdict verdict = classifier.classify(endpoint, response.statusCode(), response.body(), count);
    if (verdict instanceof Verdict.Retryable retryable) {
      Optional<String> retryAfter = response.headers().firstValue("Retry-After");
      if (retryAfter.isPresent()) {
        return new Verdict.Retryable(retryable.reason(), parseRetryAfter(retryAfter.get()));
      }
    }
    return verdict;
  }

  /**
   * The wait before the next attempt: Amplitude's {@code Retry-After} exactly, when it sent one;
   * otherwise exponential backoff from the base delay, doubled per attempt up to the maximum, with
   * ±25 % jitter. (Computed here rather than by Failsafe's backoff, whose jitter would also shorten
   * a {@code Retry-After}.)
   */
  private Duration delay(Verdict last, int attempts) {
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

  private static Duration parseRetryAfter(String value) {
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
    } catch (NumberFormatException httpDate) {
      return null; // an HTTP date: fall back to our own backoff
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

  private String describe(Throwable error) {
    Throwable cause = error;
    while ((cause instanceof CompletionException || cause instanceof UncheckedIOException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String kind = cause instanceof HttpTimeoutException ? "timed out" : cause.getClass().getSimpleName();
    return redactor.redact("no answer from Amplitude (" + kind + ": " + cause.getMessage() + ")");
  }
}
