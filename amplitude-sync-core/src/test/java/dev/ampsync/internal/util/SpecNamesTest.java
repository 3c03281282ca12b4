package dev.ampsync.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SpecNamesTest {
  enum Colour { RED, GREEN, DARK_BLUE }

  private static final SpecNames<Colour> COLOURS =
      SpecNames.of("a colour", List.of(Colour.values()), c -> c.name().toLowerCase(Locale.ROOT));

  @Test
  void find_acceptsEachSpecName_ignoringCaseAndSurroundingBlanks() {
    assertThat(COLOURS.find("red")).isEqualTo(Colour.RED);
    assertThat(COLOURS.find("  GREEN ")).isEqualTo(Colour.GREEN);
    assertThat(COLOURS.find("Dark_Blue")).isEqualTo(Colour.DARK_BLUE);
  }

  @Test
  void find_unknownName_isRefusedQuotingItAsWrittenAndListingTheNames() {
    assertThatThrownBy(() -> COLOURS.find(" Purple"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("' Purple' is not a colour; use one of red, green, dark_blue");
  }

  @Test
  void find_twoNames_areListedWithOr() {
    SpecNames<Colour> two = SpecNames.of("a light", List.of(Colour.GREEN, Colour.RED), c -> c.name().toLowerCase(Locale.ROOT));

    assertThatThrownBy(() -> two.find("amber")).hasMessage("'amber' is not a light; use green or red");
  }

  @Test
  void find_null_throwsNpeNamingTheArgument() {
    assertThatThrownBy(() -> COLOURS.find(null)).isInstanceOf(NullPointerException.class).hasMessageStartingWith("name is null: ");
  }

  @Test
  void withAlias_acceptsTheAliasWithoutListingIt_andLeavesTheOriginalUnchanged() {
    SpecNames<Colour> aliased = COLOURS.withAlias("navy", Colour.DARK_BLUE);

    assertThat(aliased.find("NAVY")).isEqualTo(Colour.DARK_BLUE);
    assertThatThrownBy(() -> aliased.find("pink")).hasMessageEndingWith("use one of red, green, dark_blue");
    assertThatThrownBy(() -> COLOURS.find("navy")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNameForTwoConstants_isAProgrammingError() {
    assertThatThrownBy(() -> COLOURS.withAlias("RED", Colour.GREEN))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("RED");
  }
}
