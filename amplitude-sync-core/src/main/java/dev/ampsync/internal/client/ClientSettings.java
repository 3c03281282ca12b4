package dev.ampsync.internal.client;

import dev.ampsync.client.AmplitudeClientConfig;
import dev.ampsync.client.EventsApi;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * The dispatcher's view of an {@link AmplitudeClientConfig}: its values read once into plain fields
 * (no {@code Optional} on the sending path), the executor resolved, and the limits that are
 * Amplitude's rather than the user's. Holds the API key: its {@code toString} never shows it.
 */
public final class ClientSettings {
  /** {@code dryRunRequests()} of a client that sends for real. */
  public static final int NOT_DRY_RUN = -1;
  /** Amplitude's limit of identifications per {@code /groupidentify} request. */
  static final int MAX_GROUP_IDENTIFICATIONS_PER_REQUEST = 1024;
  /**
   * Amplitude's limit of group properties per {@code /groupidentify} request: "The maximum number of
   * group properties per request is 1024" (amplitude-docs, {@code api/en/group-identify.md}).
   */
  static final int MAX_GROUP_PROPERTIES_PER_REQUEST = 1024;
  /**
   * HTTP V2's limit of events per request, at its strict reading: "Keep request sizes under 1 MB with
   * fewer than 2000 events per request" (amplitude-docs, {@code api/en/http-v2.md}, Upload limit).
   * Batch takes 2000.
   */
  static final int MAX_HTTP_V2_EVENTS_PER_REQUEST = 1999;
  /** HTTP V2's body limit at the same strict reading: under 1 MB, read as under 1,000,000 bytes. */
  static final long MAX_HTTP_V2_BYTES = 999_999L;
  /** Amplitude's limit of a {@code /groupidentify} body, 1 MB. */
  static final long MAX_GROUP_IDENTIFY_BYTES = 1_000_000L;
  /** Amplitude documents no size limit for {@code /identify}; the group limit is a safe one. */
  static final long MAX_IDENTIFY_BYTES = 1_000_000L;
  /** How often a retry notice repeats while requests keep failing. */
  static final Duration RETRY_NOTICE_INTERVAL = Duration.ofSeconds(5);
  /** How often the dispatcher thread looks for due work when nothing wakes it. */
  static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  private final AmplitudeClientConfig config;
  private final String apiKey;
  private final URI baseUri;
  private final EventsApi eventsApi;
  private final Integer minIdLength;
  private final int maxRequestsInFlight;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final Duration maxRetryDuration;
  private final Duration retryBaseDelay;
  private final Duration retryMaxDelay;
  private final Duration throttleHold;
  private final boolean gzip;
  private final int maxEventsPerRequest;
  private final long maxEventBytes;
  private final int maxIdentificationsPerRequest;
  private final int maxPendingRecords;
  private final Duration linger;
  private final Duration closeTimeout;
  private final Duration pollInterval;
  private final ExecutorService executor;
  private final Clock clock;
  private final int dryRunRequests;
  private final Consumer<String> retryNotices;

  private ClientSettings(
      AmplitudeClientConfig config, ExecutorService executor, Duration pollInterval, long maxEventBytes) {
    this.config = config;
    this.apiKey = config.apiKey();
    this.baseUri = config.baseUri();
    this.eventsApi = config.eventsApi();
    this.minIdLength = config.minIdLength().isPresent() ? config.minIdLength().getAsInt() : null;
    this.maxRequestsInFlight = config.maxRequestsInFlight();
    this.requestTimeout = config.requestTimeout();
    this.maxAttempts = config.maxAttempts();
    this.maxRetryDuration = config.maxRetryDuration();
    this.retryBaseDelay = config.retryBaseDelay();
    this.retryMaxDelay = config.retryMaxDelay();
    this.throttleHold = config.throttleHold().orElse(null);
    this.gzip = config.gzip();
    this.maxEventsPerRequest = config.maxEventsPerRequest();
    this.maxEventBytes = maxEventBytes;
    this.maxIdentificationsPerRequest = config.maxIdentificationsPerRequest();
    this.maxPendingRecords = config.maxPendingRecords();
    this.linger = config.linger();
    this.closeTimeout = config.closeTimeout();
    this.pollInterval = pollInterval;
    this.executor = executor;
    this.clock = config.clock();
    this.dryRunRequests = config.dryRun().orElse(NOT_DRY_RUN);
    this.retryNotices = config.retryListener().orElse(notice -> {});
  }

  /**
   * Returns the settings of a client with this config.
   *
   * @param config the client's config
   * @param executor the executor for HTTP work: the config's, or the one the client made for itself
   * @return the settings
   */
  public static ClientSettings from(AmplitudeClientConfig config, ExecutorService executor) {
    return new ClientSettings(
        Objects.requireNonNull(config, "config must not be null"),
        Objects.requireNonNull(executor, "executor must not be null"),
        POLL_INTERVAL,
        config.maxEventBytes());
  }

  /**
   * Returns these settings with another poll interval, for dispatcher tests that must see a wake-up,
   * not a poll.
   *
   * @param pollInterval how often the dispatcher thread looks for due work unprompted
   * @return new settings
   */
  public ClientSettings withPollInterval(Duration pollInterval) {
    Objects.requireNonNull(pollInterval, "pollInterval must not be null");
    return new ClientSettings(config, executor, pollInterval, maxEventBytes);
  }

