package dev.ampsync.internal.spec;

import static dev.ampsync.internal.spec.Specs.mistake;
import static dev.ampsync.internal.spec.Specs.section;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Core has no source provider of its own (jdbc's is tested through SyncSpecTest in amplitude-sync-jdbc). */
class SourceBinderTest {

  @Test
  void bind_anUnknownType_namesTheTypesAvailable() {
    mistake(() -> SourceBinder.bind(section("source:\n  type: csv\n  path: x.csv\n", "source")), "source.type", 2,
        "'csv' is not a source type here; available: none (add amplitude-sync-jdbc for jdbc)");
  }

  @Test
  void bind_aMissingType_isAMistake() {
    mistake(() -> SourceBinder.bind(section("source:\n  table: users\n", "source")), "source.type", 2, "is missing");
  }

  @Test
  void namedKey_isTheFirstSourceKeyAProvidersMessageNamesThatTheSpecHas() {
    SpecSection source = section("source:\n  type: jdbc\n  url: u\n  fetch_size: 0\n", "source");

    assertThat(SourceBinder.namedKey(source, "source.fetch_size must be at least 1")).isEqualTo("fetch_size");
    assertThat(SourceBinder.namedKey(source, "source.query or source.url is wrong")).isEqualTo("url");
    assertThat(SourceBinder.namedKey(source, "source.table is required")).isNull();
    assertThat(SourceBinder.namedKey(source, null)).isNull();
  }
}
