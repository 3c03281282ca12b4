package dev.ampsync.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fake's own endpoints, for tests that cannot call its Java methods (a shell script, a test in
 * another language, the fake started with {@code java -jar}): {@code GET /_fake/state} answers
 * what the fake holds as JSON, {@code POST /_fake/reset} forgets it ({@link FakeAmplitude#reset()}).
 *
 * <p>The state is {@code {"events":[...], "event_count":N, "duplicate_count":D, "users":{id:
 * profile}, "devices":{id: profile}, "groups":{type:{value: profile}}, "requests":{"count":N,
 * "by_path":{...}, "by_status":{...}}, "faults":{kind: count}}}, a profile being {@code
 * {"properties":{}, "groups":{}, "fields":{}, "device_ids":[], "user_ids":[]}}. Events are as
 * sent; no API key appears anywhere (keys are top-level fields of a request, not of an event).
 * Read it when the code under test is done: its parts are read one after the other, not as one
 * atomic snapshot.
 */
final class StateEndpoint implements HttpHandler {
  static final String PREFIX = "/_fake/";
  static final String STATE = PREFIX + "state";
  static final String RESET = PREFIX + "reset";

  private final FakeAmplitude fake;

  StateEndpoint(FakeAmplitude fake) {
    this.fake = fake;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getRequestBody().readAllBytes();
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      Reply reply;
      if (path.equals(STATE)) {
        reply = method.equals("GET") ? Reply.json(200, state()) : notAllowed(exchange, "GET");
      } else if (path.equals(RESET)) {
        if (method.equals("POST")) {
          fake.reset();
          ObjectNode body = Wire.MAPPER.createObjectNode();
          body.put("code", 200);
          body.put("reset", true);
          reply = Reply.json(200, body);
        } else {
          reply = notAllowed(exchange, "POST");
        }
      } else {
        reply = Reply.error(404, "Unknown path: use GET " + STATE + " or POST " + RESET);
      }
      exchange.getResponseHeaders().set("Content-Type", reply.contentType());
      exchange.sendResponseHeaders(reply.status(), reply.body().length);
      exchange.getResponseBody().write(reply.body());
    }
  }

  private static Reply notAllowed(HttpExchange exchange, String allowed) {
    exchange.getResponseHeaders().set("Allow", allowed);
    return Reply.error(405, "Method not allowed: use " + allowed);
  }

  private ObjectNode state() {
    ObjectNode state = Wire.MAPPER.createObjectNode();
    ArrayNode events = state.putArray("events");
    fake.events().forEach(events::add);
    state.put("event_count", events.size());
    state.put("duplicate_count", fake.duplicateCount());
    putProfiles(state.putObject("users"), fake.users());
    putProfiles(state.putObject("devices"), fake.devices());
    ObjectNode groups = state.putObject("groups");
    fake.groups().forEach((type, values) -> putProfiles(groups.putObject(type), values));

    Map<String, Integer> byPath = new TreeMap<>();
    Map<String, Integer> byStatus = new TreeMap<>();
    int count = 0;
    for (RecordedRequest request : fake.requests()) {
      count++;
      byPath.merge(request.path(), 1, Integer::sum);
      // A connection reset fault has no status: counted as "none".
      String status =
          request.status() == RecordedRequest.NO_RESPONSE ? "none" : String.valueOf(request.status());
      byStatus.merge(status, 1, Integer::sum);
    }
    ObjectNode requests = state.putObject("requests");
    requests.put("count", count);
    requests.set("by_path", Wire.MAPPER.valueToTree(byPath));
    requests.set("by_status", Wire.MAPPER.valueToTree(byStatus));

    ObjectNode faults = state.putObject("faults");
    fake.faultCounts().forEach((kind, n) -> faults.put(kind.name(), n));
    return state;
  }

  private static void putProfiles(ObjectNode target, Map<String, FakeProfile> profiles) {
    profiles.forEach(
        (id, profile) -> {
          ObjectNode node = target.putObject(id);
          node.set("properties", Wire.MAPPER.valueToTree(profile.properties()));
          node.set("groups", Wire.MAPPER.valueToTree(profile.groups()));
          node.set("fields", Wire.MAPPER.valueToTree(profile.fields()));
          node.set("device_ids", Wire.MAPPER.valueToTree(profile.deviceIds()));
          node.set("user_ids", Wire.MAPPER.valueToTree(profile.userIds()));
        });
  }
}
