package dev.ampsync.internal.state;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The state file's page cache grows with the heap, between MVStore's default and a bound. */
class FileStateStoreCacheTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void isASixteenthOfTheHeap_between16And64Megabytes() {
    assertThat(FileStateStore.cacheMegabytes(64 * MIB)).as("a small heap keeps MVStore's default").isEqualTo(16);
    assertThat(FileStateStore.cacheMegabytes(512 * MIB)).isEqualTo(32);
    assertThat(FileStateStore.cacheMegabytes(1024 * MIB)).isEqualTo(64);
    assertThat(FileStateStore.cacheMegabytes(6L * 1024 * MIB)).as("bounded").isEqualTo(64);
  }
}
