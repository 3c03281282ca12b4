package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.internal.state.Fingerprints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The digest table's file: it loads only with the token it was written with, only whole, and with the run's changes applied (a changed key's new digest, a removed key gone, a key
 * written without a digest gone and the table no longer knowing every key).
 */
class DigestTableFileTest {
  private static final long TOKEN = 0x1234_5678_9abc_def0L;

  @TempDir Path dir;

  private Path file() {
    return dir.resolve("sync-1.digests");
  }

  /** A table of keys k0..k(n-1), each with digest 1000 + i. */
  private static KeySet table(int n) {
    KeySet table = new KeySet(n);
    for (int i = 0; i < n; i++) {
      table.add(KeySet.hash("k" + i), 1000 + i);
    }
    return table;
  }

  private static byte[] fingerprint(long digest) {
    return Fingerprints.eventDigest(digest);
  }

  @Test
  void aTableWithTheRunsChangesApplied_loadsWithItsToken() {
    try (KeySet table = table(5_000); DigestChanges changes = new DigestChanges(1 << 16)) {
      table.add(0, 7); // a key whose hash is zero has a place of its own
      changes.put("k1", fingerprint(5)); // changed
      changes.put("k2", fingerprint(6));
      changes.put("k2", fingerprint(8)); // the last write wins
      changes.remove("k3");
      changes.put("new", fingerprint(9));

      DigestTableFile.save(file(), table, true, changes, TOKEN);
      DigestTableFile.Loaded loaded = DigestTableFile.load(file(), TOKEN);

      assertThat(loaded).isNotNull();
      try (KeySet digests = loaded.digests()) {
        assertThat(loaded.everyKey()).isTrue();
        assertThat(digests.valueOf(KeySet.hash("k0"))).isEqualTo(1000);
        assertThat(digests.valueOf(KeySet.hash("k4999"))).isEqualTo(5999);
        assertThat(digests.valueOf(KeySet.hash("k1"))).isEqualTo(5);
        assertThat(digests.valueOf(KeySet.hash("k2"))).isEqualTo(8);
        assertThat(digests.contains(KeySet.hash("k3"))).isFalse();
        assertThat(digests.valueOf(KeySet.hash("new"))).isEqualTo(9);
        assertThat(digests.valueOf(0)).isEqualTo(7);
        assertThat(digests.size()).isEqualTo(5_000 - 1 + 1 + 1);
      }
    }
  }

  @Test
  void aKeyWrittenWithoutADigest_isLeftOut_andTheTableNoLongerKnowsEveryKey() {
    try (KeySet table = table(10); DigestChanges changes = new DigestChanges(1 << 16)) {
      changes.put("k4", new byte[] {1, 2, 3}); // a fingerprint that holds no row digest

      DigestTableFile.save(file(), table, true, changes, TOKEN);
      DigestTableFile.Loaded loaded = DigestTableFile.load(file(), TOKEN);

      try (KeySet digests = loaded.digests()) {
        assertThat(loaded.everyKey()).isFalse();
        assertThat(digests.contains(KeySet.hash("k4"))).isFalse();
        assertThat(digests.size()).isEqualTo(9);
      }
    }
  }

  @Test
  void aTableWithAnotherToken_orCutShort_orMissing_isNotLoaded() throws IOException {
    try (KeySet table = table(100); DigestChanges changes = new DigestChanges(1 << 16)) {
      DigestTableFile.save(file(), table, true, changes, TOKEN);
    }
    assertThat(DigestTableFile.load(file(), TOKEN + 1)).as("another token").isNull();

    byte[] bytes = Files.readAllBytes(file());
    Files.write(file(), Arrays.copyOf(bytes, bytes.length - 16));
    assertThat(DigestTableFile.load(file(), TOKEN)).as("without its last slot").isNull();
    Files.write(file(), Arrays.copyOf(bytes, 20));
    assertThat(DigestTableFile.load(file(), TOKEN)).as("cut in its header").isNull();
    Files.delete(file());
    assertThat(DigestTableFile.load(file(), TOKEN)).as("missing").isNull();
  }

  @Test
  void aLoadedTable_isTheWritersTableAsItWas_andWrittenBackUnchanged_isTheSameFile() throws IOException {
    try (KeySet spilled = new KeySet(64, 3_000); DigestChanges none = new DigestChanges(1 << 16)) {
      for (int i = 0; i < 3_000; i++) {
        spilled.add(KeySet.hash("k" + i), 1000 + i);
      }
      assertThat(spilled.spilling()).as("the writer's table is in a mapped file").isTrue();
      DigestTableFile.save(file(), spilled, true, none, TOKEN);
      byte[] written = Files.readAllBytes(file());

      DigestTableFile.Loaded loaded = DigestTableFile.load(file(), TOKEN);
      try (KeySet image = loaded.digests()) {
        assertThat(image.slots()).isEqualTo(spilled.slots());
        assertThat(image.size()).isEqualTo(3_000);
        for (int i = 0; i < 3_000; i++) {
          long hash = KeySet.hash("k" + i);
          assertThat(image.slotOf(hash)).isEqualTo(spilled.slotOf(hash));
          assertThat(image.valueOf(hash)).isEqualTo(1000 + i);
        }
        assertThat(image.contains(KeySet.hash("k3000"))).isFalse();
        Path again = dir.resolve("sync-2.digests");
        DigestTableFile.save(again, image, true, none, TOKEN);
        assertThat(Files.readAllBytes(again)).isEqualTo(written);
      }
    }
  }

  @Test
  void aTableWithOneByteChanged_failsItsChecksum_andIsNotLoaded() throws IOException {
    try (KeySet table = table(1_000); DigestChanges changes = new DigestChanges(1 << 16)) {
      DigestTableFile.save(file(), table, true, changes, TOKEN);
    }
    byte[] bytes = Files.readAllBytes(file());
    bytes[bytes.length / 2] ^= 0x10; // a digest or a hash in the middle of the slots
    Files.write(file(), bytes);

    assertThat(DigestTableFile.load(file(), TOKEN)).isNull();
  }

  @Test
  void changesPastTheLimit_areNotRecorded_andSayTheTableCannotBeWritten() {
    try (DigestChanges changes = new DigestChanges(3)) {
      for (int i = 0; i < 3; i++) {
        changes.put("k" + i, fingerprint(i));
      }
      assertThat(changes.usable()).isTrue();
      changes.remove("k9");
      assertThat(changes.usable()).isFalse();
    }
    try (DigestChanges cleared = new DigestChanges(10)) {
      cleared.cleared();
      assertThat(cleared.usable()).isFalse();
    }
  }
}
