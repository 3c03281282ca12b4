package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.store;
import static dev.ampsync.internal.engine.EngineFixtures.userJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.OnRemoved;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.internal.engine.EngineFixtures.RecordingState;
import dev.ampsync.internal.state.Fingerprints;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.SyncState;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RunState: opening the state decides a full resync and writes nothing; the run's metadata goes with
 * its first write; a resync keeps what was acknowledged until it completes; state belongs to one
 * Amplitude project.
 */
class RunStateTest {
  private static final byte[] FINGERPRINT = {1, 2, 3};
  private static final String KEY = "engine-stage-test-key-0001";

  @Test
  void withoutAStateStore_thereIsNoState() {
    assertThat(RunState.open(userJob("none").build(), false)).isNull();
  }

  @Test
  void opening_writesNothing_theFirstWriteBringsTheRunsMetadata() {
    RecordingState stored = new RecordingState();
    RunState state = RunState.open(userJob("first").state(store(stored)).build(), false);

    assertThat(state.fullResyncReason()).isNull();
    assertThat(stored.meta).isEmpty();
    assertThat(stored.commits).isZero();
    assertThat(state.writable()).isTrue();

    state.state().put("user-1", FINGERPRINT);

    assertThat(stored.meta.get(RunState.MAPPING_META)).startsWith("user:");
    assertThat(stored.meta.get(RunState.PROJECT_META)).isEqualTo(Fingerprints.project(KEY));
    assertThat(stored.meta.get(RunState.PROJECT_META)).doesNotContain(KEY);
  }

  @Test
  void aChangedMapping_isAResync_thatKeepsWhatWasAcknowledgedUntilItCompletes() {
    RecordingState stored = new RecordingState();
    stored.meta.put(RunState.MAPPING_META, "user:another mapping");
    stored.meta.put(Watermark.META, "1234");
    stored.keys.put("user-1", FINGERPRINT);
    stored.keys.put("user-gone", FINGERPRINT);

    RunState state = RunState.open(userJob("changed").state(store(stored)).build(), false);

    assertThat(state.fullResyncReason()).isEqualTo("mapping changed");
    assertThat(state.trustsStored()).isFalse();
    assertThat(state.stored("user-1")).as("a resync sends every record whole").isNull();
    assertThat(state.previous("user-1")).as("but knows what Amplitude applied").isEqualTo(FINGERPRINT);
    assertThat(stored.keys).containsOnlyKeys("user-1", "user-gone");
    assertThat(state.watermarkAtOpen()).isEqualTo("1234");

    state.state().put("user-1", new byte[] {9});
    assertThat(stored.meta.get(RunState.RESYNC_META)).as("a resync under way is marked").isEqualTo("mapping changed");

    SeenKeys seen = new SeenKeys(0);
    seen.keep("user-1");
    state.complete(seen, OnRemoved.IGNORE);

    assertThat(stored.keys).as("keys no row had are forgotten").containsOnlyKeys("user-1");
    assertThat(stored.meta).doesNotContainKey(RunState.RESYNC_META);
    assertThat(stored.meta.get(RunState.MAPPING_META)).isNotEqualTo("user:another mapping");
  }

  @Test
  void aResyncThatDidNotComplete_goesOnInTheNextRun() {
    RecordingState stored = new RecordingState();
    RunState first = RunState.open(userJob("resumed").state(store(stored)).fullResync(true).build(), false);
    first.state().put("user-1", FINGERPRINT); // then the run stops early: no complete()

    RunState second = RunState.open(userJob("resumed").state(store(stored)).build(), false);

    assertThat(second.fullResyncReason()).startsWith("resuming a resync").contains("forced");
    assertThat(second.trustsStored()).isFalse();
    second.complete(new SeenKeys(0), OnRemoved.IGNORE);
    assertThat(RunState.open(userJob("resumed").state(store(stored)).build(), false).fullResyncReason()).isNull();
  }

  @Test
  void aForcedResync_isForced_andKeepsTheKeysUntilTheyAreReplaced() {
    RecordingState stored = new RecordingState();
    stored.keys.put("user-1", FINGERPRINT);

    RunState state = RunState.open(userJob("forced").state(store(stored)).fullResync(true).build(), false);

    assertThat(state.fullResyncReason()).isEqualTo("forced");
    assertThat(stored.keys).containsKey("user-1");
  }

  @Test
  void aPreviewOfAResync_writesNothing_andDoesNotTrustWhatIsStored() {
    RecordingState stored = new RecordingState();
    stored.keys.put("user-1", FINGERPRINT);

    RunState state = RunState.open(userJob("preview").state(store(stored)).fullResync(true).build(), true);

    assertThat(state.writable()).isFalse();
    assertThat(state.trustsStored()).isFalse();
    assertThat(state.stored("user-1")).isNull();
    assertThat(state.state()).isNull();
    state.complete(new SeenKeys(0), OnRemoved.IGNORE);
    assertThat(stored.keys).containsKey("user-1");
    assertThat(stored.meta).isEmpty();
    assertThat(stored.commits).isZero();
  }

  @Test
  void anotherApiKey_opensAStateOfItsOwn_andSaysSo_theFirstKeysStateIsKept() {
    Map<String, RecordingState> states = new HashMap<>();
    StateStore store = byName(states);
    RunState first = RunState.open(userJob("proj").state(store).build(), false);
    first.state().put("user-1", FINGERPRINT);
    first.complete(new SeenKeys(0), OnRemoved.UNSET);

    RunState other = RunState.open(
        userJob("proj").state(store).destination(AmplitudeClient.builder("another-project-key-0002")).build(), false);

    String otherProject = Fingerprints.project("another-project-key-0002");
    assertThat(other.fullResyncReason())
        .startsWith("another Amplitude project")
        .contains(Fingerprints.project(KEY), otherProject)
        .doesNotContain(KEY, "another-project-key-0002");
    assertThat(other.stored("user-1")).isNull();
    assertThat(states).containsKeys("proj", "proj@" + otherProject);
    assertThat(states.get("proj").keys).containsKey("user-1");
  }

  @Test
  void anotherEndpointWithTheSameKey_keepsTheState() {
    Map<String, RecordingState> states = new HashMap<>();
    StateStore store = byName(states);
    RunState first = RunState.open(userJob("proxy").state(store).build(), false);
    first.state().put("user-1", FINGERPRINT);

    RunState viaProxy = RunState.open(userJob("proxy").state(store)
        .destination(AmplitudeClient.builder(KEY).endpoint(URI.create("http://127.0.0.1:9/proxy"))).build(), false);

    assertThat(viaProxy.fullResyncReason()).isNull();
    assertThat(viaProxy.stored("user-1")).isEqualTo(FINGERPRINT);
    assertThat(states).containsOnlyKeys("proxy");
  }

  @Test
  void close_closesTheState() {
    RecordingState stored = new RecordingState();
    RunState state = RunState.open(userJob("close").state(store(stored)).build(), false);

    state.close();

    assertThat(stored.closes).isEqualTo(1);
  }

  private static StateStore byName(Map<String, RecordingState> states) {
    return new StateStore() {
      @Override
      public SyncState open(String syncName) {
        return states.computeIfAbsent(syncName, name -> new RecordingState());
      }

      @Override
      public void close() {}
    };
  }
}
