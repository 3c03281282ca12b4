package dev.ampsync.internal.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampsync.client.AmplitudeException;
import dev.ampsync.client.BadRequestException;
import dev.ampsync.client.ForbiddenException;
import dev.ampsync.client.InvalidApiKeyException;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one function that decides what an answer from Amplitude means (reference §7.8):
 *
 * <pre>
 * 2xx                          accepted (unless the JSON body's code says 429 or 400)
 * 400 invalid API key          fatal: InvalidApiKeyException, no retry
 * 400 missing_field / bad JSON fatal: BadRequestException, no retry
 * 400 naming events            those records rejected with Amplitude's reason, the rest resent
 * 400 naming nothing           bisect to isolate the bad records (identify APIs never name indexes)
 * 403                          fatal: ForbiddenException
 * 404, 405, 501, 505, other 4xx fatal: the endpoint is wrong
 * 408, 5xx                     retry with backoff (500/502/504 may have been ingested: insert_id dedups)
 * 413                          split in halves; a record too large alone is rejected
 * 429                          hold the throttled ids, reject daily-quota ids, resend the rest now
 * </pre>
 */
public final class ResponseClassifier {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] INDEX_MAPS = {
    "events_with_invalid_fields", "events_with_missing_fields", "events_with_invalid_id_lengths"
  };

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
      JsonNode bodyCode = json == null ? null : json.get("code");
      if (bodyCode == null || !bodyCode.canConvertToInt() || bodyCode.asInt() / 100 == 2) {
        return new Verdict.Accepted();
      }
      code = bodyCode.asInt(); // a 2xx whose body says 429 or 400 (seen by RudderStack)
    }
    String text = describe(status, body, json);
    switch (code) {
      case 400:
        return badRequest(endpoint, text, json, count);
      case 403:
        return new Verdict.Fatal(
            new ForbiddenException(
                "Amplitude answered 403 Forbidden: its firewall blocked the request (content matching"
                    + " a security rule, or traffic from a blocked region). "
                    + text));
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

  private Verdict badRequest(Endpoint endpoint, String text, JsonNode json, int count) {
    String error = json == null ? text : json.path("error").asText(text);
    String lower = error.toLowerCase(Locale.ROOT);
    if (lower.contains("api key") || lower.contains("api_key") || lower.contains("apikey")) {
      return new Verdict.Fatal(
          new InvalidApiKeyException(
              400,
              "Amplitude refused the API key ("
                  + text
                  + "). Check the key, and that the region matches the project: an EU project's key"
                  + " is only valid with Region.EU."));
    }
    if (json != null && json.hasNonNull("missing_field")) {
      return new Verdict.Fatal(
          new BadRequestException(
              400,
              "Amplitude says the request lacks field '"
                  + json.get("missing_field").asText()
                  + "' ("
                  + text
                  + "); this is a defect in amplitude-sync or a proxy that alters requests"));
    }
    Map<Integer, Verdict.Rejection> rejected = json == null ? Map.of() : indexedRejections(json, count);
    if (!rejected.isEmpty()) {
      return new Verdict.PartlyInvalid(rejected);
    }
    if (lower.contains("invalid json") || lower.contains("missing request body")
        || lower.contains("invalid request path")) {
      return new Verdict.Fatal(
          new BadRequestException(
              400,
              "Amplitude refused the request to "
                  + endpoint.path()
                  + " as malformed ("
                  + text
                  + "); check the endpoint, or report a defect in amplitude-sync"));
    }
    return new Verdict.Bisect(text);
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

  private String describe(int status, String body, JsonNode json) {
    String shown = body == null || body.isBlank() ? "(empty body)" : body.strip();
    if (json != null && json.hasNonNull("error")) {
      shown = json.get("error").asText();
    }
    return redactor.redact("HTTP " + status + " " + shown);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isEmpty() || body.charAt(0) != '{') {
      return null;
    }
    try {
      return JSON.readTree(body);
    } catch (IOException notJson) {
      return null;
    }
  }
}
