package dev.ampsync.internal.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where a spec's file state store lives. A relative {@code state.path}, and the default {@code
 * .ampsync/state}, are resolved against the spec file's folder, so a sync finds its state from any
 * working directory; a spec read from text has no folder and keeps the working directory.
 *
 * <p>Earlier versions put the default relative to the working directory. When the default beside the spec
 * has no state yet but that old location has one, the old one is kept (one warning says where it is
 * and how to move it): a state silently left behind would resend everything.
 *
 * <p>The location is decided when the store is first opened, not when the spec is read.
 */
final class StateLocation {
  static final String DEFAULT_PATH = ".ampsync/state";
  private static final String STORE_FILE = "state.mv.db";

  private final Path specDir;
  private final String pathText;
  private final Path workingDir;
  private final Consumer<String> warn;
  private Path resolved;

  /**
   * Creates a location.
   *
   * @param specDir the spec file's folder, or null for a spec read from text
   * @param pathText {@code state.path} as given, or null for the default
   * @param workingDir the working directory, where the old default lived
   * @param warn receives the warning about an old default location
   */
  StateLocation(Path specDir, String pathText, Path workingDir, Consumer<String> warn) {
    this.specDir = specDir;
    this.pathText = pathText;
    this.workingDir = workingDir;
    this.warn = warn;
  }

  /** Returns the store's folder, deciding it (and warning) on the first call. */
  synchronized Path path() {
    if (resolved == null) {
      resolved = resolve();
    }
    return resolved;
  }

  /** Tells whether the store exists already, so a preview creates nothing. */
  boolean exists() {
    return Files.exists(path().resolve(STORE_FILE));
  }

  private Path resolve() {
    Path given = Path.of(pathText == null ? DEFAULT_PATH : pathText);
    if (specDir == null || given.isAbsolute()) {
      return given;
    }
    Path beside = specDir.resolve(given).normalize();
    if (pathText != null) {
      return beside;
    }
    Path old = workingDir.resolve(DEFAULT_PATH).normalize();
    if (!Files.exists(beside.resolve(STORE_FILE)) && Files.exists(old.resolve(STORE_FILE)) && !same(old, beside)) {
      warn.accept("The state of this sync is at " + old.toAbsolutePath() + ", the old default relative to the working"
          + " directory; it is used, so nothing is sent again. The default is now beside the spec: move that folder to "
          + beside.toAbsolutePath() + " (or set state.path) to find it from any directory.");
      return old;
    }
    return beside;
  }

  private static boolean same(Path a, Path b) {
    if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
      return true;
    }
    try {
      return Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }
}
