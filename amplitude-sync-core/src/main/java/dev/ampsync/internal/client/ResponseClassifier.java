package dev.ampsync.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.BadRequestException;
import dev.ampsync.client.InvalidApiKeyException;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The one function that decides what an answer from Amplitude means (reference §7.8):
 *
 * <pre>
 * 2xx, event APIs              accepted only with Amplitude's JSON body and a 2xx "code"; a JSON
 *                              body whose code says 4xx/5xx is read by that code
 * 2xx, identify APIs           accepted only with Amplitude's plain-text "success" (or its JSON)
 * 2xx, anything else           not Amplitude's answer (a proxy's or captive portal's page, an empty
 *                              body): transient, retried like a 5xx, never accepted
 * 400 invalid API key          fatal: InvalidApiKeyException, no retry (Amplitude's wording only)
 * 400 missing_field / bad JSON fatal: BadRequestException, no retry (an empty missing_field is not)
 * 400 naming events            those records rejected with Amplitude's reason, the rest resent
 * 400 naming nothing           bisect to isolate the bad records (identify APIs never name indexes)
 * 403                          Forbidden: bisect to isolate the records Amplitude's firewall refuses
 *                              ({@link AnswerHandler} stops the client when it refuses everything)
 * 404, 405, 501, 505, other 4xx fatal: the endpoint is wrong
 * 408, 5xx                     retry with backoff (500/502/504 may have been ingested: insert_id dedups)
 * 413                          split in halves; a record too large alone is rejected
 * 429                          hold the throttled ids, reject daily-quota ids, resend the rest now
 * </pre>
 *
 * <p>Sources: the success bodies of {@code amplitude-docs} {@code http-v2.md} and {@code
 * batch-event-upload.md}; Amplitude-Java {@code Response.populateResponse} and Amplitude-Python
 * {@code http_client.Response.parse} read the body's {@code code} and treat a body that is not JSON
 * as an error; the legacy plain-text {@code success} (Amplitude-Android {@code AmplitudeClient});
 * the SDKs' invalid-key test ({@code "Invalid API key"} prefix: Java {@code Response.hasInvalidAPIKey},
 * Python {@code processor.py}, TypeScript {@code destination.ts}); their {@code missing_field} test
 * (a non-empty value).
 */
public final class ResponseClassifier {
  /** Built on the first body read: a run that sends nothing never builds an object mapper. */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
  private static final String[] INDEX_MAPS = {
    "events_with_invalid_fields", "events_with_missing_fields", "events_with_invalid_id_lengths"
  };
  /** Amplitude's error texts for a request that is wrong as a whole (http-v2.md, "400"). */
  private static final String[] MALFORMED = {
    "Invalid JSON request body", "Missing request body", "Invalid request path"
  };
  /** The most characters of an answer a reason shows (an HTML page can be long). */
  static final int SHOWN_CHARS = 300;

  private final Redactor redactor;

  /** Creates a classifier whose reasons never contain the key. */
  public ResponseClassifier(Redactor redactor) {
    this.redactor = redactor;
  }

  /**
   * Classifies one answer.
   *
   * @param endpoint where the request went
   * @param status the HTTP status
   * @param body the body, possibly empty or not JSON
   * @param count how many records the request carried
   */
  public Verdict classify(Endpoint endpoint, int status, String body, int count) {
    JsonNode json = parse(body);
    int code = status;
    if (status / 100 == 2) {
      Verdict verdict = success(endpoint, status, body, json);
      if (verdict != null) {
        return verdict;
      }
      code = json.get("code").asInt(); // a 2xx whose body says 429 or 400 (seen by RudderStack)
    }
    String text = describe(status, body, json);
    switch (code) {
      case 400:
        return badRequest(endpoint, text, body, json, count);
      case 403:
        return new Verdict.Forbidden(text);
      case 408:
        return new Verdict.Retryable(text);
      case 413:
      case 414:
        return new Verdict.TooLarge(text);
      case 429:
        return throttled(json);
      case 501:
      case 505:
        return new Verdict.Fatal(
            new BadRequestException(code, "Amplitude cannot serve " + endpoint.path() + ": " + text));
      default:
        if (code >= 500) {
          return new Verdict.Retryable(text);
        }
        return new Verdict.Fatal(
            new AmplitudeException(
                code,
                "unexpected answer from "
                    + endpoint.path()
                    + ": "
                    + text
                    + "; check the client's endpoint or proxy"));
    }
  }

  /**
   * A 2xx: accepted when it is Amplitude's success answer; null when it is Amplitude's JSON with an
   * error code, 4xx or 5xx (read by that code); otherwise not Amplitude's answer, so transient.
   */
  private Verdict success(Endpoint endpoint, int status, String body, JsonNode json) {
    JsonNode code = json == null ? null : json.get("code");
    if (code != null && code.isIntegralNumber()) {
      int value = code.asInt();
      if (value / 100 == 2) {
        return new Verdict.Accepted();
      }
      if (value >= 400 && value < 600) {
        return null;
      }
    }
    String text = body == null ? "" : body.strip();
    if (endpoint.isForm() && text.equalsIgnoreCase("success")) {
      return new Verdict.Accepted();
    }
    if (json == null && isInvalidKey(text)) {
      return invalidKey(describe(status, body, null));
    }
    return new Verdict.Retryable(describe(status, body, json) + " is not Amplitude's answer (a proxy's?)");
  }

