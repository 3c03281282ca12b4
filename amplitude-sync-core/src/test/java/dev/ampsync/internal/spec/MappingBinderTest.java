package dev.ampsync.internal.spec;

import static dev.ampsync.internal.spec.Specs.mistake;
import static dev.ampsync.internal.spec.Specs.root;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Nulls;
import dev.ampsync.mapping.PropertyMapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.AmplitudeField;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.spec.SpecException;
import org.junit.jupiter.api.Test;

class MappingBinderTest {

  private static Mapping bind(ObjectType object, String yaml) {
    SpecSection root = root(yaml);
    return MappingBinder.bind(root.requiredSection("mapping"), root.optionalSection("options"), object);
  }

  @Test
  void places_nameEveryKeyOfTheMapping_byFileLineAndPath() {
    SpecSection root = root("""
        mapping:
          user_id: id
          properties:
            plan: plan
            logins: {column: login_count, op: add}
        """);

    assertThat(MappingBinder.places(root.requiredSection("mapping"))).containsOnly(
        java.util.Map.entry("mapping.user_id", Specs.FILE + " line 2 (mapping.user_id)"),
        java.util.Map.entry("mapping.properties", Specs.FILE + " line 3 (mapping.properties)"),
        java.util.Map.entry("mapping.properties.plan", Specs.FILE + " line 4 (mapping.properties.plan)"),
        java.util.Map.entry("mapping.properties.logins", Specs.FILE + " line 5 (mapping.properties.logins)"),
        java.util.Map.entry("mapping.properties.logins.column", Specs.FILE + " line 5 (mapping.properties.logins.column)"),
        java.util.Map.entry("mapping.properties.logins.op", Specs.FILE + " line 5 (mapping.properties.logins.op)"));
  }

  @Test
  void bind_userMapping_identifiersFieldsPropertiesAndNulls() {
    Mapping mapping = bind(ObjectType.USER, """
        mapping:
          user_id: id
          fields:
            country: country_code
          properties:
            plan: plan
            tier: {const: gold}
            logins: {column: login_count, op: add}
            first: {const: 1, op: set_once}
        options:
          nulls: UNSET
        """);

    assertThat(mapping.identifier("user_id")).contains(Value.column("id"));
    assertThat(mapping.fields()).containsEntry(AmplitudeField.COUNTRY, Value.column("country_code"));
    assertThat(mapping.properties()).containsExactly(
        new PropertyMapping("plan", Value.column("plan"), PropertyOperation.SET),
        new PropertyMapping("tier", Value.constant("gold"), PropertyOperation.SET),
        new PropertyMapping("logins", Value.column("login_count"), PropertyOperation.ADD),
        new PropertyMapping("first", Value.constant(1), PropertyOperation.SET_ONCE));
    assertThat(mapping.nulls()).isEqualTo(Nulls.UNSET);
  }

  @Test
  void bind_eventMapping_userPropertiesJsonAndGroups() {
    Mapping mapping = bind(ObjectType.EVENT, """
        mapping:
          user_id: uid
          event_type: {const: Order Placed}
          insert_id: order_id
          time: placed_at
          user_properties:
            plan: {column: plan, op: $set}
          properties_json: extra
          groups:
            company: company_id
        """);

    assertThat(mapping.identifier("event_type")).contains(Value.constant("Order Placed"));
    assertThat(mapping.identifier("time")).contains(Value.column("placed_at"));
    assertThat(mapping.timeNow()).isFalse();
    assertThat(mapping.userProperties()).containsExactly(new PropertyMapping("plan", Value.column("plan"), PropertyOperation.SET));
    assertThat(mapping.propertiesJson()).contains("extra");
    assertThat(mapping.groups()).containsEntry("company", Value.column("company_id"));
    assertThat(mapping.nulls()).isEqualTo(Nulls.SKIP);
  }

  @Test
  void bind_whatTheMappingBuilderRefuses_isAMistakeAtTheKey_withoutRepeatingThePath() {
    mistake(() -> bind(ObjectType.USER, "mapping:\n  user_id: id\n  insert_id: x\n"), "mapping.insert_id", 3,
        ": does not apply to user syncs; user syncs take user_id, device_id");
    mistake(() -> bind(ObjectType.USER, "mapping:\n  user_id: id\n  fields:\n    price: p\n"), "mapping.fields.price", 4,
        ": does not apply to user syncs", "fields for user syncs are");
    mistake(() -> bind(ObjectType.GROUP, "mapping:\n  group_type: {const: company}\n  group_value: id\n  properties:\n    tags: {column: t, op: remove}\n"),
        "mapping.properties.tags", 5, "op remove does not apply to group properties");
  }

  @Test
  void bind_anIncompleteMapping_isAMistakeAtTheMapping() {
    mistake(() -> bind(ObjectType.USER, "name: x\nmapping:\n  device_id: d\n  fields: {}\n"), "mapping", 3,
        "user syncs need mapping.user_id; add it to the mapping");
  }

