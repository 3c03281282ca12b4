package dev.ampsync.internal.spec;

import static dev.ampsync.internal.spec.Specs.mistake;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SpecReaderTest {
  private static SpecNode read(String yaml, Map<String, String> env) {
    return new SpecReader(Specs.FILE, env).read(yaml);
  }

  @Test
  void read_keepsKeysInFileOrder_withTheLineOfEachKey() {
    SpecNode.MapNode root = (SpecNode.MapNode) read("b: 1\na:\n  x: true\nc: [1, two]\n", Map.of());

    assertThat(root.entries().keySet()).containsExactly("b", "a", "c");
    assertThat(root.lineOf("a")).isEqualTo(2);
    assertThat(root.lineOf("absent")).isEqualTo(root.line());
    assertThat(SpecNode.plain(root)).isEqualTo(Map.of("b", 1, "a", Map.of("x", true), "c", java.util.List.of(1, "two")));
  }

  @Test
  void read_substitutesVariables_withDefaults() {
    SpecNode.MapNode root = (SpecNode.MapNode) read("k: ${KEY}-${ZONE:-eu}-${EMPTY:-d}\n", Map.of("KEY", "abc", "EMPTY", ""));

    assertThat(SpecNode.plain(root.entries().get("k"))).isEqualTo("abc-eu-d");
  }

  @Test
  void read_anUnsetVariable_isAMistakeAtItsKey() {
    mistake(() -> read("destination:\n  api_key: ${AMPLITUDE_API_KEY}\n", Map.of()), "destination.api_key", 2,
        "environment variable AMPLITUDE_API_KEY is not set", "${AMPLITUDE_API_KEY:-default}");
  }

  @Test
  void read_refusesARepeatedKey_anEmptyText_andInvalidYaml() {
    mistake(() -> read("a: 1\na: 2\n", Map.of()), "a", 2, "is given twice");
    mistake(() -> read("# nothing\n", Map.of()), "", 0, "the spec is empty");
    mistake(() -> read("a: [1, 2\n", Map.of()), "", 2, "not valid YAML");
  }

  @Test
  void read_aLiteralBlock_knowsTheLineItsTextStartsOn_otherTextsDoNot() {
    SpecNode.MapNode root = (SpecNode.MapNode) read("""
        plain: select 1
        block: |  # a comment
          select id,
            plan
        folded: >
          select
          1
        anchored: &q |
          select 2
        alias: *q
        """, Map.of());

    assertThat(((SpecNode.Scalar) root.entries().get("block")).textLine()).isEqualTo(3);
    assertThat(((SpecNode.Scalar) root.entries().get("plain")).textLine()).isZero();
    assertThat(((SpecNode.Scalar) root.entries().get("folded")).textLine()).isZero();
    assertThat(((SpecNode.Scalar) root.entries().get("alias")).textLine()).as("where the anchor wrote it").isEqualTo(9);
  }
}
