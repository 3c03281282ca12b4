package dev.ampsync.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The hand-written minimal pipeline the library is compared with: the same rows, the same /batch
 * JSON (same fields, same order, same values), the same batch size and request concurrency, and
 * nothing else: no validation, no state, no retries, no per-record outcome.
 *
 * <p>One thread reads with autocommit off and a fetch size, and writes each row straight into the
 * current body with Jackson's streaming generator (the jsonb column is copied token by token, which
 * also checks it is JSON); full bodies are posted with {@code java.net.http}, at most {@code
 * concurrency} at once (a semaphore).
 */
final class MinimalPipeline {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  record Result(long rows, long requests, long bytes, long nanos) {
    double rowsPerSecond() {
      return rows / (nanos / 1e9);
    }
  }

  private final String jdbcUrl;
  private final String user;
  private final URI batchUri;
  private final int batchSize;
  private final int concurrency;
  private final int fetchSize;

  MinimalPipeline(String jdbcUrl, String user, String sinkUrl, int batchSize, int concurrency, int fetchSize) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.batchUri = URI.create(sinkUrl + "/batch");
    this.batchSize = batchSize;
    this.concurrency = concurrency;
    this.fetchSize = fetchSize;
  }

  Result run(String sql) throws Exception {
    long started = System.nanoTime();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Semaphore inFlight = new Semaphore(concurrency);
    AtomicLong requests = new AtomicLong();
    AtomicLong bytes = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    long rows = 0;
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, null)) {
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setFetchSize(fetchSize);
        try (ResultSet rs = statement.executeQuery()) {
          Body body = null;
          while (rs.next()) {
            if (body == null) {
              body = new Body();
            }
            body.add(rs);
            rows++;
            if (body.count == batchSize) {
              post(http, body.finish(), inFlight, requests, bytes, failure);
              body = null;
            }
          }
          if (body != null) {
            post(http, body.finish(), inFlight, requests, bytes, failure);
          }
        }
      }
      connection.rollback();
    }
    inFlight.acquire(concurrency); // every request answered
    if (failure.get() != null) {
      throw new IllegalStateException("minimal pipeline failed", failure.get());
    }
    return new Result(rows, requests.get(), bytes.get(), System.nanoTime() - started);
  }

  private void post(HttpClient http, byte[] body, Semaphore inFlight, AtomicLong requests, AtomicLong bytes,
      AtomicReference<Throwable> failure) throws InterruptedException {
    inFlight.acquire();
    HttpRequest request = HttpRequest.newBuilder(batchUri)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
      try {
        if (error != null) {
          failure.compareAndSet(null, error);
        } else if (response.statusCode() != 200 || !response.body().contains("\"code\":200")) {
          failure.compareAndSet(null, new IllegalStateException("answer " + response.statusCode() + " " + response.body()));
        } else {
          requests.incrementAndGet();
          bytes.addAndGet(body.length);
        }
      } finally {
        inFlight.release();
      }
    });
  }

  /** One /batch body being written. */
  private static final class Body {
    private final ByteArrayBuilder bytes = new ByteArrayBuilder(1 << 20);
    private final JsonGenerator out;
    private int count;

    Body() throws IOException {
      out = JSON.createGenerator(bytes);
      out.writeStartObject();
      out.writeStringField("api_key", Fixtures.API_KEY);
      out.writeArrayFieldStart("events");
    }

    void add(ResultSet rs) throws SQLException, IOException {
      long id = rs.getLong(1);
      String userId = rs.getString(2);
      String deviceId = rs.getString(3);
      String eventType = rs.getString(4);
      OffsetDateTime time = rs.getObject(5, OffsetDateTime.class);
      BigDecimal revenue = rs.getBigDecimal(6);
      String currency = rs.getString(7);
      String platform = rs.getString(8);
      String country = rs.getString(9);
      String props = rs.getString(10);
      out.writeStartObject();
      out.writeStringField("user_id", userId);
      out.writeStringField("device_id", deviceId);
      out.writeStringField("event_type", eventType);
      out.writeNumberField("time", time.toInstant().toEpochMilli());
      out.writeStringField("insert_id", Long.toString(id));
      if (platform != null) {
        out.writeStringField("platform", platform);
      }
      if (country != null) {
        out.writeStringField("country", country);
      }
      if (revenue != null) {
        out.writeFieldName("revenue");
        out.writeNumber(revenue);
      }
      if (currency != null) {
        out.writeStringField("currency", currency);
      }
      if (props != null) {
        out.writeFieldName("event_properties");
        try (JsonParser parser = JSON.createParser(props)) {
          parser.nextToken();
          out.copyCurrentStructure(parser);
        }
      }
      out.writeEndObject();
      count++;
    }

    byte[] finish() throws IOException {
      out.writeEndArray();
      out.writeEndObject();
      out.close();
      return bytes.toByteArray();
    }
  }
}
