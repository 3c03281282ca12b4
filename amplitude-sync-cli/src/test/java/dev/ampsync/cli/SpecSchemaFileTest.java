package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ampsync.internal.spec.SpecSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The drift guard of the spec's JSON Schema: the file committed at {@code schema/amplitude-sync.schema.json}
 * (and shipped in the command line's jar) is exactly what {@link SpecSchema} generates from the
 * binder's key tables with the providers of the command line's class path (core and jdbc). A key
 * added to a table without regenerating the file fails here; regenerate with {@code mvn -o -pl
 * amplitude-sync-cli -am test -Dtest=SpecSchemaFileTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dampsync.schema.update=true}.
 */
class SpecSchemaFileTest {
  /** The committed schema, at the repository root (tests run in the module's folder). */
  static final Path COMMITTED = Path.of("").toAbsolutePath().getParent().resolve("schema/amplitude-sync.schema.json");

  @Test
  void theCommittedSchemaIsTheOneTheKeyTablesGenerate() throws IOException {
    String generated = SpecSchema.generate();
    if (Boolean.getBoolean("ampsync.schema.update")) {
      Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
    }
    String committed = Files.exists(COMMITTED) ? Files.readString(COMMITTED, StandardCharsets.UTF_8) : "";
    if (!committed.equals(generated)) {
      Path fresh = Path.of("target/amplitude-sync.schema.json");
      Files.createDirectories(fresh.getParent());
      Files.writeString(fresh, generated, StandardCharsets.UTF_8);
      fail("%s is stale; first difference at line %s. The current schema is in %s; rerun with"
              + " -Dampsync.schema.update=true to write it",
          COMMITTED, firstDifference(committed, generated), fresh.toAbsolutePath());
    }
  }

  @Test
  void theJarShipsTheSchema() throws IOException {
    try (InputStream in = SpecSchemaFileTest.class.getResourceAsStream("/amplitude-sync.schema.json")) {
      assertThat(in).as("amplitude-sync.schema.json on the command line's class path").isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(COMMITTED, StandardCharsets.UTF_8));
    }
  }

  @Test
  void theSchemaHasTheProvidersKeysAndTheTablesDefaults() {
    String schema = SpecSchema.generate();
    // From JdbcSourceProvider.keys() and JdbcStateStoreProvider.keys(), not from core.
    assertThat(schema).contains("\"fetch_size\"", "\"timestamp_zone\"", "\"ampsync_state\"");
    // Defaults and enum values come from the tables and the enums' spec names.
    assertThat(schema).contains("\"default\" : \"5m\"", "\"set_once\"", "\"create_only\"", "\"httpapi\"");
  }

  private static String firstDifference(String committed, String generated) {
    List<String> a = committed.lines().toList();
    List<String> b = generated.lines().toList();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String left = i < a.size() ? a.get(i) : "<end>";
      String right = i < b.size() ? b.get(i) : "<end>";
      if (!left.equals(right)) {
        return (i + 1) + ": committed '" + left.trim() + "' vs generated '" + right.trim() + "'";
      }
    }
    return "the end";
  }
}