  private Verdict badRequest(Endpoint endpoint, String text, String body, JsonNode json, int count) {
    String error = json == null ? (body == null ? "" : body.strip()) : json.path("error").asText("");
    if (isInvalidKey(error)) {
      return invalidKey(text);
    }
    JsonNode missing = json == null ? null : json.get("missing_field");
    if (missing != null && !missing.isNull() && !missing.asText().isEmpty()) {
      return new Verdict.Fatal(
          new BadRequestException(
              400,
              "Amplitude says the request lacks field '"
                  + redactor.redact(missing.asText())
                  + "' ("
                  + text
                  + "); this is a defect in amplitude-sync or a proxy that alters requests"));
    }
    Map<Integer, Verdict.Rejection> rejected = json == null ? Map.of() : indexedRejections(json, count);
    if (!rejected.isEmpty()) {
      return new Verdict.PartlyInvalid(rejected);
    }
    for (String malformed : MALFORMED) {
      if (error.regionMatches(true, 0, malformed, 0, malformed.length())) {
        return new Verdict.Fatal(
            new BadRequestException(
                400,
                "Amplitude refused the request to "
                    + endpoint.path()
                    + " as malformed ("
                    + text
                    + "); check the endpoint, or report a defect in amplitude-sync"));
      }
    }
    return new Verdict.Bisect(text);
  }

  /**
   * Tells whether an error text is Amplitude's own for an unknown key: {@code Invalid API key: ...}
   * (the prefix the SDKs test), or the legacy endpoints' plain {@code invalid api_key} (segment-boneyard/integration-amplitude). Never a text
   * that merely mentions {@code api_key}, as an echoing proxy's answer does.
   */
  static boolean isInvalidKey(String error) {
    return error.regionMatches(true, 0, "Invalid API key", 0, 15) || error.equalsIgnoreCase("invalid api_key");
  }

  private static Verdict invalidKey(String text) {
    return new Verdict.Fatal(
        new InvalidApiKeyException(
            400,
            "Amplitude refused the API key ("
                + text
                + "). Check the key, and that the region matches the project: an EU project's key"
                + " is only valid with Region.EU."));
  }

  private static Map<Integer, Verdict.Rejection> indexedRejections(JsonNode json, int count) {
    Map<Integer, Verdict.Rejection> rejected = new LinkedHashMap<>();
    for (String map : INDEX_MAPS) {
      JsonNode byField = json.get(map);
      if (byField == null || !byField.isObject()) {
        continue;
      }
      String why = map.replace("events_with_", "").replace('_', ' ');
      for (Iterator<Map.Entry<String, JsonNode>> it = byField.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        for (JsonNode index : entry.getValue()) {
          int i = index.asInt(-1);
          if (i >= 0 && i < count) {
            rejected.putIfAbsent(
                i, new Verdict.Rejection(entry.getKey(), why + ": " + entry.getKey()));
          }
        }
      }
    }
    JsonNode silenced = json.get("silenced_events");
    if (silenced != null && silenced.isArray()) {
      for (JsonNode index : silenced) {
        int i = index.asInt(-1);
        if (i >= 0 && i < count) {
          rejected.putIfAbsent(
              i, new Verdict.Rejection("device_id", "events silenced for this device_id by Amplitude"));
        }
      }
    }
    return rejected;
  }

  private static Verdict throttled(JsonNode json) {
    if (json == null) {
      return new Verdict.Throttled(Set.of(), Set.of(), Map.of(), Map.of(), Set.of());
    }
    Set<Integer> indexes = new LinkedHashSet<>();
    for (JsonNode index : json.path("throttled_events")) {
      indexes.add(index.asInt());
    }
    return new Verdict.Throttled(
        json.path("throttled_users").isObject() ? keys(json.get("throttled_users")) : Set.of(),
        json.path("throttled_devices").isObject() ? keys(json.get("throttled_devices")) : Set.of(),
        counts(json.get("exceeded_daily_quota_users")),
        counts(json.get("exceeded_daily_quota_devices")),
        indexes);
  }

  private static Set<String> keys(JsonNode object) {
    Set<String> keys = new LinkedHashSet<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static Map<String, Long> counts(JsonNode object) {
    if (object == null || !object.isObject()) {
      return Map.of();
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
    return counts;
  }

  /** The status and the body (Amplitude's error text when it gave one), redacted, then shortened. */
  private String describe(int status, String body, JsonNode json) {
    String shown = body == null || body.isBlank() ? "(empty body)" : body.strip();
    if (json != null && json.hasNonNull("error")) {
      shown = json.get("error").asText();
    }
    // Redacted before it is cut, so that no part of the key survives a cut through it.
    String text = redactor.redact("HTTP " + status + " " + shown);
    if (text.length() > SHOWN_CHARS) {
      text = text.substring(0, SHOWN_CHARS).replaceAll("\\s+", " ") + "...";
    }
    return text;
  }

  /** Reads a JSON object body; leading whitespace is allowed. Returns null for anything else. */
  private static JsonNode parse(String body) {
    if (body == null) {
      return null;
    }
    int start = 0;
    while (start < body.length()
        && (Character.isWhitespace(body.charAt(start)) || body.charAt(start) == '\uFEFF')) {
      start++;
    }
    if (start == body.length() || body.charAt(start) != '{') {
      return null;
    }
    try {
      JsonNode json = Json.MAPPER.readTree(start == 0 ? body : body.substring(start));
      return json != null && json.isObject() ? json : null;
    } catch (IOException notJson) {
      return null;
    }
  }
}
