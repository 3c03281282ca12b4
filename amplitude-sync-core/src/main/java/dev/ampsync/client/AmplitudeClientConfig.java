package dev.ampsync.client;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * The settings of an {@link AmplitudeClient}: where it sends, how it packs, retries and waits.
 * {@link AmplitudeClient.Builder} assembles one; every config a caller can get ({@link
 * AmplitudeClient#config()}, {@link AmplitudeClient.Builder#buildConfig()}) is a copy that nothing
 * changes afterwards. Derive a modified one with {@link #toBuilder()}:
 *
 * <pre>{@code
 * AmplitudeClientConfig eu = AmplitudeClient.builder(apiKey).region(Region.EU).buildConfig();
 * try (AmplitudeClient client = eu.toBuilder().gzip(true).build()) { ... }
 * }</pre>
 *
 * <p>Thread-safe. The API key never appears in {@link #toString()}.
 */
public final class AmplitudeClientConfig {
  /** The most events Amplitude takes in one request, on either events API. */
  public static final int MAX_EVENTS_PER_REQUEST = 2000;
  /** The smallest event request body {@link AmplitudeClient.Builder#maxEventBytes(long)} accepts. */
  public static final long MIN_EVENT_BYTES = 1024;

  static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT = 8;
  static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  /** No limit: the retry duration alone bounds retries. */
  static final int DEFAULT_MAX_ATTEMPTS = Integer.MAX_VALUE;
  static final Duration DEFAULT_MAX_RETRY_DURATION = Duration.ofMinutes(5);
  static final Duration DEFAULT_RETRY_BASE_DELAY = Duration.ofMillis(500);
  static final Duration DEFAULT_RETRY_MAX_DELAY = Duration.ofSeconds(30);
  /** Amplitude documents no limit for {@code /identify}; a request of this many stays small. */
  static final int DEFAULT_MAX_IDENTIFICATIONS_PER_REQUEST = 1000;
  static final int DEFAULT_MAX_PENDING_RECORDS = 10_000;
  static final Duration DEFAULT_LINGER = Duration.ofMillis(100);
  static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofMinutes(10);

  // Written only by the AmplitudeClient.Builder that owns this instance, before it is copied out.
  String apiKey;
  Region region = Region.US;
  URI endpoint;
  EventsApi eventsApi = EventsApi.BATCH;
  Integer minIdLength;
  int maxRequestsInFlight = DEFAULT_MAX_REQUESTS_IN_FLIGHT;
  Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
  int maxAttempts = DEFAULT_MAX_ATTEMPTS;
  Duration maxRetryDuration = DEFAULT_MAX_RETRY_DURATION;
  Duration retryBaseDelay = DEFAULT_RETRY_BASE_DELAY;
  Duration retryMaxDelay = DEFAULT_RETRY_MAX_DELAY;
  Duration throttleHold;
  boolean gzip;
  int maxEventsPerRequest = MAX_EVENTS_PER_REQUEST;
  Long maxEventBytes;
  int maxIdentificationsPerRequest = DEFAULT_MAX_IDENTIFICATIONS_PER_REQUEST;
  int maxPendingRecords = DEFAULT_MAX_PENDING_RECORDS;
  Duration linger = DEFAULT_LINGER;
  Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
  ExecutorService executor;
  Clock clock = Clock.systemUTC();
  Integer dryRunRequests;
  Consumer<String> retryListener;

  /** A config with every default and the given key (checked by the builder). */
  AmplitudeClientConfig(String apiKey) {
    this.apiKey = apiKey;
  }

  /** A copy: what {@link AmplitudeClient.Builder} hands out, so later setter calls cannot reach it. */
  AmplitudeClientConfig(AmplitudeClientConfig other) {
    this.apiKey = other.apiKey;
    this.region = other.region;
    this.endpoint = other.endpoint;
    this.eventsApi = other.eventsApi;
    this.minIdLength = other.minIdLength;
    this.maxRequestsInFlight = other.maxRequestsInFlight;
    this.requestTimeout = other.requestTimeout;
    this.maxAttempts = other.maxAttempts;
    this.maxRetryDuration = other.maxRetryDuration;
    this.retryBaseDelay = other.retryBaseDelay;
    this.retryMaxDelay = other.retryMaxDelay;
    this.throttleHold = other.throttleHold;
    this.gzip = other.gzip;
    this.maxEventsPerRequest = other.maxEventsPerRequest;
    this.maxEventBytes = other.maxEventBytes;
    this.maxIdentificationsPerRequest = other.maxIdentificationsPerRequest;
    this.maxPendingRecords = other.maxPendingRecords;
    this.linger = other.linger;
    this.closeTimeout = other.closeTimeout;
    this.executor = other.executor;
    this.clock = other.clock;
    this.dryRunRequests = other.dryRunRequests;
    this.retryListener = other.retryListener;
  }

  /**
   * Returns a builder that starts from these settings; building from it leaves this config as it is.
   *
   * @return a new builder
   */
  public AmplitudeClient.Builder toBuilder() {
    return new AmplitudeClient.Builder(new AmplitudeClientConfig(this));
  }

  /**
   * Returns the Amplitude project's API key. Treat it as a secret: never log or print it.
   *
   * @return the key
   */
  public String apiKey() {
    return apiKey;
  }

  /**
   * Returns the project's data residency (default {@link Region#US}).
   *
   * @return the region
   */
  public Region region() {
    return region;
  }

  /**
   * Returns the base URL set in place of the region's host (a proxy, or a fake Amplitude in tests).
   *
   * @return the endpoint; empty when the region's host is used
   */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /**
   * Returns the base URL requests go to: the endpoint if set, else the region's host.
   *
   * @return the base URL
   */
  public URI baseUri() {
    return endpoint != null ? endpoint : region.baseUri();
  }

  /**
   * Returns the API that carries events (default {@link EventsApi#BATCH}).
   *
   * @return the events API
   */
  public EventsApi eventsApi() {
    return eventsApi;
  }

  /**
   * Returns the {@code min_id_length} sent with every request, when one was set.
   *
   * @return the minimum id length; empty for Amplitude's default of 5
   */
  public OptionalInt minIdLength() {
    return minIdLength == null ? OptionalInt.empty() : OptionalInt.of(minIdLength);
  }

  /**
   * Returns how many requests may be outstanding at once (default 8).
   *
   * @return at least 1
   */
  public int maxRequestsInFlight() {
    return maxRequestsInFlight;
  }

  /**
   * Returns how long one request may take, connection included (default 30 s).
   *
   * @return a positive duration
   */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /**
   * Returns the most attempts of one request on transient errors (default {@link Integer#MAX_VALUE}:
   * no limit, {@link #maxRetryDuration()} alone bounds the retries).
   *
   * @return at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the retry budget (default 5 minutes): the longest time spent retrying one request, or
   * keeping one record throttled; and how long the client goes on when no request succeeds at all
   * before it gives up (an outage: it stops, and every record without an outcome fails).
   *
   * @return a positive duration
   */
  public Duration maxRetryDuration() {
    return maxRetryDuration;
  }

  /**
   * Returns the first backoff delay between retries (default 500 ms).
   *
   * @return a positive duration
   */
  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  /**
   * Returns the largest backoff delay between retries (default 30 s).
   *
   * @return a duration at least {@link #retryBaseDelay()}
   */
  public Duration retryMaxDelay() {
    return retryMaxDelay;
  }

  /**
   * Returns how long the users and devices a 429 names are held back, when set.
   *
   * @return the hold; empty for Amplitude's advice (30 s for HTTP V2, 15 s for Batch and Identify)
   */
  public Optional<Duration> throttleHold() {
    return Optional.ofNullable(throttleHold);
  }

  /**
   * Tells whether request bodies are compressed with gzip (default false).
   *
   * @return whether to compress
   */
  public boolean gzip() {
    return gzip;
  }

  /**
   * Returns the most events per request (default and maximum {@value #MAX_EVENTS_PER_REQUEST}).
   *
   * @return 1 to {@value #MAX_EVENTS_PER_REQUEST}
   */
  public int maxEventsPerRequest() {
    return maxEventsPerRequest;
  }

  /**
   * Returns the most bytes per event request body, before any compression: the value set, or the
   * events API's limit.
   *
   * @return at least {@value #MIN_EVENT_BYTES} and at most {@link EventsApi#maxRequestBytes()}
   */
  public long maxEventBytes() {
    return maxEventBytes != null ? maxEventBytes : eventsApi.maxRequestBytes();
  }

  /**
   * Returns the most identifications per {@code /identify} request (default 1000).
   *
   * @return at least 1
   */
  public int maxIdentificationsPerRequest() {
    return maxIdentificationsPerRequest;
  }

  /**
   * Returns how many records may wait for an outcome at once (default 10,000).
   *
   * @return at least 1
   */
  public int maxPendingRecords() {
    return maxPendingRecords;
  }

  /**
   * Returns how long a partly filled request waits for more records (default 100 ms).
   *
   * @return zero or positive
   */
  public Duration linger() {
    return linger;
  }

  /**
   * Returns how long closing and flushing wait for outcomes (default 10 minutes).
   *
   * @return a positive duration
   */
  public Duration closeTimeout() {
    return closeTimeout;
  }

  /**
   * Returns the caller's executor for HTTP work, which the client does not shut down.
   *
   * @return the executor; empty when the client runs its own
   */
  public Optional<ExecutorService> executor() {
    return Optional.ofNullable(executor);
  }

  /**
   * Returns the clock that times throttling holds and retry budgets (default the UTC system clock).
   *
   * @return the clock
   */
  public Clock clock() {
    return clock;
  }

  /**
   * Returns, for a dry-run client, how many request bodies it keeps; a dry-run client sends nothing.
   *
   * @return the count; empty for a client that sends for real
   */
  public OptionalInt dryRun() {
    return dryRunRequests == null ? OptionalInt.empty() : OptionalInt.of(dryRunRequests);
  }

  /**
   * Returns what hears that requests are being retried, when set (see {@link
   * AmplitudeClient.Builder#retryListener}).
   *
   * @return the listener; empty when none is set
   */
  public Optional<Consumer<String>> retryListener() {
    return Optional.ofNullable(retryListener);
  }

  /**
   * Tells whether the settings fit together; the builder's setters have checked each on its own.
   *
   * @throws IllegalStateException if {@code maxEventBytes} exceeds the chosen events API's limit
   */
  void checkConsistent() {
    if (maxEventBytes != null && maxEventBytes > eventsApi.maxRequestBytes()) {
      throw new IllegalStateException(
          "maxEventBytes " + maxEventBytes + " exceeds the " + eventsApi + " limit of " + eventsApi.maxRequestBytes());
    }
  }

  /** Shows every setting but the API key. */
  @Override
  public String toString() {
    return "AmplitudeClientConfig{apiKey=<redacted>"
        + ", region=" + region
        + ", endpoint=" + endpoint
        + ", baseUri=" + baseUri()
        + ", eventsApi=" + eventsApi
        + ", minIdLength=" + minIdLength
        + ", maxRequestsInFlight=" + maxRequestsInFlight
        + ", requestTimeout=" + requestTimeout
        + ", maxAttempts=" + (maxAttempts == Integer.MAX_VALUE ? "no limit" : maxAttempts)
        + ", maxRetryDuration=" + maxRetryDuration
        + ", retryBackoff=" + retryBaseDelay + ".." + retryMaxDelay
        + ", throttleHold=" + (throttleHold == null ? "amplitude's advice" : throttleHold)
        + ", gzip=" + gzip
        + ", maxEventsPerRequest=" + maxEventsPerRequest
        + ", maxEventBytes=" + maxEventBytes()
        + ", maxIdentificationsPerRequest=" + maxIdentificationsPerRequest
        + ", maxPendingRecords=" + maxPendingRecords
        + ", linger=" + linger
        + ", closeTimeout=" + closeTimeout
        + ", executor=" + (executor == null ? "own" : "caller's")
        + ", clock=" + clock
        + ", dryRun=" + (dryRunRequests == null ? "off" : "keeps " + dryRunRequests + " requests")
        + ", retryListener=" + (retryListener == null ? "none" : "set")
        + "}";
  }
}
