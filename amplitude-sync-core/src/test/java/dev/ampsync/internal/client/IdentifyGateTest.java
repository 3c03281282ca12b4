package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifyGateTest {
  private final TestParts parts = new TestParts();
  private final IdentifyGate gate = new IdentifyGate(Endpoint.BATCH);
  private final List<Part> released = new ArrayList<>();

  @Test
  void eventsOfIdsNotBeingIdentified_pass() {
    assertThat(gate.pass(parts.event("user-1", "device-1"))).isTrue();
  }

  @Test
  void eventsOfAUserBeingIdentified_waitUntilTheIdentificationHasAnOutcome_thenGoInOrder() {
    Part user = parts.user("user-1");
    Part first = parts.event("user-1");
    Part second = parts.event("user-1");
    Part other = parts.event("user-2");

    assertThat(gate.pass(user)).isTrue();
    assertThat(gate.pass(first)).isFalse();
    assertThat(gate.pass(second)).isFalse();
    assertThat(gate.pass(other)).isTrue();

    gate.acknowledge(user, released::add);
    assertThat(released).containsExactly(first, second);
    assertThat(gate.pass(parts.event("user-1"))).as("no longer being identified").isTrue();
  }

  @Test
  void eventsOfADeviceBeingIdentified_waitLikewise() {
    Part device = parts.device("device-1");
    Part event = parts.event(null, "device-1");

    assertThat(gate.pass(device)).isTrue();
    assertThat(gate.pass(event)).isFalse();

    gate.acknowledge(device, released::add);
    assertThat(released).containsExactly(event);
  }

  @Test
  void eventsWait_untilTheLastIdentificationOfTheirIdHasAnOutcome() {
    Part firstIdentification = parts.user("user-1");
    Part secondIdentification = parts.user("user-1");
    Part event = parts.event("user-1");
    gate.pass(firstIdentification);
    gate.pass(secondIdentification);
    assertThat(gate.pass(event)).isFalse();

    gate.acknowledge(firstIdentification, released::add);
    assertThat(released).isEmpty();

    gate.acknowledge(secondIdentification, released::add);
    assertThat(released).containsExactly(event);
  }

  @Test
  void anEventReleasedForItsUser_mayStillWaitForItsDevice() {
    Part user = parts.user("user-1");
    Part device = parts.device("device-1");
    Part event = parts.event("user-1", "device-1");
    gate.pass(user);
    gate.pass(device);
    assertThat(gate.pass(event)).isFalse();

    gate.acknowledge(user, released::add);
    assertThat(released).containsExactly(event);
    assertThat(gate.pass(event)).as("passed again: its device is still being identified").isFalse();

    released.clear();
    gate.acknowledge(device, released::add);
    assertThat(released).containsExactly(event);
  }

  @Test
  void onlyEventsWait() {
    // A group identification of the group record's member, and a second identification of the user.
    Part user = parts.user("user-1");
    gate.pass(user);

    assertThat(gate.pass(parts.group("acme", "user-1").first)).isTrue();
    assertThat(gate.pass(parts.user("user-1"))).isTrue();
  }

  @Test
  void eventsWaitOnlyOnTheConfiguredEventsEndpoint() {
    IdentifyGate v2Gate = new IdentifyGate(Endpoint.HTTP_V2);
    TestParts v2Parts = new TestParts(Endpoint.HTTP_V2);
    v2Gate.pass(v2Parts.user("user-1"));

    assertThat(v2Gate.pass(v2Parts.event("user-1"))).isFalse();
    assertThat(v2Gate.pass(parts.event("user-1"))).as("a /batch part on a /2/httpapi client").isTrue();
  }

  @Test
  void acknowledgingAPartTwice_orAnEvent_releasesNothing() {
    Part firstIdentification = parts.user("user-1");
    Part secondIdentification = parts.user("user-1");
    Part event = parts.event("user-1");
    gate.pass(firstIdentification);
    gate.pass(secondIdentification);
    gate.pass(event);

    gate.acknowledge(firstIdentification, released::add);
    gate.acknowledge(firstIdentification, released::add);
    gate.acknowledge(parts.event("user-1"), released::add);

    assertThat(released).isEmpty();
  }

  @Test
  void clear_forgetsEveryIdentificationAndWaitingEvent() {
    Part user = parts.user("user-1");
    gate.pass(user);
    gate.pass(parts.event("user-1"));

    gate.clear();

    assertThat(gate.pass(parts.event("user-1"))).isTrue();
  }
}
