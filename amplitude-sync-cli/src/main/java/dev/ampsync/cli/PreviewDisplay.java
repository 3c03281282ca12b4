package dev.ampsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ampsync.client.PreviewRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Shows a preview's requests on stdout. A body of thousands of records is one line of hundreds of
 * kilobytes, so by default each request shows as its request line, its envelope fields (the API
 * key redacted), its first {@value #RECORDS} records one per line cut to {@value #WIDTH}
 * characters, and how many records it holds beyond those. {@code --bodies N} shows the first N
 * bodies in full (form bodies decoded, one field per line).
 */
final class PreviewDisplay {
  static final int RECORDS = 3;
  static final int WIDTH = 200;
  /**
   * Reads the bodies to show them again: numbers must come out as they were sent (decimals are sent
   * exact, and written plain), not as doubles or in exponent form ({@code 1.50} would show as
   * {@code 1.5}, twenty digits as {@code 1.2E19}, {@code 0.0000000100} as {@code 1.00E-8}).
   */
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
      .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
      .build();

  private PreviewDisplay() {}

  static void print(List<PreviewRequest> requests, int fullBodies, PrintStream out) {
    for (int i = 0; i < requests.size(); i++) {
      PreviewRequest request = requests.get(i);
      out.println("POST " + request.path() + "  (" + request.records() + " records, " + request.contentType() + ")");
      out.println(i < fullBodies ? readable(request) : shortened(request));
      out.println();
    }
  }

  /** The request's envelope fields and first records, each on one line of at most WIDTH characters. */
  static String shortened(PreviewRequest request) {
    List<String> lines = new ArrayList<>();
    int shown = 0;
    for (Map.Entry<String, String> field : fields(request)) {
      JsonNode records = arrayOrNull(field.getValue());
      if (records == null) {
        lines.add(cut("  " + field.getKey() + ": " + field.getValue()));
        continue;
      }
      for (JsonNode record : records) {
        if (shown++ < RECORDS) {
          lines.add(cut("  " + field.getKey() + "[" + (shown - 1) + "]: " + write(record)));
        }
      }
    }
    if (shown > RECORDS) {
      int more = shown - RECORDS;
      lines.add("  (+" + more + " more record" + (more == 1 ? "" : "s") + ")");
    }
    return String.join("\n", lines);
  }

  /** The body's top-level fields: a form's decoded pairs, or a JSON object's members. */
  private static List<Map.Entry<String, String>> fields(PreviewRequest request) {
    List<Map.Entry<String, String>> fields = new ArrayList<>();
    if (request.contentType().startsWith("application/x-www-form-urlencoded")) {
      for (String pair : request.body().split("&")) {
        String[] kv = pair.split("=", 2);
        fields.add(Map.entry(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : ""));
      }
      return fields;
    }
    try {
      JsonNode body = JSON.readTree(request.body());
      if (!body.isObject()) {
        return List.of(Map.entry("body", request.body()));
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        fields.add(Map.entry(member.getKey(),
            member.getValue().isTextual() ? member.getValue().asText() : write(member.getValue())));
      }
      return fields;
    } catch (IOException e) {
      // Not JSON after all: show it as one (cut) line rather than fail the preview.
      return List.of(Map.entry("body", request.body()));
    }
  }

  /** A node as JSON, numbers as they were read (JsonNode.toString() would write 1.00E-8). */
  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree that was just read cannot be written again", e);
    }
  }

  private static JsonNode arrayOrNull(String value) {
    if (!value.startsWith("[")) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(value);
      return node.isArray() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String cut(String line) {
    return line.length() <= WIDTH ? line : line.substring(0, WIDTH - 1) + "…";
  }

  /** The whole body: form bodies decoded, one field per line; JSON bodies as they are. */
  static String readable(PreviewRequest request) {
    if (!request.contentType().startsWith("application/x-www-form-urlencoded")) {
      return request.body();
    }
    StringBuilder out = new StringBuilder();
    for (String pair : request.body().split("&")) {
      String[] kv = pair.split("=", 2);
      out.append(kv[0]).append(" = ")
          .append(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "")
          .append('\n');
    }
    return out.toString().stripTrailing();
  }
}
