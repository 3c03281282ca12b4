package dev.ampsync.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A response of the fake: status, content type and body, in the shapes Amplitude answers with (JSON
 * errors, plain text on the form endpoints, a gateway's HTML page).
 *
 * @param status the HTTP status
 * @param contentType the content type
 * @param body the body bytes
 */
record Reply(int status, String contentType, byte[] body) {
  static Reply json(int status, ObjectNode node) {
    try {
      return new Reply(status, Wire.JSON, Wire.MAPPER.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Reply text(int status, String text) {
    return new Reply(status, Wire.TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  static Reply html(int status, String title) {
    String html =
        "<html><head><title>"
            + title
            + "</title></head><body><center><h1>"
            + title
            + "</h1></center></body></html>\n";
    return new Reply(status, "text/html", html.getBytes(StandardCharsets.UTF_8));
  }

  /** A JSON error: {@code {"code":status,"error":message}}. */
  static Reply error(int status, String message) {
    ObjectNode body = Wire.MAPPER.createObjectNode();
    body.put("code", status);
    body.put("error", message);
    return json(status, body);
  }

  /** The 400 of an event request without a required top-level field. */
  static Reply missingField(String field) {
    ObjectNode body = Wire.MAPPER.createObjectNode();
    body.put("code", 400);
    body.put("error", "Request missing required field");
    body.put("missing_field", field);
    return json(400, body);
  }

  /** The 413 of the given path: JSON for the event paths, plain text for the form paths. */
  static Reply tooLarge(String path) {
    if (Wire.isFormPath(path)) {
      return text(413, "Payload too large");
    }
    return error(413, "Payload too large");
  }
}
