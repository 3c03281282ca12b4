package dev.ampsync.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InstalledFactoryTest {
  static final InstalledFactory<String> GREETINGS = new InstalledFactory<>(Installer.class);

  /** Installs its factory when first initialised, as SyncResult and Outcome do. */
  static final class Installer {
    static {
      GREETINGS.install("hello");
    }
  }

  @Test
  void readingInitialisesTheInstallerOnce() {
    assertThat(GREETINGS.get()).isEqualTo("hello");
    assertThat(GREETINGS.get()).isEqualTo("hello");
  }

  @Test
  void aSecondInstallIsRefused() {
    assertThat(GREETINGS.get()).isEqualTo("hello");
    assertThatThrownBy(() -> GREETINGS.install("again"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Installer");
  }
}
