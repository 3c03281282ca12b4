package dev.ampsync.client;

import dev.ampsync.internal.util.SpecNames;
import java.util.List;

/** Which Amplitude API carries events. */
public enum EventsApi {
  /**
   * The Batch Event Upload API ({@code /batch}): up to 2000 events and 20 MB per request, 1000 events
   * per second per user or device. The default, and Amplitude's advice for warehouse syncs and
   * backfills.
   */
  BATCH("batch", "/batch", 20_000_000L),
  /**
   * The HTTP V2 API ({@code /2/httpapi}): fewer than 2000 events (1999) and under 1 MB per request,
   * about 30 events per second per user or device.
   */
  HTTP_V2("httpapi", "/2/httpapi", 1_000_000L);

  private static final SpecNames<EventsApi> NAMES =
      SpecNames.of("an events API", List.of(values()), EventsApi::specName)
          .withAlias("http_v2", HTTP_V2)
          .withAlias("http-v2", HTTP_V2);

  private final String specName;
  private final String path;
  private final long maxRequestBytes;

  EventsApi(String specName, String path, long maxRequestBytes) {
    this.specName = specName;
    this.path = path;
    this.maxRequestBytes = maxRequestBytes;
  }

  /**
   * Returns the name in YAML specs ({@code destination.events_api}): {@code batch} or {@code httpapi}.
   *
   * @return the spec name
   */
  public String specName() {
    return specName;
  }

  /**
   * Returns the API with the given spec name ({@code batch}, {@code httpapi}; {@code http_v2} and
   * {@code http-v2} are accepted too), ignoring case and surrounding blanks.
   *
   * @param name the spec name
   * @return the API
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if no API has that name; the message lists the valid ones
   */
  public static EventsApi fromSpecName(String name) {
    return NAMES.find(name);
  }

  /**
   * Returns the request path, for example {@code "/batch"}.
   *
   * @return the path
   */
  public String path() {
    return path;
  }

  /**
   * Returns Amplitude's request size limit for this API, in bytes.
   *
   * @return the limit
   */
  public long maxRequestBytes() {
    return maxRequestBytes;
  }
}
