package dev.ampsync.internal.client;

import java.time.Duration;

/** The four ingestion endpoints and how each is addressed. */
public enum Endpoint {
  /** {@code /identify}: users, devices and group memberships, form-encoded. */
  IDENTIFY("/identify", true, Duration.ofSeconds(15)),
  /** {@code /groupidentify}: group properties, form-encoded. */
  GROUP_IDENTIFY("/groupidentify", true, Duration.ofSeconds(15)),
  /** {@code /batch}: events, JSON. */
  BATCH("/batch", false, Duration.ofSeconds(15)),
  /** {@code /2/httpapi}: events, JSON. */
  HTTP_V2("/2/httpapi", false, Duration.ofSeconds(30));

  private final String path;
  private final boolean form;
  private final Duration throttleHold;

  Endpoint(String path, boolean form, Duration throttleHold) {
    this.path = path;
    this.form = form;
    this.throttleHold = throttleHold;
  }

  /** Returns the request path. */
  public String path() {
    return path;
  }

  /** Tells whether requests are form-encoded (identify APIs) rather than JSON (event APIs). */
  public boolean isForm() {
    return form;
  }

  /** Returns how long Amplitude asks to wait before resending for a throttled user or device. */
  public Duration defaultThrottleHold() {
    return throttleHold;
  }

  /** Returns the content type of request bodies. */
  public String contentType() {
    return form ? "application/x-www-form-urlencoded" : "application/json";
  }
}
