package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.PropertyOperations;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DuplicateCheck: a key admitted once per run, the reason saying whether a repeat conflicts; a group's
 * properties must agree across its members' rows; every key seen is remembered.
 */
class DuplicateCheckTest {
  @Test
  void aSecondRowWithAKeyAndTheSameValues_isInvalid_asAnIdenticalDuplicate() {
    Tally tally = EngineFixtures.tally();
    try (SeenKeys seen = new SeenKeys(0)) {
      DuplicateCheck duplicates = new DuplicateCheck(seen, tally, false);

      assertThat(duplicates.admit("user-1", 42L, null)).isTrue();
      assertThat(duplicates.admit("user-1", 42L, null)).isFalse();

      assertThat(tally.count(RowOutcome.INVALID)).isEqualTo(1);
      assertThat(tally.problems()).containsExactly(new Problem(
          "user-1", RowOutcome.INVALID, "duplicate key 'user-1' with identical values: an earlier row of this run has it"));
    }
  }

  @Test
  void aSecondRowWithAKeyAndOtherValues_isInvalid_asAConflict() {
    Tally tally = EngineFixtures.tally();
    try (SeenKeys seen = new SeenKeys(0)) {
      DuplicateCheck duplicates = new DuplicateCheck(seen, tally, false);

      assertThat(duplicates.admit("user-1", 42L, null)).isTrue();
      assertThat(duplicates.admit("user-1", 43L, null)).isFalse();

      assertThat(tally.problems()).containsExactly(new Problem(
          "user-1", RowOutcome.INVALID,
          "duplicate key 'user-1' with conflicting values: an earlier row of this run has it with other values"));
    }
  }

  @Test
  void aGroupRepeatedWithTheSameProperties_forAnotherMember_isAdmitted() {
    Tally tally = EngineFixtures.tally();
    try (SeenKeys seen = new SeenKeys(0)) {
      DuplicateCheck duplicates = new DuplicateCheck(seen, tally, true);

      assertThat(admitGroup(duplicates, "alice", Map.of("plan", "pro", "seats", 10))).isTrue();
      assertThat(admitGroup(duplicates, "bob", Map.of("seats", 10, "plan", "pro"))).isTrue();

      assertThat(tally.problems()).isEmpty();
    }
  }

  @Test
  void aGroupWithOtherProperties_forAnotherMember_isInvalid_namingTheProperty() {
    Tally tally = EngineFixtures.tally();
    try (SeenKeys seen = new SeenKeys(0)) {
      DuplicateCheck duplicates = new DuplicateCheck(seen, tally, true);

      assertThat(admitGroup(duplicates, "alice", Map.of("plan", "free", "seats", 10))).isTrue();
      assertThat(admitGroup(duplicates, "bob", Map.of("plan", "pro", "seats", 10))).isFalse();
      assertThat(admitGroup(duplicates, "carol", Map.of("plan", "free"))).isFalse();
      assertThat(admitGroup(duplicates, "dave", Map.of("plan", "free", "seats", 10))).as("agrees with the first").isTrue();

      assertThat(tally.problems()).extracting(Problem::reason).containsExactly(
          "conflicting rows for group company 'acme': property plan is 'pro' here and 'free' in an earlier row of this run",
          "conflicting rows for group company 'acme': property seats is not set here and '10' in an earlier row of this run");
      assertThat(tally.problems()).extracting(Problem::key)
          .containsExactly("company/acme/bob", "company/acme/carol");
      assertThat(seen.contains(Keys.group("company", "acme", "bob"))).as("kept for on_removed").isTrue();
    }
  }

  @Test
  void aGroupConflict_withAGroupNoLongerRemembered_saysThePropertiesDiffer() {
    Tally tally = EngineFixtures.tally();
    try (SeenKeys seen = new SeenKeys(0)) {
      DuplicateCheck duplicates = new DuplicateCheck(seen, tally, true);

      admitGroup(duplicates, "alice", Map.of("plan", "free"));
      for (int i = 0; i < GroupConflicts.REMEMBERED; i++) {
        duplicates.admit(Keys.group("company", "other-" + i, null), i, group("other-" + i, null, Map.of("plan", "x")));
      }
      assertThat(admitGroup(duplicates, "bob", Map.of("plan", "pro"))).isFalse();

      assertThat(tally.problems()).extracting(Problem::reason).containsExactly(
          "conflicting rows for group company 'acme': its group properties differ from an earlier row of this run");
    }
  }

  @Test
  void aLongPropertyValue_isShortenedInTheReason() {
    Tally tally = EngineFixtures.tally();
    try (SeenKeys seen = new SeenKeys(0)) {
      DuplicateCheck duplicates = new DuplicateCheck(seen, tally, true);

      admitGroup(duplicates, "alice", Map.of("note", "a".repeat(100)));
      admitGroup(duplicates, "bob", Map.of("note", "b"));

      assertThat(tally.problems().get(0).reason())
          .isEqualTo("conflicting rows for group company 'acme': property note is 'b' here and '"
              + "a".repeat(GroupConflicts.SHOWN) + "…' in an earlier row of this run");
    }
  }

  @Test
  void keep_remembersAnInvalidRowsKey_withoutReportingIt() {
    Tally tally = EngineFixtures.tally();
    try (SeenKeys seen = new SeenKeys(0)) {
      DuplicateCheck duplicates = new DuplicateCheck(seen, tally, false);

      duplicates.keep("user-1");
      duplicates.keep(null);

      assertThat(seen.contains("user-1")).isTrue();
      assertThat(tally.problems()).isEmpty();
      assertThat(duplicates.admit("user-1", 1L, null)).isFalse();
    }
  }

  private static boolean admitGroup(DuplicateCheck duplicates, String member, Map<String, ?> properties) {
    GroupRecord group = group("acme", member, properties);
    return duplicates.admit(Keys.of(group), member.hashCode(), group);
  }

  private static GroupRecord group(String value, String member, Map<String, ?> properties) {
    return GroupRecord.builder("company", value).userId(member)
        .groupProperties(PropertyOperations.setAll(properties)).build();
  }
}
