package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.jdbc.TestDatabases.Engine;
import dev.ampsync.jdbc.TestDatabases.SqlType;
import dev.ampsync.testing.FakeAmplitude;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Warehouse planning survives a kill: a child JVM syncing orders is killed with SIGKILL part-way
 * (no shutdown hook, no final commit); the re-run reads exactly the rows whose acknowledgement was
 * not committed, every order reaches Amplitude, and what is sent twice is at most what the killed
 * run had acknowledged but not yet committed.
 */
class WarehouseKillResumeTest {
  private static final int ORDERS = 2_000;

  @TempDir Path dir;
  private FakeAmplitude fake;
  private Engine engine;
  private final List<String> tables = new ArrayList<>();

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
    if (engine != null) {
      tables.forEach(engine::dropTable);
    }
  }

  @ParameterizedTest
  @EnumSource(value = Engine.class, names = {"POSTGRESQL", "MARIADB"})
  void killedPartWay_thenRerun_readsOnlyTheUncommittedRows_andDeliversEveryOrder(Engine engine) throws Exception {
    this.engine = engine;
    engine.assumeAvailable();
    fake = FakeAmplitude.start();
    String orders = engine.createTable("wh_kill_orders",
        "order_id VARCHAR(40), user_id VARCHAR(40), ordered_at " + engine.ddl(SqlType.TIMESTAMP) + ", amount INTEGER");
    String state = TestDatabases.uniqueName("wh_kill_state");
    tables.addAll(List.of(orders, state, state + "_meta", state + "_lock"));
    List<String> inserts = new ArrayList<>();
    for (int i = 0; i < ORDERS; i += 100) {
      StringBuilder values = new StringBuilder();
      for (int j = i; j < i + 100; j++) {
        values.append(j == i ? "" : ", ").append(String.format(Locale.ROOT,
            "('order-%05d', 'user-%03d', '2026-11-%02d 10:00:00', %d)", j, j % 97, 1 + j % 28, j));
      }
      inserts.add("INSERT INTO " + orders + " VALUES " + values);
    }
    engine.execute(inserts.toArray(String[]::new));
    // 40 requests of 50, two in flight, 40 ms each: about 0.8 s of sending, several commits long
    fake.delayNext(1_000, Duration.ofMillis(40));

    Process child = startChild(engine, orders, state);
    try {
      // Killed once a commit landed (the state commits 200 ms after its last commit ended): waiting
      // for a share of the events instead killed it before its first commit on a fast machine.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (child.isAlive() && committedSoFar(engine, state) == 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(child.isAlive()).as("the child is still running when killed; log:%n%s", log()).isTrue();
      child.destroyForcibly(); // SIGKILL: no final commit
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      child.destroyForcibly();
    }
    settle(); // the fake finishes the requests the killed child had in flight
    Set<String> deliveredBeforeRerun = new HashSet<>(fake.distinctInsertIds());
    long committed = committedKeys(engine, state);
    assertThat(committed).as("committed keys after the kill").isPositive().isLessThan(ORDERS);
    assertThat(deliveredBeforeRerun.size()).as("nothing committed that Amplitude does not have").isGreaterThanOrEqualTo((int) committed);

    fake.reset();
    SyncResult rerun = AmplitudeSync.run(WarehouseSyncMain.job(engine.url(), engine.user(), engine.password(), orders,
        state, fake.baseUrl(), fake.apiKey()));

    assertThat(rerun.status()).as(rerun.toString()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(rerun.rowsRead()).as("exactly the rows not committed leave the warehouse").isEqualTo(ORDERS - committed);
    assertThat(rerun.unchanged()).isEqualTo(committed);
    Set<String> all = new HashSet<>(deliveredBeforeRerun);
    all.addAll(fake.distinctInsertIds());
    assertThat(all).as("every order delivered").hasSize(ORDERS);
    Set<String> twice = new HashSet<>(fake.distinctInsertIds());
    twice.retainAll(deliveredBeforeRerun);
    assertThat(twice).as("sent again: only what was acknowledged after the last commit")
        .hasSize((int) (deliveredBeforeRerun.size() - committed));
    assertThat(committedKeys(engine, state)).isEqualTo(ORDERS);
  }

  /** Waits until the fake has received nothing for 300 ms (at most 15 s). */
  private void settle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    int requests = fake.requests().size();
    long quietSince = System.nanoTime();
    while (System.nanoTime() < deadline) {
      Thread.sleep(20);
      int now = fake.requests().size();
      if (now != requests) {
        requests = now;
        quietSince = System.nanoTime();
      } else if (System.nanoTime() - quietSince >= TimeUnit.MILLISECONDS.toNanos(300)) {
        return;
      }
    }
  }

  private Process startChild(Engine engine, String orders, String state) throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = List.of(java, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), WarehouseSyncMain.class.getName(),
        engine.url(), engine.user() == null ? "-" : engine.user(),
        engine.password() == null || engine.password().isEmpty() ? "-" : engine.password(),
        orders, state, fake.baseUrl(), fake.apiKey());
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile())
        .start();
  }

  private String log() throws Exception {
    Path log = dir.resolve("child.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  /** The keys committed so far, or 0 while the child has not created its state table. */
  private static long committedSoFar(Engine engine, String state) throws Exception {
    try {
      return committedKeys(engine, state);
    } catch (java.sql.SQLException notYet) {
      return 0;
    }
  }

  private static long committedKeys(Engine engine, String state) throws Exception {
    try (Connection connection = engine.connect();
        PreparedStatement select = connection.prepareStatement(
            "SELECT count(*) FROM " + state + " WHERE sync_name = ? AND row_digest IS NOT NULL")) {
      select.setString(1, WarehouseSyncMain.SYNC);
      try (ResultSet rs = select.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
