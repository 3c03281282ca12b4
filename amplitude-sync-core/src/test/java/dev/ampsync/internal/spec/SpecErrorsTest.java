package dev.ampsync.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.spec.SpecException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecErrorsTest {
  private final SpecErrors errors = new SpecErrors("a.yaml", "SECRET-KEY-123");

  @Test
  void at_namesFileLineAndKeyPath() {
    SpecException e = errors.at(7, "destination.region", "is wrong");

    assertThat(e).hasMessage("a.yaml line 7: destination.region: is wrong");
    assertThat(e.line()).isEqualTo(7);
    assertThat(e.keyPath()).isEqualTo("destination.region");
  }

  @Test
  void at_dropsAKeyPathTheProblemRepeats() {
    assertThat(errors.at(3, "mapping.insert_id", "mapping.insert_id does not apply")).hasMessage(
        "a.yaml line 3: mapping.insert_id: does not apply");
    assertThat(errors.at(3, "mapping.fields.time", "mapping.fields.time: map it as mapping.time")).hasMessage(
        "a.yaml line 3: mapping.fields.time: map it as mapping.time");
  }

  @Test
  void at_keepsAProblemThatOnlyMentionsTheKeyPathLater() {
    assertThat(errors.at(3, "state", "store: none takes no other keys; see state")).hasMessage(
        "a.yaml line 3: state: store: none takes no other keys; see state");
  }

  @Test
  void at_neverQuotesTheApiKey() {
    assertThat(errors.at(0, "", "bad key SECRET-KEY-123 here")).hasMessage("a.yaml: bad key <redacted> here");
  }

  @Test
  void at_aMissingNodeHasNoLine() {
    assertThat(errors.at((SpecNode) null, "mapping.plan.const", "is missing")).hasMessage(
        "a.yaml: mapping.plan.const: is missing");
  }

  @Test
  void check_returnsWhatTheStepReturns() {
    assertThat(errors.check(new SpecNode.Scalar(1, 4), "k", () -> "bound")).isEqualTo("bound");
  }

  @Test
  void check_turnsARefusedValueIntoAMistakeAtTheNode_withTheStepsMessage() {
    SpecNode node = new SpecNode.Scalar(0, 9);

    assertThatThrownBy(() -> errors.check(node, "destination.min_id_length", () -> {
      throw new IllegalArgumentException("minIdLength must be at least 1, was 0");
    })).isInstanceOf(SpecException.class)
        .hasMessage("a.yaml line 9: destination.min_id_length: minIdLength must be at least 1, was 0");
  }

  @Test
  void check_turnsARefusedCombinationIntoAMistakeToo() {
    assertThatThrownBy(() -> errors.check(new SpecNode.Scalar(null, 2), "mapping", () -> {
      throw new IllegalStateException("user syncs need mapping.user_id");
    })).isInstanceOf(SpecException.class).hasMessage("a.yaml line 2: mapping: user syncs need mapping.user_id");
  }

  @Test
  void of_redactsTheSpecsOwnApiKey() {
    SpecNode.MapNode destination = new SpecNode.MapNode(Map.of("api_key", new SpecNode.Scalar("K-9876", 3)), Map.of(), 2);
    SpecNode.MapNode root = new SpecNode.MapNode(Map.of("destination", destination), Map.of(), 1);

    assertThat(SpecErrors.of("a.yaml", root).at(1, "x", "K-9876")).hasMessage("a.yaml line 1: x: <redacted>");
    assertThat(SpecErrors.of("a.yaml", new SpecNode.MapNode(Map.of(), Map.of(), 1)).at(1, "x", "K-9876"))
        .hasMessage("a.yaml line 1: x: K-9876");
  }
}
