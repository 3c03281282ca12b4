package dev.ampsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.FailureThresholds.Limit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FailureThresholdsTest {
  @Test
  void theDefault_toleratesNothing() {
    FailureThresholds any = FailureThresholds.of();

    assertThat(any.invalid()).isEqualTo(Limit.count(0));
    assertThat(any.invalid().isExceededBy(1, 1_000_000)).isTrue();
    assertThat(any.invalid().isExceededBy(0, 1_000_000)).isFalse();
    assertThat(SyncJob.builder("x").failWhen(any)).isNotNull();
  }

  @Test
  void eachAbove_returnsACopy() {
    FailureThresholds base = FailureThresholds.of();
    FailureThresholds some = base.invalidAbove(Limit.percent(5)).rejectedAbove(Limit.count(10)).failedAbove(Limit.percent(0.5));

    assertThat(base).isEqualTo(FailureThresholds.of());
    assertThat(some.invalid()).hasToString("5%");
    assertThat(some.rejected()).hasToString("10");
    assertThat(some.failed()).hasToString("0.5%");
    assertThat(some.failed().isPercent()).isTrue();
    assertThat(Limit.percent(5.0)).isEqualTo(Limit.percent(5)).hasSameHashCodeAs(Limit.percent(5));
  }

  @Test
  void aPercentage_comparesWithTheRowsRead_exactly() {
    assertThat(Limit.percent(5).isExceededBy(5, 100)).isFalse();
    assertThat(Limit.percent(5).isExceededBy(6, 100)).isTrue();
    assertThat(Limit.percent(0.1).isExceededBy(1, 1000)).isFalse();
    assertThat(Limit.percent(0.1).isExceededBy(2, 1000)).isTrue();
    assertThat(Limit.percent(0).isExceededBy(0, 0)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 100.01, Double.NaN, Double.POSITIVE_INFINITY})
  void aPercentageOutside0To100_isRefused(double percent) {
    assertThatThrownBy(() -> Limit.percent(percent)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("from 0 to 100");
  }

  @Test
  void aNegativeCount_isRefused() {
    assertThatThrownBy(() -> Limit.count(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a threshold count must be 0 or more, was -1");
  }

  @Test
  void null_saysWhatIsMissing() {
    assertThatThrownBy(() -> FailureThresholds.of().invalidAbove(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("the invalid limit is null").hasMessageContaining("Limit.count(n)");
    assertThatThrownBy(() -> SyncJob.builder("x").failWhen(null)).isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("thresholds is null: pass FailureThresholds.of()");
  }
}
