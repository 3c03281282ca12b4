package dev.ampsync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.internal.spec.LazyStateStore;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.testing.FakeAmplitude;
import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged state file never opens as an empty store (which would send every row again): a file cut
 * to half or to 0 bytes, garbage in its middle, or a store gone back to an older version each stop
 * with a {@link StateException} naming the file and the choices.
 */
class FileStateStoreDamageTest {
  private static final int KEYS = 5_000;
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("state.mv.db");
  }

  /** A store with {@value #KEYS} keys in one commit, so that every page is live. */
  private void writeStore() {
    try (StateStore store = StateStores.file(dir)) {
      SyncState state = store.open("users");
      for (int i = 0; i < KEYS; i++) {
        state.put("user-" + i, ("fingerprint-of-user-" + i).getBytes(StandardCharsets.UTF_8));
      }
      state.commit();
    }
  }

  /** Opens the store and reads every key, as a run would. */
  private void openAndReadAll() {
    try (StateStore store = StateStores.file(dir)) {
      SyncState state = store.open("users");
      List<String> keys = new ArrayList<>();
      state.forEachKey(keys::add);
      for (String key : keys) {
        state.get(key);
      }
      assertThat(keys).as("a damaged store read as if it were whole").hasSize(KEYS);
    }
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertDamaged(Runnable open) {
    return assertThatThrownBy(open::run)
        .isInstanceOf(StateException.class)
        .hasMessageContaining("the state store " + file() + " is damaged")
        .hasMessageContaining("restore state.mv.db from a backup")
        .hasMessageContaining("state reset")
        .hasMessageContaining("every row is then sent again")
        .hasMessageContaining("7 days");
  }

  private void truncateTo(long size) throws Exception {
    try (RandomAccessFile raf = new RandomAccessFile(file().toFile(), "rw")) {
      raf.setLength(size);
    }
  }

  @Test
  void aFileCutToHalf_isDamaged() throws Exception {
    writeStore();
    truncateTo(Files.size(file()) / 2);

    assertDamaged(this::openAndReadAll);
  }

  @Test
  void aFileCutToZeroBytes_isDamaged_notANewEmptyStore() throws Exception {
    writeStore();
    truncateTo(0);

    assertDamaged(this::openAndReadAll).hasMessageContaining("empty (0 bytes)");
  }

  @Test
  void anEmptyFileWithNoCommitRecorded_isACreationKilledBeforeItsFirstCommit_andOpensAsANewStore() throws Exception {
    // A run killed while MVStore was creating the file leaves it empty, and no version marker: no
    // commit ever happened, so nothing was acknowledged (CrashResumeTest met this with an early kill).
    Files.createDirectories(file().getParent());
    Files.write(file(), new byte[0]);

    try (StateStore store = StateStores.file(file().getParent()); SyncState state = store.open("orders")) {
      assertThat(state.size()).isZero();
      state.put("order-1", new byte[] {1});
      state.commit();
    }
    try (StateStore store = StateStores.file(file().getParent()); SyncState state = store.open("orders")) {
      assertThat(state.get("order-1")).containsExactly(1);
    }
  }

  @Test
  void garbageInTheMiddle_isDamaged_namingTheFile() throws Exception {
    writeStore();
    byte[] bytes = Files.readAllBytes(file());
    Arrays.fill(bytes, bytes.length / 2, bytes.length / 2 + 512, (byte) 0x55);
    Files.write(file(), bytes);

    assertDamaged(this::openAndReadAll);
  }

  @Test
  void aStoreBackAtAnOlderVersion_isDamaged_untilItsVersionMarkerIsDeleted() throws Exception {
    Path older = dir.resolve("older.mv.db");
    try (StateStore store = StateStores.file(dir)) {
      SyncState state = store.open("users");
      state.put("user-1", new byte[] {1});
      state.commit();
      Files.copy(file(), older); // a consistent file of an older version: what a lost tail leaves
      for (int i = 2; i < 100; i++) {
        state.put("user-" + i, new byte[] {2});
        state.commit();
      }
    }
    Files.move(older, file(), StandardCopyOption.REPLACE_EXISTING);

    assertDamaged(() -> StateStores.file(dir).close()).hasMessageContaining("state.mv.db.version");

    // Restoring an older backup on purpose: deleting the marker accepts it.
    Files.delete(dir.resolve("state.mv.db.version"));
    try (StateStore store = StateStores.file(dir)) {
      assertThat(store.open("users").get("user-1")).containsExactly(1);
    }
  }

  @Test
  void aMissingFile_isAFirstRun_evenWithAMarkerLeftBehind() {
    writeStore();
    try {
      Files.move(file(), dir.resolve("moved-away.mv.db")); // to start fresh, as the message says
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }

    try (StateStore store = StateStores.file(dir)) {
      assertThat(store.open("users").size()).isZero();
    }
    try (StateStore store = StateStores.file(dir)) {
      assertThat(store.open("users").size()).as("reopens after its first commit").isZero();
    }
  }

  @Test
  void aRunOverATruncatedFile_failsNamingTheFile_andSendsNothing() throws Exception {
    writeStore();
    truncateTo(Files.size(file()) / 2);
    try (FakeAmplitude fake = FakeAmplitude.start()) {
      SyncJob job = SyncJob.builder("users")
          .source(InMemorySource.of(List.of(Map.of("id", "user-100001"), Map.of("id", "user-100002"))))
          .mapping(Mapping.builder(ObjectType.USER).userId(Value.column("id")).property("source", Value.constant("w")).build())
          .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl())).linger(Duration.ofMillis(5)))
          .state(new LazyStateStore(() -> StateStores.file(dir), () -> true)) // opened by the run, as a spec's
          .build();

      SyncResult result = AmplitudeSync.run(job);

      assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
      assertThat(result.error()).get().asString().contains(file() + " is damaged");
      assertThat(fake.requests()).isEmpty();
    }
  }
}
