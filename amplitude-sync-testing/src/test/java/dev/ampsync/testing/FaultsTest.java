package dev.ampsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fault script, seeded random faults and their counts. */
class FaultsTest {
  private final Faults faults = new Faults();

  @Test
  void scriptedFaults_applyFirstInFirstOut_andAreCounted() {
    faults.add(2, new Faults.Planned(FaultKind.SERVER_ERROR, 503, Duration.ZERO));
    faults.add(1, new Faults.Planned(FaultKind.RESET, 0, Duration.ZERO));

    assertThat(faults.next().status()).isEqualTo(503);
    assertThat(faults.next().status()).isEqualTo(503);
    assertThat(faults.next().kind()).isEqualTo(FaultKind.RESET);
    assertThat(faults.next()).as("an empty script serves normally").isNull();
    assertThat(faults.counts())
        .containsEntry(FaultKind.SERVER_ERROR, 2L)
        .containsEntry(FaultKind.RESET, 1L)
        .containsEntry(FaultKind.DELAY, 0L)
        .hasSize(FaultKind.values().length);
  }

  @Test
  void randomFaults_withTheSameSeed_drawTheSameSequence() {
    List<FaultKind> kinds = List.of(FaultKind.SERVER_ERROR, FaultKind.THROTTLE, FaultKind.TOO_LARGE);

    assertThat(draws(kinds, 42)).isEqualTo(draws(kinds, 42)).doesNotContainNull().hasSize(50);
  }

  @Test
  void randomFaults_waitForTheScript_andRateZeroNeverFaults() {
    faults.random(1.0, 7, List.of(FaultKind.THROTTLE), Duration.ZERO);
    faults.add(1, new Faults.Planned(FaultKind.RESET, 0, Duration.ZERO));

    assertThat(faults.next().kind()).isEqualTo(FaultKind.RESET);
    assertThat(faults.next().status()).isEqualTo(429);

    faults.random(0.0, 7, List.of(FaultKind.THROTTLE), Duration.ZERO);
    assertThat(faults.next()).isNull();
  }

  @Test
  void aRandomTooLarge_isMarkedRandom_andCanBeUncounted() {
    faults.random(1.0, 1, List.of(FaultKind.TOO_LARGE), Duration.ZERO);

    Faults.Planned fault = faults.next();
    faults.uncount(fault.kind());

    assertThat(fault.random()).isTrue();
    assertThat(fault.status()).isEqualTo(413);
    assertThat(faults.counts()).containsEntry(FaultKind.TOO_LARGE, 0L);
  }

  @Test
  void reset_forgetsTheScriptTheRandomFaultsAndTheCounts() {
    faults.add(3, new Faults.Planned(FaultKind.DELAY, 0, Duration.ofMillis(1)));
    faults.random(1.0, 1, List.of(FaultKind.RESET), Duration.ZERO);
    faults.next();

    faults.reset();

    assertThat(faults.next()).isNull();
    assertThat(faults.counts().values()).containsOnly(0L);
  }

  private static List<String> draws(List<FaultKind> kinds, long seed) {
    Faults random = new Faults();
    random.random(1.0, seed, kinds, Duration.ZERO);
    List<String> drawn = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      Faults.Planned fault = random.next();
      drawn.add(fault.kind() + "/" + fault.status());
    }
    return drawn;
  }
}
