package dev.ampsync.internal.engine;

import java.nio.charset.StandardCharsets;

/**
 * The keys seen in one run, for duplicate detection, as 64-bit hashes in an open-addressing table: 8
 * to 16 bytes per key instead of a string each. Two different keys share a hash with probability
 * about n²/2⁶⁵ (3·10⁻⁶ at ten million keys); such a pair would be reported as a duplicate. Not
 * thread-safe.
 */
final class KeySet {
  private long[] table = new long[1 << 12];
  private int size;
  private boolean hasZero;

  /** Adds a key; returns false when it was already present. */
  boolean add(String key) {
    long hash = hash(key);
    if (hash == 0) {
      boolean added = !hasZero;
      hasZero = true;
      return added;
    }
    if (size * 2 >= table.length) {
      grow();
    }
    return insert(table, hash);
  }

  /** Tells whether a key was added. */
  boolean contains(String key) {
    long hash = hash(key);
    if (hash == 0) {
      return hasZero;
    }
    int mask = table.length - 1;
    int i = (int) (hash ^ (hash >>> 32)) & mask;
    while (table[i] != 0) {
      if (table[i] == hash) {
        return true;
      }
      i = (i + 1) & mask;
    }
    return false;
  }

  int size() {
    return size + (hasZero ? 1 : 0);
  }

  private boolean insert(long[] slots, long hash) {
    int mask = slots.length - 1;
    int i = (int) (hash ^ (hash >>> 32)) & mask;
    while (slots[i] != 0) {
      if (slots[i] == hash) {
        return false;
      }
      i = (i + 1) & mask;
    }
    slots[i] = hash;
    if (slots == table) {
      size++;
    }
    return true;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    for (long hash : old) {
      if (hash != 0) {
        int mask = table.length - 1;
        int i = (int) (hash ^ (hash >>> 32)) & mask;
        while (table[i] != 0) {
          i = (i + 1) & mask;
        }
        table[i] = hash;
      }
    }
  }

  /** FNV-1a over the UTF-8 bytes, finished with MurmurHash3's fmix64. */
  static long hash(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return dev.ampsync.internal.util.Hashing.fmix64(h);
  }
}
