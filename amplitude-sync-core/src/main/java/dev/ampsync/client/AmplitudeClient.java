package dev.ampsync.client;

import dev.ampsync.internal.util.Arguments;
import dev.ampsync.internal.client.ClientSettings;
import dev.ampsync.internal.client.Dispatcher;
import dev.ampsync.internal.client.Redactor;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.RecordValidator;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends records to Amplitude: users and devices to {@code /identify}, groups to {@code
 * /groupidentify} (and their member users to {@code /identify}), events to {@code /batch} or {@code
 * /2/httpapi}. Every submitted record ends in exactly one {@link Outcome}.
 *
 * <pre>{@code
 * try (AmplitudeClient client = AmplitudeClient.builder(System.getenv("AMPLITUDE_API_KEY"))
 *     .region(Region.EU)
 *     .build()) {
 *   CompletableFuture<Outcome> outcome = client.submit(
 *       EventRecord.builder("Order Completed").userId("user-1042").insertId("order-88231").build());
 *   client.flush();
 *   System.out.println(outcome.join().status());
 * }
 * }</pre>
 *
 * <p>What it does with Amplitude's answers: packs records into requests within each endpoint's count
 * and byte limits; retries 5xx, timeouts and resets with exponential backoff and jitter, bounded in
 * attempts and total time (events carry an {@code insert_id}, so a request that was ingested before
 * its 500 is deduplicated by Amplitude); rejects exactly the records a 400 names and resends the
 * rest; isolates bad identifications, and records Amplitude's firewall refuses (403), by bounded
 * bisection; splits requests that drew a 413; holds back only the users and devices a 429 names, and
 * rejects ids over the daily quota; a 2xx that is not Amplitude's answer is retried, never accepted.
 * An invalid API key, a malformed-request 400, or 403s to everything stop the client: pending records
 * fail with the reason, and further calls to {@link #submit} throw the {@link AmplitudeException}.
 *
 * <p>Memory is bounded: at most {@link Builder#maxPendingRecords(int)} records wait for an outcome;
 * {@link #submit} blocks beyond that. A user's or device's events are not sent while an
 * identification of that user or device submitted earlier is unacknowledged.
 *
 * <p>Thread-safe and meant to be long-lived and shared: a {@link dev.ampsync.SyncJob} can send through
 * a client the application holds ({@link dev.ampsync.SyncJob.Builder#client(AmplitudeClient)}). Its
 * settings are an immutable {@link AmplitudeClientConfig} ({@link #config()}); {@link
 * AmplitudeClientConfig#toBuilder()} derives another client's. The API key never appears in a log
 * line, exception, outcome or {@code toString}.
 */
public final class AmplitudeClient implements AutoCloseable {
  private final AmplitudeClientConfig config;
  private final ClientSettings settings;
  private final Dispatcher dispatcher;
  private final ExecutorService ownedExecutor;
  private final ScheduledExecutorService scheduler;

  private AmplitudeClient(AmplitudeClientConfig config) {
    this.config = config;
    this.ownedExecutor =
        config.executor().isPresent() ? null : Executors.newCachedThreadPool(daemonThreads("ampsync-http"));
    this.settings = ClientSettings.from(config, config.executor().orElse(ownedExecutor));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("ampsync-retry"));
    this.dispatcher = new Dispatcher(settings, new Redactor(settings.apiKey()), scheduler);
  }

  /**
   * Returns a builder for a client that uses the given project API key.
   *
   * @param apiKey the Amplitude project's API key
   * @return a new builder
   * @throws NullPointerException if {@code apiKey} is null
   * @throws IllegalArgumentException if {@code apiKey} is blank
   */
  public static Builder builder(String apiKey) {
    Arguments.requiredText(apiKey, "apiKey", "pass your Amplitude project's API key (Settings → Projects → API Keys),"
        + " e.g. from System.getenv(\"AMPLITUDE_API_KEY\")");
    return new Builder(new AmplitudeClientConfig(apiKey));
  }

  /**
   * Returns this client's settings.
   *
   * @return the immutable config the client was built with; {@link AmplitudeClientConfig#toBuilder()}
   *     derives a builder from it
   */
  public AmplitudeClientConfig config() {
    return config;
  }

  /**
   * Submits a record for sending. Blocks while {@link Builder#maxPendingRecords(int)} records wait for
   * an outcome (backpressure).
   *
   * @param record the record; validate it first with {@link RecordValidator}, since a record Amplitude
   *     refuses costs a request and comes back rejected
   * @return a future completed with the record's outcome; it never completes exceptionally
   * @throws NullPointerException if {@code record} is null
   * @throws AmplitudeException if an earlier answer made the client stop (invalid API key, 403s to
   *     everything, malformed request)
   * @throws IllegalStateException if the client is closed
   * @throws InterruptedException if interrupted while waiting for capacity
   */
  public CompletableFuture<Outcome> submit(AmplitudeRecord record) throws InterruptedException {
    return dispatcher.submit(Arguments.required(record, "record",
        "pass a UserRecord, DeviceRecord, GroupRecord or EventRecord made with its builder, e.g. UserRecord.builder(id)...build()"));
  }

  /**
   * Sends everything buffered now and waits until every record submitted before this call has an
   * outcome, for at most the client's close timeout.
   *
   * @return true when every such record has an outcome; false when the timeout passed first
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean flush() throws InterruptedException {
    return dispatcher.flush(settings.closeTimeout());
  }

  /**
   * Sends everything buffered now and waits until every record submitted before this call has an
   * outcome, for at most {@code timeout}.
   *
   * @param timeout the longest wait
   * @return true when every such record has an outcome; false when the timeout passed first
   * @throws NullPointerException if {@code timeout} is null
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    return dispatcher.flush(Arguments.required(timeout, "timeout",
        "pass how long to wait for the outcomes, e.g. Duration.ofMinutes(5)"));
  }

  /**
   * Returns the error that made the client stop, if any.
   *
   * @return the error, or empty while the client works
   */
  public Optional<AmplitudeException> fatalError() {
    return Optional.ofNullable(dispatcher.fatalError());
  }

  /**
   * Returns the minimum id length this client's project accepts: the configured {@code
   * min_id_length}, or Amplitude's default of 5.
   *
   * @return the minimum id length
   */
  public int minIdLength() {
    return settings.effectiveMinIdLength();
  }

  /**
   * Tells whether this is a dry-run client, which sends nothing.
   *
   * @return true for a dry run
   */
  public boolean isDryRun() {
    return config.dryRun().isPresent();
  }

  /**
   * Returns the first request bodies a dry-run client would have sent, API key redacted.
   *
   * @return the kept requests; empty for a real client
   */
  public java.util.List<PreviewRequest> previewRequests() {
    return dispatcher.previewRequests();
  }

  /**
   * Returns how many submitted records have no outcome yet.
   *
   * @return the count
   */
  public int pendingCount() {
    return dispatcher.unresolvedCount();
  }

  /**
   * Drains and stops the client: sends everything buffered, waits for outcomes for at most the close
   * timeout, then fails every record still without one ("client closed ...") so that nothing is
   * dropped silently. Idempotent.
   */
  @Override
  public void close() {
    boolean interrupted = false;
    try {
      dispatcher.close(settings.closeTimeout());
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      scheduler.shutdownNow();
      if (ownedExecutor != null) {
        ownedExecutor.shutdown();
        try {
          if (!ownedExecutor.awaitTermination(1, TimeUnit.SECONDS)) {
            ownedExecutor.shutdownNow();
          }
        } catch (InterruptedException e) {
          ownedExecutor.shutdownNow();
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "AmplitudeClient{" + config + "}";
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /**
   * Builds {@link AmplitudeClient}s by filling in an {@link AmplitudeClientConfig}. Every setting has
   * a default fit for a warehouse sync; the setters validate eagerly: a null argument throws {@link
   * NullPointerException}, a bad value {@link IllegalArgumentException}, settings that do not fit
   * together {@link IllegalStateException} at {@link #build()}. Not thread-safe; {@link #build()} and
   * {@link #buildConfig()} copy the config, so later setter calls change neither a built client nor a
   * returned config.
   */
  public static final class Builder {
    /** The config under construction; only copies of it leave the builder. */
    private final AmplitudeClientConfig config;

    /** Starts from {@code config}, which becomes the builder's own: pass a fresh or copied one. */
    Builder(AmplitudeClientConfig config) {
      this.config = config;
    }

    /**
     * Sets the project's data residency (default {@link Region#US}).
     *
     * @param region the region
     * @return this builder
     * @throws NullPointerException if {@code region} is null
     */
    public Builder region(Region region) {
      config.region = Arguments.required(region, "region",
          "pass Region.US or Region.EU: where your Amplitude project's data lives (US unless the project is in the EU data center)");
      return this;
    }

    /**
     * Sends to this base URL instead of the region's host (a proxy, or a fake Amplitude in tests).
     * HTTPS is required unless the host is a loopback address.
     *
     * @param endpoint a base URL such as {@code https://proxy.example.com/amplitude}, or null for the
     *     region's host
     * @return this builder
     * @throws IllegalArgumentException if the URL is not absolute http(s), has a query or fragment, or
     *     is plain http to a host that is not loopback
     */
    public Builder endpoint(URI endpoint) {
      if (endpoint != null) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || endpoint.getHost() == null) {
          throw new IllegalArgumentException(
              "endpoint must be an absolute http(s) URL such as https://api2.amplitude.com, was " + endpoint);
        }
        if (endpoint.getRawQuery() != null || endpoint.getRawFragment() != null) {
          throw new IllegalArgumentException(
              "endpoint " + endpoint + " must not have a query or fragment: paths such as /batch are appended to it");
        }
        if (scheme.equals("http") && !isLoopback(endpoint.getHost())) {
          throw new IllegalArgumentException(
              "endpoint " + endpoint + " must use https: plain http is allowed only to loopback hosts");
        }
      }
      config.endpoint = endpoint;
      return this;
    }

    /**
     * Chooses the API for events (default {@link EventsApi#BATCH}).
     *
     * @param eventsApi the API
     * @return this builder
     * @throws NullPointerException if {@code eventsApi} is null
     */
    public Builder eventsApi(EventsApi eventsApi) {
      config.eventsApi = Arguments.required(eventsApi, "eventsApi",
          "pass EventsApi.BATCH (the default, for backfills and volume) or EventsApi.HTTP_V2");
      return this;
    }

    /**
     * Sends {@code options.min_id_length} with every request, for projects whose ids are shorter than
     * Amplitude's default of 5 characters.
     *
     * @param minIdLength the minimum id length, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code minIdLength} is less than 1
     */
    public Builder minIdLength(int minIdLength) {
      if (minIdLength < 1) {
        throw new IllegalArgumentException("minIdLength must be at least 1, was " + minIdLength);
      }
      config.minIdLength = minIdLength;
      return this;
    }

    /**
     * Sets how many requests may be outstanding at once (default 8).
     *
     * @param maxRequestsInFlight at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxRequestsInFlight(int maxRequestsInFlight) {
      config.maxRequestsInFlight = atLeast(1, maxRequestsInFlight, "maxRequestsInFlight");
      return this;
    }

    /**
     * Sets how long one attempt of a request may take, from connecting to the answer's last byte
     * (default 30 s). A server that has not answered completely by then (silent, or trickling the
     * body) is abandoned, its connection closed, and the request retried.
     *
     * @param requestTimeout a positive duration
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if not positive
     */
    public Builder requestTimeout(Duration requestTimeout) {
      config.requestTimeout = positive(requestTimeout, "requestTimeout");
      return this;
    }

    /**
     * Sets the most attempts of one request on transient errors (5xx, timeouts, resets; default no
     * limit: {@link #maxRetryDuration(Duration)} alone bounds the retries).
     *
     * @param maxAttempts at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxAttempts(int maxAttempts) {
      config.maxAttempts = atLeast(1, maxAttempts, "maxAttempts");
      return this;
    }

    /**
     * Sets the retry budget (default 5 minutes): the longest time spent retrying one request, and
     * keeping one record throttled; a record still undelivered then fails. When no request at all
     * has succeeded for that long (an outage), the client gives up: it stops as on an invalid key,
     * with one error naming the endpoint, the cause and how long it tried.
     *
     * @param maxRetryDuration a positive duration
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxRetryDuration(Duration maxRetryDuration) {
      config.maxRetryDuration = positive(maxRetryDuration, "maxRetryDuration");
      return this;
    }

    /**
     * Sets the backoff between retries of transient errors: the first delay, doubled each attempt up
     * to the maximum, with ±25 % jitter (defaults 500 ms and 30 s). A {@code Retry-After} header
     * overrides it.
     *
     * @param baseDelay the first delay, positive
     * @param maxDelay the largest delay, at least {@code baseDelay}
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if a delay is not positive or {@code maxDelay < baseDelay}
     */
    public Builder retryBackoff(Duration baseDelay, Duration maxDelay) {
      positive(baseDelay, "baseDelay");
      positive(maxDelay, "maxDelay");
      if (maxDelay.compareTo(baseDelay) < 0) {
        throw new IllegalArgumentException("maxDelay " + maxDelay + " is less than baseDelay " + baseDelay);
      }
      config.retryBaseDelay = baseDelay;
      config.retryMaxDelay = maxDelay;
      return this;
    }

    /**
     * Sets how long the users and devices a 429 names are held back. Default: Amplitude's advice, 30 s
     * for HTTP V2 and 15 s for Batch and Identify.
     *
     * @param throttleHold a positive duration, or null for Amplitude's advice
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder throttleHold(Duration throttleHold) {
      config.throttleHold = throttleHold == null ? null : positive(throttleHold, "throttleHold");
      return this;
    }

    /**
     * Compresses request bodies with gzip (default off). Size limits are still applied to the
     * uncompressed body, the stricter reading of Amplitude's docs.
     *
     * @param gzip whether to compress
     * @return this builder
     */
    public Builder gzip(boolean gzip) {
      config.gzip = gzip;
      return this;
    }

    /**
     * Caps events per request (default and maximum 2000; HTTP V2 requests carry at most 1999
     * whatever is set, its page's "fewer than 2000").
     *
     * @param maxEventsPerRequest 1 to 2000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxEventsPerRequest(int maxEventsPerRequest) {
      config.maxEventsPerRequest =
          within(1, AmplitudeClientConfig.MAX_EVENTS_PER_REQUEST, maxEventsPerRequest, "maxEventsPerRequest");
      return this;
    }

    /**
     * Caps the body size of event requests below Amplitude's limit (1 MB for HTTP V2, 20 MB for
     * Batch), for proxies with smaller limits.
     *
     * @param maxEventBytes at least {@value AmplitudeClientConfig#MIN_EVENT_BYTES} bytes and at most the
     *     events API's limit; a value only Batch allows makes {@link #build()} fail with HTTP V2
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxEventBytes(long maxEventBytes) {
      long min = AmplitudeClientConfig.MIN_EVENT_BYTES;
      long max = EventsApi.BATCH.maxRequestBytes();
      if (maxEventBytes < min || maxEventBytes > max) {
        throw new IllegalArgumentException(
            "maxEventBytes must be between " + min + " and " + max + ", was " + maxEventBytes);
      }
      config.maxEventBytes = maxEventBytes;
      return this;
    }

    /**
     * Caps identifications per {@code /identify} request (default 1000; Amplitude documents no limit).
     *
     * @param maxIdentificationsPerRequest at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxIdentificationsPerRequest(int maxIdentificationsPerRequest) {
      config.maxIdentificationsPerRequest =
          atLeast(1, maxIdentificationsPerRequest, "maxIdentificationsPerRequest");
      return this;
    }

    /**
     * Sets how many records may wait for an outcome at once (default 10,000); {@link #submit} blocks
     * beyond it, which bounds memory.
     *
     * @param maxPendingRecords at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxPendingRecords(int maxPendingRecords) {
      config.maxPendingRecords = atLeast(1, maxPendingRecords, "maxPendingRecords");
      return this;
    }

    /**
     * Sets how long a partly filled request waits for more records before it is sent (default 100 ms).
     * {@link AmplitudeClient#flush()} sends at once.
     *
     * @param linger zero or positive
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if negative
     */
    public Builder linger(Duration linger) {
      Arguments.required(linger, "linger",
          "pass how long a partly filled request waits for more records, e.g. Duration.ofMillis(100), or Duration.ZERO");
      if (linger.isNegative()) {
        throw new IllegalArgumentException("linger must not be negative, was " + linger);
      }
      config.linger = linger;
      return this;
    }

    /**
     * Sets how long {@link AmplitudeClient#close()} and {@link AmplitudeClient#flush()} wait for
     * outcomes (default 10 minutes).
     *
     * @param closeTimeout a positive duration
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if not positive
     */
    public Builder closeTimeout(Duration closeTimeout) {
      config.closeTimeout = positive(closeTimeout, "closeTimeout");
      return this;
    }

    /**
     * Runs HTTP work on the given executor instead of the client's own. The client does not shut it
     * down.
     *
     * @param executor the executor, or null for the client's own
     * @return this builder
     */
    public Builder executor(ExecutorService executor) {
      config.executor = executor;
      return this;
    }

    /**
     * Sets the clock that times throttling holds and retry budgets (tests use a fake one).
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder clock(Clock clock) {
      config.clock = Arguments.required(clock, "clock",
          "pass the clock that stamps events without a time, normally Clock.systemUTC()");
      return this;
    }

    /**
     * Makes a dry-run client: it sends nothing, packs requests exactly as a real client would,
     * answers every record as accepted, and keeps the first {@code keepRequests} request bodies (API
     * key redacted) for {@link AmplitudeClient#previewRequests()}.
     *
     * @param keepRequests how many request bodies to keep, zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder dryRun(int keepRequests) {
      config.dryRunRequests = atLeast(0, keepRequests, "keepRequests");
      return this;
    }

    /**
     * Sets what hears, in one line of text, that requests are being retried: what fails, where, and
     * how many retries so far; once when failures start, then every few seconds while they go on,
     * and once when requests succeed again. Called from the client's threads: return quickly.
     *
     * @param listener the listener, or null for none
     * @return this builder
     */
    public Builder retryListener(java.util.function.Consumer<String> listener) {
      config.retryListener = listener;
      return this;
    }

    /**
     * Returns an independent builder with the same settings.
     *
     * @return a new builder; setter calls on either leave the other as it is
     */
    public Builder copy() {
      return new Builder(new AmplitudeClientConfig(config));
    }

    /**
     * Returns the settings made so far as an immutable config, checked as {@link #build()} checks
     * them, without starting a client: for a {@link dev.ampsync.SyncJob} that builds its client
     * per run, or to keep as a template.
     *
     * @return a copy of the settings; later setter calls do not change it
     * @throws IllegalStateException if {@link #maxEventBytes(long)} exceeds the chosen events API's limit
     */
    public AmplitudeClientConfig buildConfig() {
      config.checkConsistent();
      return new AmplitudeClientConfig(config);
    }

    /**
     * Builds and starts a client with a copy of the settings made so far.
     *
     * @return the client; close it when done
     * @throws IllegalStateException if {@link #maxEventBytes(long)} exceeds the chosen events API's limit
     */
    public AmplitudeClient build() {
      return new AmplitudeClient(buildConfig());
    }

    @Override
    public String toString() {
      return "AmplitudeClient.Builder{" + config + "}";
    }

    private static boolean isLoopback(String host) {
      String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      if (bare.equalsIgnoreCase("localhost")) {
        return true;
      }
      if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
        return false; // a name: do not resolve it here
      }
      try {
        return InetAddress.getByName(bare).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }

    private static int atLeast(int min, int value, String name) {
      if (value < min) {
        throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
      }
      return value;
    }

    private static int within(int min, int max, int value, String name) {
      if (value < min || value > max) {
        throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
      }
      return value;
    }

    private static Duration positive(Duration value, String name) {
      Arguments.required(value, name, "pass a positive duration, e.g. Duration.ofSeconds(30)");
      if (value.isZero() || value.isNegative()) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
