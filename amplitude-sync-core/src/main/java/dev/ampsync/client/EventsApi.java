package dev.ampsync.client;

/** Which Amplitude API carries events. */
public enum EventsApi {
  /**
   * The Batch Event Upload API ({@code /batch}): up to 2000 events and 20 MB per request, 1000 events
   * per second per user or device. The default, and Amplitude's advice for warehouse syncs and
   * backfills.
   */
  BATCH("/batch", 20_000_000L),
  /**
   * The HTTP V2 API ({@code /2/httpapi}): up to 2000 events and 1 MB per request, about 30 events per
   * second per user or device.
   */
  HTTP_V2("/2/httpapi", 1_000_000L);

  private final String path;
  private final long maxRequestBytes;

  EventsApi(String path, long maxRequestBytes) {
    this.path = path;
    this.maxRequestBytes = maxRequestBytes;
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
