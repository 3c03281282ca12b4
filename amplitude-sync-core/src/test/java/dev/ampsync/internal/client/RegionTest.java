package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.client.Region;
import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every region sends every endpoint to the exact URL of the reference (§1), and an endpoint
 * override resolves the same way with or without a trailing slash or a path prefix.
 */
class RegionTest {

  static Stream<Arguments> regionUrls() {
    return Stream.of(
        Arguments.of(Region.US, Endpoint.HTTP_V2, "https://api2.amplitude.com/2/httpapi"),
        Arguments.of(Region.US, Endpoint.BATCH, "https://api2.amplitude.com/batch"),
        Arguments.of(Region.US, Endpoint.IDENTIFY, "https://api2.amplitude.com/identify"),
        Arguments.of(Region.US, Endpoint.GROUP_IDENTIFY, "https://api2.amplitude.com/groupidentify"),
        Arguments.of(Region.EU, Endpoint.HTTP_V2, "https://api.eu.amplitude.com/2/httpapi"),
        Arguments.of(Region.EU, Endpoint.BATCH, "https://api.eu.amplitude.com/batch"),
        Arguments.of(Region.EU, Endpoint.IDENTIFY, "https://api.eu.amplitude.com/identify"),
        Arguments.of(Region.EU, Endpoint.GROUP_IDENTIFY, "https://api.eu.amplitude.com/groupidentify"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("regionUrls")
  void region_resolvesEveryEndpointToAmplitudesUrl(Region region, Endpoint endpoint, String expected) {
    assertThat(HttpSender.resolve(region.baseUri(), endpoint.path())).isEqualTo(URI.create(expected));
    assertThat(HttpSender.resolve(region.baseUri(), endpoint.path()).toString()).isEqualTo(expected);
  }

  @Test
  void everyRegionAndEndpointIsCovered() {
    assertThat(regionUrls().count()).isEqualTo((long) Region.values().length * Endpoint.values().length);
  }

  @Test
  void regionBaseUris_areHttpsWithoutTrailingSlash() {
    assertThat(Region.US.baseUri()).isEqualTo(URI.create("https://api2.amplitude.com"));
    assertThat(Region.EU.baseUri()).isEqualTo(URI.create("https://api.eu.amplitude.com"));
  }

  @Test
  void endpointPaths_matchTheEventsApiPaths() {
    assertThat(Endpoint.BATCH.path()).isEqualTo(dev.ampsync.client.EventsApi.BATCH.path());
    assertThat(Endpoint.HTTP_V2.path()).isEqualTo(dev.ampsync.client.EventsApi.HTTP_V2.path());
  }

  static Stream<Arguments> overrides() {
    return Stream.of(
        Arguments.of("https://proxy.example.com", Endpoint.BATCH, "https://proxy.example.com/batch"),
        Arguments.of("https://proxy.example.com/", Endpoint.BATCH, "https://proxy.example.com/batch"),
        Arguments.of("https://proxy.example.com//", Endpoint.IDENTIFY, "https://proxy.example.com/identify"),
        Arguments.of("https://proxy.example.com/amp", Endpoint.HTTP_V2, "https://proxy.example.com/amp/2/httpapi"),
        Arguments.of("https://proxy.example.com/amp/", Endpoint.HTTP_V2, "https://proxy.example.com/amp/2/httpapi"),
        Arguments.of("https://proxy.example.com/amp/", Endpoint.GROUP_IDENTIFY, "https://proxy.example.com/amp/groupidentify"),
        Arguments.of("https://proxy.example.com:8443/a/b/", Endpoint.IDENTIFY, "https://proxy.example.com:8443/a/b/identify"),
        Arguments.of("http://127.0.0.1:1234", Endpoint.BATCH, "http://127.0.0.1:1234/batch"),
        Arguments.of("http://[::1]:1/", Endpoint.GROUP_IDENTIFY, "http://[::1]:1/groupidentify"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("overrides")
  void endpointOverride_resolvesWithOrWithoutTrailingSlashAndPrefix(String base, Endpoint endpoint, String expected) {
    assertThat(HttpSender.resolve(URI.create(base), endpoint.path())).isEqualTo(URI.create(expected));
  }
}
