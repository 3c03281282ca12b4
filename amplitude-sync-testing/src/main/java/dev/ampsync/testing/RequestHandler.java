package dev.ampsync.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one HTTP exchange of the fake: reads and decodes the body, applies the next fault from
 * {@link Faults}, hands the request to {@link Ingestion}, records it as a {@link RecordedRequest}
 * and sends the {@link Reply}. Thread-safe; runs on the server's threads.
 */
final class RequestHandler implements HttpHandler {
  // Logged under the fake's name, the one users configure.
  private static final Logger log = LoggerFactory.getLogger(FakeAmplitude.class);
  private static final Set<String> PATHS =
      Set.of(Wire.BATCH, Wire.HTTP_API, Wire.IDENTIFY, Wire.GROUP_IDENTIFY);

  private final Clock clock;
  private final Ingestion ingestion;
  private final Faults faults;
  // guarded by itself
  private final List<RecordedRequest> requests = new ArrayList<>();

  RequestHandler(Clock clock, Ingestion ingestion, Faults faults) {
    this.clock = clock;
    this.ingestion = ingestion;
    this.faults = faults;
  }

  /** Every request received so far, in the order they were answered (or reset). */
  List<RecordedRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  void clearRequests() {
    synchronized (requests) {
      requests.clear();
    }
  }

  @Override
  public void handle(HttpExchange exchange) {
    try {
      serve(exchange);
    } catch (IOException e) {
      log.debug("fake Amplitude: connection failed: {}", e.toString());
    } catch (RuntimeException e) {
      log.warn("fake Amplitude: internal error", e);
      try {
        send(exchange, Reply.error(500, "fake Amplitude internal error: " + e));
      } catch (IOException | RuntimeException ignored) {
        // the client is gone or headers were sent; nothing more to do
      }
    } finally {
      exchange.close();
    }
  }

  private void serve(HttpExchange exchange) throws IOException {
    Instant receivedAt = clock.instant();
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    byte[] raw = exchange.getRequestBody().readAllBytes();
    Map<String, List<String>> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    byte[] body = decode(raw, exchange.getRequestHeaders().getFirst("Content-Encoding"));
    long decompressedSize = body == null ? -1 : body.length;

    Reply reply;
    if (!PATHS.contains(path)) {
      reply = Reply.error(400, "Invalid request path");
    } else if (!method.equals("POST")) {
      reply = Reply.error(405, "Method not allowed: use POST");
      exchange.getResponseHeaders().set("Allow", "POST");
    } else {
      Faults.Planned fault = faults.next();
      if (fault != null && fault.kind() == FaultKind.RESET) {
        record(
            method, path, headers, raw, decompressedSize, RecordedRequest.NO_RESPONSE, receivedAt);
        log.debug("{} {} -> connection reset (fault)", method, path);
        // Closing an exchange before sending headers closes the connection: no response at all.
        exchange.close();
        return;
      }
      if (fault != null && fault.kind() == FaultKind.DELAY) {
        try {
          Thread.sleep(fault.delay().toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return; // closing down
        }
      }
      reply = fault == null ? null : faultReply(fault, path, contentType, body);
      if (reply == null) {
        reply = process(path, contentType, body);
      }
    }
    record(method, path, headers, raw, decompressedSize, reply.status(), receivedAt);
    log.debug("{} {} -> {}", method, path, reply.status());
    send(exchange, reply);
  }

  /** The answer a fault imposes, or null when the request is to be processed normally. */
  private Reply faultReply(Faults.Planned fault, String path, String contentType, byte[] body) {
    switch (fault.kind()) {
      case ACCEPT_THEN_FAIL:
        process(path, contentType, body);
        return Reply.error(500, "Internal Server Error");
      case TOO_LARGE:
        if (fault.random() && Wire.itemCount(path, body) <= 1) {
          // A real 413 comes from size: a random one never hits a request of a single record,
          // which no split could make smaller. Such a draw is not counted as injected.
          faults.uncount(FaultKind.TOO_LARGE);
          return null;
        }
        return Reply.tooLarge(path);
      case THROTTLE:
        return Throttles.throttleEverything(path, body);
      case SERVER_ERROR:
        return errorReply(fault.status());
      default:
        return null;
    }
  }

  private static Reply errorReply(int status) {
    return switch (status) {
      case 502 -> Reply.html(502, "502 Bad Gateway");
      case 504 -> Reply.html(504, "504 Gateway Time-out");
      case 500 -> Reply.error(500, "Internal Server Error");
      case 503 -> Reply.error(503, "Service Unavailable");
      case 403 -> Reply.error(403, "Forbidden");
      default -> Reply.error(status, "Injected error " + status);
    };
  }

  private Reply process(String path, String contentType, byte[] body) {
    if (body == null) {
      return Wire.isFormPath(path)
          ? Reply.text(400, "invalid Content-Encoding or compressed body")
          : Reply.error(400, "Invalid request body: bad Content-Encoding or compressed body");
    }
    return switch (path) {
      case Wire.BATCH, Wire.HTTP_API -> ingestion.events(path, contentType, body);
      case Wire.IDENTIFY -> ingestion.identify(contentType, body);
      case Wire.GROUP_IDENTIFY -> ingestion.groupIdentify(contentType, body);
      default -> Reply.error(400, "Invalid request path");
    };
  }

  /** The decoded body, or null when the encoding is unsupported or the gzip data is corrupt. */
  private static byte[] decode(byte[] raw, String contentEncoding) {
    String encoding =
        contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    if (encoding.isEmpty() || encoding.equals("identity")) {
      return raw;
    }
    if (!encoding.equals("gzip")) {
      return null;
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
      return in.readAllBytes();
    } catch (IOException | UncheckedIOException e) {
      return null;
    }
  }

  private void record(
      String method,
      String path,
      Map<String, List<String>> headers,
      byte[] raw,
      long decompressedSize,
      int status,
      Instant receivedAt) {
    RecordedRequest request =
        new RecordedRequest(
            method,
            path,
            Collections.unmodifiableMap(headers),
            raw,
            decompressedSize,
            status,
            receivedAt);
    synchronized (requests) {
      requests.add(request);
    }
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", reply.contentType());
    byte[] body = reply.body();
    exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }
}
