package dev.ampsync.internal.util;

/** 64-bit hashing helpers shared by key sets and fingerprints. */
public final class Hashing {
  private Hashing() {}

  /**
   * MurmurHash3's 64-bit finalizer: spreads every input bit over the output.
   *
   * @param h the value to mix
   * @return the mixed value
   */
  public static long fmix64(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
