package dev.ampsync.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link WireFormat} reuses one generator and buffer per thread: each record must still come out as
 * one complete JSON object of its own, byte for byte as on a fresh thread, whatever was encoded (or
 * failed to encode) before it on that thread.
 */
class WireFormatReuseTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final WireFormat wire = WireFormat.get();

  private static EventRecord event(int i) {
    return EventRecord.builder("Order Completed")
        .userId("user-" + (10_000 + i))
        .insertId("orders:" + i)
        .time(Instant.ofEpochMilli(1_700_000_000_000L + i))
        .eventProperty("order", i)
        .eventProperty("note", "caf\u00e9 \uD83D\uDE00 " + i)
        .build();
  }

  /** Encodes on a thread that never encoded anything before: the reference bytes. */
  private static String onFreshThread(EventRecord event) throws Exception {
    ExecutorService fresh = Executors.newSingleThreadExecutor();
    try {
      return fresh.submit(() -> WireFormat.get().event(event).json()).get();
    } finally {
      fresh.shutdown();
    }
  }

  @Test
  void recordsEncodedOneAfterAnother_areEachOneObject_withNoSeparatorOrLeftover() throws Exception {
    String first = wire.event(event(1)).json();
    String second = wire.event(event(2)).json();
    String firstAgain = wire.event(event(1)).json();

    assertThat(firstAgain).isEqualTo(first).isEqualTo(onFreshThread(event(1)));
    assertThat(second).isEqualTo(onFreshThread(event(2)));
    for (String json : List.of(first, second)) {
      assertThat(json).startsWith("{").endsWith("}");
      assertThat(JSON.readTree(json).isObject()).isTrue();
    }
    assertThat(JSON.readTree(second).get("insert_id").asText()).isEqualTo("orders:2");
  }

  @Test
  void aRecordThatFailsHalfWritten_leavesNothingBehindForTheNextRecord() throws Exception {
    EventRecord broken =
        EventRecord.builder("Order Completed")
            .userId("user-10001")
            .eventProperty("fine", "written before the failure")
            .eventProperty("bad", "unpaired \uD800 surrogate")
            .build();
    String before = wire.event(event(7)).json();

    assertThatThrownBy(() -> wire.event(broken)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> wire.identification(UserRecord.builder("user-\uDC00").build()))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(wire.event(event(7)).json()).isEqualTo(before).isEqualTo(onFreshThread(event(7)));
    JsonNode user =
        JSON.readTree(
            wire.identification(
                    UserRecord.builder("user-10002")
                        .userProperties(PropertyOperations.builder().set("plan", "pro").build())
                        .build())
                .json());
    assertThat(user.get("user_id").asText()).isEqualTo("user-10002");
  }

  @Test
  void aHugeRecord_isWholeAndDoesNotChangeTheRecordsAfterIt() throws Exception {
    String big = "x".repeat(300_000);
    EventRecord huge = EventRecord.builder("Page Viewed").deviceId("device-10001").eventProperty("payload", big).build();

    EncodedRecord encoded = wire.event(huge);

    assertThat(JSON.readTree(encoded.json()).get("event_properties").get("payload").asText()).isEqualTo(big);
    assertThat(encoded.size()).isEqualTo(encoded.json().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    assertThat(wire.event(event(3)).json()).isEqualTo(onFreshThread(event(3)));
  }

  @Test
  void threadsEncodingAtOnce_eachGetTheirOwnRecordsExactly() throws Exception {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      expected.add(wire.event(event(i)).json());
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  List<String> out = new ArrayList<>();
                  for (int i = 0; i < 2_000; i++) {
                    out.add(WireFormat.get().event(event(i)).json());
                  }
                  return out;
                }));
      }
      for (Future<List<String>> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdown();
    }
  }
}
