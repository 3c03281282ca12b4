package dev.ampsync.internal.spec;

import static dev.ampsync.internal.spec.Specs.mistake;
import static dev.ampsync.internal.spec.Specs.root;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.client.Region;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecSectionTest {
  private final SpecSection options = root("""
      options:
        label: hello
        count: 42
        quoted: "17"
        big: 3000000000
        flag: TRUE
        lag: 2h
        iso: pt90m
        region: EU
        nested:
          inner: x
        list: [a, b]
        empty:
      """).requiredSection("options");

  @Test
  void pathOf_joinsTheSectionsPath() {
    assertThat(options.pathOf("lag")).isEqualTo("options.lag");
    assertThat(root("a: 1").pathOf("a")).isEqualTo("a");
  }

  @Test
  void text_readsAScalar_orNullWhenAbsentOrEmpty() {
    assertThat(options.text("label")).isEqualTo("hello");
    assertThat(options.text("count")).isEqualTo("42");
    assertThat(options.text("missing")).isNull();
    assertThat(options.text("empty")).isNull();
  }

  @Test
  void text_ofAMappingOrList_isAMistakeAtItsLine() {
    mistake(() -> options.text("nested"), "options.nested", 11, "must be a single value");
    mistake(() -> options.text("list"), "options.list", 12, "must be a single value");
  }

  @Test
  void requiredText_missing_isAMistakeAtTheSectionsLine() {
    // A block mapping starts on the line of its first key.
    mistake(() -> options.requiredText("absent"), "options.absent", 2, "is missing");
    mistake(() -> options.requiredText("empty"), "options.empty", 13, "is missing");
  }

  @Test
  void number_readsNumbersAndNumericText() {
    assertThat(options.number("count")).isEqualTo(42L);
    assertThat(options.number("quoted")).isEqualTo(17L);
    assertThat(options.number("big")).isEqualTo(3_000_000_000L);
    assertThat(options.number("missing")).isNull();
    mistake(() -> options.number("label"), "options.label", 2, "must be a whole number, was 'hello'");
  }

  @Test
  void intNumber_refusesOnlyWhatAnIntCannotHold() {
    assertThat(options.intNumber("count")).isEqualTo(42);
    mistake(() -> options.intNumber("big"), "options.big", 5, "must be a whole number from -2147483648 to 2147483647, was 3000000000");
  }

  @Test
  void bool_readsTrueOrFalseInAnyCase() {
    assertThat(options.bool("flag")).isTrue();
    assertThat(options.bool("missing")).isNull();
    mistake(() -> options.bool("label"), "options.label", 2, "must be true or false, was 'hello'");
  }

  @Test
  void duration_readsShortFormsAndIso8601() {
    assertThat(options.duration("lag")).isEqualTo(Duration.ofHours(2));
    assertThat(options.duration("iso")).isEqualTo(Duration.ofMinutes(90));
    assertThat(options.duration("missing")).isNull();
    mistake(() -> options.duration("label"), "options.label", 2, "'hello' is not a duration", "30m, 2h, 1d", "PT1H");
  }

  @Test
  void choice_looksTheNameUp_andReportsTheLookupsMessageAtTheKey() {
    assertThat(options.choice("region", Region::fromSpecName)).isEqualTo(Region.EU);
    assertThat(options.choice("missing", Region::fromSpecName)).isNull();
    mistake(() -> options.choice("label", Region::fromSpecName), "options.label", 2, "'hello' is not a region; use us or eu");
  }

  @Test
  void set_passesAPresentValueToTheSetter_andTheSettersRefusalBecomesAMistake() {
    List<Object> set = new ArrayList<>();
    options.set("count", options.number("count"), set::add);
    options.set("missing", options.number("missing"), set::add);

    assertThat(set).containsExactly(42L);
    mistake(() -> options.set("count", 42L, value -> {
      throw new IllegalArgumentException("count must be at most 10, was " + value);
    }), "options.count", 3, "count must be at most 10, was 42");
  }

  @Test
  void allowOnly_refusesAnUnknownKey_suggestingTheNearest_andListingTheKeys() {
    SpecSection destination = root("""
        destination:
          api_key: k
          regoin: eu
        """).requiredSection("destination");

    mistake(() -> destination.allowOnly(Set.of("api_key", "region")), "destination.regoin", 3,
        "is not a key here; did you mean region? Keys are: api_key, region");
    mistake(() -> destination.allowOnly(Set.of("api_key")), "destination.regoin", 3, "is not a key here. Keys are: api_key");
  }

  @Test
  void sections_requiredOptionalAndMalformed() {
    SpecSection spec = root("""
        name: x
        options:
        state: 5
        """);

    assertThat(spec.optionalSection("options")).isNull();
    assertThat(spec.optionalSection("absent")).isNull();
    mistake(() -> spec.optionalSection("state"), "state", 3, "must be a mapping of keys");
    mistake(() -> spec.requiredSection("mapping"), "mapping", 1, "is missing; a spec needs mapping:");
    assertThat(options.optionalSection("nested").pathOf("inner")).isEqualTo("options.nested.inner");
  }

  @Test
  void plainValues_leaveOutTheNamedKeys_inFileOrder() {
    SpecSection source = root("""
        source:
          type: jdbc
          url: u
          fetch: 5
        """).requiredSection("source");

    assertThat(source.plainValues(Set.of("type"))).containsExactly(Map.entry("url", "u"), Map.entry("fetch", 5));
  }
}
