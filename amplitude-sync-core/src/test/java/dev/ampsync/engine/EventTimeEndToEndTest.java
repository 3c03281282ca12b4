package dev.ampsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ampsync.AmplitudeSync;
import dev.ampsync.Problem;
import dev.ampsync.RowOutcome;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.internal.spec.MappingBinder;
import dev.ampsync.internal.spec.SpecErrors;
import dev.ampsync.internal.spec.SpecNode;
import dev.ampsync.internal.spec.SpecReader;
import dev.ampsync.internal.spec.SpecSection;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.Source;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.RecordedRequest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Events without time: sent only when the mapping says {@code timeNow} (Amplitude then stamps them on
 * arrival), and then the request body carries no {@code time} at all; a custom mapping's event without
 * time is an invalid row otherwise.
 */
class EventTimeEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private FakeAmplitude fake;

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  private static Source beats() {
    return InMemorySource.builder()
        .column("beat_id", ColumnType.STRING)
        .column("user_id", ColumnType.STRING)
        .row("beat-0001", "user-00001")
        .row("beat-0002", "user-00002")
        .build();
  }

  @Test
  void aTimeNowMapping_sendsEventsWithoutTime() throws Exception {
    Mapping mapping = Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Heartbeat"))
        .userId(Value.column("user_id"))
        .insertId(Value.column("beat_id"))
        .timeNow()
        .build();

    SyncResult result = run("beats", beats(), mapping);

    assertThat(result.problems()).isEmpty();
    assertThat(result.accepted()).isEqualTo(2);
    assertSentWithoutTime(2);
  }

  @Test
  void aSpecWithTimeNowTrue_sendsEventsWithoutTime() throws Exception {
    String yaml = "mapping:\n  event_type: {const: Heartbeat}\n  user_id: user_id\n  insert_id: beat_id\n"
        + "  time: {now: true}\n";
    SpecNode.MapNode root = (SpecNode.MapNode) new SpecReader("beats.yaml", Map.of()).read(yaml);
    SpecSection spec = new SpecSection(root, "", SpecErrors.of("beats.yaml", root));
    Mapping mapping = MappingBinder.bind(spec.requiredSection("mapping"), null, ObjectType.EVENT);

    SyncResult result = run("beats-spec", beats(), mapping);

    assertThat(result.problems()).isEmpty();
    assertThat(result.accepted()).isEqualTo(2);
    assertSentWithoutTime(2);
  }

  @Test
  void aCustomEventWithoutTime_isInvalid_andNothingIsSent() {
    Mapping mapping = Mapping.custom(ObjectType.EVENT, row -> EventRecord.builder("Heartbeat")
        .userId((String) row.get("user_id"))
        .insertId((String) row.get("beat_id"))
        .build());

    SyncResult result = run("beats-custom", beats(), mapping);

    assertThat(result.invalid()).isEqualTo(2);
    assertThat(result.problems()).extracting(Problem::key).containsExactly("beat-0001", "beat-0002");
    assertThat(result.problems()).allSatisfy(problem -> {
      assertThat(problem.outcome()).isEqualTo(RowOutcome.INVALID);
      assertThat(problem.reason()).contains("an event without time").contains("Mapping.customTimeNow");
    });
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aCustomTimeNowMapping_sendsItsEventsWithoutTime() throws Exception {
    Mapping mapping = Mapping.customTimeNow(row -> EventRecord.builder("Heartbeat")
        .userId((String) row.get("user_id"))
        .insertId((String) row.get("beat_id"))
        .build());

    SyncResult result = run("beats-custom-now", beats(), mapping);

    assertThat(result.problems()).isEmpty();
    assertThat(result.accepted()).isEqualTo(2);
    assertSentWithoutTime(2);
  }

  /** Reads the events of every request's body as sent: none has a time key. */
  private void assertSentWithoutTime(int count) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (RecordedRequest request : fake.requests()) {
      JsonNode body = JSON.readTree(request.bodyText());
      body.get("events").forEach(events::add);
    }
    assertThat(events).hasSize(count).allSatisfy(event -> {
      assertThat(event.get("event_type").asText()).isEqualTo("Heartbeat");
      assertThat(event.has("time")).as("%s", event).isFalse();
    });
  }

  private SyncResult run(String name, Source source, Mapping mapping) {
    AmplitudeClient.Builder destination = AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .linger(Duration.ofMillis(5))
        .retryBackoff(Duration.ofMillis(2), Duration.ofMillis(20))
        .closeTimeout(Duration.ofSeconds(20));
    SyncResult result =
        AmplitudeSync.run(SyncJob.builder(name).source(source).mapping(mapping).destination(destination).build());
    assertThat(result.error()).as("run error").isEmpty();
    return result;
  }

  @Test
  void aNullTimeInAMappedTimeColumn_isAnInvalidRowNamingTheColumn_notAnEventStampedOnArrival() {
    Source orders = InMemorySource.builder()
        .column("order_id", ColumnType.STRING)
        .column("user_id", ColumnType.STRING)
        .column("ordered_at", ColumnType.TIMESTAMP)
        .row("order-1", "user-00001", java.time.Instant.parse("2024-03-01T10:00:00Z"))
        .row("order-2", "user-00002", null)
        .build();
    Mapping mapping = Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Order"))
        .userId(Value.column("user_id"))
        .insertId(Value.column("order_id"))
        .time(Value.column("ordered_at"))
        .build();

    SyncResult result = run("orders-null-time", orders, mapping);

    assertThat(result.accepted()).isEqualTo(1);
    assertThat(result.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.key()).isEqualTo("order-2");
      assertThat(problem.outcome()).isEqualTo(RowOutcome.INVALID);
      assertThat(problem.reason()).contains("ordered_at").contains("time is NULL").contains("now: true");
    });
  }
}
