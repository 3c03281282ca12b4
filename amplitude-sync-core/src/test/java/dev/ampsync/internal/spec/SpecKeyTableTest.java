package dev.ampsync.internal.spec;

import static dev.ampsync.internal.spec.Specs.mistake;
import static dev.ampsync.internal.spec.Specs.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.spec.SpecKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A section declared with its key table refuses keys outside it, and a binder that reads a key the
 * table does not declare, or declares with another type, fails at once: the table the JSON Schema is
 * generated from cannot drift from what the binder reads.
 */
class SpecKeyTableTest {
  private static final List<SpecKey> TABLE = List.of(
      SpecKey.string("label", "a text").asRequired(),
      SpecKey.integer("count", "a number"),
      SpecKey.bool("on", "a switch"));

  @Test
  void aDeclaredSectionRefusesKeysOutsideItsTableNamingTheClosest() {
    SpecSection section = root("label: a\ncuont: 2\n");
    mistake(() -> section.declare(TABLE), "cuont", 2, "did you mean count?", "Keys are: count, label, on");
  }

  @Test
  void readingAKeyAsTheTypeItsTableDeclaresWorks() {
    SpecSection section = root("label: a\ncount: 2\non: true\n");
    section.declare(TABLE);
    assertThat(section.requiredText("label")).isEqualTo("a");
    assertThat(section.number("count")).isEqualTo(2L);
    assertThat(section.bool("on")).isTrue();
  }

  @Test
  void readingAKeyAsAnotherTypeIsAProgrammingMistake() {
    SpecSection section = root("label: a\ncount: 2\n");
    section.declare(TABLE);
    assertThatThrownBy(() -> section.bool("count"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("count is read as [BOOLEAN] but its key table says INTEGER");
    assertThatThrownBy(() -> section.duration("missing"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("missing is read but not in its key table");
  }

  @Test
  void everyTableNamesEachKeyOnceAndEnumsHaveTheirValues() {
    List<List<SpecKey>> tables = new ArrayList<>(List.of(HeaderBinder.ROOT_KEYS, DestinationBinder.KEYS,
        MappingBinder.KEYS, MappingBinder.PROPERTY_KEYS, MappingBinder.CONSTANT_KEYS, MappingBinder.TIME_NOW_KEYS,
        OptionsBinder.KEYS, OptionsBinder.WATERMARK_KEYS, StateBinder.FILE_KEYS));
    for (List<SpecKey> table : tables) {
      Set<String> names = new HashSet<>(SpecKey.names(table));
      assertThat(names).as(table.toString()).hasSize(table.size());
    }
    assertThat(DestinationBinder.KEYS).filteredOn(k -> k.name().equals("region"))
        .singleElement().satisfies(k -> assertThat(k.values()).containsExactly("us", "eu"));
  }
}
