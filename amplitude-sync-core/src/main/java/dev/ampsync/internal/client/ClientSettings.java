package dev.ampsync.internal.client;

import dev.ampsync.client.EventsApi;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * The client's validated, immutable configuration. Holds the API key: its {@code toString} never
 * shows it.
 */
public record ClientSettings(
    String apiKey,
    URI baseUri,
    EventsApi eventsApi,
    Integer minIdLength,
    int maxRequestsInFlight,
    Duration requestTimeout,
    int maxAttempts,
    Duration maxRetryDuration,
    Duration retryBaseDelay,
    Duration retryMaxDelay,
    Duration throttleHold,
    boolean gzip,
    int maxEventsPerRequest,
    long maxEventBytes,
    int maxIdentificationsPerRequest,
    long maxIdentifyBytes,
    int maxGroupIdentificationsPerRequest,
    long maxGroupIdentifyBytes,
    int maxPendingRecords,
    Duration linger,
    Duration closeTimeout,
    Duration pollInterval,
    ExecutorService executor,
    Clock clock,
    int dryRunRequests) {

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
      case GROUP_IDENTIFY -> maxGroupIdentificationsPerRequest;
      case BATCH, HTTP_V2 -> maxEventsPerRequest;
    };
  }

  /** Returns the most bytes per request body (before any compression) on the given endpoint. */
  public long maxBytes(Endpoint endpoint) {
    return switch (endpoint) {
      case IDENTIFY -> maxIdentifyBytes;
      case GROUP_IDENTIFY -> maxGroupIdentifyBytes;
      case BATCH, HTTP_V2 -> maxEventBytes;
    };
  }

  @Override
  public String toString() {
    return "ClientSettings{apiKey=<redacted>, baseUri="
        + baseUri
        + ", eventsApi="
        + eventsApi
        + ", minIdLength="
        + minIdLength
        + ", maxRequestsInFlight="
        + maxRequestsInFlight
        + ", gzip="
        + gzip
        + "}";
  }
}