  @Test
  void bind_anEventMappingWithoutTime_isAMistakeAtTheMapping_sayingHowToMapIt() {
    SpecException e = mistake(
        () -> bind(ObjectType.EVENT, "name: x\nmapping:\n  user_id: uid\n  event_type: {const: Order Placed}\n"),
        "mapping", 3, "an event mapping needs `time`", "`time: ordered_at`", "`time: {now: true}`");
    assertThat(e).hasMessageStartingWith("test.yaml line 3: mapping: an event mapping needs `time`");
  }

  @Test
  void bind_timeNow_sendsEventsWithoutTime_onPurpose() {
    Mapping mapping = bind(ObjectType.EVENT, "mapping:\n  user_id: uid\n  event_type: {const: Beat}\n  time: {now: true}\n");

    assertThat(mapping.timeNow()).isTrue();
    assertThat(mapping.identifier("time")).isEmpty();
  }

  @Test
  void bind_timeNow_takesOnlyNowTrue() {
    mistake(() -> bind(ObjectType.EVENT, "mapping:\n  user_id: uid\n  event_type: {const: Beat}\n  time: {now: false}\n"),
        "mapping.time.now", 4, "only `now: true` is allowed", "`time: ordered_at`");
    mistake(() -> bind(ObjectType.EVENT, "mapping:\n  user_id: uid\n  event_type: {const: Beat}\n  time: {now: yes please}\n"),
        "mapping.time.now", 4, "must be true or false");
    mistake(() -> bind(ObjectType.EVENT, "mapping:\n  user_id: uid\n  event_type: {const: Beat}\n  time: {now: true, column: t}\n"),
        "mapping.time.column", 4, "is not a key here");
    mistake(() -> bind(ObjectType.USER, "mapping:\n  user_id: uid\n  time: {now: true}\n"),
        "mapping.time", 3, ": does not apply to user syncs");
  }

  @Test
  void bind_malformedValues() {
    mistake(() -> bind(ObjectType.USER, "mapping:\n  user_id: ' '\n"), "mapping.user_id", 2, "names no column");
    mistake(() -> bind(ObjectType.USER, "mapping:\n  user_id: [a]\n"), "mapping.user_id", 2, "must be a column label or {const: value}");
    mistake(() -> bind(ObjectType.USER, "mapping:\n  user_id: {}\n"), "mapping.user_id.const", 0, "is missing");
    mistake(() -> bind(ObjectType.USER, "mapping:\n  user_id: {const: null}\n"), "mapping.user_id.const", 2, "is null; a constant needs a value");
    mistake(() -> bind(ObjectType.USER, "mapping:\n  user_id: {column: id}\n"), "mapping.user_id.column", 2, "is not a key here", "Keys are: const");
  }

  @Test
  void bind_propertyKeysAndOperations() {
    mistake(() -> bind(ObjectType.USER, "mapping:\n  user_id: id\n  properties:\n    plan: {column: p, default: x}\n"),
        "mapping.properties.plan.default", 4, "is not a key here", "column, const, op");
    mistake(() -> bind(ObjectType.USER, "mapping:\n  user_id: id\n  properties:\n    plan: {const: 1, column: x}\n"),
        "mapping.properties.plan.column", 4, "is not a key here", "Keys are: const, op");
    mistake(() -> bind(ObjectType.USER, "mapping:\n  user_id: id\n  properties:\n    plan: {column: p, op: increment}\n"),
        "mapping.properties.plan.op", 4, "'increment' is not a property operation; use one of set, set_once");
  }

  @Test
  void bind_unknownNullsPolicy_andUnknownKey() {
    mistake(() -> bind(ObjectType.USER, "mapping:\n  user_id: id\noptions:\n  nulls: maybe\n"), "options.nulls", 4,
        "'maybe' is not a null policy; use skip or unset");
    mistake(() -> bind(ObjectType.USER, "mapping:\n  userid: id\n"), "mapping.userid", 2, "did you mean user_id?");
  }

  @Test
  void bind_members_namesTheGroupsMemberListColumn() {
    Mapping mapping = bind(ObjectType.GROUP,
        "mapping:\n  group_type: {const: company}\n  group_value: id\n  members: member_ids\n");

    assertThat(mapping.members()).contains(Value.column("member_ids"));
    assertThat(mapping.identifier("user_id")).isEmpty();
  }

  @Test
  void bind_membersWithUserId_isAMistakeAtMembers_andMembersOnAUserSyncToo() {
    SpecException both = mistake(
        () -> bind(ObjectType.GROUP,
            "mapping:\n  group_type: {const: company}\n  group_value: id\n  user_id: uid\n  members: member_ids\n"),
        "mapping.members", 5, "cannot go with mapping.user_id: map members",
        "user_id is already mapped to column 'uid'");
    assertThat(both).hasMessageStartingWith("test.yaml line 5: mapping.members: cannot go with mapping.user_id");
    mistake(() -> bind(ObjectType.USER, "mapping:\n  user_id: uid\n  members: member_ids\n"),
        "mapping.members", 3, ": does not apply to user syncs; user syncs take user_id, device_id");
    mistake(() -> bind(ObjectType.EVENT,
            "mapping:\n  user_id: uid\n  event_type: {const: Beat}\n  time: {now: true}\n  members: m\n"),
        "mapping.members", 5, ": does not apply to event syncs");
  }
}
