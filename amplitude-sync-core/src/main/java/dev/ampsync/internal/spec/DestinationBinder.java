package dev.ampsync.internal.spec;

import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.EventsApi;
import dev.ampsync.client.Region;
import dev.ampsync.internal.util.SpecNames;
import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.SpecKey;
import java.net.URI;
import java.util.List;

/**
 * Binds {@code destination:} to an {@link AmplitudeClient.Builder}. Every value goes through the
 * builder's setter, which alone decides what is valid.
 */
public final class DestinationBinder {
  /** The keys {@code destination:} takes: the binder and the JSON Schema both read this table. */
  public static final List<SpecKey> KEYS = List.of(
      SpecKey.string("api_key", "the Amplitude project's API key, usually ${AMPLITUDE_API_KEY}").asRequired(),
      SpecKey.choice("region", SpecNames.namesOf(Region.values(), Region::specName), "the Amplitude data center").withDefault("us"),
      SpecKey.string("endpoint", "a URL to send to instead of Amplitude's (a proxy, or a fake in tests)"),
      SpecKey.choice("events_api", SpecNames.namesOf(EventsApi.values(), EventsApi::specName), "the API events are sent to").withDefault("batch"),
      SpecKey.integer("min_id_length", "Amplitude's min_id_length for user and device ids shorter than 5"),
      SpecKey.bool("gzip", "compress request bodies").withDefault("false"),
      SpecKey.integer("max_requests_in_flight", "requests sent at the same time").withDefault("8"),
      SpecKey.duration("max_retry_duration", "how long a failing request is retried").withDefault("5m"));

  private DestinationBinder() {}

  /**
   * Reads the section.
   *
   * @param destination the {@code destination:} section
   * @return a new client builder holding its settings
   * @throws SpecException if a key is unknown, the API key is missing, or a value is refused
   */
  public static AmplitudeClient.Builder bind(SpecSection destination) {
    destination.declare(KEYS);
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
