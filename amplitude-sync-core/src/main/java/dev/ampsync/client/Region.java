package dev.ampsync.client;

import java.net.URI;

/**
 * Amplitude's data residencies. A project's region is fixed when it is created, and its API key is
 * valid only on that region's host: an EU project's key sent to the US host is refused as an invalid
 * API key.
 */
public enum Region {
  /** The default (US) residency: {@code https://api2.amplitude.com}. */
  US("https://api2.amplitude.com"),
  /** The EU residency: {@code https://api.eu.amplitude.com}. */
  EU("https://api.eu.amplitude.com");

  private final URI baseUri;

  Region(String baseUri) {
    this.baseUri = URI.create(baseUri);
  }

  /**
   * Returns the base URL that serves {@code /batch}, {@code /2/httpapi}, {@code /identify} and
   * {@code /groupidentify} for this region.
   *
   * @return the base URL, without a trailing slash
   */
  public URI baseUri() {
    return baseUri;
  }
}
