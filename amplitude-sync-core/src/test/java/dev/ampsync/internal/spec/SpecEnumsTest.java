package dev.ampsync.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.OnRemoved;
import dev.ampsync.client.EventsApi;
import dev.ampsync.client.Region;
import dev.ampsync.mapping.Nulls;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.record.SyncBehavior;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every enum a spec names: its spec names round-trip, and an unknown name gets one form of message. */
class SpecEnumsTest {

  /** The enum, its lookup, its spec name, and the message for the name "nope". */
  static Stream<Arguments> specEnums() {
    return Stream.of(
        Arguments.of(Region.values(), (Function<String, Object>) Region::fromSpecName,
            (Function<Object, String>) e -> ((Region) e).specName(), "'nope' is not a region; use us or eu"),
        Arguments.of(EventsApi.values(), (Function<String, Object>) EventsApi::fromSpecName,
            (Function<Object, String>) e -> ((EventsApi) e).specName(), "'nope' is not an events API; use batch or httpapi"),
        Arguments.of(Nulls.values(), (Function<String, Object>) Nulls::fromSpecName,
            (Function<Object, String>) e -> ((Nulls) e).specName(), "'nope' is not a null policy; use skip or unset"),
        Arguments.of(OnRemoved.values(), (Function<String, Object>) OnRemoved::fromSpecName,
            (Function<Object, String>) e -> ((OnRemoved) e).specName(), "'nope' is not a policy; use unset or ignore"),
        Arguments.of(ObjectType.values(), (Function<String, Object>) ObjectType::fromSpecName,
            (Function<Object, String>) e -> ((ObjectType) e).specName(),
            "'nope' is not an object type; use one of user, device, group, event"),
        Arguments.of(SyncBehavior.values(), (Function<String, Object>) SyncBehavior::fromSpecName,
            (Function<Object, String>) e -> ((SyncBehavior) e).specName(),
            "'nope' is not a behavior; use update_or_create or create_only"),
        Arguments.of(PropertyOperation.values(), (Function<String, Object>) PropertyOperation::fromName,
            (Function<Object, String>) e -> ((PropertyOperation) e).specName(),
            "'nope' is not a property operation; use one of set, set_once, add, append, prepend, pre_insert,"
                + " post_insert, remove, unset, clear_all"));
  }

  @ParameterizedTest
  @MethodSource("specEnums")
  void everySpecName_findsItsConstant_inAnyCase(Object[] constants, Function<String, Object> lookup,
      Function<Object, String> specName, String unknownMessage) {
    for (Object constant : constants) {
      assertThat(lookup.apply(specName.apply(constant))).isEqualTo(constant);
      assertThat(lookup.apply(" " + specName.apply(constant).toUpperCase(Locale.ROOT) + " ")).isEqualTo(constant);
    }
    assertThat(Arrays.stream(constants).map(specName).distinct()).hasSize(constants.length);
  }

  @ParameterizedTest
  @MethodSource("specEnums")
  void anUnknownName_isRefusedListingTheSpecNames(Object[] constants, Function<String, Object> lookup,
      Function<Object, String> specName, String unknownMessage) {
    assertThatThrownBy(() -> lookup.apply("nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(unknownMessage);
  }

  @ParameterizedTest
  @MethodSource("specEnums")
  void aNullName_throwsNpe(Object[] constants, Function<String, Object> lookup,
      Function<Object, String> specName, String unknownMessage) {
    assertThatThrownBy(() -> lookup.apply(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void eventsApi_acceptsTheOlderSpellingsOfHttpV2() {
    assertThat(EventsApi.fromSpecName("http_v2")).isEqualTo(EventsApi.HTTP_V2);
    assertThat(EventsApi.fromSpecName("HTTP-V2")).isEqualTo(EventsApi.HTTP_V2);
  }

  @Test
  void regionSpecNames_areTheSpecsUsAndEu() {
    assertThat(Region.US.specName()).isEqualTo("us");
    assertThat(Region.EU.specName()).isEqualTo("eu");
  }
}
