package dev.ampsync.internal.state;

import java.nio.file.Path;

/**
 * A sync's state kept in a file that can keep files of its own beside it, and tell which committed
 * version of the state they were written for. The engine keeps the row digests it read from the state
 * there (see {@code DigestTableFile}), so that the next run loads them instead of walking every key.
 */
public interface StateFiles {
  /**
   * Returns a file beside the state that belongs to this sync, named by {@code kind}; it need not
   * exist. The name is derived from the sync's name, which may hold any character.
   */
  Path sideFile(String kind);

  /**
   * Returns the state's committed version: every commit that changed something moves it on, so a
   * file written for one version no longer matches once anything is committed after it.
   */
  long committedVersion();
}
