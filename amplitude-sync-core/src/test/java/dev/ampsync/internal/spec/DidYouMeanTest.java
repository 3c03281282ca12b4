package dev.ampsync.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  private static final List<String> KEYS = List.of("region", "endpoint", "events_api", "api_key");

  @Test
  void closest_suggestsAKeyAtMostTwoEditsAway() {
    assertThat(DidYouMean.closest("regoin", KEYS)).isEqualTo("region");
    assertThat(DidYouMean.closest("endpoin", KEYS)).isEqualTo("endpoint");
    assertThat(DidYouMean.closest("apikey", KEYS)).isEqualTo("api_key");
  }

  @Test
  void closest_ignoresTheCaseOfTheWrittenKey() {
    assertThat(DidYouMean.closest("REGION", KEYS)).isEqualTo("region");
  }

  @Test
  void closest_suggestsNothingThreeOrMoreEditsAway() {
    assertThat(DidYouMean.closest("zone", KEYS)).isNull();
    assertThat(DidYouMean.closest("reg", KEYS)).isNull();
  }

  @Test
  void closest_prefersTheNearerOfTwoCandidates() {
    assertThat(DidYouMean.closest("ab", List.of("abcd", "abc"))).isEqualTo("abc");
  }

  @Test
  void distance_countsInsertionsDeletionsAndSubstitutions() {
    assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
    assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
    assertThat(DidYouMean.distance("same", "same")).isZero();
  }
}
