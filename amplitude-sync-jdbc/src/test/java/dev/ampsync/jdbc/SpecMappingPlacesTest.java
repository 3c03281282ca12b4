package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.spec.SyncSpec;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A mapped column the source does not return is named by where the spec wrote its key; a job whose
 * mapping did not come from the spec names the key path alone. H2, no network: the preview fails
 * before its first request.
 */
class SpecMappingPlacesTest {
  private static String table;

  @BeforeAll
  static void createTable() throws SQLException {
    table = Engine.H2.createTable("places", "id VARCHAR(20), plan VARCHAR(20)");
  }

  @AfterAll
  static void dropTable() {
    Engine.H2.dropTable(table);
  }

  private static SyncSpec spec() {
    return SyncSpec.parse("""
        name: places
        object: user
        source:
          type: jdbc
          url: %s
          query: select id, plan from %s
        destination:
          api_key: places-key-0001
          endpoint: http://127.0.0.1:9
        mapping:
          user_id: id
          properties:
            plan: plan
            tier:
              column: tier
        state:
          store: none
        """.formatted(Engine.H2.url(), table), "users.yaml", Map.of());
  }

  @Test
  void aSpecsJob_namesTheFileAndLineOfTheMappingKey() {
    SyncResult result = AmplitudeSync.preview(spec().job());

    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(result.error().orElseThrow()).isEqualTo("users.yaml line 14 (mapping.properties.tier): names column 'tier',"
        + " which the source does not return; its columns are: ID, PLAN");
  }

  @Test
  void aMappingSetInPlaceOfTheSpecs_isNamedByItsKeyPathAlone() {
    Mapping other = Mapping.builder(ObjectType.USER).userId(Value.column("id")).property("tier", Value.column("tier")).build();
    SyncJob job = spec().jobBuilder().mapping(other).build();

    SyncResult result = AmplitudeSync.preview(job);

    assertThat(result.error().orElseThrow()).isEqualTo("mapping.properties.tier names column 'tier',"
        + " which the source does not return; its columns are: ID, PLAN");
  }
}
