package dev.ampsync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link StateStore} / {@link SyncState} contract, for both built-in stores, plus what only the
 * file store promises: committed state survives a close and a crash, uncommitted state does not, one
 * process at a time, and clear errors for a directory it cannot use.
 *
 * <p>Crashes are simulated honestly: a child JVM ({@link Child}) writes, commits, writes more and
 * stops with {@code Runtime.halt}, which runs no shutdown hook and no finalizer, so nothing gets a
 * chance to commit on its way out.
 */
class StateStoreContractTest {
  enum Kind {
    MEMORY,
    FILE
  }

  @TempDir Path dir;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (RuntimeException ignored) {
        // already closed by the test
      }
    }
  }

  private StateStore store(Kind kind) {
    StateStore store = kind == Kind.FILE ? StateStores.file(dir.resolve("state")) : StateStores.memory();
    toClose.add(store);
    return store;
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  // ------------------------------------------------------------------------------------ both stores

  @ParameterizedTest
  @EnumSource(Kind.class)
  void getPutRemove(Kind kind) {
    SyncState state = store(kind).open("users");

    assertThat(state.get("user-1")).isNull();
    state.put("user-1", bytes(1, 2, 3));
    assertThat(state.get("user-1")).containsExactly(1, 2, 3);
    state.put("user-1", bytes(4));
    assertThat(state.get("user-1")).containsExactly(4);

    state.remove("user-1");
    assertThat(state.get("user-1")).isNull();
    state.remove("never-there"); // no error
    assertThat(state.size()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void anEmptyValue_isStoredAsEmpty_notAsAbsent(Kind kind) {
    // The engine stores an empty value per acknowledged event: it must read back as "acknowledged".
    SyncState state = store(kind).open("events");
    state.put("order-1", new byte[0]);
    assertThat(state.get("order-1")).isNotNull().isEmpty();
    assertThat(state.size()).isOne();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void unusualKeysAndLargeValues_roundTrip(Kind kind) {
    SyncState state = store(kind).open("groups");
    String grouped = "company\u001facme\u001fuser-1";
    String unicode = "użytkownik-😀-ユーザー";
    String longKey = "k".repeat(5_000);
    byte[] large = new byte[64 * 1024];
    for (int i = 0; i < large.length; i++) {
      large[i] = (byte) (i * 31);
    }
    state.put(grouped, bytes(1));
    state.put(unicode, bytes(2));
    state.put(longKey, large);
    state.put("", bytes(3));

    assertThat(state.get(grouped)).containsExactly(1);
    assertThat(state.get(unicode)).containsExactly(2);
    assertThat(state.get(longKey)).isEqualTo(large);
    assertThat(state.get("")).containsExactly(3);
    assertThat(state.get("company\u001facme")).isNull();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void forEachKey_andSize_seeEveryKeyOnce(Kind kind) {
    SyncState state = store(kind).open("users");
    Set<String> expected = new HashSet<>();
    for (int i = 0; i < 5_000; i++) {
      state.put("user-" + i, bytes(i));
      expected.add("user-" + i);
    }
    for (int i = 0; i < 5_000; i += 10) {
      state.remove("user-" + i);
      expected.remove("user-" + i);
    }
    state.meta("mapping", "user:abc"); // metadata is not a key

    List<String> seen = new ArrayList<>();
    state.forEachKey(seen::add);

    assertThat(seen).hasSize(4_500).doesNotHaveDuplicates();
    assertThat(new HashSet<>(seen)).isEqualTo(expected);
    assertThat(state.size()).isEqualTo(4_500);
    java.util.Map<String, byte[]> entries = new java.util.HashMap<>();
    state.forEachEntry((key, value) -> assertThat(entries.put(key, value)).as("seen once: %s", key).isNull());
    assertThat(entries.keySet()).isEqualTo(expected);
    assertThat(entries.get("user-7")).isEqualTo(bytes(7));
    assertThat(entries.get("user-4999")).isEqualTo(bytes(4999));
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void meta_setOverwriteAndRemove_independentOfKeys(Kind kind) {
    SyncState state = store(kind).open("users");
    assertThat(state.meta("mapping")).isNull();

    state.meta("mapping", "user:1");
    state.meta("watermark", "2026-01-01T00:00:00Z");
    state.meta("mapping", "user:2");
    assertThat(state.meta("mapping")).isEqualTo("user:2");
    assertThat(state.meta("watermark")).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(state.size()).as("metadata does not count as keys").isZero();
    assertThat(state.get("mapping")).as("metadata is not a key").isNull();

    state.meta("watermark", null);
    assertThat(state.meta("watermark")).isNull();
    state.meta("never-set", null); // no error
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void clear_removesEveryKey_butKeepsTheMetadata(Kind kind) {
    SyncState state = store(kind).open("users");
    for (int i = 0; i < 100; i++) {
      state.put("user-" + i, bytes(i));
    }
    state.meta("mapping", "user:1");

    state.clear();

    assertThat(state.size()).isZero();
    assertThat(state.get("user-1")).isNull();
    List<String> seen = new ArrayList<>();
    state.forEachKey(seen::add);
    assertThat(seen).isEmpty();
    assertThat(state.meta("mapping")).isEqualTo("user:1");
    state.put("user-1", bytes(9)); // usable after a clear
    assertThat(state.get("user-1")).containsExactly(9);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void commitAndClose_keepEverythingVisible_andTheSyncCanBeReopenedFromTheSameStore(Kind kind) {
    StateStore store = store(kind);
    SyncState state = store.open("users");
    state.put("user-1", bytes(1));
    state.meta("mapping", "user:1");
    state.commit();
    assertThat(state.get("user-1")).containsExactly(1);
    state.put("user-2", bytes(2));
    state.close();

    SyncState reopened = store.open("users");
    assertThat(reopened.get("user-1")).containsExactly(1);
    assertThat(reopened.get("user-2")).containsExactly(2);
    assertThat(reopened.meta("mapping")).isEqualTo("user:1");
    assertThat(reopened.size()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void twoOpensOfOneSync_shareTheState(Kind kind) {
    StateStore store = store(kind);
    SyncState a = store.open("users");
    SyncState b = store.open("users");
    a.put("user-1", bytes(1));
    a.meta("mapping", "m");
    assertThat(b.get("user-1")).containsExactly(1);
    assertThat(b.meta("mapping")).isEqualTo("m");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void theStatesOfTwoSyncs_areSeparate(Kind kind) {
    StateStore store = store(kind);
    SyncState users = store.open("users");
    SyncState orders = store.open("orders");
    SyncState usersEu = store.open("users-eu"); // a name that extends another

    users.put("k", bytes(1));
    users.put("only-users", bytes(1));
    users.meta("mapping", "user:1");
    orders.put("k", bytes(2));
    orders.meta("mapping", "event:2");

    assertThat(users.get("k")).containsExactly(1);
    assertThat(orders.get("k")).containsExactly(2);
    assertThat(orders.get("only-users")).isNull();
    assertThat(usersEu.get("k")).isNull();
    assertThat(users.size()).isEqualTo(2);
    assertThat(orders.size()).isOne();
    assertThat(usersEu.size()).isZero();
    assertThat(orders.meta("mapping")).isEqualTo("event:2");
    assertThat(usersEu.meta("mapping")).isNull();

    users.clear();
    users.meta("mapping", null);
    assertThat(orders.get("k")).containsExactly(2);
    assertThat(orders.meta("mapping")).isEqualTo("event:2");
    List<String> orderKeys = new ArrayList<>();
    orders.forEachKey(orderKeys::add);
    assertThat(orderKeys).containsExactly("k");
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void put_copiesTheValue(Kind kind) throws Exception {
    // The file store once kept the caller's array (MVMap holds the reference): a later change to the
    // array changed what get() returned, and what the next commit wrote.
    SyncState state = store(kind).open("users");
    byte[] value = bytes(1, 2, 3);
    state.put("user-1", value);
    value[0] = 99;
    assertThat(state.get("user-1")).containsExactly(1, 2, 3);
    state.commit();
    value[1] = 99;
    assertThat(state.get("user-1")).containsExactly(1, 2, 3);
    if (kind == Kind.FILE) {
      toClose.remove(0).close();
      try (StateStore reopened = StateStores.file(dir.resolve("state"))) {
        assertThat(reopened.open("users").get("user-1")).as("on disk").containsExactly(1, 2, 3);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void concurrentWriters_loseNothing(Kind kind) throws Exception {
    SyncState state = store(kind).open("events");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 5_000; i++) {
            state.put("t" + thread + "-" + i, new byte[0]);
            if (i % 1_000 == 0) {
              state.commit();
            }
          }
        }));
      }
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(state.size()).isEqualTo(40_000);
    assertThat(state.get("t7-4999")).isEmpty();
  }

  // ------------------------------------------------------------------------------------ file store

  @Test
  void fileStore_committedStateSurvivesCloseAndReopen() {
    Path stateDir = dir.resolve("state");
    try (StateStore store = StateStores.file(stateDir)) {
      SyncState users = store.open("users");
      for (int i = 0; i < 10_000; i++) {
        users.put("user-" + i, bytes(i, i >> 8));
      }
      users.remove("user-0");
      users.meta("mapping", "user:1");
      users.commit();
      store.open("orders").put("order-1", new byte[0]);
      // not committed explicitly: closing the store commits
    }
    assertThat(stateDir.resolve("state.mv.db")).isRegularFile();

    try (StateStore store = StateStores.file(stateDir)) {
      SyncState users = store.open("users");
      assertThat(users.size()).isEqualTo(9_999);
      assertThat(users.get("user-0")).isNull();
      assertThat(users.get("user-4242")).containsExactly((byte) 4242, (byte) (4242 >> 8));
      assertThat(users.meta("mapping")).isEqualTo("user:1");
      assertThat(store.open("orders").get("order-1")).isEmpty();
    }
  }

  @Test
  void fileStore_aCrashKeepsExactlyWhatWasCommitted() throws Exception {
    Path stateDir = dir.resolve("state");
    // The child: commits 1,000 keys and meta, then puts 1,000 more, removes 100 committed ones, changes
    // the meta and clears another sync, all without commit, and halts.
    Process child = child("crash", stateDir.toString(), "1000");
    String out = waitForExit(child);
    assertThat(out).contains("COMMITTED").contains("HALTING");
    assertThat(child.exitValue()).isZero();

    try (StateStore store = StateStores.file(stateDir)) {
      SyncState state = store.open("users");
      Set<String> keys = new HashSet<>();
      state.forEachKey(keys::add);
      Set<String> committed = new HashSet<>();
      for (int i = 0; i < 1_000; i++) {
        committed.add("committed-" + i);
      }
      assertThat(keys).isEqualTo(committed);
      assertThat(state.get("committed-7")).containsExactly(7);
      assertThat(state.meta("mapping")).isEqualTo("committed-mapping");
      assertThat(store.open("orders").size()).as("a clear that was not committed").isEqualTo(10);
    }
  }

  /**
   * MVStore commits by itself once about 19 MB of changes are unsaved ({@code autoCommitDisabled()}
   * turns off only the background timer, not the auto-commit buffer), so a large batch of puts becomes
   * durable without any commit. Harmless for the engine, which puts only acknowledged records, but it
   * contradicts FileStateStore's documentation and the "uncommitted does not survive" contract.
   */
  @Test
  void fileStore_aCrashAfterALargeUncommittedBatch_keepsOnlyTheCommittedKeys() throws Exception {
    Path stateDir = dir.resolve("state");
    Process child = child("crash", stateDir.toString(), "1000000");
    String out = waitForExit(child);
    assertThat(out).contains("HALTING");

    try (StateStore store = StateStores.file(stateDir)) {
      assertThat(store.open("users").size()).isEqualTo(1_000_000);
      assertThat(store.open("users").get("uncommitted-0")).isNull();
    }
  }

  @Test
  void fileStore_openingAnOpenDirectoryAgain_failsNamingTheFile() {
    Path stateDir = dir.resolve("state");
    try (StateStore first = StateStores.file(stateDir)) {
      first.open("users").put("user-1", bytes(1));

      assertThatThrownBy(() -> StateStores.file(stateDir).close())
          .isInstanceOf(StateException.class)
          .hasMessageContaining(stateDir.resolve("state.mv.db").toString())
          .hasMessageContaining("is in use by another run (pid " + ProcessHandle.current().pid() + " on host ")
          .hasMessageEndingWith("One run at a time; this run sent nothing.");

      assertThat(first.open("users").get("user-1")).as("the first store still works").containsExactly(1);
    }
    try (StateStore again = StateStores.file(stateDir)) {
      assertThat(again.open("users").get("user-1")).as("usable once the first is closed").containsExactly(1);
    }
  }

  @Test
  void fileStore_aDirectoryHeldByAnotherProcess_failsNamingTheFile() throws Exception {
    Path stateDir = dir.resolve("state");
    Process holder = child("hold", stateDir.toString());
    try (BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals("HOLDING")) {
        // start-up noise
      }
      assertThat(line).as("the child opened the store").isEqualTo("HOLDING");

      assertThatThrownBy(() -> StateStores.file(stateDir).close())
          .isInstanceOf(StateException.class)
          .hasMessageContaining(stateDir.resolve("state.mv.db").toString())
          .hasMessageContaining("is in use by another run (pid " + holder.pid() + " on host ")
          .hasMessageEndingWith("One run at a time; this run sent nothing.");

      holder.getOutputStream().close(); // tells the child to close the store and exit
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
    } finally {
      holder.destroyForcibly();
    }
    try (StateStore store = StateStores.file(stateDir)) {
      assertThat(store.open("users").get("held")).as("the child's committed write").containsExactly(1);
    }
  }

  @Test
  void fileStore_aDirectoryThatCannotBeCreated_failsWithStateExceptionNamingIt() throws IOException {
    Path blocker = Files.writeString(dir.resolve("not-a-directory"), "a file where a directory should be");
    Path stateDir = blocker.resolve("state");

    assertThatThrownBy(() -> StateStores.file(stateDir))
        .isInstanceOf(StateException.class)
        .hasMessageContaining(stateDir.toString());
    assertThatThrownBy(() -> StateStores.file(blocker))
        .as("a file given as the directory")
        .isInstanceOf(StateException.class)
        .hasMessageContaining(blocker.toString());
  }

  @Test
  void fileStore_anUnwritableDirectory_failsWithStateException() throws IOException {
    Path readOnly = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
    try {
      assumeFalse(Files.isWritable(readOnly), "permissions are not enforced for this user (root)");
      Path stateDir = readOnly.resolve("state");
      assertThatThrownBy(() -> StateStores.file(stateDir))
          .isInstanceOf(StateException.class)
          .hasMessageContaining(stateDir.toString());
      Path stateDirItself = Files.createDirectories(dir.resolve("ro-state"));
      Files.setPosixFilePermissions(stateDirItself, PosixFilePermissions.fromString("r-x------"));
      assertThatThrownBy(() -> StateStores.file(stateDirItself))
          .isInstanceOf(StateException.class)
          .hasMessageContaining(stateDirItself.toString());
    } finally {
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
      if (Files.exists(dir.resolve("ro-state"))) {
        Files.setPosixFilePermissions(dir.resolve("ro-state"), PosixFilePermissions.fromString("rwx------"));
      }
    }
  }

  @Test
  void fileStore_aCorruptFile_failsWithStateExceptionNamingIt_insteadOfStartingEmpty() throws IOException {
    Path stateDir = Files.createDirectories(dir.resolve("state"));
    Path file = stateDir.resolve("state.mv.db");
    Files.writeString(file, "not an MVStore file; ".repeat(500));

    assertThatThrownBy(() -> StateStores.file(stateDir))
        .isInstanceOf(StateException.class)
        .hasMessageContaining(file.toString());
  }

  // ------------------------------------------------------------------------------------ the child JVM

  private static Process child(String... args) throws IOException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    List<String> command = new ArrayList<>(List.of(
        java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Child.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static String waitForExit(Process child) throws Exception {
    String out;
    try {
      out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("child exited; output:%n%s", out).isTrue();
    } finally {
      child.destroyForcibly();
    }
    return out;
  }

  /**
   * The child JVM. {@code crash DIR N}: commits N keys {@code committed-i} (value {@code i}), meta
   * {@code mapping} and 10 keys of sync {@code orders}; then, without commit, puts N keys {@code
   * uncommitted-i}, removes 100 committed keys, changes the meta, clears {@code orders}, and halts with
   * status 0. {@code hold DIR}: opens the store, commits one key, prints HOLDING, and closes the store
   * when its standard input ends.
   */
  public static final class Child {
    public static void main(String[] args) throws IOException {
      Path stateDir = Path.of(args[1]);
      switch (args[0]) {
        case "crash" -> {
          int n = Integer.parseInt(args[2]);
          StateStore store = StateStores.file(stateDir);
          SyncState state = store.open("users");
          SyncState orders = store.open("orders");
          for (int i = 0; i < n; i++) {
            state.put("committed-" + i, new byte[] {(byte) i});
          }
          for (int i = 0; i < 10; i++) {
            orders.put("order-" + i, new byte[0]);
          }
          state.meta("mapping", "committed-mapping");
          state.commit();
          System.out.println("COMMITTED");
          for (int i = 0; i < n; i++) {
            state.put("uncommitted-" + i, new byte[] {(byte) i});
          }
          for (int i = 0; i < 100; i++) {
            state.remove("committed-" + (i * 7));
          }
          state.meta("mapping", "uncommitted-mapping");
          orders.clear();
          System.out.println("HALTING");
          System.out.flush();
          Runtime.getRuntime().halt(0);
        }
        case "hold" -> {
          try (StateStore store = StateStores.file(stateDir)) {
            SyncState state = store.open("users");
            state.put("held", new byte[] {1});
            state.commit();
            System.out.println("HOLDING");
            System.out.flush();
            System.in.readAllBytes(); // until the parent closes our standard input
          }
        }
        default -> throw new IllegalArgumentException(args[0]);
      }
    }
  }
}
