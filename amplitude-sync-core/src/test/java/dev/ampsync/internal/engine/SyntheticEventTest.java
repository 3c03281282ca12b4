package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.record.EventRecord;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SyntheticEvent: the "properties updated" event sent along with a changed user. */
class SyntheticEventTest {
  private final SyntheticEvent synthetic = new SyntheticEvent("users", "Properties Updated");

  private static UserRecord user(String plan) {
    return UserRecord.builder("user-0001")
        .userProperties(PropertyOperations.builder().set("plan", plan).unset("trial").build())
        .build();
  }

  @Test
  void appliesToUsersWhosePropertiesChange() {
    assertThat(SyntheticEvent.appliesTo(user("gold"))).isTrue();
    assertThat(SyntheticEvent.appliesTo(UserRecord.builder("user-0001").build())).isFalse();
    assertThat(SyntheticEvent.appliesTo(EventRecord.builder("Seen").userId("user-0001").build())).isFalse();
  }

  @Test
  void theEventNamesTheUpdatedProperties() {
    EventRecord event = synthetic.of(user("gold"));

    assertThat(event.eventType()).isEqualTo("Properties Updated");
    assertThat(event.userId()).contains("user-0001");
    assertThat((List<Object>) event.eventProperties().get("updated_properties")).containsExactlyInAnyOrder("plan", "trial");
  }

  @Test
  void theInsertId_isTheSameForTheSameValues_andDiffersForOthers() {
    String insertId = synthetic.of(user("gold")).insertId().orElseThrow();

    assertThat(insertId).startsWith(Keys.insertId("users", "Properties Updated", "user-0001", null, null) + "-");
    assertThat(synthetic.of(user("gold")).insertId()).contains(insertId);
    assertThat(synthetic.of(user("silver")).insertId()).isNotEqualTo(java.util.Optional.of(insertId));
  }
}
