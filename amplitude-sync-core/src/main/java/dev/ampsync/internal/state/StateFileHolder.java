package dev.ampsync.internal.state;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who holds a file store: {@code state.mv.db.holder} beside the store file, with the pid, host and
 * start time of the run that opened it. Written after MVStore took its file lock, deleted on close.
 * The lock is the authority; this file only adds words to the refusal a second run gets. A holder
 * file left by a killed process is simply overwritten by the next run that gets the lock.
 */
final class StateFileHolder {
  private static final Logger LOG = LoggerFactory.getLogger(StateFileHolder.class);

  private StateFileHolder() {}

  static Path of(Path storeFile) {
    return storeFile.resolveSibling(storeFile.getFileName() + ".holder");
  }

  /** Records this process as the holder; a failure only loses words, so it is logged, not thrown. */
  static void write(Path storeFile) {
    Properties holder = new Properties();
    holder.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
    holder.setProperty("host", host());
    holder.setProperty("since", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    Path file = of(storeFile);
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      holder.store(out, "the run holding " + storeFile.getFileName() + "; deleted when it closes the store");
    } catch (IOException e) {
      LOG.warn("could not write {}: {}", file, e.getMessage());
    }
  }

  /** Deletes the holder file on close; a failure is logged (a stale holder file blocks nothing). */
  static void delete(Path storeFile) {
    try {
      Files.deleteIfExists(of(storeFile));
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", of(storeFile), e.getMessage());
    }
  }

  /** Describes the holder, e.g. {@code pid 4121 on host ci-7, since 2026-12-02T12:00:05Z}, or "" when unknown. */
  static String describe(Path storeFile) {
    Properties holder = new Properties();
    try (Reader in = Files.newBufferedReader(of(storeFile), StandardCharsets.UTF_8)) {
      holder.load(in);
    } catch (IOException | IllegalArgumentException e) {
      return "";
    }
    String pid = holder.getProperty("pid");
    String host = holder.getProperty("host");
    String since = holder.getProperty("since");
    if (pid == null || host == null || since == null) {
      return "";
    }
    return "pid " + pid + " on host " + host + ", since " + since;
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isBlank() ? "unknown" : env;
    }
  }
}
