package dev.ampsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.DeviceRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.UserRecord;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.spec.SyncSpec;
import dev.ampsync.state.StateStores;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every null or blank required argument of the public builders and factories says what it is and
 * where it usually comes from, not just its name.
 */
class ArgumentMessagesTest {
  private static Arguments call(String name, Class<? extends Throwable> type, String argument, ThrowingCallable call) {
    return Arguments.of(name, type, argument, call);
  }

  static Stream<Arguments> calls() {
    Mapping.Builder mapping = Mapping.builder(ObjectType.USER);
    SyncJob.Builder job = SyncJob.builder("args");
    return Stream.of(
        call("AmplitudeClient.builder(null)", NullPointerException.class, "apiKey", () -> AmplitudeClient.builder(null)),
        call("AmplitudeClient.builder(\" \")", IllegalArgumentException.class, "apiKey", () -> AmplitudeClient.builder(" ")),
        call("AmplitudeClient.builder(\"\")", IllegalArgumentException.class, "apiKey", () -> AmplitudeClient.builder("")),
        call("AmplitudeClient.Builder.region(null)", NullPointerException.class, "region",
            () -> AmplitudeClient.builder("args-key-0001").region(null)),
        call("SyncJob.builder(null)", NullPointerException.class, "name", () -> SyncJob.builder(null)),
        call("SyncJob.Builder.source(null)", NullPointerException.class, "source", () -> job.source(null)),
        call("SyncJob.Builder.mapping(null)", NullPointerException.class, "mapping", () -> job.mapping(null)),
        call("SyncJob.Builder.destination(null)", NullPointerException.class, "destination",
            () -> job.destination((AmplitudeClient.Builder) null)),
        call("SyncJob.Builder.client(null)", NullPointerException.class, "client", () -> job.client(null)),
        call("SyncJob.Builder.failWhen(null)", NullPointerException.class, "thresholds", () -> job.failWhen(null)),
        call("Mapping.builder(null)", NullPointerException.class, "objectType", () -> Mapping.builder(null)),
        call("Mapping.custom(USER, null)", NullPointerException.class, "function", () -> Mapping.custom(ObjectType.USER, null)),
        call("Mapping.Builder.identifier(\"user_id\", null)", NullPointerException.class, "value",
            () -> mapping.identifier("user_id", null)),
        call("Mapping.Builder.field(null, v)", NullPointerException.class, "wireName", () -> mapping.field(null, Value.column("c"))),
        call("Value.column(null)", NullPointerException.class, "column label", () -> Value.column(null)),
        call("Value.column(\" \")", IllegalArgumentException.class, "column label", () -> Value.column(" ")),
        call("Value.constant(null)", NullPointerException.class, "constant", () -> Value.constant(null)),
        call("InMemorySource.of(null)", NullPointerException.class, "rows", () -> InMemorySource.of(null)),
        call("InMemorySource.of([null])", NullPointerException.class, "a row of the list",
            () -> InMemorySource.of(Arrays.asList((Map<String, Object>) null))),
        call("StateStores.file(null)", NullPointerException.class, "directory", () -> StateStores.file(null)),
        call("UserRecord.builder(null)", NullPointerException.class, "userId", () -> UserRecord.builder(null)),
        call("DeviceRecord.builder(null)", NullPointerException.class, "deviceId", () -> DeviceRecord.builder(null)),
        call("GroupRecord.builder(null, v)", NullPointerException.class, "groupType", () -> GroupRecord.builder(null, "acme")),
        call("GroupRecord.builder(t, null)", NullPointerException.class, "groupValue", () -> GroupRecord.builder("company", null)),
        call("EventRecord.builder(null)", NullPointerException.class, "eventType", () -> EventRecord.builder(null)),
        call("FailureThresholds.invalidAbove(null)", NullPointerException.class, "the invalid limit",
            () -> FailureThresholds.of().invalidAbove(null)),
        call("AmplitudeSync.run(null)", NullPointerException.class, "job", () -> AmplitudeSync.run(null)),
        call("AmplitudeSync.preview(null)", NullPointerException.class, "job", () -> AmplitudeSync.preview(null)),
        call("AmplitudeSync.state(null)", NullPointerException.class, "job", () -> AmplitudeSync.state(null)),
        call("AmplitudeSync.resetState(null)", NullPointerException.class, "job", () -> AmplitudeSync.resetState(null)),
        call("SyncSpec.load(null, env)", NullPointerException.class, "file", () -> SyncSpec.load(null, Map.of())),
        call("SyncSpec.parse(null, f, env)", NullPointerException.class, "yaml", () -> SyncSpec.parse(null, "users.yaml", Map.of())),
        call("SyncSpec.parse(y, null, env)", NullPointerException.class, "file", () -> SyncSpec.parse("name: x", null, Map.of())),
        call("SyncSpec.parse(y, f, null)", NullPointerException.class, "env", () -> SyncSpec.parse("name: x", "users.yaml", null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void saysWhatTheArgumentIs_andWhereItComesFrom(String call, Class<? extends Throwable> type, String argument, ThrowingCallable step) {
    Throwable thrown = catchThrowable(step);

    assertThat(thrown).as(call).isInstanceOf(type);
    String problem = type == NullPointerException.class ? " is null: " : " is blank";
    assertThat(thrown.getMessage()).as(call).startsWith(argument + problem);
    // more than the name and the problem: what to pass
    String advice = thrown.getMessage().substring(thrown.getMessage().indexOf(':') + 1).trim();
    assertThat(advice).as(call).hasSizeGreaterThan(20).containsAnyOf("pass", "each");
  }
}
