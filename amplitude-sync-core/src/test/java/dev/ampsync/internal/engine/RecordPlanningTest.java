package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.store;
import static dev.ampsync.internal.engine.EngineFixtures.userJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.RowOutcome;
import dev.ampsync.internal.engine.EngineFixtures.RecordingState;
import dev.ampsync.internal.state.Planner;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import org.junit.jupiter.api.Test;

/** RecordPlanning: a record against what was acknowledged before. */
class RecordPlanningTest {
  private static final UserRecord GOLD =
      UserRecord.builder("user-1").userProperties(PropertyOperations.builder().set("plan", "gold").build()).build();

  private final Tally tally = EngineFixtures.tally();
  private final RecordingState stored = new RecordingState();
  private final RunState state = RunState.open(userJob("planning").state(store(stored)).build(), false);
  private final RecordPlanning planning = new RecordPlanning(state, new Committer(state, "planning"), tally);

  @Test
  void withoutAState_everythingIsSent() {
    Planner.Decision decision = new RecordPlanning(null, new Committer(null, "x"), tally).plan(GOLD, "user-1", null, null, null);

    assertThat(decision.send()).isSameAs(GOLD);
    assertThat(decision.fingerprint()).isNull();
  }

  @Test
  void aRecordAcknowledgedBefore_isUnchanged_andReportedSo() {
    byte[] acknowledged = Planner.plan(GOLD, null).fingerprint();
    stored.keys.put("user-1", acknowledged);

    Planner.Decision decision = planning.plan(GOLD, "user-1", null, null, null);
    assertThat(decision.unchanged()).isTrue();
    planning.unchanged(decision, "user-1");

    assertThat(tally.count(RowOutcome.UNCHANGED)).isEqualTo(1);
  }

  @Test
  void whatTheShortcutReadForTheSameKey_isUsedInsteadOfReadingAgain() {
    byte[] acknowledged = Planner.plan(GOLD, null).fingerprint();

    assertThat(planning.plan(GOLD, "user-1", "user-1", acknowledged, null).unchanged()).isTrue();
    assertThat(planning.plan(GOLD, "user-1", "user-2", acknowledged, null).unchanged()).as("another key: read").isFalse();
  }

  @Test
  void aNewRecord_isSent_withTheFingerprintToKeepOnceAcknowledged() {
    Planner.Decision decision = planning.plan(GOLD, "user-1", null, null, 42L);

    assertThat(decision.unchanged()).isFalse();
    assertThat(UnchangedShortcut.unchanged(decision.fingerprint(), 42L)).isTrue();
    assertThat(stored.keys).as("nothing written before acknowledgement").isEmpty();
  }

  @Test
  void aResync_sendsTheWholeRecord_butNotAnAddOrAppendAmplitudeAlreadyApplied() {
    UserRecord before = UserRecord.builder("user-1").userProperties(PropertyOperations.builder()
        .set("plan", "gold").add("credits", 7).append("badges", "early").add("logins", 3).build()).build();
    stored.keys.put("user-1", Planner.plan(before, null).fingerprint());
    RunState resync = RunState.open(userJob("planning").state(store(stored)).fullResync(true).build(), false);
    RecordPlanning planning = new RecordPlanning(resync, new Committer(resync, "planning"), tally);
    UserRecord now = UserRecord.builder("user-1").userProperties(PropertyOperations.builder()
        .set("plan", "gold").add("credits", 7).append("badges", "early").add("logins", 4).build()).build();

    Planner.Decision decision = planning.plan(now, "user-1", null, null, null);

    PropertyOperations sent = ((UserRecord) decision.send()).userProperties();
    assertThat(sent.get(dev.ampsync.record.PropertyOperation.SET)).containsOnlyKeys("plan");
    assertThat(sent.get(dev.ampsync.record.PropertyOperation.ADD)).as("only the changed add").containsOnlyKeys("logins");
    assertThat(sent.get(dev.ampsync.record.PropertyOperation.APPEND)).isEmpty();
    assertThat(decision.fingerprint()).as("the whole record's fingerprint is kept")
        .isEqualTo(Planner.plan(now, null).fingerprint());
  }
}
