package dev.ampsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.Source;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.FakeProfile;
import dev.ampsync.testing.RecordedRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Device syncs end to end: rows keyed by device_id, optionally tied to a user. */
class DeviceSyncEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DEVICE_FIELDS =
      List.of("platform", "os_name", "os_version", "device_brand", "device_manufacturer", "device_model", "carrier");

  private FakeAmplitude fake;

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void deviceSync_withoutUserId_storesPropertiesOnTheDeviceProfile() {
    Source rows =
        InMemorySource.builder()
            .column("device", ColumnType.STRING)
            .column("app", ColumnType.STRING)
            .column("launches", ColumnType.INTEGER)
            .column("push_enabled", ColumnType.BOOLEAN)
            .row("device-aaaa-0001", "3.2.0", 12L, true)
            .row("device-aaaa-0002", "3.1.9", 1L, false)
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.DEVICE)
            .deviceId(Value.column("device"))
            .property("app_build", Value.column("app"))
            .property("launches", Value.column("launches"), PropertyOperation.ADD)
            .property("push_enabled", Value.column("push_enabled"))
            .build();

    SyncResult result = run("devices", rows, mapping);

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(2);
    FakeProfile first = device("device-aaaa-0001");
    assertThat(first.properties()).containsOnlyKeys("app_build", "launches", "push_enabled");
    assertThat(first.properties()).containsEntry("app_build", "3.2.0").containsEntry("push_enabled", true);
    assertThat((BigDecimal) first.property("launches")).isEqualByComparingTo("12");
    assertThat(first.userIds()).isEmpty();
    FakeProfile second = device("device-aaaa-0002");
    assertThat(second.properties()).containsEntry("app_build", "3.1.9").containsEntry("push_enabled", false);
    assertThat((BigDecimal) second.property("launches")).isEqualByComparingTo("1");
    assertThat(fake.users()).isEmpty();
  }

  @Test
  void deviceSync_withUserId_tiesTheDeviceToTheUser() {
    Source rows =
        InMemorySource.builder()
            .column("device", ColumnType.STRING)
            .column("owner", ColumnType.STRING)
            .column("app", ColumnType.STRING)
            .row("device-bbbb-0001", "user-00001", "3.2.0")
            .row("device-bbbb-0002", "user-00001", "3.2.1")
            .row("device-bbbb-0003", null, "2.0.0")
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.DEVICE)
            .deviceId(Value.column("device"))
            .userId(Value.column("owner"))
            .property("app_build", Value.column("app"))
            .build();

    SyncResult result = run("devices-owned", rows, mapping);

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(result.accepted()).isEqualTo(3);
    assertThat(device("device-bbbb-0001").userIds()).containsExactly("user-00001");
    assertThat(device("device-bbbb-0002").userIds()).containsExactly("user-00001");
    FakeProfile user = fake.user("user-00001").orElseThrow();
    assertThat(user.deviceIds()).containsExactlyInAnyOrder("device-bbbb-0001", "device-bbbb-0002");
    assertThat(user.properties()).containsOnlyKeys("app_build");
    assertThat(user.property("app_build")).isIn("3.2.0", "3.2.1");
    // The NULL owner leaves the third device on its own.
    FakeProfile unowned = device("device-bbbb-0003");
    assertThat(unowned.userIds()).isEmpty();
    assertThat(unowned.properties()).isEqualTo(Map.of("app_build", "2.0.0"));
    assertThat(fake.users().keySet()).containsExactly("user-00001");
  }

  @Test
  void deviceSync_withDeviceFields_sendsThemAllTogetherInOneIdentification() throws Exception {
    Source rows =
        InMemorySource.builder()
            .column("device", ColumnType.STRING)
            .column("platform", ColumnType.STRING)
            .column("os", ColumnType.STRING)
            .column("os_version", ColumnType.STRING)
            .column("brand", ColumnType.STRING)
            .column("maker", ColumnType.STRING)
            .column("model", ColumnType.STRING)
            .column("carrier", ColumnType.STRING)
            .row("device-cccc-0001", "iOS", "ios", "17.4", "Apple", "Apple", "iPhone15,3", "Verizon")
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.DEVICE)
            .deviceId(Value.column("device"))
            .field("platform", Value.column("platform"))
            .field("os_name", Value.column("os"))
            .field("os_version", Value.column("os_version"))
            .field("device_brand", Value.column("brand"))
            .field("device_manufacturer", Value.column("maker"))
            .field("device_model", Value.column("model"))
            .field("carrier", Value.column("carrier"))
            .build();

    SyncResult result = run("devices-fields", rows, mapping);

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(fake.requestCount("/identify")).isEqualTo(1);
    RecordedRequest request = fake.requests().get(0);
    JsonNode identifications = JSON.readTree(form(request.bodyText()).get("identification"));
    assertThat(identifications).hasSize(1);
    JsonNode identification = identifications.get(0);
    assertThat(identification.path("device_id").asText()).isEqualTo("device-cccc-0001");
    for (String field : DEVICE_FIELDS) {
      assertThat(identification.has(field)).as("identification has %s", field).isTrue();
    }
    Map<String, Object> expected = new HashMap<>();
    expected.put("platform", "iOS");
    expected.put("os_name", "ios");
    expected.put("os_version", "17.4");
    expected.put("device_brand", "Apple");
    expected.put("device_manufacturer", "Apple");
    expected.put("device_model", "iPhone15,3");
    expected.put("carrier", "Verizon");
    assertThat(device("device-cccc-0001").fields()).isEqualTo(expected);
    assertThat(device("device-cccc-0001").properties()).isEmpty();
  }

  @Test
  void deviceSync_withNullDeviceId_marksThatRowInvalidAndSendsTheOthers() {
    Source rows =
        InMemorySource.builder()
            .column("device", ColumnType.STRING)
            .column("app", ColumnType.STRING)
            .row("device-dddd-0001", "1.0.0")
            .row(null, "1.0.1")
            .row("device-dddd-0003", "1.0.2")
            .build();
    Mapping mapping =
        Mapping.builder(ObjectType.DEVICE)
            .deviceId(Value.column("device"))
            .property("app_build", Value.column("app"))
            .build();

    SyncResult result = run("devices-null", rows, mapping);

    assertThat(result.status()).isEqualTo(SyncStatus.PARTIAL);
    assertThat(result.accepted()).isEqualTo(2);
    assertThat(result.invalid()).isEqualTo(1);
    Problem problem = result.problems().get(0);
    assertThat(problem.outcome()).isEqualTo(RowOutcome.INVALID);
    assertThat(problem.key()).isNull();
    assertThat(problem.reason()).contains("device_id").contains("column 'device'");
    assertThat(fake.devices().keySet()).isEqualTo(Set.of("device-dddd-0001", "device-dddd-0003"));
  }

  private AmplitudeClient.Builder destination() {
    return AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .linger(Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(20));
  }

  private SyncResult run(String name, Source source, Mapping mapping) {
    SyncResult result =
        AmplitudeSync.run(SyncJob.builder(name).source(source).mapping(mapping).destination(destination()).build());
    assertThat(result.error()).as("run error").isEmpty();
    assertThat(result.accepted() + result.unchanged() + result.invalid() + result.rejected() + result.failed())
        .isEqualTo(result.rowsRead());
    return result;
  }

  private FakeProfile device(String deviceId) {
    return fake.device(deviceId).orElseThrow(() -> new AssertionError("no profile for " + deviceId));
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      form.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return form;
  }
}
