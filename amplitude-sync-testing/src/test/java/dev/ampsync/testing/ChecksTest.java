package dev.ampsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Amplitude's validation rules, without HTTP: each check on a hand-written JSON value. */
class ChecksTest {
  private static ObjectNode event(String json) {
    return (ObjectNode) json(json);
  }

  private static JsonNode json(String json) {
    return Wire.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String body(Reply reply) {
    return new String(reply.body(), StandardCharsets.UTF_8);
  }

  @Test
  void validEvents_haveNoProblems() {
    List<ObjectNode> events =
        List.of(
            event("{\"event_type\":\"Signed Up\",\"user_id\":\"user-00001\",\"time\":1700000000000}"),
            event("{\"event_type\":\"Opened\",\"device_id\":\"device-1\",\"revenue\":9.99}"));

    assertThat(Checks.eventProblems(events, Checks.DEFAULT_MIN_ID_LENGTH)).isNull();
  }

  @Test
  void eventProblems_nameEveryBadFieldByIndex_inThreeMapsThatAreAlwaysPresent() {
    List<ObjectNode> events =
        List.of(
            event("{\"user_id\":\"user-00001\"}"),
            event("{\"event_type\":\"A\"}"),
            event("{\"event_type\":\"A\",\"user_id\":\"null\",\"time\":\"yesterday\"}"),
            event("{\"event_type\":\"A\",\"user_id\":\"abc\"}"));

    Reply reply = Checks.eventProblems(events, Checks.DEFAULT_MIN_ID_LENGTH);

    assertThat(reply.status()).isEqualTo(400);
    JsonNode answer = json(body(reply));
    assertThat(answer.get("error").asText()).isEqualTo("Invalid field values on some events");
    assertThat(answer.get("events_with_missing_fields").toString())
        .isEqualTo("{\"event_type\":[0],\"user_id\":[1]}");
    assertThat(answer.get("events_with_invalid_fields").toString())
        .isEqualTo("{\"time\":[2],\"user_id\":[2]}");
    assertThat(answer.get("events_with_invalid_id_lengths").toString())
        .isEqualTo("{\"user_id\":[3]}");
  }

  @Test
  void refusedIds_areMatchedTrimmedAndCaseInsensitively() {
    assertThat(Checks.isRefused(" Anonymous ")).isTrue();
    assertThat(Checks.isRefused("UNDEFINED")).isTrue();
    assertThat(Checks.isRefused("00000000-0000-0000-0000-000000000000")).isTrue();
    assertThat(Checks.isRefused("user-00001")).isFalse();
  }

  @Test
  void minIdLength_defaultsToFive_andRefusesWhatIsNotAPositiveInteger() {
    assertThat(Checks.minIdLength(json("{}"))).isEqualTo(5);
    assertThat(Checks.minIdLength(json("{\"min_id_length\":2}"))).isEqualTo(2);
    assertThat(Checks.minIdLength(json("{\"min_id_length\":0}"))).isNull();
    assertThat(Checks.minIdLength(json("{\"min_id_length\":\"3\"}"))).isNull();
    assertThat(Checks.minIdLength(json("[]"))).isNull();
  }

  @Test
  void identificationProblem_explainsTheFirstProblem() {
    assertThat(Checks.identificationProblem(json("{\"user_id\":\"user-00001\"}"), 5)).isNull();
    assertThat(Checks.identificationProblem(json("[]"), 5))
        .isEqualTo("an identification is not a JSON object");
    assertThat(Checks.identificationProblem(json("{\"user_properties\":{}}"), 5))
        .isEqualTo("user_id or device_id is required");
    assertThat(Checks.identificationProblem(json("{\"user_id\":\"user\"}"), 5))
        .isEqualTo("user_id is shorter than min_id_length 5");
    assertThat(Checks.identificationProblem(json("{\"device_id\":\"none\"}"), 5))
        .isEqualTo("device_id has an invalid value");
    assertThat(
            Checks.identificationProblem(
                json("{\"user_id\":\"user-00001\",\"user_properties\":{\"$set\":{\"a\":1},\"b\":2}}"), 5))
        .isEqualTo("user_properties mixes operations with plain properties");
    assertThat(
            Checks.identificationProblem(
                json("{\"user_id\":\"user-00001\",\"groups\":{\"company\":[1]}}"), 5))
        .isEqualTo("groups must map group types to a string or an array of strings");
  }

  @Test
  void groupProblem_needsANonBlankTypeAndValue() {
    assertThat(Checks.groupProblem(json("{\"group_type\":\"company\",\"group_value\":\"acme\"}"))).isNull();
    assertThat(Checks.groupProblem(json("{\"group_type\":\"company\",\"group_value\":\" \"}")))
        .isEqualTo("group_value must be a non-blank string");
    assertThat(
            Checks.groupProblem(
                json("{\"group_type\":\"company\",\"group_value\":\"acme\",\"group_properties\":{\"$add\":1}}")))
        .isEqualTo("group_properties has an operation whose value is not an object");
  }

  @Test
  void propertyCount_countsEachPropertyAnOperationNames() {
    assertThat(Checks.propertyCount(null)).isZero();
    assertThat(Checks.propertyCount(json("{\"a\":1,\"b\":2}"))).isEqualTo(2);
    assertThat(Checks.propertyCount(json("{\"$set\":{\"a\":1,\"b\":2},\"$unset\":{\"c\":\"-\"}}")))
        .isEqualTo(3);
  }
}
