package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.dryRunClient;
import static dev.ampsync.internal.engine.EngineFixtures.store;
import static dev.ampsync.internal.engine.EngineFixtures.userJob;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.internal.engine.EngineFixtures.RecordingState;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.record.UserRecord;
import org.junit.jupiter.api.Test;

/** RemovedKeys: on_removed unset for keys that left the source. */
class RemovedKeysTest {
  private static final byte[] FINGERPRINT = {1, 2, 3};

  @Test
  void keysNoRowHad_areUnset_andForgottenOnceAcknowledged() throws InterruptedException {
    RecordingState stored = new RecordingState();
    RunState state = RunState.open(userJob("removed").state(store(stored)).build(), false);
    for (String key : new String[] {"user-1", "user-2", "user-3"}) {
      stored.keys.put(key, FINGERPRINT);
    }
    Outstanding outstanding = new Outstanding();
    RemovedKeys removed = new RemovedKeys(EngineFixtures.USERS, state, new Committer(state, "removed"), outstanding);

    try (AmplitudeClient client = dryRunClient(); SeenKeys seen = new SeenKeys(0)) {
      seen.keep("user-2");
      assertThat(removed.unsetAll(client, seen)).isNull();
      client.flush();
      outstanding.awaitNone();
      assertThat(client.previewRequests()).isNotEmpty();
    }

    assertThat(removed.removed()).isEqualTo(2);
    assertThat(stored.keys).containsOnlyKeys("user-2");
  }

  @Test
  void withNothingMapped_keysAreForgottenAtOnce() throws InterruptedException {
    RecordingState stored = new RecordingState();
    stored.keys.put("user-1", FINGERPRINT);
    Mapping idsOnly = Mapping.builder(ObjectType.USER).userId(Value.column("uid")).build();
    RunState state = RunState.open(userJob("ids-only").mapping(idsOnly).state(store(stored)).build(), false);
    RemovedKeys removed = new RemovedKeys(idsOnly, state, new Committer(state, "ids-only"), new Outstanding());

    try (AmplitudeClient client = dryRunClient(); SeenKeys seen = new SeenKeys(0)) {
      removed.unsetAll(client, seen);
      assertThat(client.pendingCount()).isZero();
    }

    assertThat(removed.removed()).isEqualTo(1);
    assertThat(stored.keys).isEmpty();
  }

  @Test
  void theRemoval_unsetsEveryMappedProperty_ofTheKeysObject() {
    Mapping groups = Mapping.builder(ObjectType.GROUP)
        .groupType(Value.constant("company")).groupValue(Value.column("gid"))
        .property("tier", Value.column("tier")).property("seats", Value.column("seats")).build();
    RemovedKeys users = new RemovedKeys(EngineFixtures.USERS, null, new Committer(null, "x"), new Outstanding());
    RemovedKeys companies = new RemovedKeys(groups, null, new Committer(null, "x"), new Outstanding());

    UserRecord user = (UserRecord) users.removal("user-1");
    GroupRecord group = (GroupRecord) companies.removal(Keys.group("company", "acme", "user-1"));

    assertThat(user.userId()).contains("user-1");
    assertThat(user.userProperties().get(PropertyOperation.UNSET)).containsOnlyKeys("plan");
    assertThat(group.groupType()).isEqualTo("company");
    assertThat(group.groupValue()).isEqualTo("acme");
    assertThat(group.groupProperties().get(PropertyOperation.UNSET)).containsOnlyKeys("tier", "seats");
  }
}
