package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.record.AmplitudeField;
import dev.ampsync.record.IngestionMetadata;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Conversions.field: a value for an Amplitude field, by the field's kind. */
class ConversionsFieldTest {
  @Test
  void text_fromTextNumbersAndBooleans_decimalsInPlainNotation() throws RowException {
    assertThat(Conversions.field(AmplitudeField.PLATFORM, "iOS", "w")).isEqualTo("iOS");
    assertThat(Conversions.field(AmplitudeField.PLATFORM, new BigDecimal("1E+3"), "w")).isEqualTo("1000");
    assertThat(Conversions.field(AmplitudeField.PLATFORM, true, "w")).isEqualTo("true");
  }

  @Test
  void numbers_fromNumbersAndText() throws RowException {
    assertThat(Conversions.field(AmplitudeField.PRICE, " 9.99 ", "w")).isEqualTo(new BigDecimal("9.99"));
    assertThat(Conversions.field(AmplitudeField.QUANTITY, "-12", "w")).isEqualTo(-12L);
    assertThat(Conversions.field(AmplitudeField.QUANTITY, 3, "w")).isEqualTo(3L);
  }

  @Test
  void booleansTimesAndObjects() throws RowException {
    assertThat(Conversions.field(AmplitudeField.SKIP_USER_PROPERTIES_SYNC, 1, "w")).isEqualTo(true);
    assertThat(Conversions.field(AmplitudeField.SKIP_USER_PROPERTIES_SYNC, "FALSE", "w")).isEqualTo(false);
    assertThat(Conversions.field(AmplitudeField.TIME, 0L, "w")).isEqualTo(Instant.EPOCH);
    assertThat(Conversions.field(AmplitudeField.INGESTION_METADATA, Map.of("source_name", "crm"), "w"))
        .isEqualTo(new IngestionMetadata("crm", null));
  }

  @Test
  void whatAFieldCannotTake_isNamedWithTheValue() {
    assertThatThrownBy(() -> Conversions.field(AmplitudeField.PRICE, "cheap", "column 'p' (price)"))
        .isInstanceOf(RowException.class).hasMessage("column 'p' (price) is not a number: 'cheap'");
    assertThatThrownBy(() -> Conversions.field(AmplitudeField.QUANTITY, "99999999999999999999", "q"))
        .hasMessage("q must be a whole number within the range of long, got '99999999999999999999'");
    assertThatThrownBy(() -> Conversions.field(AmplitudeField.QUANTITY, 1.5d, "q"))
        .hasMessage("q must be a whole number, got Double '1.5'");
    assertThatThrownBy(() -> Conversions.field(AmplitudeField.SKIP_USER_PROPERTIES_SYNC, 2, "s"))
        .hasMessage("s cannot take Integer '2'");
  }
}
