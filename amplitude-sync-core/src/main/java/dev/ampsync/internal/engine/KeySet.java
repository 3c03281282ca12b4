package dev.ampsync.internal.engine;

import dev.ampsync.internal.util.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * The keys seen in one run, for duplicate detection, as 64-bit hashes in an open-addressing table:
 * in heap while small, and once it holds {@code spillAt} keys in a memory-mapped temporary file
 * instead, so the Java heap stays bounded whatever the row count (the operating system pages the
 * file). By default the in-heap table stays under about 1/32 of the maximum heap (at most a million
 * keys, 16 to 32 MB), so a run in a small heap spills early rather than competing with the requests
 * in flight for it. Two different keys share a hash with probability about n²/2⁶⁵
 * (3·10⁻⁶ at ten million keys); such a pair would be reported as a duplicate. Not thread-safe;
 * close it to delete the file.
 *
 * <p>{@link DuplicateCheck} also adds hashes of its own here ({@link #add(long)}): a key paired with
 * its row's values, a group and its properties. They share the table and its bound, so {@link
 * #size()} counts them too; one colliding with a key's hash is as unlikely as two keys colliding.
 */
final class KeySet implements AutoCloseable {
  static final int MAX_SPILL_AT = 1 << 20;
  static final int MIN_SPILL_AT = 1 << 12;

  private final int spillAt;
  private long[] table = new long[1 << 12];
  private int size;
  private boolean hasZero;
  /** Once spilled: the table, in a mapped file. */
  private LongBuffer mapped;
  private int mappedLength;
  private Path spillFile;

  KeySet() {
    this(spillAtFor(Runtime.getRuntime().maxMemory()));
  }

  /**
   * The key count at which a table in a heap of {@code maxHeapBytes} spills: the table holds 16 to
   * 32 bytes per key (8-byte slots, at most half full), so spilling at {@code maxHeap / 1024} keys
   * keeps it under 1/32 of the heap; a power of two between {@link #MIN_SPILL_AT} and {@link
   * #MAX_SPILL_AT}.
   */
  static int spillAtFor(long maxHeapBytes) {
    long keys = Math.max(MIN_SPILL_AT, Math.min(MAX_SPILL_AT, maxHeapBytes / 1024));
    return (int) Long.highestOneBit(keys);
  }

  KeySet(int spillAt) {
    this.spillAt = spillAt;
  }

  /** Adds a key; returns false when it was already present. */
  boolean add(String key) {
    return add(hash(key));
  }

  /** Adds a 64-bit hash made as {@link #hash} makes them; returns false when it was already present. */
  boolean add(long hash) {
    if (hash == 0) {
      boolean added = !hasZero;
      hasZero = true;
      return added;
    }
    if (mapped != null) {
      if ((long) size * 2 >= mappedLength) {
        growMapped();
      }
      boolean added = insert(mapped, mappedLength, hash);
      if (added) {
        size++;
      }
      return added;
    }
    if (size * 2 >= table.length) {
      grow();
    }
    boolean added = insert(table, hash);
    if (added) {
      size++;
      if (size >= spillAt) {
        spill();
      }
    }
    return added;
  }

  /** Tells whether a key was added. */
  boolean contains(String key) {
    return contains(hash(key));
  }

  /** Tells whether a hash was added. */
  boolean contains(long hash) {
    if (hash == 0) {
      return hasZero;
    }
    if (mapped != null) {
      int mask = mappedLength - 1;
      int i = (int) (hash ^ (hash >>> 32)) & mask;
      long slot;
      while ((slot = mapped.get(i)) != 0) {
        if (slot == hash) {
          return true;
        }
        i = (i + 1) & mask;
      }
      return false;
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

  long size() {
    return size + (hasZero ? 1 : 0);
  }

  boolean spilling() {
    return mapped != null;
  }

  private static boolean insert(long[] slots, long hash) {
    int mask = slots.length - 1;
    int i = (int) (hash ^ (hash >>> 32)) & mask;
    while (slots[i] != 0) {
      if (slots[i] == hash) {
        return false;
      }
      i = (i + 1) & mask;
    }
    slots[i] = hash;
    return true;
  }

  private static boolean insert(LongBuffer slots, int length, long hash) {
    int mask = length - 1;
    int i = (int) (hash ^ (hash >>> 32)) & mask;
    long slot;
    while ((slot = slots.get(i)) != 0) {
      if (slot == hash) {
        return false;
      }
      i = (i + 1) & mask;
    }
    slots.put(i, hash);
    return true;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    for (long hash : old) {
      if (hash != 0) {
        insert(table, hash);
      }
    }
  }

  /** Moves the table into a mapped file twice its size; the heap table is dropped. */
  private void spill() {
    int length = table.length * 2;
    LongBuffer file = map(length);
    for (long hash : table) {
      if (hash != 0) {
        insert(file, length, hash);
      }
    }
    table = new long[0];
    mapped = file;
    mappedLength = length;
  }

  private void growMapped() {
    int length = mappedLength * 2;
    if (length <= 0 || length > (1 << 30)) {
      throw new IllegalStateException("more than half a billion distinct keys in one run");
    }
    LongBuffer old = mapped;
    int oldLength = mappedLength;
    Path oldFile = spillFile;
    LongBuffer file = map(length);
    for (int i = 0; i < oldLength; i++) {
      long hash = old.get(i);
      if (hash != 0) {
        insert(file, length, hash);
      }
    }
    mapped = file;
    mappedLength = length;
    delete(oldFile); // the old mapping is released by the garbage collector
  }

  private LongBuffer map(int length) {
    try {
      Path file = Files.createTempFile("ampsync-keys-", ".bin");
      file.toFile().deleteOnExit();
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        LongBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) length * Long.BYTES).asLongBuffer();
        spillFile = file;
        return buffer;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file for the run's keys: " + e.getMessage(), e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // deleteOnExit remains
    }
  }

  @Override
  public void close() {
    if (spillFile != null) {
      mapped = null;
      delete(spillFile);
      spillFile = null;
    }
  }

  /** FNV-1a over the UTF-8 bytes, finished with MurmurHash3's fmix64. */
  static long hash(String key) {
    return Hashing.fmix64(Hashing.chars(key, 0xcbf29ce484222325L));
  }

}
