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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spec without {@code state:} keeps its state beside the spec file, not in the working directory
 * (the test's working directory is the module's folder, the spec is in a temporary one): a second
 * run, from anywhere, sends nothing again.
 */
class CommandLineStateLocationTest {
  private static final String KEY = "fake-key-state-loc-3e8a";
  private static final String DB = "jdbc:h2:mem:i15spec_state;DB_CLOSE_DELAY=-1";

  @TempDir Path dir;
  private FakeAmplitude fake;
  private Connection keepAlive;

  @BeforeEach
  void setUp() throws SQLException {
    fake = FakeAmplitude.builder().apiKey(KEY).start();
    keepAlive = DriverManager.getConnection(DB, "sa", "");
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("create table users (id varchar(40) primary key, plan varchar(20))");
      statement.execute("insert into users values ('user-00001', 'pro'), ('user-00002', 'free')");
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
  void theDefaultState_livesBesideTheSpec_andASecondRunSendsNothing() throws IOException {
    Path workingDirState = Path.of(".ampsync").toAbsolutePath();
    boolean workingDirHadState = Files.exists(workingDirState);
    Path spec = Files.writeString(Files.createDirectories(dir.resolve("project")).resolve("users.yaml"), """
        name: i15spec-state
        object: user
        source:
          type: jdbc
          url: %s
          user: sa
          query: select id, plan from users order by id
        destination:
          api_key: %s
          endpoint: %s
        mapping:
          user_id: id
          properties:
            plan: plan
        """.formatted(DB, KEY, fake.baseUrl()), StandardCharsets.UTF_8);

    assertThat(run(spec)).isZero();
    long requests = fake.requests().size();
    assertThat(run(spec)).isZero();

    assertThat(dir.resolve("project/.ampsync/state/state.mv.db")).exists();
    assertThat(fake.users()).hasSize(2);
    assertThat(fake.requests()).as("the second run found the state: nothing sent again").hasSize((int) requests);
    assertThat(Files.exists(workingDirState)).as("nothing created in the working directory").isEqualTo(workingDirHadState);
  }

  private static int run(Path spec) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(sink, true, StandardCharsets.UTF_8)) {
      return Main.run(new String[] {"run", spec.toString()}, Map.of(), out, out, false);
    }
  }
}
