package dev.ampsync.internal.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
 * next run loads them in one sequential read instead of walking every key of the state (a B-tree
 * read, decompressed, each key decoded and hashed: 0.6 s of CPU per million keys, before the first
 * row).
 *
 * <p>The file counts only while the sync's metadata holds the random token it was written with
 * ({@link DigestTableHome}: a run's first write removes it, in the same commit). A file that does
 * not match, or fails its checksum, is ignored and the state is read as before: the table can make a
 * run slower, never different.
 *
 * <p>Layout, big-endian: {@code AMPSDIGT}, format, flags (bit 0: every stored key is in the table),
 * token; then the pairs (key hash, row digest) in the order of the writer's table
 * slots, so that loading them into a table of the same size writes it front to back; then the pair
 * count and a CRC-32C of everything before it.
 */
final class DigestTableFile {
  private static final Logger LOG = LoggerFactory.getLogger(DigestTableFile.class);
  /** The side file's kind ({@code sync-HASH.digests}). */
  static final String KIND = "digests";
  private static final long MAGIC = 0x414D505344494754L; // "AMPSDIGT"
  /** Changes when the key hash ({@link KeySet#hash}) or the stored row digest changes. */
  private static final int FORMAT = 1;
  private static final int HEADER = 8 + 4 + 4 + 8;
  private static final int TRAILER = 8 + 8;
  private static final int PAIR = 16;
  private static final int BUFFER = 1 << 20;

  /** A table read from its file. */
  record Loaded(KeySet digests, boolean everyKey) {}

  private DigestTableFile() {}

  /**
   * Reads the table written with this token; null when there is none, it was written with another,
   * or it is damaged (then the state is read instead).
   */
  static Loaded load(Path file, long token) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < HEADER + TRAILER || (size - HEADER - TRAILER) % PAIR != 0) {
        return refused(file, "its size, " + size + " bytes, is not a table's");
      }
      CRC32C crc = new CRC32C();
      ByteBuffer header = readFully(channel, ByteBuffer.allocate(HEADER), 0);
      crc.update(header.duplicate());
      if (header.getLong() != MAGIC || header.getInt() != FORMAT) {
        return refused(file, "it is not a digest table of this version of amplitude-sync");
      }
      boolean everyKey = (header.getInt() & 1) != 0;
      if (header.getLong() != token) {
        return refused(file, "it was written for another state of the sync, or an earlier one");
      }
      long count = (size - HEADER - TRAILER) / PAIR;
      KeySet digests = new KeySet(count);
      try {
        ByteBuffer pairs = ByteBuffer.allocateDirect(BUFFER);
        long position = HEADER;
        long left = count * PAIR;
        while (left > 0) {
          pairs.clear().limit((int) Math.min(BUFFER, left));
          readFully(channel, pairs, position);
          crc.update(pairs.duplicate());
          while (pairs.hasRemaining()) {
            if (!digests.add(pairs.getLong(), pairs.getLong())) {
              digests.close();
              return refused(file, "it holds a key twice");
            }
          }
          position += pairs.limit();
          left -= pairs.limit();
        }
        ByteBuffer trailer = readFully(channel, ByteBuffer.allocate(TRAILER), position);
        if (trailer.getLong() != count || trailer.getLong() != crc.getValue()) {
          digests.close();
          return refused(file, "its checksum does not match");
        }
        return new Loaded(digests, everyKey);
      } catch (IOException | RuntimeException e) {
        digests.close();
        throw e;
      }
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
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        Writer writer = new Writer(channel);
        writer.buffer.putLong(MAGIC).putInt(FORMAT).putInt(everyKey && changes.allDigested() ? 1 : 0)
            .putLong(token);
        boolean unchanged = changes.isEmpty(); // then no pair needs looking up among the changes
        digests.forEach((hash, digest) -> {
          if (unchanged || !changes.changed(hash)) {
            writer.pair(hash, digest);
          }
        });
        changes.forEach((hash, value) -> {
          if (value != DigestChanges.REMOVED && value != DigestChanges.NO_DIGEST) {
            writer.pair(hash, value);
          }
        });
        writer.finish();
      }
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("digest table {} not written: {}", file, e.toString());
      delete(temporary);
      delete(file);
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
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
    private final CRC32C crc = new CRC32C();
    private long count;

    Writer(FileChannel channel) {
      this.channel = channel;
    }

    void pair(long hash, long digest) {
      if (buffer.remaining() < PAIR) {
        flush();
      }
      buffer.putLong(hash).putLong(digest);
      count++;
    }

    /** Writes what is buffered, then the count and the checksum of everything before them. */
    void finish() {
      flush();
      writeAll(ByteBuffer.allocate(TRAILER).putLong(count).putLong(crc.getValue()).flip());
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
