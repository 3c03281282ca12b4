package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.store;
import static dev.ampsync.internal.engine.EngineFixtures.userJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.internal.engine.EngineFixtures.RecordingState;
import dev.ampsync.internal.state.Fingerprints;
import org.junit.jupiter.api.Test;

/**
 * SeenKeys' key set for the keys without a slot in the stored digests: sized for the keys the run
 * expects there, so a re-run whose stored digests hold every key makes no table for all of them.
 */
class SeenKeysTest {
  private static final int KEYS = 20_000;

  @Test
  void withoutStoredDigests_theKeySetIsSizedForEveryExpectedKey() {
    try (SeenKeys seen = new SeenKeys(KEYS)) {
      assertThat(seen.unstored().slots()).isGreaterThanOrEqualTo(2 * KEYS);
    }
  }

  @Test
  void whenTheStoredDigestsHoldEveryExpectedKey_theKeySetIsNotSizedForThem_andKeysAreStillSeen() {
    RecordingState stored = new RecordingState();
    RunState state = RunState.open(userJob("seen").state(store(stored)).build(), false);
    for (int i = 0; i < KEYS; i++) {
      stored.put("user-" + i, Fingerprints.encode(Fingerprints.withRowDigest(new long[0], i + 1)));
    }
    StoredDigests digests = StoredDigests.read(state);
    assertThat(digests.size()).isEqualTo(KEYS);

    try (SeenKeys seen = new SeenKeys(KEYS)) {
      seen.markStored(digests, true);
      long stored7 = KeySet.hash("user-7");
      long fresh = KeySet.hash("user-new");

      assertThat(seen.unstored().slots()).isLessThan(2 * KEYS);
      assertThat(seen.add(stored7, seen.slotOf(stored7), 8)).isTrue();
      assertThat(seen.add(fresh, seen.slotOf(fresh), 1)).isTrue();
      assertThat(seen.add(fresh, seen.slotOf(fresh), 1)).as("a duplicate of a key the table lacks").isFalse();
      assertThat(seen.contains("user-7")).isTrue();
      assertThat(seen.contains("user-new")).isTrue();
      assertThat(seen.contains("user-8")).isFalse();
    }
  }
}
