package dev.ampsync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.client.Outcome;
import dev.ampsync.client.PreviewRequest;
import dev.ampsync.internal.client.Outcomes;
import dev.ampsync.internal.engine.ResultBuilder;
import dev.ampsync.internal.engine.Results;
import dev.ampsync.record.UserRecord;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What a run or the client reports can be read, not made, by users: the types have no public
 * constructor, factory or builder; the engine and the client create them through internal bridges.
 */
class EngineOnlyFactoriesTest {

  @ParameterizedTest
  @ValueSource(classes = {SyncResult.class, SyncProgress.class, Outcome.class, PreviewRequest.class})
  void noPublicWayToCreate(Class<?> type) {
    assertThat(type.getConstructors()).as("public constructors").isEmpty();
    List<String> factories = Arrays.stream(type.getMethods())
        .filter(method -> Modifier.isStatic(method.getModifiers()))
        .filter(method -> method.getReturnType() == type || method.getReturnType().getEnclosingClass() == type)
        .map(Method::getName)
        .toList();
    assertThat(factories).as("public static factories").isEmpty();
    assertThat(Arrays.stream(type.getClasses()).filter(nested -> !nested.isEnum()))
        .as("public nested builders").isEmpty();
  }

  @Test
  void theEngineBuildsResultsThroughItsBridge() {
    SyncResult result = new ResultBuilder("users").counts(10, 7, 1, 1, 1, 0).duration(Duration.ofMillis(5)).build();
    assertThat(result.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(result.rowsRead()).isEqualTo(10);
    assertThat(new ResultBuilder("users").error("no route to host").build().status()).isEqualTo(SyncStatus.FAILED);
    SyncProgress progress = Results.progress(4, 1, 1, 1, 1, 0, Duration.ofSeconds(2));
    assertThat(progress.done()).isEqualTo(4);
    assertThat(progress.rowsPerSecond()).isEqualTo(2.0);
    assertThat(progress).isEqualTo(Results.progress(4, 1, 1, 1, 1, 0, Duration.ofSeconds(2)));
  }

  @Test
  void theClientBuildsOutcomesThroughItsBridge() {
    UserRecord user = UserRecord.builder("u1").build();
    assertThat(Outcomes.accepted(user).isAccepted()).isTrue();
    Outcome rejected = Outcomes.rejected(user, "user_id", "too short");
    assertThat(rejected.status()).isEqualTo(Outcome.Status.REJECTED);
    assertThat(rejected.rejectedField()).contains("user_id");
    assertThat(rejected).isEqualTo(Outcomes.rejected(user, "user_id", "too short")).isNotEqualTo(Outcomes.accepted(user));
    assertThat(Outcomes.failed(user, "gave up").reason()).isEqualTo("gave up");
    assertThat(Outcomes.previewRequest("/batch", "application/json", "{}", 1).records()).isEqualTo(1);
  }
}
