package dev.ampsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.testing.FakeAmplitude;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shortened preview shows values exactly as the request body holds them: decimals are sent exact
 * ({@code 1.50}, twenty digits), and the shortened lines must not turn them into doubles
 * ({@code 1.5}, {@code 1.2345678901234567E19}) while {@code --bodies} shows the real ones.
 */
class PreviewValuesTest {
  private static final String KEY = "fake-key-preview-values-2b7c";
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @TempDir Path dir;

  private FakeAmplitude fake;
  private String dbUrl;
  private Connection keepAlive;

  @BeforeEach
  void setUp() throws SQLException {
    fake = FakeAmplitude.builder().apiKey(KEY).start();
    dbUrl = "jdbc:h2:mem:preview-values" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1";
    keepAlive = DriverManager.getConnection(dbUrl, "sa", "");
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("create table orders (id varchar(40) primary key, user_id varchar(40),"
          + " ordered_at timestamp, amount decimal(24, 2), rate decimal(20, 10))");
      statement.execute("insert into orders values ('order-1', 'user-00001', timestamp '2026-03-01 10:00:00', 1.50, 0.0000000100),"
          + " ('order-2', 'user-00002', timestamp '2026-03-01 11:00:00', 12345678901234567890.12, 2.5)");
    }
  }

  @AfterEach
  void tearDown() throws SQLException {
    fake.close();
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("drop all objects");
    }
    keepAlive.close();
  }

  @Test
  void shortenedEventLines_keepDecimalsAsSent() throws IOException {
    Path spec = write("orders.yaml", """
        name: preview-orders
        object: event
        source:
          type: jdbc
          url: %s
          user: sa
          query: select id, user_id, ordered_at, amount, rate from orders order by id
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          endpoint: %s
        mapping:
          event_type: {const: Order Completed}
          user_id: user_id
          insert_id: id
          time: ordered_at
          fields:
            revenue: amount
          properties:
            amount: amount
            rate: rate
        state:
          store: none
        """.formatted(dbUrl, fake.baseUrl()));

    Cli shortened = cli("preview", spec.toString());
    Cli full = cli("preview", spec.toString(), "--bodies", "1");

    assertThat(shortened.status).as(shortened.toString()).isZero();
    assertThat(shortened.err).as("nothing but progress on stderr").doesNotContain("error");
    assertThat(full.out).as("the body as sent").contains("\"revenue\":1.50").contains("\"revenue\":12345678901234567890.12");
    assertThat(shortened.out)
        .contains("  events[0]: {\"user_id\":\"user-00001\"")
        .contains("\"revenue\":1.50,").contains("\"amount\":1.50,").contains("\"rate\":0.0000000100}")
        .contains("\"revenue\":12345678901234567890.12,").contains("\"amount\":12345678901234567890.12,")
        .doesNotContain("1.5,").doesNotContain("E19").doesNotContain("E-8");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void shortenedFormLines_keepDecimalsAsSent() throws IOException {
    Path spec = write("users.yaml", """
        name: preview-users
        object: user
        source:
          type: jdbc
          url: %s
          user: sa
          query: select user_id, amount from orders order by id
        destination:
          api_key: ${AMPLITUDE_API_KEY}
          endpoint: %s
        mapping:
          user_id: user_id
          properties:
            lifetime_value: amount
        state:
          store: none
        """.formatted(dbUrl, fake.baseUrl()));

    Cli shortened = cli("preview", spec.toString());

    assertThat(shortened.status).as(shortened.toString()).isZero();
    assertThat(shortened.out)
        .contains("  identification[0]: {\"user_id\":\"user-00001\"")
        .contains("\"lifetime_value\":1.50}")
        .contains("\"lifetime_value\":12345678901234567890.12}")
        .doesNotContain("E19");
  }

  private record Cli(int status, String out, String err) {
    @Override
    public String toString() {
      return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private Cli cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(args, Map.of("AMPLITUDE_API_KEY", KEY), o, e, false);
    }
    return new Cli(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Path write(String name, String yaml) throws IOException {
    return Files.writeString(dir.resolve(name), yaml, StandardCharsets.UTF_8);
  }
}
