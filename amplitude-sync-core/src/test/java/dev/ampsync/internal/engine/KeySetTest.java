package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The run's key set finds duplicates before and after it spills to disk, with bounded heap. */
class KeySetTest {

  @Test
  void duplicates_areFoundBeforeAndAfterTheSetSpillsToDisk() {
    try (KeySet keys = new KeySet(100)) {
      for (int i = 0; i < 250; i++) {
        assertThat(keys.add("user-" + i)).as("first add of user-%d", i).isTrue();
      }
      assertThat(keys.spilling()).isTrue();
      assertThat(keys.add("user-7")).as("a key held in heap").isFalse();
      assertThat(keys.add("user-200")).as("a key held on disk").isFalse();
      assertThat(keys.contains("user-7")).isTrue();
      assertThat(keys.contains("user-249")).isTrue();
      assertThat(keys.contains("user-250")).isFalse();
      assertThat(keys.size()).isEqualTo(250);
    }
  }

  @Test
  void aSetSizedForTheExpectedKeys_startsInHeapOrInItsFile_andFindsTheSameDuplicates() {
    for (long expected : new long[] {0, 50, 99, 100, 1_000}) {
      try (KeySet keys = new KeySet(100, expected)) {
        assertThat(keys.spilling()).as("expecting %d keys with a spill at 100", expected).isEqualTo(expected >= 100);
        for (int i = 0; i < 400; i++) { // more than expected: a sized set still grows
          assertThat(keys.add(KeySet.hash("user-" + i), i)).as("first add of user-%d", i).isTrue();
        }
        assertThat(keys.add(KeySet.hash("user-7"), -1)).isFalse();
        assertThat(keys.valueOf(KeySet.hash("user-7"))).isEqualTo(7);
        assertThat(keys.valueOf(KeySet.hash("user-399"))).isEqualTo(399);
        assertThat(keys.contains("user-400")).isFalse();
        assertThat(keys.size()).isEqualTo(400);
        assertThat(keys.spilling()).isTrue();
      }
    }
  }

  @Test
  void spillThreshold_keepsTheInHeapTableUnderAThirtySecondOfTheHeap() {
    long mib = 1024L * 1024;
    // 64 MB heap (the streaming memory test's child): 32,768 keys, a table of 1 to 2 MB
    assertThat(KeySet.spillAtFor(64 * mib)).isEqualTo(1 << 15);
    assertThat(KeySet.spillAtFor(64 * mib) * 64L).isLessThanOrEqualTo(64 * mib / 32);
    // a heap that is not a power of two rounds down
    assertThat(KeySet.spillAtFor(100 * mib)).isEqualTo(1 << 15);
    // large heaps stop at half a million keys; tiny ones still keep 4,096 in heap
    assertThat(KeySet.spillAtFor(8L * 1024 * mib)).isEqualTo(KeySet.MAX_SPILL_AT);
    assertThat(KeySet.spillAtFor(mib)).isEqualTo(KeySet.MIN_SPILL_AT);
  }

  @Test
  void values_stayBesideTheirHashes_beforeAndAfterSpilling_andTheFirstValueWins() {
    try (KeySet keys = new KeySet(64)) {
      for (long i = 1; i <= 300; i++) {
        assertThat(keys.add(i * 0x9E3779B97F4A7C15L, i)).isTrue();
      }
      assertThat(keys.spilling()).isTrue();
      assertThat(keys.add(7 * 0x9E3779B97F4A7C15L, 999)).as("a repeat keeps the first value").isFalse();
      assertThat(keys.valueOf(7 * 0x9E3779B97F4A7C15L)).isEqualTo(7);
      assertThat(keys.valueOf(300 * 0x9E3779B97F4A7C15L)).isEqualTo(300);
      assertThat(keys.valueOf(301 * 0x9E3779B97F4A7C15L)).isEqualTo(KeySet.ABSENT);
      assertThat(keys.add(0, 42)).as("the zero hash is kept apart").isTrue();
      assertThat(keys.valueOf(0)).isEqualTo(42);
      assertThat(keys.contains(0)).isTrue();
      assertThat(keys.size()).isEqualTo(301);
    }
  }

  @Test
  void put_replacesAValueOrAddsOne_andForEachGivesEveryPair_beforeAndAfterSpilling() {
    for (int spillAt : new int[] {1_000_000, 64}) {
      try (KeySet keys = new KeySet(spillAt)) {
        for (long i = 1; i <= 300; i++) {
          keys.put(i * 0x9E3779B97F4A7C15L, i);
        }
        keys.put(7 * 0x9E3779B97F4A7C15L, 700); // replaced, unlike add's first-value-wins
        keys.put(0, 1);
        keys.put(0, 2);
        assertThat(keys.spilling()).isEqualTo(spillAt == 64);
        assertThat(keys.valueOf(7 * 0x9E3779B97F4A7C15L)).isEqualTo(700);
        assertThat(keys.valueOf(0)).isEqualTo(2);
        assertThat(keys.size()).isEqualTo(301);
        long[] sum = new long[2];
        keys.forEach((hash, value) -> {
          sum[0]++;
          sum[1] += value;
        });
        assertThat(sum[0]).isEqualTo(301);
        assertThat(sum[1]).isEqualTo(300 * 301 / 2 - 7 + 700 + 2);
      }
    }
  }

  @Test
  void theSpillFile_isUnlinkedOnceMapped_soThatARunKilledBeforeCloseLeavesNoFile() {
    // The continuous integration ran on Linux and found 16 files of 4 to 8 MB left in /tmp by the
    // runs its kill-and-resume tests kill: close() and deleteOnExit never ran.
    assumeFalse(System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).startsWith("windows"),
        "Windows does not unlink a mapped file; close() deletes it there");
    KeySet keys = new KeySet(10);
    for (int i = 0; i < 20; i++) {
      keys.add("k" + i);
    }
    Path first = keys.mappedPath();
    assertThat(first).isNotNull().doesNotExist();
    for (int i = 20; i < 10_000; i++) { // past half of its 8,192 slots: grows into a larger file
      keys.add("k" + i);
    }
    assertThat(keys.mappedPath()).isNotEqualTo(first).doesNotExist();
    assertThat(keys.contains("k7")).isTrue();
    assertThat(keys.contains("k9999")).isTrue();
    assertThat(keys.add("k5000")).isFalse();
    keys.close();
    keys.close(); // idempotent
  }

  @Test
  void fourMillionKeys_fitIn48MegabytesOfHeap() throws Exception {
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx48m",
            "-cp", System.getProperty("java.class.path"),
            KeySetMain.class.getName(), "4000000")
        .redirectErrorStream(true)
        .start();
    String output;
    if (!child.waitFor(3, TimeUnit.MINUTES)) {
      child.destroyForcibly();
      throw new AssertionError("the child did not finish in 3 minutes");
    }
    output = new String(child.getInputStream().readAllBytes());
    assertThat(child.exitValue()).as(output).isZero();
    assertThat(output).contains("keys=4000000 duplicates=1");
  }

  /** Adds N distinct keys and one repeat under a small heap; prints what it found. */
  static final class KeySetMain {
    public static void main(String[] args) {
      int count = Integer.parseInt(args[0]);
      int duplicates = 0;
      try (KeySet keys = new KeySet()) {
        for (int i = 0; i < count; i++) {
          if (!keys.add("order-" + i)) {
            duplicates++;
          }
        }
        if (!keys.add("order-12345")) {
          duplicates++;
        }
        System.out.println("keys=" + keys.size() + " duplicates=" + duplicates
            + " maxHeapMb=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
      }
    }
  }
}
