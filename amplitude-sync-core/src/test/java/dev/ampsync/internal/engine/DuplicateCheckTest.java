package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import org.junit.jupiter.api.Test;

/** DuplicateCheck: a key admitted once per run; every key seen is remembered. */
class DuplicateCheckTest {
  @Test
  void aSecondRowWithAKey_isInvalid_withTheKeyShown() {
    Tally tally = EngineFixtures.tally();
    try (KeySet seen = new KeySet()) {
      DuplicateCheck duplicates = new DuplicateCheck(seen, tally);

      assertThat(duplicates.admit(Keys.group("company", "acme", null))).isTrue();
      assertThat(duplicates.admit(Keys.group("company", "acme", null))).isFalse();

      assertThat(tally.count(RowOutcome.INVALID)).isEqualTo(1);
      assertThat(tally.problems()).containsExactly(new Problem(
          "company/acme", RowOutcome.INVALID, "duplicate key 'company/acme': an earlier row of this run has it"));
    }
  }

  @Test
  void keep_remembersAnInvalidRowsKey_withoutReportingIt() {
    Tally tally = EngineFixtures.tally();
    try (KeySet seen = new KeySet()) {
      DuplicateCheck duplicates = new DuplicateCheck(seen, tally);

      duplicates.keep("user-1");
      duplicates.keep(null);

      assertThat(seen.contains("user-1")).isTrue();
      assertThat(tally.problems()).isEmpty();
      assertThat(duplicates.admit("user-1")).isFalse();
    }
  }
}
