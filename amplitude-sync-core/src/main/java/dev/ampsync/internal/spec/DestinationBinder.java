package dev.ampsync.internal.spec;

import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.EventsApi;
import dev.ampsync.client.Region;
import dev.ampsync.spec.SpecException;
import java.net.URI;
import java.util.Set;

/**
 * Binds {@code destination:} to an {@link AmplitudeClient.Builder}. Every value goes through the
 * builder's setter, which alone decides what is valid.
 */
public final class DestinationBinder {
  /** The keys {@code destination:} takes. */
  public static final Set<String> KEYS =
      Set.of(
          "api_key", "region", "endpoint", "events_api", "min_id_length", "gzip", "max_requests_in_flight",
          "max_retry_duration");

  private DestinationBinder() {}

  /**
   * Reads the section.
   *
   * @param destination the {@code destination:} section
   * @return a new client builder holding its settings
   * @throws SpecException if a key is unknown, the API key is missing, or a value is refused
   */
  public static AmplitudeClient.Builder bind(SpecSection destination) {
    destination.allowOnly(KEYS);
    String apiKey = destination.requiredText("api_key");
    if (apiKey.isBlank()) {
      throw destination.error("api_key", "is empty; set it, usually as ${AMPLITUDE_API_KEY}");
    }
    AmplitudeClient.Builder builder = destination.check("api_key", () -> AmplitudeClient.builder(apiKey));
    destination.set("region", destination.choice("region", Region::fromSpecName), builder::region);
    String endpoint = destination.text("endpoint");
    if (endpoint != null && !endpoint.isBlank()) {
      destination.check("endpoint", () -> builder.endpoint(URI.create(endpoint.trim())));
    }
    destination.set("events_api", destination.choice("events_api", EventsApi::fromSpecName), builder::eventsApi);
    destination.set("min_id_length", destination.intNumber("min_id_length"), builder::minIdLength);
    destination.set("gzip", destination.bool("gzip"), builder::gzip);
    destination.set("max_requests_in_flight", destination.intNumber("max_requests_in_flight"), builder::maxRequestsInFlight);
    destination.set("max_retry_duration", destination.duration("max_retry_duration"), builder::maxRetryDuration);
    return builder;
  }
}
