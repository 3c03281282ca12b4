package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.store;
import static dev.ampsync.internal.engine.EngineFixtures.userJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.internal.engine.EngineFixtures.RecordingState;
import dev.ampsync.internal.state.Planner;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import org.junit.jupiter.api.Test;

/** UnchangedShortcut: a stored fingerprint that carries the row's digest makes the row unchanged. */
class UnchangedShortcutTest {
  private static final UserRecord USER =
      UserRecord.builder("user-1").userProperties(PropertyOperations.builder().set("plan", "gold").build()).build();

  @Test
  void aFingerprintFromTheSameRow_isUnchanged_anotherDigestIsNot() {
    byte[] stored = Planner.plan(USER, null, 42L).fingerprint();

    assertThat(UnchangedShortcut.unchanged(stored, 42L)).isTrue();
    assertThat(UnchangedShortcut.unchanged(stored, 43L)).isFalse();
    assertThat(UnchangedShortcut.unchanged(null, 42L)).isFalse();
  }

  @Test
  void stored_readsTheLookedUpKey() {
    RecordingState state = new RecordingState();
    byte[] fingerprint = Planner.plan(USER, null, 42L).fingerprint();
    state.keys.put("user-1", fingerprint);
    UnchangedShortcut shortcut = new UnchangedShortcut(RunState.open(userJob("shortcut").state(store(state)).build(), false), false);

    assertThat(shortcut.stored("user-1")).isEqualTo(fingerprint);
    assertThat(shortcut.stored("user-2")).isNull();
    assertThat(shortcut.stored(null)).isNull();
  }

  @Test
  void stored_readsNothing_whenTheStateHeldNoKeyAtOpen() {
    RecordingState state = new RecordingState();
    state.keys.put("user-1", Planner.plan(USER, null, 42L).fingerprint()); // written by this run meanwhile
    UnchangedShortcut shortcut = new UnchangedShortcut(RunState.open(userJob("shortcut").state(store(state)).build(), false), true);

    assertThat(shortcut.stored("user-1")).isNull();
  }
}
