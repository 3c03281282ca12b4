package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.store;
import static dev.ampsync.internal.engine.EngineFixtures.userJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.internal.engine.EngineFixtures.RecordingState;
import org.junit.jupiter.api.Test;

/** RunState: opening the state decides a full resync; a preview only reads. */
class RunStateTest {
  private static final byte[] FINGERPRINT = {1, 2, 3};

  @Test
  void withoutAStateStore_thereIsNoState() {
    assertThat(RunState.open(userJob("none").build(), false)).isNull();
  }

  @Test
  void theFirstRun_storesTheMappingFingerprint_andIsNoResync() {
    RecordingState stored = new RecordingState();
    RunState state = RunState.open(userJob("first").state(store(stored)).build(), false);

    assertThat(state.fullResyncReason()).isNull();
    assertThat(stored.meta.get(RunState.MAPPING_META)).startsWith("user:");
    assertThat(stored.commits).isEqualTo(1);
    assertThat(state.writable()).isTrue();
  }

  @Test
  void aChangedMapping_clearsTheKeys_andSaysSo() {
    RecordingState stored = new RecordingState();
    stored.meta.put(RunState.MAPPING_META, "user:another mapping");
    stored.meta.put(Watermark.META, "1234");
    stored.keys.put("user-1", FINGERPRINT);

    RunState state = RunState.open(userJob("changed").state(store(stored)).build(), false);

    assertThat(state.fullResyncReason()).isEqualTo("mapping changed");
    assertThat(stored.keys).isEmpty();
    assertThat(state.watermarkAtOpen()).isEqualTo("1234");
  }

  @Test
  void aForcedResync_isForced() {
    RecordingState stored = new RecordingState();
    stored.keys.put("user-1", FINGERPRINT);

    RunState state = RunState.open(userJob("forced").state(store(stored)).fullResync(true).build(), false);

    assertThat(state.fullResyncReason()).isEqualTo("forced");
    assertThat(stored.keys).isEmpty();
  }

  @Test
  void aPreviewOfAResync_writesNothing_andDoesNotTrustWhatIsStored() {
    RecordingState stored = new RecordingState();
    stored.keys.put("user-1", FINGERPRINT);

    RunState state = RunState.open(userJob("preview").state(store(stored)).fullResync(true).build(), true);

    assertThat(state.writable()).isFalse();
    assertThat(state.trustsStored()).isFalse();
    assertThat(state.stored("user-1")).isNull();
    assertThat(stored.keys).containsKey("user-1");
    assertThat(stored.commits).isZero();
  }

  @Test
  void close_closesTheState() {
    RecordingState stored = new RecordingState();
    RunState state = RunState.open(userJob("close").state(store(stored)).build(), false);

    state.close();

    assertThat(stored.closes).isEqualTo(1);
  }
}
