package dev.ampsync.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampsync.record.DeviceRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The request bodies assembled from encoded records, parsed back independently, and their sizes. */
class RequestBodiesTest {
  /** An API key that JSON must escape: a quote, a backslash, a control character, non-ASCII. */
  private static final String JSON_KEY = "k\"e\\y\u0001-\u00FC-\uD83D\uDE00";
  /** An API key form encoding must escape: {@code & = + %}, space, {@code ~}, non-ASCII. */
  private static final String FORM_KEY = "a&b=c+d e%20/~*\u00FC\u6771\uD83D\uDE00";
  private static final String PLAIN_KEY = "fake-plain-api-key-0123456789";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final WireFormat WIRE = WireFormat.get();

  // ---------------------------------------------------------------------------------------------
  // events: {"api_key":K,"events":[...],"options":{"min_id_length":N}}
  // ---------------------------------------------------------------------------------------------

  @Test
  void events_isTheApiKeyTheRecordsAndTheOptions_withTheKeyJsonEscaped() throws IOException {
    List<EncodedRecord> records = events(3);

    byte[] body = RequestBodies.create(JSON_KEY, 7).events(records);

    JsonNode json = MAPPER.readTree(WireFormatRoundTripTest.strictUtf8(body));
    assertThat(fieldNames(json)).containsExactlyInAnyOrder("api_key", "events", "options");
    assertThat(json.get("api_key").isTextual()).isTrue();
    assertThat(json.get("api_key").textValue()).isEqualTo(JSON_KEY);
    assertThat(json.get("events").isArray()).isTrue();
    assertThat(elements(json.get("events"))).containsExactlyElementsOf(trees(records));
    assertThat(json.get("options")).isEqualTo(MAPPER.readTree("{\"min_id_length\":7}"));
  }

  @Test
  void events_withoutMinIdLength_hasNoOptions() throws IOException {
    List<EncodedRecord> records = events(2);

    JsonNode json = MAPPER.readTree(RequestBodies.create(PLAIN_KEY, null).events(records));

    assertThat(fieldNames(json)).containsExactlyInAnyOrder("api_key", "events");
    assertThat(json.get("api_key").textValue()).isEqualTo(PLAIN_KEY);
    assertThat(elements(json.get("events"))).containsExactlyElementsOf(trees(records));
  }

  @Test
  void events_withNoRecords_isAnEmptyEventsArray() throws IOException {
    JsonNode json = MAPPER.readTree(RequestBodies.create(JSON_KEY, 1).events(List.of()));

    ObjectNode expected = MAPPER.createObjectNode();
    expected.put("api_key", JSON_KEY);
    expected.putArray("events");
    expected.putObject("options").put("min_id_length", 1);
    assertThat(json).isEqualTo(expected);
  }

  @Test
  void events_copiesEachRecordsBytesUnchanged_emojiIncluded() {
    List<EncodedRecord> records = events(4);

    String body = new String(RequestBodies.create(PLAIN_KEY, null).events(records), StandardCharsets.UTF_8);

    String joined = records.stream().map(EncodedRecord::json).collect(Collectors.joining(","));
    assertThat(body).isEqualTo("{\"api_key\":\"" + PLAIN_KEY + "\",\"events\":[" + joined + "]}");
    assertThat(body).contains("\uD83D\uDC69\u200D\uD83D\uDCBB").doesNotContain("\\uD83D");
  }

