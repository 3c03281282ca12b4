package dev.ampsync.conformance;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A WireMock server on a dynamic port of 127.0.0.1 that answers exactly the bodies a conformance test
 * gives it, in the order given, and reads back what the client sent. It has no rules of its own
 * (unlike {@code FakeAmplitude}): an endpoint the test did not script answers Amplitude's documented
 * success (batch-event-upload.md / http-v2.md "200" example; identify.md: plain {@code success}).
 */
final class ConformanceStandIn implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String EVENTS_SUCCESS =
      "{\"code\":200,\"events_ingested\":50,\"payload_size_bytes\":50,\"server_upload_time\":1396381378123}";

  private final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

  ConformanceStandIn() {
    server.start();
    for (String path : List.of("/batch", "/2/httpapi")) {
      server.stubFor(post(urlPathEqualTo(path)).atPriority(10).willReturn(json(200, EVENTS_SUCCESS)));
    }
    for (String path : List.of("/identify", "/groupidentify")) {
      server.stubFor(post(urlPathEqualTo(path)).atPriority(10).willReturn(aResponse().withStatus(200).withBody("success")));
    }
  }

  URI endpoint() {
    return URI.create(server.baseUrl());
  }

  /** Answers the next requests to {@code path} with {@code first}, then the default success. */
  void answerFirst(String path, int status, String body) {
    String scenario = "first answer of " + path;
    server.stubFor(
        post(urlPathEqualTo(path))
            .atPriority(1)
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(status, body))
            .willSetStateTo("answered"));
  }

  /** Answers every request to {@code path} with this status and body. */
  void answerAlways(String path, int status, String body) {
    server.stubFor(post(urlPathEqualTo(path)).atPriority(5).willReturn(json(status, body)));
  }

  /** Answers requests to {@code path} whose body contains {@code text} with this status and body. */
  void answerWhenContaining(String path, String text, int status, String body) {
    server.stubFor(
        post(urlPathEqualTo(path))
            .atPriority(1)
            .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(text))
            .willReturn(json(status, body)));
  }

  /** The requests to {@code path}, oldest answer first. */
  List<LoggedRequest> requests(String path) {
    List<ServeEvent> all = new ArrayList<>(server.getAllServeEvents());
    Collections.reverse(all); // WireMock lists the newest first
    List<LoggedRequest> requests = new ArrayList<>();
    for (ServeEvent event : all) {
      if (event.getRequest().getUrl().equals(path)) {
        requests.add(event.getRequest());
      }
    }
    return requests;
  }

  int requestCount() {
    return server.getAllServeEvents().size();
  }

  @Override
  public void close() {
    server.stop();
  }

  static JsonNode parse(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode body(LoggedRequest request) {
    return parse(request.getBodyAsString());
  }

  /** A form body's fields, URL-decoded. */
  static Map<String, String> form(LoggedRequest request) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : request.getBodyAsString().split("&")) {
      int eq = pair.indexOf('=');
      fields.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return fields;
  }

  /** The values of {@code field} of each event of an events body, in order. */
  static List<String> eventValues(LoggedRequest request, String field) {
    List<String> values = new ArrayList<>();
    for (JsonNode event : body(request).get("events")) {
      values.add(event.path(field).asText(null));
    }
    return values;
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }
}
