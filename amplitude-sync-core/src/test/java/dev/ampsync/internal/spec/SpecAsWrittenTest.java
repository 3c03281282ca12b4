package dev.ampsync.internal.spec;

import static dev.ampsync.internal.spec.Specs.mistake;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.spec.SpecException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Messages quote the spec as written ({@code ${VAR}}), never a value substituted from the environment. */
class SpecAsWrittenTest {
  private static final String SECRET = "pg-Secret-42";
  private static final Map<String, String> ENV = Map.of("PGPASSWORD", SECRET, "SHORT", "ab", "ZONE", "eu");

  private static SpecSection section(String yaml, String key) {
    SpecNode.MapNode node = (SpecNode.MapNode) new SpecReader(Specs.FILE, ENV).read(yaml);
    return new SpecSection(node, "", SpecErrors.of(Specs.FILE, node)).requiredSection(key);
  }

  @Test
  void aScalar_keepsItsTextAsWritten_besideItsValue() {
    SpecNode.Scalar scalar = (SpecNode.Scalar) new SpecReader(Specs.FILE, ENV).read("${ZONE}-${UNSET:-x}\n");

    assertThat(scalar.value()).isEqualTo("eu-x");
    assertThat(scalar.asWritten()).isEqualTo("${ZONE}-${UNSET:-x}");
    assertThat(scalar.variables()).containsExactly(Map.entry("ZONE", "eu"));
    assertThat(scalar.quoted()).isEqualTo("'${ZONE}-${UNSET:-x}' (from the environment)");
  }

  @Test
  void aSecretInARegion_isQuotedAsWritten() {
    SpecException e = mistake(() -> DestinationBinder.bind(section("destination:\n  api_key: k-12345\n  region: ${PGPASSWORD}\n",
        "destination")), "destination.region", 3, "'${PGPASSWORD}' (from the environment) is not a region; use us or eu");

    assertThat(e.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void aShortValueFromTheEnvironment_isQuotedAsWritten_atItsKey() {
    SpecException e = mistake(() -> DestinationBinder.bind(section("destination:\n  api_key: k-12345\n  region: ${SHORT}\n",
        "destination")), "destination.region", 3, "'${SHORT}' (from the environment) is not a region");

    assertThat(e.getMessage()).doesNotContain("'ab'");
  }

  @Test
  void everyTypedRead_quotesAsWritten() {
    SpecSection options = section("""
        options:
          max_rows: ${PGPASSWORD}
          full_resync: x${PGPASSWORD}
          lag: ${PGPASSWORD}
        """, "options");

    List<SpecException> mistakes = List.of(
        mistake(() -> options.number("max_rows"), "options.max_rows", 2,
            "must be a whole number, was '${PGPASSWORD}' (from the environment)"),
        mistake(() -> options.bool("full_resync"), "options.full_resync", 3,
            "must be true or false, was 'x${PGPASSWORD}' (from the environment)"),
        mistake(() -> options.duration("lag"), "options.lag", 4, "'${PGPASSWORD}' (from the environment) is not a duration"));

    assertThat(mistakes).allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }

  @Test
  void aSubstitutedValue_quotedByAnotherKeysMessage_isReplacedByItsTextAsWritten() {
    SpecSection destination = section("destination:\n  api_key: k-12345\n  endpoint: ${PGPASSWORD}\n", "destination");

    SpecException e = destination.errors().at(2, "destination", "the endpoint " + SECRET + " and " + SECRET + "!");

    assertThat(e.getMessage()).endsWith("the endpoint ${PGPASSWORD} and ${PGPASSWORD}!");
  }

  @Test
  void replace_isOnePass_soAReplacementIsNeverReplacedAgain() {
    assertThat(SpecErrors.replace("a-b", List.of(Map.entry("a", "b"), Map.entry("b", "c")))).isEqualTo("b-c");
  }

  @Test
  void asWritten_showsSubstitutedScalarsWhole_andVariablesByName_inAnyText() {
    SpecNode.MapNode root = (SpecNode.MapNode) new SpecReader(Specs.FILE, Map.of("ENV", "prod", "PGPASSWORD", SECRET))
        .read("name: users-${ENV}\nsource:\n  password: ${PGPASSWORD}\n");

    AsWritten asWritten = AsWritten.of(root);

    assertThat(asWritten.apply("sync users-prod: the value " + SECRET + " and prod"))
        .isEqualTo("sync users-${ENV}: the value ${PGPASSWORD} and ${ENV}");
  }

  @Test
  void asWritten_leavesAValueTheSpecAlsoWritesLiterally_andShortValues() {
    SpecNode.MapNode root = (SpecNode.MapNode) new SpecReader(Specs.FILE, Map.of("PGUSER", "postgres", "ZONE", "eu"))
        .read("source:\n  url: jdbc:postgresql://127.0.0.1:5432/test\n  user: ${PGUSER}\n  zone: ${ZONE}\n");

    AsWritten asWritten = AsWritten.of(root);

    assertThat(asWritten.apply("users from jdbc:postgresql://127.0.0.1:5432/test as postgres in eu"))
        .isEqualTo("users from jdbc:postgresql://127.0.0.1:5432/test as postgres in eu");
  }

  @Test
  void asWritten_redactsTheApiKey() {
    SpecNode.MapNode root = (SpecNode.MapNode) new SpecReader(Specs.FILE, Map.of()).read("destination:\n  api_key: k-12345\n");

    assertThat(AsWritten.of(root).apply("key k-12345")).isEqualTo("key <redacted>");
  }
}
