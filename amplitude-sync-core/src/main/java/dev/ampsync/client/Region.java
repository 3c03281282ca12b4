package dev.ampsync.client;

import dev.ampsync.internal.util.SpecNames;
import java.net.URI;
import java.util.List;

/**
 * Amplitude's data residencies. A project's region is fixed when it is created, and its API key is
 * valid only on that region's host: an EU project's key sent to the US host is refused as an invalid
 * API key.
 */
public enum Region {
  /** The default (US) residency: {@code https://api2.amplitude.com}. */
  US("us", "https://api2.amplitude.com"),
  /** The EU residency: {@code https://api.eu.amplitude.com}. */
  EU("eu", "https://api.eu.amplitude.com");

  private static final SpecNames<Region> NAMES = SpecNames.of("a region", List.of(values()), Region::specName);

  private final String specName;
  private final URI baseUri;

  Region(String specName, String baseUri) {
    this.specName = specName;
    this.baseUri = URI.create(baseUri);
  }

  /**
   * Returns the name in YAML specs ({@code destination.region}), for example {@code "eu"}.
   *
   * @return the spec name
   */
  public String specName() {
    return specName;
  }

  /**
   * Returns the region with the given spec name, ignoring case and surrounding blanks.
   *
   * @param name {@code us} or {@code eu}
   * @return the region
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if no region has that name; the message lists the valid ones
   */
  public static Region fromSpecName(String name) {
    return NAMES.find(name);
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
