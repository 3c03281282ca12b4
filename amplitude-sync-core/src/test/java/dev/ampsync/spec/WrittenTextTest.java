package dev.ampsync.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A text setting as used and as written: places map between the two, and variables' values hide. */
class WrittenTextTest {
  private static final String SECRET = "pg-Secret-42";
  private static final WrittenText QUERY = WrittenText.of(
      "select id from users where plan <> '" + SECRET + "' and region = 'eu' and x = 'd'",
      "select id from users where plan <> '${PGPASSWORD}' and region = '${REGION}' and x = '${UNSET:-d}'",
      Map.of("PGPASSWORD", SECRET, "REGION", "eu"));

  @Test
  void aPlaceBeforeTheFirstVariable_staysWhereItIs() {
    assertThat(QUERY.asWrittenIndex(0)).isZero();
    assertThat(QUERY.asWrittenIndex(QUERY.value().indexOf("plan"))).isEqualTo(QUERY.asWritten().indexOf("plan"));
  }

  @Test
  void aPlaceAfterVariables_movesByWhatTheyChanged_defaultsIncluded() {
    assertThat(QUERY.asWrittenIndex(QUERY.value().indexOf("and region"))).isEqualTo(QUERY.asWritten().indexOf("and region"));
    assertThat(QUERY.asWrittenIndex(QUERY.value().indexOf("and x"))).isEqualTo(QUERY.asWritten().indexOf("and x"));
    assertThat(QUERY.asWrittenIndex(QUERY.value().length())).isEqualTo(QUERY.asWritten().length());
  }

  @Test
  void aPlaceInsideAVariablesValue_isTheStartOfItsName() {
    int inside = QUERY.value().indexOf(SECRET) + 5;

    assertThat(QUERY.asWrittenIndex(inside)).isEqualTo(QUERY.asWritten().indexOf("${PGPASSWORD}"));
  }

  @Test
  void aPlaceOutsideTheValue_orATextThatDoesNotExpandToIt_mapsNowhere() {
    assertThat(QUERY.asWrittenIndex(-1)).isEqualTo(-1);
    assertThat(QUERY.asWrittenIndex(QUERY.value().length() + 1)).isEqualTo(-1);
    WrittenText inconsistent = WrittenText.of("select 1", "select ${X}", Map.of("X", "2"));
    assertThat(inconsistent.asWrittenIndex(0)).isEqualTo(-1);
  }

  @Test
  void hide_replacesEachVariablesValueByItsName_butNotShortOnes() {
    assertThat(QUERY.hide("ERROR: invalid input syntax for type integer: \"" + SECRET + "\" near 'eu'"))
        .isEqualTo("ERROR: invalid input syntax for type integer: \"${PGPASSWORD}\" near 'eu'");
  }

  @Test
  void aTextFromNoVariable_isShownAsItIs() {
    WrittenText plain = WrittenText.of("select 1");

    assertThat(plain.asWritten()).isEqualTo("select 1");
    assertThat(plain.asWrittenIndex(7)).isEqualTo(7);
    assertThat(plain.hide("near '1'")).isEqualTo("near '1'");
    assertThat(plain.variables()).isEmpty();
  }

  @Test
  void toString_isTheTextAsWritten_neverTheValue() {
    assertThat(QUERY.toString()).doesNotContain(SECRET).contains("${PGPASSWORD}");
  }

  @Test
  void nullArguments_areRefused() {
    assertThatThrownBy(() -> WrittenText.of(null)).isInstanceOf(NullPointerException.class).hasMessageStartingWith("value is null");
    assertThatThrownBy(() -> WrittenText.of("a", null, Map.of())).isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("asWritten is null");
  }

  @Test
  void aTextWrittenLineForLine_namesTheFileLineOfEachOfItsLines() {
    WrittenText query = WrittenText.of("select id,\n  plan\nfrm users\n").writtenAt("users.yaml", 8);

    assertThat(query.whereLine(1)).isEqualTo("users.yaml line 8");
    assertThat(query.whereLine(3)).isEqualTo("users.yaml line 10");
    assertThat(query.whereLine(0)).isNull();
    assertThat(query.whereLine(5)).as("past the text").isNull();
    assertThat(WrittenText.of("select 1").whereLine(1)).as("not placed").isNull();
    assertThat(QUERY.writtenAt("users.yaml", 3).asWrittenIndex(QUERY.value().indexOf("and x")))
        .as("placing keeps the rest").isEqualTo(QUERY.asWritten().indexOf("and x"));
    assertThatThrownBy(() -> query.writtenAt("users.yaml", 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
