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

  /**
   * Hashes the UTF-16 code units of a text, four per step, into 64 bits, starting from {@code h}.
   * Deterministic across runs and JVMs (no {@code String.hashCode}); the length is mixed in, so a
   * text and its extension with NUL characters differ. Not for adversarial inputs.
   *
   * @param text the text
   * @param h the running hash to continue
   * @return the new running hash (pass it to {@link #fmix64} to finish)
   */
  public static long chars(CharSequence text, long h) {
    int n = text.length();
    int i = 0;
    for (; i + 4 <= n; i += 4) {
      long block = text.charAt(i)
          | (long) text.charAt(i + 1) << 16
          | (long) text.charAt(i + 2) << 32
          | (long) text.charAt(i + 3) << 48;
      h = step(h, block);
    }
    long tail = 0;
    for (int shift = 0; i < n; i++, shift += 16) {
      tail |= (long) text.charAt(i) << shift;
    }
    return step(step(h, tail), n);
  }

  private static long step(long h, long block) {
    h ^= block * 0x9E3779B97F4A7C15L;
    return Long.rotateLeft(h, 31) * 0xBF58476D1CE4E5B9L;
  }
}
