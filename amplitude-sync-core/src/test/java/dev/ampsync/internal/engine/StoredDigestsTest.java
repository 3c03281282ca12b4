package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.store;
import static dev.ampsync.internal.engine.EngineFixtures.userJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.internal.engine.EngineFixtures.RecordingState;
import dev.ampsync.internal.engine.StoredDigests.Answer;
import dev.ampsync.internal.state.Planner;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import org.junit.jupiter.api.Test;

/**
 * StoredDigests: one probe tells a row unchanged, a key the state does not hold (only when every
 * stored key came with a digest), or a row whose state must be read.
 */
class StoredDigestsTest {
  private final RecordingState state = new RecordingState();

  private static byte[] fingerprint(String userId, Long digest) {
    UserRecord user = UserRecord.builder(userId)
        .userProperties(PropertyOperations.builder().set("plan", "gold").build()).build();
    return Planner.plan(user, null, digest).fingerprint();
  }

  private StoredDigests read() {
    return StoredDigests.read(RunState.open(userJob("digests").state(store(state)).build(), false));
  }

  @Test
  void everyKeyWithADigest_answersUnchanged_readTheState_orNotStored() {
    state.keys.put("user-1", fingerprint("user-1", 42L));
    state.keys.put("user-2", fingerprint("user-2", 43L));

    try (StoredDigests digests = read()) {
      assertThat(digests.answer("user-1", 42L)).isEqualTo(Answer.UNCHANGED);
      assertThat(digests.answer("user-2", 43L)).isEqualTo(Answer.UNCHANGED);
      assertThat(digests.answer("user-1", 41L)).as("stored with another digest").isEqualTo(Answer.READ_STATE);
      assertThat(digests.answer("user-3", 42L)).as("a new key").isEqualTo(Answer.NOT_STORED);
      assertThat(digests.answer(null, 42L)).isEqualTo(Answer.READ_STATE);
    }
  }

  @Test
  void aKeyStoredWithoutADigest_leavesEveryUnknownKeyToTheState() {
    state.keys.put("user-1", fingerprint("user-1", 42L));
    state.keys.put("user-2", fingerprint("user-2", null)); // acknowledged without a row digest

    try (StoredDigests digests = read()) {
      assertThat(digests.answer("user-1", 42L)).isEqualTo(Answer.UNCHANGED);
      assertThat(digests.answer("user-2", 43L)).as("stored, but not in the table").isEqualTo(Answer.READ_STATE);
      assertThat(digests.answer("user-3", 42L)).as("the table cannot tell").isEqualTo(Answer.READ_STATE);
    }
  }

  @Test
  void aDigestEqualToTheAbsentMarker_isNeverUnchanged_andLeavesUnknownKeysToTheState() {
    state.keys.put("user-1", fingerprint("user-1", KeySet.ABSENT));

    try (StoredDigests digests = read()) {
      assertThat(digests.answer("user-1", KeySet.ABSENT)).isEqualTo(Answer.READ_STATE);
      assertThat(digests.answer("user-3", 42L)).isEqualTo(Answer.READ_STATE);
    }
  }
}