  static Stream<Arguments> sizeCases() {
    List<Arguments> cases = new ArrayList<>();
    for (String key : new String[] {PLAIN_KEY, JSON_KEY, FORM_KEY}) {
      for (Integer minIdLength : new Integer[] {null, 1, 5, 1234567}) {
        for (int count : new int[] {0, 1, 2, 60}) {
          cases.add(Arguments.of(key, minIdLength, count));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "key {0}, min_id_length {1}, {2} records")
  @MethodSource("sizeCases")
  void eventsSize_equalsTheAssembledBodysLength(String key, Integer minIdLength, int count) {
    RequestBodies bodies = RequestBodies.create(key, minIdLength);
    List<EncodedRecord> records = events(count);
    long total = records.stream().mapToLong(EncodedRecord::size).sum();

    assertThat(bodies.eventsSize(count, total)).isEqualTo(bodies.events(records).length);
  }

  // ---------------------------------------------------------------------------------------------
  // form: api_key=K&identification=[...]&options={...}
  // ---------------------------------------------------------------------------------------------

  @Test
  void form_decodesToTheApiKeyTheRecordsAndTheOptions_withTheKeyFormEncoded() throws IOException {
    List<EncodedRecord> records = identifications(5);

    byte[] body = RequestBodies.create(FORM_KEY, 5).form(records);

    Map<String, String> fields = decodeForm(body);
    assertThat(fields.keySet()).containsExactly("api_key", "identification", "options");
    assertThat(fields.get("api_key")).isEqualTo(FORM_KEY);
    JsonNode identification = MAPPER.readTree(fields.get("identification"));
    assertThat(identification.isArray()).isTrue();
    assertThat(elements(identification)).containsExactlyElementsOf(trees(records));
    assertThat(MAPPER.readTree(fields.get("options"))).isEqualTo(MAPPER.readTree("{\"min_id_length\":5}"));
  }

  @Test
  void form_isExactlyWhatUrlEncoderProduces() {
    List<EncodedRecord> records = identifications(AWKWARD.length);

    String body = new String(RequestBodies.create(FORM_KEY, 12).form(records), StandardCharsets.US_ASCII);

    String array = records.stream().map(EncodedRecord::json).collect(Collectors.joining(",", "[", "]"));
    assertThat(body)
        .isEqualTo(
            "api_key=" + URLEncoder.encode(FORM_KEY, StandardCharsets.UTF_8)
                + "&identification=" + URLEncoder.encode(array, StandardCharsets.UTF_8)
                + "&options=" + URLEncoder.encode("{\"min_id_length\":12}", StandardCharsets.UTF_8));
  }

  @Test
  void form_isPureAscii() {
    byte[] body = RequestBodies.create(FORM_KEY, 5).form(identifications(8));

    for (byte b : body) {
      assertThat(b & 0xFF).isBetween(0x21, 0x7E);
    }
  }

  @Test
  void form_withoutMinIdLength_hasNoOptionsField() throws IOException {
    List<EncodedRecord> records = identifications(2);

    Map<String, String> fields = decodeForm(RequestBodies.create(FORM_KEY, null).form(records));

    assertThat(fields.keySet()).containsExactly("api_key", "identification");
    assertThat(fields.get("api_key")).isEqualTo(FORM_KEY);
    assertThat(elements(MAPPER.readTree(fields.get("identification")))).containsExactlyElementsOf(trees(records));
  }

  @Test
  void form_withNoRecords_isAnEmptyIdentificationArray() {
    Map<String, String> fields = decodeForm(RequestBodies.create(PLAIN_KEY, 3).form(List.of()));

    assertThat(fields)
        .containsExactly(
            Map.entry("api_key", PLAIN_KEY),
            Map.entry("identification", "[]"),
            Map.entry("options", "{\"min_id_length\":3}"));
  }

  @ParameterizedTest(name = "key {0}, min_id_length {1}, {2} records")
  @MethodSource("sizeCases")
  void formSize_equalsTheAssembledBodysLength(String key, Integer minIdLength, int count) {
    RequestBodies bodies = RequestBodies.create(key, minIdLength);
    List<EncodedRecord> records = identifications(count);
    long total = records.stream().mapToLong(EncodedRecord::formSize).sum();

    assertThat(bodies.formSize(count, total)).isEqualTo(bodies.form(records).length);
  }

  // ---------------------------------------------------------------------------------------------
  // create and toString
  // ---------------------------------------------------------------------------------------------

  @Test
  void toString_doesNotRevealTheApiKey() {
    assertThat(RequestBodies.create(PLAIN_KEY, 5).toString())
        .doesNotContain(PLAIN_KEY)
        .doesNotContain(PLAIN_KEY.substring(0, 8));
    assertThat(RequestBodies.create(FORM_KEY, null).toString())
        .doesNotContain(FORM_KEY)
        .doesNotContain(URLEncoder.encode(FORM_KEY, StandardCharsets.UTF_8));
  }

  @Test
  void create_withMinIdLengthBelowOne_throwsIllegalArgumentException() {
    assertThatThrownBy(() -> RequestBodies.create(PLAIN_KEY, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minIdLength");
    assertThatThrownBy(() -> RequestBodies.create(PLAIN_KEY, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void create_withNullApiKey_throwsNullPointerException() {
    assertThatThrownBy(() -> RequestBodies.create(null, 5))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("apiKey");
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------------------------

  /** Strings that JSON and form encoding must both escape or carry through. */
  private static final String[] AWKWARD = {
    "plain", "a b", "a&b=c+d", "100%", "\"quoted\"", "back\\slash", "line\nbreak\u0000", "</script>",
    "caf\u00E9", "\u6771\u4EAC", "\u0645\u0631\u062D\u0628\u0627", "\uD83D\uDC69\u200D\uD83D\uDCBB",
    "\uD83C\uDDE9\uD83C\uDDEA", "*-._~", "[1,2]", "{}"
  };

  private static String awkward(int i) {
    return AWKWARD[i % AWKWARD.length];
  }

  private static List<EncodedRecord> events(int count) {
    List<EncodedRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      EventRecord.Builder event =
          EventRecord.builder("Event " + awkward(i))
              .userId("user-" + i + awkward(i + 3))
              .time(Instant.ofEpochMilli(1_700_000_000_000L + i))
              .eventProperty(awkward(i + 1), awkward(i + 2))
              .eventProperty("amount", new BigDecimal("1E+" + (i % 20)))
              .eventProperty("ratio", i / 7.0f)
              .eventProperty("nothing", null);
      if (i % 3 == 0) {
        event.deviceId("device-" + awkward(i + 5)).group("company", awkward(i), awkward(i + 1));
      }
      if (i % 4 == 1) {
        event.userProperties(PropertyOperations.builder().set("plan", awkward(i)).add("logins", i).build());
      }
      if (i == 0) {
        event.eventProperty("coder", "\uD83D\uDC69\u200D\uD83D\uDCBB");
      }
      records.add(WIRE.event(event.build()));
    }
    return records;
  }

  private static List<EncodedRecord> identifications(int count) {
    List<EncodedRecord> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      switch (i % 4) {
        case 0 -> records.add(WIRE.identification(
            UserRecord.builder("user-" + awkward(i))
                .userProperties(
                    PropertyOperations.builder().set(awkward(i + 1), awkward(i + 2)).unset("old").build())
                .group("company", awkward(i + 3))
                .country(awkward(i + 4))
                .build()));
        case 1 -> records.add(WIRE.identification(
            DeviceRecord.builder("device-" + awkward(i))
                .userId("user-" + i)
                .platform(awkward(i + 1))
                .group("team", "a b", awkward(i + 2))
                .build()));
        case 2 -> records.add(WIRE.groupIdentification(
            GroupRecord.builder("org " + awkward(i), awkward(i + 1))
                .groupProperties(PropertyOperations.builder().set("name", awkward(i + 2)).add("seats", 5).build())
                .build()));
        default -> records.add(WIRE.membership(
            GroupRecord.builder("company", awkward(i)).userId("user-" + awkward(i + 1)).build()));
      }
    }
    return records;
  }

  /** Splits a form body on {@code &}, then each pair on its first {@code =}, and URL-decodes each value. */
  private static Map<String, String> decodeForm(byte[] body) {
    String text = new String(body, StandardCharsets.US_ASCII);
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : text.split("&", -1)) {
      int equals = pair.indexOf('=');
      assertThat(equals).as("'=' in %s", pair).isPositive();
      String name = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      assertThat(fields.put(name, value)).as("duplicate field %s", name).isNull();
    }
    return fields;
  }

  private static List<JsonNode> trees(List<EncodedRecord> records) throws IOException {
    List<JsonNode> trees = new ArrayList<>();
    for (EncodedRecord record : records) {
      trees.add(MAPPER.readTree(record.json()));
    }
    return trees;
  }

  private static List<JsonNode> elements(JsonNode array) {
    List<JsonNode> elements = new ArrayList<>();
    array.elements().forEachRemaining(elements::add);
    return elements;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
