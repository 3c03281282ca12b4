package dev.ampsync.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.jdbc.internal.StateTables.Dialect;
import org.junit.jupiter.api.Test;

/** When {@link SyncLogBuffer} asks to be written, and how {@link SyncLogTables#cut} shortens texts. */
class SyncLogBufferTest {

  @Test
  void full_after10000Problems() {
    SyncLogBuffer logs = new SyncLogBuffer("t", Dialect.H2, "users");
    for (int i = 1; i < SyncLogBuffer.MAX_BUFFERED; i++) {
      assertThat(logs.logProblem("run-1", "k" + i, "FAILED", "r")).as("problem %d", i).isFalse();
    }
    assertThat(logs.logProblem("run-1", "last", "FAILED", "r")).isTrue();
  }

  @Test
  void full_whenLongReasonsReachTheCharacterBudget_beforeTheCount() {
    SyncLogBuffer logs = new SyncLogBuffer("t", Dialect.POSTGRESQL, "users");
    String reason = "x".repeat(SyncLogTables.LONGEST);
    long needed = SyncLogBuffer.MAX_BUFFERED_CHARS / SyncLogTables.LONGEST;
    for (int i = 1; i < needed; i++) {
      assertThat(logs.logProblem("run-1", null, "REJECTED", reason)).isFalse();
    }
    assertThat(logs.logProblem("run-1", null, "REJECTED", reason)).isTrue();
  }

  @Test
  void cut_keepsShortTexts_cutsLongOnes_neverHalvesASurrogatePair() {
    assertThat(SyncLogTables.cut(Dialect.MYSQL, null)).isNull();
    assertThat(SyncLogTables.cut(Dialect.MYSQL, "short")).isEqualTo("short");
    assertThat(SyncLogTables.cut(Dialect.DUCKDB, "y".repeat(SyncLogTables.LONGEST + 5))).hasSize(SyncLogTables.LONGEST);
    assertThat(SyncLogTables.cut(Dialect.OTHER, "y".repeat(5000))).hasSize(SyncLogTables.LONGEST_PORTABLE);
    String emoji = "y".repeat(SyncLogTables.LONGEST_PORTABLE - 1) + "🎉";
    assertThat(SyncLogTables.cut(Dialect.OTHER, emoji)).isEqualTo("y".repeat(SyncLogTables.LONGEST_PORTABLE - 1));
  }
}
