package dev.ampsync.internal.engine;

import dev.ampsync.SyncProgress;
import dev.ampsync.SyncResult;
import java.time.Duration;

/**
 * Creates {@link SyncResult}s and {@link SyncProgress} snapshots, whose constructors are not public
 * API: only a run reports on itself. {@code SyncResult} installs its factory here when it is
 * initialised (the JDK's shared-secrets pattern), so the root package exposes no factory.
 */
public final class Results {
  /** What {@code SyncResult} installs: the constructors of the root package's result types. */
  public interface Factory {
    /** Creates the result a builder describes. */
    SyncResult result(ResultBuilder builder);

    /** Creates a progress snapshot. */
    SyncProgress progress(long rowsRead, long accepted, long unchanged, long invalid, long rejected,
        long failed, Duration elapsed);
  }

  private static volatile Factory factory;

  private Results() {}

  /**
   * Installs the factory; called once, by {@code SyncResult}'s static initialiser.
   *
   * @param installed the factory
   * @throws IllegalStateException if one is installed already
   */
  public static void install(Factory installed) {
    synchronized (Results.class) {
      if (factory != null) {
        throw new IllegalStateException("the result factory is installed already");
      }
      factory = installed;
    }
  }

  static SyncResult result(ResultBuilder builder) {
    return factory().result(builder);
  }

  /** Returns a progress snapshot. */
  public static SyncProgress progress(long rowsRead, long accepted, long unchanged, long invalid,
      long rejected, long failed, Duration elapsed) {
    return factory().progress(rowsRead, accepted, unchanged, invalid, rejected, failed, elapsed);
  }

  private static Factory factory() {
    Factory installed = factory;
    if (installed == null) {
      try {
        Class.forName(SyncResult.class.getName(), true, SyncResult.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      installed = factory;
    }
    return installed;
  }
}
