package dev.ampsync.client;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.ampsync.record.AmplitudeRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A WireMock server on 127.0.0.1 (dynamic port) for one test, answering Amplitude's documented
 * success on every endpoint unless a test stubs something more specific (a lower priority number),
 * and closing the clients the test made; {@link #submitAll} sends records and waits for their outcomes. Register with {@code @RegisterExtension}; it starts before
 * the test class's own {@code @BeforeEach} methods.
 */
final class WireMockAmplitude implements BeforeEachCallback, AfterEachCallback {
  /** batch-event-upload.md / http-v2.md, "200" response (amplitude-docs). */
  static final String SUCCESS =
      "{\"code\":200,\"events_ingested\":1,\"payload_size_bytes\":100,\"server_upload_time\":1396381378123}";

  private WireMockServer server;
  private final List<AmplitudeClient> clients = new ArrayList<>();

  @Override
  public void beforeEach(ExtensionContext context) {
    server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    server.stubFor(post(urlPathEqualTo("/batch")).atPriority(10).willReturn(okJson(SUCCESS)));
    server.stubFor(post(urlPathEqualTo("/2/httpapi")).atPriority(10).willReturn(okJson(SUCCESS)));
    server.stubFor(post(urlPathEqualTo("/identify")).atPriority(10).willReturn(ok("success")));
    server.stubFor(post(urlPathEqualTo("/groupidentify")).atPriority(10).willReturn(ok("success")));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (AmplitudeClient client : clients) {
      client.close();
    }
    clients.clear();
    server.stop();
  }

  /** Returns this test's server. */
  WireMockServer server() {
    return server;
  }

  /** Submits the records, flushes, and returns their outcome futures, all completed. */
  static List<CompletableFuture<Outcome>> submitAll(AmplitudeClient client, AmplitudeRecord... records)
      throws InterruptedException {
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    for (AmplitudeRecord record : records) {
      outcomes.add(client.submit(record));
    }
    assertThat(client.flush()).as("flush completed within the close timeout").isTrue();
    assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).isDone());
    return outcomes;
  }

  /** Closes the client after the test; returns it. */
  AmplitudeClient track(AmplitudeClient client) {
    clients.add(client);
    return client;
  }
}
