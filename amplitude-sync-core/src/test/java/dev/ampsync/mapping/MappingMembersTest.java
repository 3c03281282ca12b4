package dev.ampsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.record.ObjectType;
import org.junit.jupiter.api.Test;

/** {@code members}: a group mapping's member list, instead of one member per row. */
class MappingMembersTest {
  private static Mapping.Builder orgs() {
    return Mapping.builder(ObjectType.GROUP).groupType(Value.constant("org")).groupValue(Value.column("org"));
  }

  @Test
  void members_isAGroupMappingsMemberList_andChangesTheFingerprint() {
    Mapping withMembers = orgs().members(Value.column("member_ids")).build();

    assertThat(withMembers.members()).contains(Value.column("member_ids"));
    assertThat(orgs().build().members()).isEmpty();
    assertThat(withMembers.fingerprint()).isNotEqualTo(orgs().build().fingerprint());
  }

  @Test
  void membersAndUserId_excludeEachOther_inEitherOrder() {
    assertThatThrownBy(() -> orgs().userId(Value.column("uid")).members(Value.column("member_ids")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mapping.members cannot go with mapping.user_id")
        .hasMessageContaining("user_id is already mapped to column 'uid'");
    assertThatThrownBy(() -> orgs().members(Value.column("member_ids")).userId(Value.column("uid")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mapping.user_id cannot go with mapping.members")
        .hasMessageContaining("members is already mapped to column 'member_ids'");
  }

  @Test
  void members_onlyForGroupMappings_andNotNull() {
    assertThatThrownBy(() -> Mapping.builder(ObjectType.USER).members(Value.column("m")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mapping.members does not apply to user syncs; user syncs take user_id, device_id");
    assertThatThrownBy(() -> orgs().members(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("value is null: ");
  }
}
