package dev.ampsync.testing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How requests reach the fake: the four ingestion paths, their content types, and reading a body (JSON,
 * a form, the {@code identification} field, the ids of a request). Stateless.
 */
final class Wire {
  static final String BATCH = "/batch";
  static final String HTTP_API = "/2/httpapi";
  static final String IDENTIFY = "/identify";
  static final String GROUP_IDENTIFY = "/groupidentify";

  static final String JSON = "application/json";
  static final String TEXT = "text/plain; charset=utf-8";
  static final String FORM = "application/x-www-form-urlencoded";

  static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private Wire() {}

  static boolean isFormPath(String path) {
    return IDENTIFY.equals(path) || GROUP_IDENTIFY.equals(path);
  }

  /** How many events or identifications a request carries (0 when unreadable). */
  static int itemCount(String path, byte[] body) {
    return requestIds(path, body).size();
  }

  /** The {user_id, device_id} of each event or identification of a request, in order. */
  static List<String[]> requestIds(String path, byte[] body) {
    List<String[]> ids = new ArrayList<>();
    if (body != null && isFormPath(path)) {
      Map<String, String> form = parseForm(body);
      List<JsonNode> items = form == null ? null : identifications(form.get("identification"));
      if (items != null) {
        items.forEach(
            item -> ids.add(new String[] {text(item, "user_id"), text(item, "device_id")}));
      }
    } else if (body != null) {
      JsonNode root = parse(body);
      JsonNode list = root == null ? null : root.get("events");
      if (list != null && list.isArray()) {
        list.forEach(
            event -> ids.add(new String[] {text(event, "user_id"), text(event, "device_id")}));
      }
    }
    return ids;
  }

  /** The items of an {@code identification} field, or null when missing or malformed. */
  static List<JsonNode> identifications(String identification) {
    if (identification == null || identification.isBlank()) {
      return null;
    }
    JsonNode node = parse(identification.getBytes(StandardCharsets.UTF_8));
    if (node == null) {
      return null;
    }
    List<JsonNode> items = new ArrayList<>();
    if (node.isObject()) {
      items.add(node);
    } else if (node.isArray() && !node.isEmpty()) {
      node.forEach(items::add);
    } else {
      return null;
    }
    return items;
  }

  static boolean present(JsonNode node) {
    return node != null && !node.isNull() && !node.isMissingNode();
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }

  static JsonNode parse(byte[] body) {
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  static Map<String, String> parseForm(byte[] body) {
    Map<String, String> form = new LinkedHashMap<>();
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return form;
    }
    try {
      for (String pair : text.split("&")) {
        int eq = pair.indexOf('=');
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        form.putIfAbsent(name, value);
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return form;
  }

  static boolean hasMediaType(String contentType, String mediaType) {
    if (contentType == null) {
      return false;
    }
    String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return type.equals(mediaType);
  }
}
