package dev.ampsync.internal.state;

import dev.ampsync.state.StateException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStoreException;

/**
 * Turns the file store's failures into messages in words that name the file and say what to do:
 * another run holds it, it is damaged, the disk is full. MVStore's own text (chunk numbers, format
 * versions) is kept as the cause, not shown first.
 */
final class StateFileErrors {
  private StateFileErrors() {}

  /** The choices a damaged store leaves; the same words wherever damage is found. */
  static StateException damaged(Path file, String why, Throwable cause) {
    return new Damaged("the state store " + file + " is damaged: " + why + ". Either restore "
        + file.getFileName() + " from a backup, or start fresh (`amplitude-sync state reset SPEC` moves it aside;"
        + " or move it away yourself): every row is then sent"
        + " again, and events older than 7 days may be duplicated in Amplitude, whose insert_id deduplication lasts"
        + " 7 days", cause);
  }

  /** A store that cannot be opened because of its content: a reset may move it aside. */
  static final class Damaged extends StateException {
    private static final long serialVersionUID = 1L;

    Damaged(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Another run holds the file lock; {@code holder} says who, or is empty when unknown. */
  static StateException inUse(Path file, String holder, Throwable cause) {
    return new StateException("the state store " + file + " is in use by another run"
        + (holder.isEmpty() ? "" : " (" + holder + ")") + ". One run at a time; this run sent nothing.", cause);
  }

  static StateException noSpace(Path file, Throwable cause) {
    return new StateException("no space left on device while writing the state " + file
        + "; what was committed before is kept, rows acknowledged since are sent again by the next run", cause);
  }

  /**
   * Translates a failure of an operation on the store.
   *
   * @param doing what was being done, e.g. "commit", for a failure that is neither damage nor a full disk
   */
  static StateException of(Path file, String doing, RuntimeException e) {
    if (e instanceof StateException already) {
      return already;
    }
    if (isNoSpace(e)) {
      return noSpace(file, e);
    }
    if (e instanceof MVStoreException mv) {
      switch (mv.getErrorCode()) {
        case DataUtils.ERROR_FILE_LOCKED:
          return inUse(file, "", e);
        case DataUtils.ERROR_FILE_CORRUPT:
        case DataUtils.ERROR_UNSUPPORTED_FORMAT:
        case DataUtils.ERROR_CHUNK_NOT_FOUND:
        case DataUtils.ERROR_BLOCK_NOT_FOUND:
          return damaged(file, firstLine(mv.getMessage()), e);
        default:
          break;
      }
    }
    return new StateException("cannot " + doing + " the state store " + file + ": " + e.getMessage(), e);
  }

  /**
   * Tells whether a failure comes from a full disk: an I/O error in its cause chain says "No space
   * left on device" (Linux, macOS: ENOSPC), "not enough space on the disk" (Windows) or "Disk quota
   * exceeded".
   */
  static boolean isNoSpace(Throwable e) {
    for (Throwable t = e, previous = null; t != null && t != previous; previous = t, t = t.getCause()) {
      String text = t instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : t.getMessage();
      if (text != null) {
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left") || lower.contains("not enough space on the disk")
            || lower.contains("disk quota exceeded") || lower.contains("enospc")) {
          return true;
        }
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (isNoSpace(suppressed)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "MVStore cannot read it";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
