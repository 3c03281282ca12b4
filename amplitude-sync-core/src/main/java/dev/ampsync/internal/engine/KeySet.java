package dev.ampsync.internal.engine;

import dev.ampsync.internal.util.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The keys seen in one run, for duplicate detection, as 64-bit hashes in an open-addressing table,
 * each with a 64-bit value beside it (the hash of the row's values, so that a duplicate can be told
 * identical or conflicting with one probe per row): in heap while small, and once it holds {@code
 * spillAt} keys in a memory-mapped temporary file instead, so the Java heap stays bounded whatever the
 * row count (the operating system pages the file). By default the in-heap table stays under about
 * 1/32 of the maximum heap (at most half a million keys, 16 to 32 MB), so a run in a small heap
 * spills early rather than competing with the requests in flight for it. Two different keys share a
 * hash with probability about n²/2⁶⁵ (3·10⁻⁶ at ten million keys); such a pair would be reported as
 * a duplicate. Not thread-safe; close it to delete the file.
 *
 * <p>{@link GroupConflicts} also adds hashes of its own here ({@link #add(long)}): a group and its
 * properties. They share the table and its bound, so {@link #size()} counts them too; one colliding
 * with a key's hash is as unlikely as two keys colliding.
 */
final class KeySet implements AutoCloseable {
  static final int MAX_SPILL_AT = 1 << 19;
  static final int MIN_SPILL_AT = 1 << 12;
  /** What {@link #valueOf} returns for a hash that was never added. */
  static final long ABSENT = Long.MIN_VALUE;

  private final int spillAt;
  /** Pairs: the hash at {@code 2i}, its value at {@code 2i + 1}; a zero hash marks a free slot. */
  private long[] table = new long[2 << 12];
  private int size;
  private boolean hasZero;
  private long zeroValue;
  /** Once spilled: the pairs, in a mapped file. */
  private LongBuffer mapped;
  /** The number of pair slots of {@link #mapped}. */
  private int mappedSlots;
  /**
   * The mapped file, where the system could not unlink it while mapped (close() deletes it); null
   * before spilling and once unlinked (the mapping outlives the name, so a run killed with SIGKILL
   * leaves no file behind).
   */
  private Path spillFile;
  /** The path of the newest mapped file (for tests: it is unlinked where the system allows). */
  private Path mappedPath;

  KeySet() {
    this(spillAtFor(Runtime.getRuntime().maxMemory()));
  }

  KeySet(int spillAt) {
    this.spillAt = spillAt;
  }

  /**
   * A key set over a table image another key set wrote ({@link #forEachSlot}): the pairs of {@code
   * slots} slots, as they are (a read-only view of a mapped file, say), holding {@code size} pairs,
   * and the zero hash's value if it was added. It is read, not added to.
   */
  static KeySet image(LongBuffer pairs, int slots, int size, boolean hasZero, long zeroValue) {
    if (Integer.bitCount(slots) != 1 || pairs.capacity() != 2L * slots) {
      throw new IllegalArgumentException("a table image of " + slots + " slots, " + pairs.capacity() + " longs");
    }
    KeySet image = new KeySet(MIN_SPILL_AT);
    image.table = new long[0];
    image.mapped = pairs;
    image.mappedSlots = slots;
    image.size = size;
    image.hasZero = hasZero;
    image.zeroValue = zeroValue;
    return image;
  }

  /**
   * A key set sized for about {@code expectedKeys} keys from the start (a re-run expects the keys its
   * state holds): no table is filled only to be rehashed into a larger one, and a set that would
   * spill starts in its file.
   */
  KeySet(long expectedKeys) {
    this(spillAtFor(Runtime.getRuntime().maxMemory()), expectedKeys);
  }

  KeySet(int spillAt, long expectedKeys) {
    this.spillAt = spillAt;
    if (expectedKeys >= spillAt) {
      int slots = (int) Math.min(1 << 29, Long.highestOneBit(2 * expectedKeys) << 1); // at most half full
      table = new long[0];
      mapped = map(slots);
      mappedSlots = slots;
    } else if (expectedKeys > 0) {
      table = new long[(int) Math.max(table.length, Long.highestOneBit(4 * expectedKeys) << 1)];
    }
  }

  /**
   * The key count at which a table in a heap of {@code maxHeapBytes} spills: the table holds 32 to
   * 64 bytes per key (16-byte pairs, at most half full), so spilling at {@code maxHeap / 2048} keys
   * keeps it under 1/32 of the heap; a power of two between {@link #MIN_SPILL_AT} and {@link
   * #MAX_SPILL_AT}.
   */
  static int spillAtFor(long maxHeapBytes) {
    long keys = Math.max(MIN_SPILL_AT, Math.min(MAX_SPILL_AT, maxHeapBytes / 2048));
    return (int) Long.highestOneBit(keys);
  }

  /** Adds a key; returns false when it was already present. */
  boolean add(String key) {
    return add(hash(key));
  }

  /** Adds a 64-bit hash made as {@link #hash} makes them; returns false when it was already present. */
  boolean add(long hash) {
    return add(hash, 0);
  }

  /**
   * Adds a hash with a value; when the hash is already present, keeps its first value and returns
   * false (then {@link #valueOf} tells that value).
   */
  boolean add(long hash, long value) {
    if (hash == 0) {
      if (hasZero) {
        return false;
      }
      hasZero = true;
      zeroValue = value;
      return true;
    }
    if (mapped != null) {
      if ((long) size * 2 >= mappedSlots) {
        growMapped();
      }
      boolean added = insert(mapped, mappedSlots, hash, value);
      if (added) {
        size++;
      }
      return added;
    }
    if (size * 4 >= table.length) { // more than half of the pair slots in use
      grow();
    }
    boolean added = insert(table, hash, value);
    if (added) {
      size++;
      if (size >= spillAt) {
        spill();
      }
    }
    return added;
  }

  /** Sets the value of a hash: replaces the value it has, or adds it with this value. */
  void put(long hash, long value) {
    if (hash == 0) {
      hasZero = true;
      zeroValue = value;
      return;
    }
    int slot = find(hash);
    if (slot < 0) {
      add(hash, value);
    } else if (mapped != null) {
      mapped.put(2 * slot + 1, value);
    } else {
      table[2 * slot + 1] = value;
    }
  }

  /** What {@link #forEach} gives each hash and its value to. */
  interface PairAction {
    void accept(long hash, long value);
  }

  /** Gives every hash and its value to {@code action}, in the order of the table's slots. */
  void forEach(PairAction action) {
    if (hasZero) {
      action.accept(0, zeroValue);
    }
    if (mapped != null) {
      for (int i = 0; i < mappedSlots; i++) {
        long hash = mapped.get(2 * i);
        if (hash != 0) {
          action.accept(hash, mapped.get(2 * i + 1));
        }
      }
    } else {
      for (int i = 0; i < table.length; i += 2) {
        if (table[i] != 0) {
          action.accept(table[i], table[i + 1]);
        }
      }
    }
  }

  /**
   * Gives every slot's hash and value to {@code action}, in slot order, free ones as (0, 0): the
   * table's image, which {@link #image} reads back. The zero hash has no slot ({@link #hasZero}).
   */
  void forEachSlot(PairAction action) {
    if (mapped != null) {
      for (int i = 0; i < mappedSlots; i++) {
        action.accept(mapped.get(2 * i), mapped.get(2 * i + 1));
      }
    } else {
      for (int i = 0; i < table.length; i += 2) {
        action.accept(table[i], table[i + 1]);
      }
    }
  }

  /** Tells whether the zero hash was added (it has no slot: see {@link #zeroValue}). */
  boolean hasZero() {
    return hasZero;
  }

  /** The zero hash's value, when {@link #hasZero}. */
  long zeroValue() {
    return zeroValue;
  }

  /** Tells whether a key was added. */
  boolean contains(String key) {
    return contains(hash(key));
  }

  /** Tells whether a hash was added. */
  boolean contains(long hash) {
    return hash == 0 ? hasZero : find(hash) >= 0;
  }

  /** Returns the value added with a hash, or {@link #ABSENT} when the hash was never added. */
  long valueOf(long hash) {
    if (hash == 0) {
      return hasZero ? zeroValue : ABSENT;
    }
    int slot = find(hash);
    if (slot < 0) {
      return ABSENT;
    }
    return mapped != null ? mapped.get(2 * slot + 1) : table[2 * slot + 1];
  }

  /**
   * Returns the slot of a hash, stable while nothing is added, or -1 when the hash was never added or
   * is zero (zero has no slot). See {@link #valueAt}.
   */
  int slotOf(long hash) {
    return hash == 0 ? -1 : find(hash);
  }

  /** Returns the value in a slot {@link #slotOf} gave. */
  long valueAt(int slot) {
    return mapped != null ? mapped.get(2 * slot + 1) : table[2 * slot + 1];
  }

  /** Returns how many slots the table has now: every slot {@link #slotOf} gives is below it. */
  int slots() {
    return mapped != null ? mappedSlots : table.length / 2;
  }

  /** Returns the pair slot holding a (non-zero) hash, or -1. */
  private int find(long hash) {
    if (mapped != null) {
      int mask = mappedSlots - 1;
      int i = (int) (hash ^ (hash >>> 32)) & mask;
      long slot;
      while ((slot = mapped.get(2 * i)) != 0) {
        if (slot == hash) {
          return i;
        }
        i = (i + 1) & mask;
      }
      return -1;
    }
    int mask = table.length / 2 - 1;
    int i = (int) (hash ^ (hash >>> 32)) & mask;
    long slot;
    while ((slot = table[2 * i]) != 0) {
      if (slot == hash) {
        return i;
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  long size() {
    return size + (hasZero ? 1 : 0);
  }

  boolean spilling() {
    return mapped != null;
  }

  private static boolean insert(long[] pairs, long hash, long value) {
    int mask = pairs.length / 2 - 1;
    int i = (int) (hash ^ (hash >>> 32)) & mask;
    long slot;
    while ((slot = pairs[2 * i]) != 0) {
      if (slot == hash) {
        return false;
      }
      i = (i + 1) & mask;
    }
    pairs[2 * i] = hash;
    pairs[2 * i + 1] = value;
    return true;
  }

  private static boolean insert(LongBuffer pairs, int slots, long hash, long value) {
    int mask = slots - 1;
    int i = (int) (hash ^ (hash >>> 32)) & mask;
    long slot;
    while ((slot = pairs.get(2 * i)) != 0) {
      if (slot == hash) {
        return false;
      }
      i = (i + 1) & mask;
    }
    pairs.put(2 * i, hash);
    pairs.put(2 * i + 1, value);
    return true;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    for (int i = 0; i < old.length; i += 2) {
      if (old[i] != 0) {
        insert(table, old[i], old[i + 1]);
      }
    }
  }

  /** Moves the table into a mapped file of twice as many slots; the heap table is dropped. */
  private void spill() {
    int slots = table.length; // twice the heap table's table.length / 2 pair slots
    LongBuffer file = map(slots);
    for (int i = 0; i < table.length; i += 2) {
      if (table[i] != 0) {
        insert(file, slots, table[i], table[i + 1]);
      }
    }
    table = new long[0];
    mapped = file;
    mappedSlots = slots;
  }

  private void growMapped() {
    int slots = mappedSlots * 2;
    if (slots <= 0 || slots > (1 << 29)) {
      throw new IllegalStateException("more than a quarter of a billion distinct keys in one run");
    }
    LongBuffer old = mapped;
    int oldSlots = mappedSlots;
    Path oldFile = spillFile;
    LongBuffer file = map(slots);
    for (int i = 0; i < oldSlots; i++) {
      long hash = old.get(2 * i);
      if (hash != 0) {
        insert(file, slots, hash, old.get(2 * i + 1));
      }
    }
    mapped = file;
    mappedSlots = slots;
    if (oldFile != null) {
      delete(oldFile); // the old mapping is released by the garbage collector
    }
  }

  private LongBuffer map(int slots) {
    try {
      Path file = Files.createTempFile("ampsync-keys-", ".bin");
      LongBuffer buffer;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        buffer =
            channel.map(FileChannel.MapMode.READ_WRITE, 0, (long) slots * 2 * Long.BYTES)
                .order(ByteOrder.nativeOrder()) // the file is this run's alone: no byte swapping per access
                .asLongBuffer();
      } catch (IOException | RuntimeException e) {
        delete(file);
        throw e;
      }
      mappedPath = file;
      // Unlinked at once where the system allows it (POSIX): the mapping keeps the pages, and a run
      // killed before close() leaves no file in the temporary directory. Elsewhere, close() or the
      // JVM's exit deletes it.
      try {
        Files.delete(file);
        spillFile = null;
      } catch (IOException stillMapped) {
        file.toFile().deleteOnExit();
        spillFile = file;
      }
      return buffer;
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

  /** Returns the path of the newest mapped file, or null before spilling (for tests). */
  Path mappedPath() {
    return mappedPath;
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
