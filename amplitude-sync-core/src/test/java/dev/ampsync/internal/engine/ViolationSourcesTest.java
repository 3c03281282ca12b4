package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import org.junit.jupiter.api.Test;

/** ViolationSources: a violation's field path leads back to the column that fed it. */
class ViolationSourcesTest {
  private final ViolationSources events = new ViolationSources(
      Mapping.builder(ObjectType.EVENT)
          .eventType(Value.constant("Ordered"))
          .userId(Value.column("uid"))
          .field("platform", Value.column("os"))
          .property("cart.items", Value.column("items"))
          .userProperty("plan", Value.column("tier"), dev.ampsync.record.PropertyOperation.SET)
          .group("company", Value.column("org"))
          .propertiesJson("extra")
          .timeNow()
          .build());

  @Test
  void identifiersAndFields_nameTheirColumn() {
    assertThat(events.sourceOf("user_id")).isEqualTo("column 'uid'");
    assertThat(events.sourceOf("event_type")).isEqualTo("constant 'Ordered'");
    assertThat(events.sourceOf("platform")).isEqualTo("column 'os'");
  }

  @Test
  void propertiesAndGroups_nameTheColumnOfTheLongestMatchingName() {
    assertThat(events.sourceOf("event_properties.cart.items[2]")).isEqualTo("column 'items'");
    assertThat(events.sourceOf("user_properties.$set.plan")).isEqualTo("column 'tier'");
    assertThat(events.sourceOf("groups.company")).isEqualTo("column 'org'");
    assertThat(events.sourceOf("groups")).isEqualTo("column 'org'");
  }

  @Test
  void anUnmappedProperty_comesFromTheJsonColumn_andAnUnknownPathFromNothing() {
    assertThat(events.sourceOf("event_properties.other")).isEqualTo("column 'extra'");
    assertThat(events.sourceOf("session_id")).isNull();
  }
}
