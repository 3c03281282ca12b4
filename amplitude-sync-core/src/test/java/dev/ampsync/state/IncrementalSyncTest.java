package dev.ampsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.OnRemoved;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.RecordedRequest;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Incremental syncs: unchanged rows send nothing, changed rows send only what changed. */
class IncrementalSyncTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private FakeAmplitude fake;
  @TempDir Path dir;

  @BeforeEach
  void start() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private static Mapping userMapping() {
    return Mapping.builder(ObjectType.USER)
        .userId(Value.column("id"))
        .property("plan", Value.column("plan"))
        .property("ltv", Value.column("ltv"))
        .property("seats", Value.column("seats"))
        .property("region", Value.column("region"))
        .property("source", Value.constant("warehouse"))
        .build();
  }

  private static List<Map<String, Object>> users(int count) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", "user-" + (100_000 + i));
      row.put("plan", i % 3 == 0 ? "pro" : "free");
      row.put("ltv", new BigDecimal(i + ".50"));
      row.put("seats", (long) (i % 7));
      row.put("region", "eu-" + (i % 4));
      rows.add(row);
    }
    return rows;
  }

  private SyncJob job(String name, Mapping mapping, List<Map<String, Object>> rows, StateStore store) {
    return SyncJob.builder(name)
        .source(InMemorySource.of(rows))
        .mapping(mapping)
        .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl())).linger(Duration.ofMillis(5)))
        .state(store)
        .build();
  }

  @Test
  void secondRunOnUnchangedRows_sendsNothingAndReportsEveryRowUnchanged() {
    List<Map<String, Object>> rows = users(2_000);
    try (StateStore store = StateStores.file(dir)) {
      SyncResult first = AmplitudeSync.run(job("users", userMapping(), rows, store));
      assertThat(first.accepted()).isEqualTo(2_000);
      long requests = fake.requests().size();

      SyncResult second = AmplitudeSync.run(job("users", userMapping(), rows, store));

      assertThat(second.status()).isEqualTo(SyncStatus.SUCCEEDED);
      assertThat(second.unchanged()).isEqualTo(2_000);
      assertThat(second.accepted()).isZero();
      assertThat(fake.requests()).hasSize((int) requests);
    }
  }

  @Test
  void onePercentOfRowsChangingThreeColumns_sendsOnlyThoseRowsAndThoseProperties() throws Exception {
    List<Map<String, Object>> rows = users(2_000);
    try (StateStore store = StateStores.file(dir)) {
      AmplitudeSync.run(job("users", userMapping(), rows, store));
      int before = fake.requests().size();
      List<String> changed = new ArrayList<>();
      for (int i = 0; i < rows.size(); i += 100) {
        Map<String, Object> row = rows.get(i);
        row.put("plan", "enterprise");
        row.put("ltv", new BigDecimal("99999.99"));
        row.put("seats", 500L);
        changed.add((String) row.get("id"));
      }

      SyncResult second = AmplitudeSync.run(job("users", userMapping(), rows, store));

      assertThat(second.accepted()).isEqualTo(20);
      assertThat(second.unchanged()).isEqualTo(1_980);
      List<JsonNode> sent = new ArrayList<>();
      for (RecordedRequest request : fake.requests().subList(before, fake.requests().size())) {
        assertThat(request.path()).isEqualTo("/identify");
        sent.addAll(request.identifications());
      }
      assertThat(sent).extracting(n -> n.get("user_id").asText()).containsExactlyInAnyOrderElementsOf(changed);
      for (JsonNode identification : sent) {
        JsonNode set = identification.get("user_properties").get("$set");
        List<String> names = new ArrayList<>();
        set.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("plan", "ltv", "seats");
      }
      assertThat(fake.user(changed.get(0)).orElseThrow().property("plan")).isEqualTo("enterprise");
      assertThat(fake.user(changed.get(0)).orElseThrow().property("region")).isEqualTo("eu-0");
    }
  }

  @Test
  void decimalsEqualInValue_areUnchanged() {
    List<Map<String, Object>> rows = users(10);
    try (StateStore store = StateStores.memory()) {
      AmplitudeSync.run(job("users", userMapping(), rows, store));
      rows.forEach(row -> row.put("ltv", ((BigDecimal) row.get("ltv")).setScale(4)));
      assertThat(AmplitudeSync.run(job("users", userMapping(), rows, store)).unchanged()).isEqualTo(10);
    }
  }

  @Test
  void aChangedMapping_startsAFullResyncAnnouncedInTheResult() {
    List<Map<String, Object>> rows = users(50);
    try (StateStore store = StateStores.memory()) {
      AmplitudeSync.run(job("users", userMapping(), rows, store));
      Mapping more = Mapping.builder(ObjectType.USER)
          .userId(Value.column("id"))
          .property("plan", Value.column("plan"))
          .property("ltv", Value.column("ltv"))
          .build();

      SyncResult resync = AmplitudeSync.run(job("users", more, rows, store));
      SyncResult after = AmplitudeSync.run(job("users", more, rows, store));

      assertThat(resync.fullResync()).contains("mapping changed");
      assertThat(resync.accepted()).isEqualTo(50);
      assertThat(after.fullResync()).isEmpty();
      assertThat(after.unchanged()).isEqualTo(50);
    }
  }

  @Test
  void aForcedFullResync_sendsEveryRowAgain() {
    List<Map<String, Object>> rows = users(30);
    try (StateStore store = StateStores.memory()) {
      AmplitudeSync.run(job("users", userMapping(), rows, store));
      SyncJob forced = SyncJob.builder("users").source(InMemorySource.of(rows)).mapping(userMapping())
              .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl())))
              .state(store).fullResync(true).build();
      SyncResult result = AmplitudeSync.run(forced);
      assertThat(result.fullResync()).contains("forced");
      assertThat(result.accepted()).isEqualTo(30);
    }
  }

  @Test
  void preview_readsTheStateButNeverWritesIt() {
    List<Map<String, Object>> rows = users(40);
    try (StateStore store = StateStores.memory()) {
      SyncResult preview = AmplitudeSync.preview(job("users", userMapping(), rows, store));
      assertThat(preview.accepted()).isEqualTo(40);
      SyncResult run = AmplitudeSync.run(job("users", userMapping(), rows, store));
      assertThat(run.accepted()).isEqualTo(40);
      rows.get(0).put("plan", "changed");
      SyncResult secondPreview = AmplitudeSync.preview(job("users", userMapping(), rows, store));
      assertThat(secondPreview.accepted()).isEqualTo(1);
      assertThat(secondPreview.unchanged()).isEqualTo(39);
      assertThat(AmplitudeSync.run(job("users", userMapping(), rows, store)).accepted()).isEqualTo(1);
    }
  }

  @Test
  void aPropertyThatBecameNull_isUnsetWhenNullsIsUnset() {
    List<Map<String, Object>> rows = users(5);
    Mapping unsetNulls = Mapping.builder(ObjectType.USER)
        .userId(Value.column("id"))
        .property("plan", Value.column("plan"))
        .nulls(dev.ampsync.mapping.Nulls.UNSET)
        .build();
    try (StateStore store = StateStores.memory()) {
      AmplitudeSync.run(job("users", unsetNulls, rows, store));
      rows.get(2).put("plan", null);
      SyncResult second = AmplitudeSync.run(job("users", unsetNulls, rows, store));
      assertThat(second.accepted()).isEqualTo(1);
      assertThat(fake.user((String) rows.get(2).get("id")).orElseThrow().properties()).doesNotContainKey("plan");
    }
  }

  @Test
  void rowsThatLeftTheModel_getTheirMappedPropertiesUnsetWhenOnRemovedIsUnset() {
    List<Map<String, Object>> rows = users(6);
    try (StateStore store = StateStores.memory()) {
      AmplitudeSync.run(job("users", userMapping(), rows, store));
      String gone = (String) rows.remove(3).get("id");
      SyncJob job = SyncJob.builder("users").source(InMemorySource.of(rows)).mapping(userMapping())
          .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl())))
          .state(store).onRemoved(OnRemoved.UNSET).build();

      SyncResult result = AmplitudeSync.run(job);
      SyncResult again = AmplitudeSync.run(job);

      assertThat(result.removed()).isEqualTo(1);
      assertThat(result.unchanged()).isEqualTo(5);
      assertThat(fake.user(gone).orElseThrow().properties()).doesNotContainKeys("plan", "ltv", "seats", "region", "source");
      assertThat(again.removed()).isZero();
    }
  }

  @Test
  void acknowledgedEvents_areNeverSentAgain_evenAfterTheMappingChanges() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      rows.add(new HashMap<>(Map.of("order_id", "order-" + i, "customer", "user-" + (10_000 + i % 17),
          "at", Instant.ofEpochMilli(1_700_000_000_000L + i))));
    }
    Mapping events = Mapping.builder(ObjectType.EVENT).eventType(Value.constant("Order Completed"))
        .userId(Value.column("customer")).insertId(Value.column("order_id")).time(Value.column("at")).build();
    Mapping renamed = Mapping.builder(ObjectType.EVENT).eventType(Value.constant("Order Completed"))
        .userId(Value.column("customer")).insertId(Value.column("order_id")).time(Value.column("at"))
        .property("channel", Value.constant("web")).build();
    try (StateStore store = StateStores.memory()) {
      assertThat(AmplitudeSync.run(job("orders", events, rows, store)).accepted()).isEqualTo(300);
      int requests = fake.requests().size();
      SyncResult changedMapping = AmplitudeSync.run(job("orders", renamed, rows, store));
      assertThat(changedMapping.unchanged()).isEqualTo(300);
      assertThat(changedMapping.fullResync()).hasValueSatisfying(r -> assertThat(r).contains("not sent again"));
      assertThat(fake.requests()).hasSize(requests);
      rows.add(new HashMap<>(Map.of("order_id", "order-new", "customer", "user-10001", "at", Instant.now())));
      assertThat(AmplitudeSync.run(job("orders", renamed, rows, store)).accepted()).isEqualTo(1);
      assertThat(fake.eventCount()).isEqualTo(301);
      assertThat(fake.duplicateCount()).isZero();
    }
  }
}
