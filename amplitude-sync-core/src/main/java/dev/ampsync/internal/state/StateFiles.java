package dev.ampsync.internal.state;

import java.nio.file.Path;

/**
 * A sync's state kept in a file that can keep files of its own beside it. The engine keeps the row
 * digests it read from the state there (see {@code DigestTableFile}), so that the next run loads them
 * instead of walking every key.
 */
public interface StateFiles {
  /**
   * Returns a file beside the state that belongs to this sync, named by {@code kind}; it need not
   * exist. The name is derived from the sync's name, which may hold any character.
   */
  Path sideFile(String kind);
}
