package dev.ampsync.internal.spec;

import static dev.ampsync.internal.spec.Specs.mistake;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** YAML anchors, aliases and merge keys: expanded, never read as their names; bounded; refused when undefined. */
class SpecReaderAliasTest {
  private static SpecNode.MapNode read(String yaml) {
    return (SpecNode.MapNode) new SpecReader(Specs.FILE, Map.of("EVT", "Order Completed")).read(yaml);
  }

  @Test
  void anAliasedScalar_isTheAnchoredValue_notTheAliasName() {
    SpecNode.MapNode root = read("""
        names:
          event: &evt ${EVT}
        mapping:
          event_type: {const: *evt}
        """);

    SpecNode.MapNode mapping = (SpecNode.MapNode) root.entries().get("mapping");
    SpecNode.Scalar constant = (SpecNode.Scalar) ((SpecNode.MapNode) mapping.entries().get("event_type")).entries().get("const");
    assertThat(constant.value()).isEqualTo("Order Completed");
    assertThat(constant.asWritten()).as("messages quote what was written at the anchor").isEqualTo("${EVT}");
    assertThat(constant.line()).as("the alias's own line").isEqualTo(4);
  }

  @Test
  void anAliasedMapping_andAMergeKey_areExpanded_explicitKeysWinning() {
    SpecNode.MapNode root = read("""
        base: &base
          region: eu
          gzip: true
        a: *base
        b:
          <<: *base
          gzip: false
          min_id_length: 5
        c:
          <<: [{x: 1}, *base]
        """);

    assertThat(SpecNode.plain(root.entries().get("a"))).isEqualTo(Map.of("region", "eu", "gzip", true));
    assertThat(SpecNode.plain(root.entries().get("b"))).isEqualTo(Map.of("region", "eu", "gzip", false, "min_id_length", 5));
    assertThat(SpecNode.plain(root.entries().get("c"))).isEqualTo(Map.of("x", 1, "region", "eu", "gzip", true));
    assertThat(((SpecNode.MapNode) root.entries().get("b")).lineOf("region")).as("a merged key keeps its line").isEqualTo(2);
  }

  @Test
  void anAliasInAList_isExpandedToo() {
    SpecNode.MapNode root = read("one: &one {k: v}\nlist: [*one, *one]\n");

    assertThat(SpecNode.plain(root.entries().get("list"))).isEqualTo(List.of(Map.of("k", "v"), Map.of("k", "v")));
  }

  @Test
  void anUndefinedAlias_isRefusedAtItsLine() {
    mistake(() -> read("mapping:\n  event_type: {const: *evt}\n"), "mapping.event_type.const", 2,
        "alias *evt names no anchor; define &evt before it");
  }

  @Test
  void anAliasBeforeItsAnchor_orInsideIt_isRefused() {
    mistake(() -> read("a: *later\nb: &later 1\n"), "a", 1, "alias *later names no anchor");
    mistake(() -> read("a: &self\n  b: *self\n"), "a.b", 2, "alias *self names no anchor");
  }

  @Test
  void aMergeKeyOfAScalar_isRefused() {
    mistake(() -> read("v: &v 1\nm:\n  <<: *v\n"), "m.<<", 3, "a merge key (<<) takes a mapping or a list of mappings");
  }

  @Test
  void billionLaughs_isRefusedAtTheAliasThatCrossesTheBound_beforeItGrows() {
    StringBuilder yaml = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level <= 9; level++) {
      yaml.append("l").append(level).append(": &l").append(level).append(" [");
      for (int i = 0; i < 9; i++) {
        yaml.append(i == 0 ? "" : ", ").append("*l").append(level - 1);
      }
      yaml.append("]\n");
    }
    // l0..l3 hold 10, 91, 820 and 7,381 values: the first *l3 of the fifth line crosses 10,000.
    mistake(() -> read(yaml.toString()), "l4[0]", 5, "alias *l3 expands the spec beyond 10000 values");
  }

  @Test
  void aDocumentWithinTheBound_isRead() {
    StringBuilder yaml = new StringBuilder("l0: &l0 [a, b, c, d, e, f, g, h, i]\n");
    yaml.append("l1: &l1 [*l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0, *l0]\n");
    yaml.append("l2: [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]\n");

    assertThat(SpecNode.plain(read(yaml.toString()).entries().get("l2"))).asList().hasSize(9);
  }
}