  /**
   * Returns these settings with another event body limit, which may be below the builder's minimum:
   * for dispatcher tests that fill a request with a few small events.
   *
   * @param maxEventBytes the most bytes per event request body
   * @return new settings
   */
  public ClientSettings withMaxEventBytes(long maxEventBytes) {
    return new ClientSettings(config, executor, pollInterval, maxEventBytes);
  }

  public String apiKey() {
    return apiKey;
  }

  public URI baseUri() {
    return baseUri;
  }

  public EventsApi eventsApi() {
    return eventsApi;
  }

  /** Returns the configured {@code min_id_length}, or null to send none. */
  public Integer minIdLength() {
    return minIdLength;
  }

  public int maxRequestsInFlight() {
    return maxRequestsInFlight;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Duration maxRetryDuration() {
    return maxRetryDuration;
  }

  public Duration retryBaseDelay() {
    return retryBaseDelay;
  }

  public Duration retryMaxDelay() {
    return retryMaxDelay;
  }

  /** Returns the configured throttle hold, or null for Amplitude's advice per endpoint. */
  public Duration throttleHold() {
    return throttleHold;
  }

  public boolean gzip() {
    return gzip;
  }

  public int maxEventsPerRequest() {
    return maxEventsPerRequest;
  }

  public long maxEventBytes() {
    return maxEventBytes;
  }

  public int maxIdentificationsPerRequest() {
    return maxIdentificationsPerRequest;
  }

  public long maxIdentifyBytes() {
    return MAX_IDENTIFY_BYTES;
  }

  public int maxGroupIdentificationsPerRequest() {
    return MAX_GROUP_IDENTIFICATIONS_PER_REQUEST;
  }

  public long maxGroupIdentifyBytes() {
    return MAX_GROUP_IDENTIFY_BYTES;
  }

  public int maxPendingRecords() {
    return maxPendingRecords;
  }

  public Duration linger() {
    return linger;
  }

  public Duration closeTimeout() {
    return closeTimeout;
  }

  public Duration pollInterval() {
    return pollInterval;
  }

  public ExecutorService executor() {
    return executor;
  }

  public Clock clock() {
    return clock;
  }

  /** Returns how many request bodies a dry-run client keeps, or {@link #NOT_DRY_RUN}. */
  public int dryRunRequests() {
    return dryRunRequests;
  }

  /** Returns what hears that requests are being retried (a no-op when nothing does). */
  public Consumer<String> retryNotices() {
    return retryNotices;
  }

  /** Returns the effective minimum id length: the configured one, or Amplitude's default of 5. */
  public int effectiveMinIdLength() {
    return minIdLength == null ? 5 : minIdLength;
  }

  /** Returns the endpoint events go to. */
  public Endpoint eventsEndpoint() {
    return eventsApi == EventsApi.HTTP_V2 ? Endpoint.HTTP_V2 : Endpoint.BATCH;
  }

  /** Returns how long throttled ids wait on the given endpoint. */
  public Duration throttleHold(Endpoint endpoint) {
    return throttleHold != null ? throttleHold : endpoint.defaultThrottleHold();
  }

  /** Returns the most records per request on the given endpoint. */
  public int maxCount(Endpoint endpoint) {
    return switch (endpoint) {
      case IDENTIFY -> maxIdentificationsPerRequest;
      case GROUP_IDENTIFY -> MAX_GROUP_IDENTIFICATIONS_PER_REQUEST;
      case BATCH -> maxEventsPerRequest;
      case HTTP_V2 -> Math.min(maxEventsPerRequest, MAX_HTTP_V2_EVENTS_PER_REQUEST);
    };
  }

  /**
   * Returns the most properties all records of one request may carry on the given endpoint: {@value
   * #MAX_GROUP_PROPERTIES_PER_REQUEST} group properties on {@code /groupidentify}, no limit elsewhere.
   */
  public static int maxProperties(Endpoint endpoint) {
    return endpoint == Endpoint.GROUP_IDENTIFY ? MAX_GROUP_PROPERTIES_PER_REQUEST : Integer.MAX_VALUE;
  }

  /**
   * Tells whether request bodies to the endpoint are compressed: only when gzip is on, and only on
   * the event endpoints. Amplitude mentions gzip for those alone (the newer HTTP V2 page counts its
   * event limit after decompressing a gzip-encoded body; the Identify and Group Identify pages say
   * nothing of it), and the TypeScript SDK compresses only uploads
   * to its four default event URLs (US and EU {@code /2/httpapi} and {@code /batch}; Amplitude-TypeScript,
   * {@code packages/analytics-core/src/plugins/destination.ts}, {@code DEFAULT_AMPLITUDE_SERVER_URLS}).
   * The form bodies of {@code /identify} and {@code /groupidentify} are never compressed.
   */
  public boolean gzip(Endpoint endpoint) {
    return gzip && !endpoint.isForm();
  }

  /** Returns the most bytes per request body (before any compression) on the given endpoint. */
  public long maxBytes(Endpoint endpoint) {
    return switch (endpoint) {
      case IDENTIFY -> MAX_IDENTIFY_BYTES;
      case GROUP_IDENTIFY -> MAX_GROUP_IDENTIFY_BYTES;
      case BATCH -> maxEventBytes;
      case HTTP_V2 -> Math.min(maxEventBytes, MAX_HTTP_V2_BYTES);
    };
  }

  @Override
  public String toString() {
    return "ClientSettings{apiKey=<redacted>, baseUri=" + baseUri + ", eventsApi=" + eventsApi + ", minIdLength="
        + minIdLength + ", maxRequestsInFlight=" + maxRequestsInFlight + ", gzip=" + gzip + "}";
  }
}
