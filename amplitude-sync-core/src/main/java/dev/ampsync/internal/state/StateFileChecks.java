package dev.ampsync.internal.state;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds a damaged store file that MVStore itself would open without a word: a file cut short reopens
 * at an older chunk (or, at 0 bytes, as a new empty store), which would make a run send every row
 * again. Two checks, both cheap:
 *
 * <ul>
 *   <li>before opening, the file's shape: a store is never 0 bytes or shorter than its two header
 *       blocks, and its header never points past its end;
 *   <li>after opening, the version: {@code state.mv.db.version} beside the store keeps the version of
 *       the last commit, with a checksum; a store that opens at an older version went back in time.
 * </ul>
 */
final class StateFileChecks {
  private static final Logger LOG = LoggerFactory.getLogger(StateFileChecks.class);
  /** MVStore writes two header blocks of 4096 bytes when it creates a file. */
  private static final int HEADER_BYTES = 2 * 4096;
  private static final Pattern BLOCK = Pattern.compile("(?:^|,)block:([0-9a-f]+)(?:,|$)");
  private static final Pattern BLOCK_SIZE = Pattern.compile("(?:^|,)blockSize:([0-9a-f]+)(?:,|$)");
  private static final Pattern MARKER = Pattern.compile("version=(\\d+)\ncrc32=([0-9a-f]{8})\n?");

  private StateFileChecks() {}

  static Path versionFile(Path storeFile) {
    return storeFile.resolveSibling(storeFile.getFileName() + ".version");
  }

  /**
   * Checks an existing store file's shape before MVStore opens it.
   *
   * @return why it is damaged, or null
   */
  static String shape(Path file) throws IOException {
    long size = Files.size(file);
    if (size == 0) {
      return "it is empty (0 bytes), so every acknowledged key is lost";
    }
    if (size < HEADER_BYTES) {
      return "it is " + size + " bytes long, shorter than a store's header (" + HEADER_BYTES + " bytes): it was cut short";
    }
    byte[] header = new byte[4096];
    int read;
    try (InputStream in = Files.newInputStream(file)) {
      read = in.readNBytes(header, 0, header.length);
    }
    String text = new String(header, 0, read, StandardCharsets.ISO_8859_1);
    int end = text.indexOf('\n');
    String first = end < 0 ? text : text.substring(0, end);
    Matcher block = BLOCK.matcher(first);
    Matcher blockSize = BLOCK_SIZE.matcher(first);
    if (first.startsWith("H:") && block.find() && blockSize.find()) {
      try {
        long lastChunkAt = Long.parseLong(block.group(1), 16) * Long.parseLong(blockSize.group(1), 16);
        if (lastChunkAt >= size) {
          return "its header points to byte " + lastChunkAt + " but it is only " + size + " bytes long: it was cut short";
        }
      } catch (NumberFormatException ignored) {
        // not a header we understand: MVStore's own checks decide
      }
    }
    return null;
  }

  /**
   * Tells whether a store file shorter than its header was left by a process killed while creating
   * it: no commit was ever recorded beside it ({@code state.mv.db.version} is written after every
   * commit), so nothing was acknowledged and a fresh store loses nothing. A file cut short after a
   * commit still has its marker, and stays damaged.
   */
  static boolean interruptedCreation(Path file) throws IOException {
    return Files.size(file) < HEADER_BYTES && !Files.exists(versionFile(file));
  }

  /** Returns the version the marker recorded, or -1 when there is none (or it is unreadable, logged). */
  static long recordedVersion(Path storeFile) {
    Path marker = versionFile(storeFile);
    if (!Files.exists(marker)) {
      return -1;
    }
    try {
      Matcher m = MARKER.matcher(Files.readString(marker, StandardCharsets.US_ASCII));
      if (m.matches() && crc(m.group(1)).equals(m.group(2))) {
        return Long.parseLong(m.group(1));
      }
      LOG.warn("ignoring {}: its checksum does not match (it is rewritten at the next commit)", marker);
    } catch (IOException | RuntimeException e) {
      LOG.warn("ignoring {}: {}", marker, e.getMessage());
    }
    return -1;
  }

  /** Records a committed version: written to a temporary file, then moved over the marker. */
  static void recordVersion(Path storeFile, long version) throws IOException {
    Path marker = versionFile(storeFile);
    Path next = marker.resolveSibling(marker.getFileName() + ".next");
    String v = Long.toString(version);
    Files.writeString(next, "version=" + v + "\ncrc32=" + crc(v) + "\n", StandardCharsets.US_ASCII);
    try {
      Files.move(next, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      Files.move(next, marker, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Forgets the marker of a store file that no longer exists (moved away to start fresh). */
  static void forget(Path storeFile) throws IOException {
    Files.deleteIfExists(versionFile(storeFile));
  }

  private static String crc(String version) {
    CRC32 crc = new CRC32();
    crc.update(("ampsync-state-version:" + version).getBytes(StandardCharsets.US_ASCII));
    return String.format("%08x", crc.getValue());
  }
}
