package dev.ampsync.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fast local stand-in for Amplitude on 127.0.0.1: reads and discards each body, counts requests
 * and bytes, and answers like Amplitude ({@code 200 {"code":200,...}} for {@code /batch} and {@code
 * /2/httpapi}, {@code 200 success} for {@code /identify} and {@code /groupidentify}). It validates
 * nothing. Keeps the first {@code /batch} body since the last {@link #reset()} so that two pipelines'
 * output can be compared.
 */
public final class Sink implements AutoCloseable {
  static {
    // Must be set before the JDK's HttpServer implementation reads its configuration.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private static final byte[] BATCH_OK =
      "{\"code\":200,\"events_ingested\":0,\"payload_size_bytes\":0,\"server_upload_time\":0}"
          .getBytes(StandardCharsets.UTF_8);
  private static final byte[] SUCCESS = "success".getBytes(StandardCharsets.UTF_8);
  private static final byte[] USER_ID = "user_id".getBytes(StandardCharsets.UTF_8);
  private static final ThreadLocal<byte[]> BUFFERS = ThreadLocal.withInitial(() -> new byte[64 * 1024]);

  private final HttpServer server;
  private final ExecutorService pool;
  private final LongAdder requests = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder batchRequests = new LongAdder();
  private final LongAdder identifyRequests = new LongAdder();
  private final AtomicReference<byte[]> firstBatch = new AtomicReference<>();
  private volatile boolean keepFirst = true;
  private final LongAdder records = new LongAdder();
  private volatile boolean countRecords;

  private Sink(HttpServer server, ExecutorService pool) {
    this.server = server;
    this.pool = pool;
  }

  /** Starts a sink on an ephemeral port of 127.0.0.1 with a fixed pool of {@code threads}. */
  public static Sink start(int threads) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    AtomicInteger count = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "sink-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    Sink sink = new Sink(server, pool);
    server.createContext("/", sink::handle);
    server.start();
    return sink;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public long requests() {
    return requests.sum();
  }

  public long bytes() {
    return bytes.sum();
  }

  public long batchRequests() {
    return batchRequests.sum();
  }

  public long identifyRequests() {
    return identifyRequests.sum();
  }

  /** Records received since the last reset, when {@link #countRecords(boolean)} is on (else 0). */
  public long records() {
    return records.sum();
  }

  /**
   * Counts records from now on: each event and each identification carries exactly one {@code
   * user_id} key, so the sink counts the occurrences of the bytes {@code user_id} in each body (raw
   * JSON or form-url-encoded alike). Off by default: it costs a pass over every byte, and only holds
   * for payloads with no other {@code user_id} text (true of the benchmark's fixtures).
   */
  public void countRecords(boolean count) {
    this.countRecords = count;
  }

  /** The first /batch body received since the last reset, or null. */
  public byte[] firstBatch() {
    return firstBatch.get();
  }

  public void reset() {
    requests.reset();
    bytes.reset();
    batchRequests.reset();
    identifyRequests.reset();
    records.reset();
    firstBatch.set(null);
  }

  /** Stops keeping the first body (the ceiling test posts the same body again and again). */
  public void keepFirst(boolean keep) {
    this.keepFirst = keep;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      boolean batch = path.endsWith("/batch") || path.endsWith("/httpapi");
      boolean capture = batch && keepFirst && firstBatch.get() == null;
      byte[] buffer = BUFFERS.get();
      long n = 0;
      boolean count = countRecords;
      int matched = 0;
      long found = 0;
      byte[] captured = capture ? new byte[0] : null;
      try (InputStream in = exchange.getRequestBody()) {
        int r;
        while ((r = in.read(buffer)) > 0) {
          if (capture) {
            captured = Arrays.copyOf(captured, (int) n + r);
            System.arraycopy(buffer, 0, captured, (int) n, r);
          }
          if (count) {
            for (int i = 0; i < r; i++) {
              byte b = buffer[i];
              // "user_id" has no proper prefix that is also its suffix: on a mismatch, restart
              matched = b == USER_ID[matched] ? matched + 1 : (b == USER_ID[0] ? 1 : 0);
              if (matched == USER_ID.length) {
                found++;
                matched = 0;
              }
            }
          }
          n += r;
        }
      }
      records.add(found);
      requests.increment();
      bytes.add(n);
      byte[] answer;
      if (batch) {
        batchRequests.increment();
        if (capture) {
          firstBatch.compareAndSet(null, captured);
        }
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        answer = BATCH_OK;
      } else {
        identifyRequests.increment();
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        answer = SUCCESS;
      }
      exchange.sendResponseHeaders(200, answer.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
