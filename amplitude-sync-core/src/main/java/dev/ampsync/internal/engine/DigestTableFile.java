package dev.ampsync.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored digests of a sync (key hash and row digest, see {@link StoredDigests}) in a file beside
 * a file state, written at the end of a run that read them, with the state as that run left it: the
 * next run maps the file and probes it as it is, instead of walking every key of the state (a B-tree
 * read, decompressed, each key decoded and hashed: 0.6 s of CPU per million keys, before the first
 * row) or filling a table of its own from it (0.6 s of CPU too, most of it faulting in the table's
 * fresh pages).
 *
 * <p>The file counts only while the sync's metadata holds the random token it was written with
 * ({@link DigestTableHome}: a run's first write removes it, in the same commit). A file that does
 * not match, or fails its checksum, is ignored and the state is read as before: the table can make a
 * run slower, never different.
 *
 * <p>Layout, little-endian (the byte order of the machines it runs on, so that a probe reads a slot
 * as it is): {@code AMPSDIGT}, format, flags (bit 0: every stored key is in the table; bit 1: the
 * zero hash is, with the value that follows), token, slot count (a power of two), pair count, the
 * zero hash's value; then every slot of the writer's {@link KeySet} in order, key hash and row
 * digest, free ones zero ({@link KeySet#forEachSlot}); then a CRC-32C of everything before it. On a
 * system that cannot replace a mapped file (Windows), writing the next table fails and the next run
 * reads the state.
 */
final class DigestTableFile {
  private static final Logger LOG = LoggerFactory.getLogger(DigestTableFile.class);
  /** The side file's kind ({@code sync-HASH.digests}). */
  static final String KIND = "digests";
  private static final long MAGIC = 0x414D505344494754L; // "AMPSDIGT"
  /**
   * Changes when the key hash ({@link KeySet#hash}), the stored row digest or the layout changes:
   * format 1 held the pairs only, to be added to a table of the reader's.
   */
  private static final int FORMAT = 2;
  private static final int EVERY_KEY = 1;
  private static final int ZERO_HASH = 2;
  private static final int HEADER = 8 + 4 + 4 + 8 + 8 + 8 + 8;
  private static final int TRAILER = 8;
  private static final int PAIR = 16;
  private static final int BUFFER = 1 << 20;

  /** A table read from its file. */
  record Loaded(KeySet digests, boolean everyKey) {}

  private DigestTableFile() {}

  /**
   * Maps the table written with this token; null when there is none, it was written with another,
   * or it is damaged (then the state is read instead).
   */
  static Loaded load(Path file, long token) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < HEADER + TRAILER) {
        return refused(file, "its size, " + size + " bytes, is not a table's");
      }
      ByteBuffer header = readFully(channel, ByteBuffer.allocate(HEADER).order(ByteOrder.LITTLE_ENDIAN), 0);
      if (header.getLong() != MAGIC || header.getInt() != FORMAT) {
        return refused(file, "it is not a digest table of this version of amplitude-sync");
      }
      int flags = header.getInt();
      if (header.getLong() != token) {
        return refused(file, "it was written for another state of the sync, or an earlier one");
      }
      long slots = header.getLong();
      long count = header.getLong();
      long zeroValue = header.getLong();
      if (slots <= 0 || Long.bitCount(slots) != 1 || count < 0 || count > slots / 2
          || size != HEADER + slots * PAIR + TRAILER || size > Integer.MAX_VALUE) {
        return refused(file, "its size, " + size + " bytes, does not hold " + slots + " slots");
      }
      // Mapped, not read: the pages come from the page cache as the probes reach them. The mapping
      // outlives the channel and is released with the buffer.
      MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
      mapped.order(ByteOrder.LITTLE_ENDIAN);
      CRC32C crc = new CRC32C();
      crc.update(mapped.duplicate().limit((int) (size - TRAILER)));
      if (mapped.getLong((int) (size - TRAILER)) != crc.getValue()) {
        return refused(file, "its checksum does not match");
      }
      LongBuffer pairs = mapped.duplicate().position(HEADER).limit((int) (size - TRAILER)).slice()
          .order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
      KeySet digests = KeySet.image(pairs, (int) slots, (int) count, (flags & ZERO_HASH) != 0, zeroValue);
      return new Loaded(digests, (flags & EVERY_KEY) != 0);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | RuntimeException e) {
      return refused(file, e.toString());
    }
  }

  private static Loaded refused(Path file, String why) {
    LOG.debug("digest table {} not used: {}", file, why);
    return null;
  }

  /**
   * Writes the table read at the start of a run with what the run wrote applied, with the token the
   * run's last commit wrote; replaces the file at once (a file cut short by a crash fails its checksum).
   * A failure leaves no file: the next run reads the state.
   *
   * @param digests the stored digests the run read (not changed here)
   * @param everyKey whether every stored key was among them
   * @param changes what the run wrote to the state's keys
   */
  static void save(Path file, KeySet digests, boolean everyKey, DigestChanges changes, long token) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    KeySet changed = null;
    try {
      KeySet table = digests;
      if (!changes.isEmpty()) { // a table of its own: the read one is an image, or may be, and stays as read
        changed = new KeySet(digests.size() + changes.size());
        KeySet next = changed;
        digests.forEach((hash, digest) -> {
          if (!changes.changed(hash)) {
            next.add(hash, digest);
          }
        });
        changes.forEach((hash, value) -> {
          if (value != DigestChanges.REMOVED && value != DigestChanges.NO_DIGEST) {
            next.add(hash, value);
          }
        });
        table = next;
      }
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        Writer writer = new Writer(channel);
        int flags = (everyKey && changes.allDigested() ? EVERY_KEY : 0) | (table.hasZero() ? ZERO_HASH : 0);
        long pairs = table.size() - (table.hasZero() ? 1 : 0);
        writer.buffer.putLong(MAGIC).putInt(FORMAT).putInt(flags).putLong(token).putLong(table.slots())
            .putLong(pairs).putLong(table.hasZero() ? table.zeroValue() : 0);
        table.forEachSlot(writer::pair);
        writer.finish();
      }
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("digest table {} not written: {}", file, e.toString());
      delete(temporary);
      delete(file);
    } finally {
      if (changed != null) {
        changed.close();
      }
    }
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a file that stays is ignored by the next run: its token no longer matches
    }
  }

  /** Fills {@code buffer} from {@code position}, then flips it for reading. */
  private static ByteBuffer readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    long at = position;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new IOException("the file ends early");
      }
      at += read;
    }
    return buffer.flip();
  }

  /** Writes through one buffer, summing what it writes. */
  private static final class Writer {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();

    Writer(FileChannel channel) {
      this.channel = channel;
    }

    void pair(long hash, long digest) {
      if (buffer.remaining() < PAIR) {
        flush();
      }
      buffer.putLong(hash).putLong(digest);
    }

    /** Writes what is buffered, then the checksum of everything before it. */
    void finish() {
      flush();
      writeAll(ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN).putLong(crc.getValue()).flip());
    }

    private void flush() {
      buffer.flip();
      crc.update(buffer.duplicate());
      writeAll(buffer);
      buffer.clear();
    }

    private void writeAll(ByteBuffer bytes) {
      try {
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
