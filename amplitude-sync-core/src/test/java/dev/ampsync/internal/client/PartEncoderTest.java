package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.internal.wire.WireFormat;
import dev.ampsync.record.EventRecord;
import org.junit.jupiter.api.Test;

class PartEncoderTest {

  @Test
  void anEvent_isOnePartOnTheEventsEndpoint() {
    TestParts parts = new TestParts(Endpoint.HTTP_V2);
    EventRecord record = EventRecord.builder("Order Completed").userId("user-1").deviceId("device-1").build();

    Pending pending = parts.pending(record);

    Part part = pending.first;
    assertThat(pending.second).isNull();
    assertThat(pending.remainingParts).isEqualTo(1);
    assertThat(part.endpoint).isEqualTo(Endpoint.HTTP_V2);
    assertThat(part.owner).isSameAs(pending);
    assertThat(part.identifying).isFalse();
    assertThat(part.seq).isZero();
    assertThat(part.userId).isEqualTo("user-1");
    assertThat(part.deviceId).isEqualTo("device-1");
    assertThat(part.size).isEqualTo(WireFormat.get().event(record).size());
    assertThat(pending.lastPart()).isSameAs(part);
    assertThat(pending.partBytes()).isEqualTo(part.size);
  }

  @Test
  void usersAndDevices_areIdentificationsThatHoldTheirIdsEvents() {
    TestParts parts = new TestParts();

    Part user = parts.user("user-1");
    Part device = parts.device("device-1");

    assertThat(user.endpoint).isEqualTo(Endpoint.IDENTIFY);
    assertThat(user.identifying).isTrue();
    assertThat(user.size).as("form-encoded").isEqualTo(user.encoded.formSize());
    assertThat(device.endpoint).isEqualTo(Endpoint.IDENTIFY);
    assertThat(device.identifying).isTrue();
    assertThat(device.deviceId).isEqualTo("device-1");
    assertThat(device.seq).isEqualTo(user.seq + 1);
  }

  @Test
  void aGroupWithAMember_isAGroupIdentificationAndAMembership_numberedTogether() {
    TestParts parts = new TestParts();
    parts.event("user-0");

    Pending group = parts.group("acme", "user-1");

    assertThat(group.remainingParts).isEqualTo(2);
    assertThat(group.first.endpoint).isEqualTo(Endpoint.GROUP_IDENTIFY);
    assertThat(group.first.identifying).isFalse();
    assertThat(group.first.deviceId).isNull();
    assertThat(group.second.endpoint).isEqualTo(Endpoint.IDENTIFY);
    assertThat(group.second.identifying).isTrue();
    assertThat(group.second.userId).isEqualTo("user-1");
    assertThat(group.first.seq).isEqualTo(1);
    assertThat(group.second.seq).isEqualTo(2);
    assertThat(group.lastPart()).isSameAs(group.second);
    assertThat(group.partBytes()).isEqualTo(group.first.size + group.second.size);
    assertThat(parts.numbered()).isEqualTo(3);
  }

  @Test
  void aGroupWithoutAMember_isOnePart() {
    TestParts parts = new TestParts();

    Pending group = parts.group("acme", null);

    assertThat(group.remainingParts).isEqualTo(1);
    assertThat(group.second).isNull();
    assertThat(group.first.endpoint).isEqualTo(Endpoint.GROUP_IDENTIFY);
    assertThat(parts.numbered()).isEqualTo(1);
  }
}
