package dev.ampsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.record.ObjectType;
import org.junit.jupiter.api.Test;

/** An event mapping says when its events happened: a time column, or timeNow() on purpose. */
class MappingTimeTest {
  private static Mapping.Builder orders() {
    return Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Order Completed"))
        .userId(Value.column("user_id"));
  }

  @Test
  void anEventMappingWithoutTime_isRefused_sayingWhatToCall() {
    assertThatThrownBy(() -> orders().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("an event mapping needs time")
        .hasMessageContaining(".time(Value.column(\"ordered_at\"))")
        .hasMessageContaining(".timeNow()");
  }

  @Test
  void anEventMappingWithATimeColumn_orTimeNow_builds() {
    assertThat(orders().time(Value.column("ordered_at")).build().timeNow()).isFalse();

    Mapping now = orders().timeNow().build();
    assertThat(now.timeNow()).isTrue();
    assertThat(now.identifier("time")).isEmpty();
    assertThat(now).isNotEqualTo(orders().time(Value.column("ordered_at")).build());
  }

  @Test
  void timeAndTimeNow_conflict_eitherWayRound() {
    assertThatThrownBy(() -> orders().time(Value.column("ordered_at")).timeNow())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("time is already mapped to column 'ordered_at'");
    assertThatThrownBy(() -> orders().timeNow().time(Value.column("ordered_at")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("time is already timeNow()");
  }

  @Test
  void timeNow_appliesToEventsOnly() {
    assertThatThrownBy(() -> Mapping.builder(ObjectType.USER).timeNow())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mapping.time does not apply to user syncs; user syncs take user_id, device_id");
  }

  @Test
  void otherObjectTypes_needNoTime() {
    assertThat(Mapping.builder(ObjectType.USER).userId(Value.column("id")).build().timeNow()).isFalse();
  }

  @Test
  void customMappings_sayNowByTheirFactory() {
    assertThat(Mapping.custom(ObjectType.EVENT, row -> null).timeNow()).isFalse();
    Mapping now = Mapping.customTimeNow(row -> null);
    assertThat(now.timeNow()).isTrue();
    assertThat(now.objectType()).isEqualTo(ObjectType.EVENT);
    assertThatThrownBy(() -> Mapping.customTimeNow(null))
        .isInstanceOf(NullPointerException.class).hasMessageStartingWith("function is null: ");
  }
}
