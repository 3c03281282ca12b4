package dev.ampsync.internal.engine;

import dev.ampsync.SyncJob;
import dev.ampsync.internal.util.InstalledFactory;
import java.util.function.UnaryOperator;

/**
 * How a job's run shows the texts it reports, its error and its resync reason, in its result and in
 * its state's history and sync logs: as they are, or, for a job of a spec, with each value the spec
 * took from the environment shown as written ({@code ${PGPASSWORD}}). Not API: {@code SyncJob}
 * installs its {@link Access} here from its static initialiser (the JDK's shared-secrets pattern),
 * and {@code SyncSpec} sets it on the builders it returns.
 */
public final class JobTexts {
  /** What {@code SyncJob} installs: its hidden setting. */
  public interface Access {
    /** Sets how the job's run shows its texts. */
    void showBy(SyncJob.Builder builder, UnaryOperator<String> show);

    /** Returns how the job's run shows its texts. */
    UnaryOperator<String> shown(SyncJob job);
  }

  private static final InstalledFactory<Access> ACCESS = new InstalledFactory<>(SyncJob.class);

  private JobTexts() {}

  /**
   * Installs the access; called once, by {@code SyncJob}'s static initialiser.
   *
   * @param access the access
   * @throws IllegalStateException if one is installed already
   */
  public static void install(Access access) {
    ACCESS.install(access);
  }

  /**
   * Makes the job a builder builds show its run's texts through {@code show}.
   *
   * @param builder the builder
   * @param show turns a text into the text shown
   */
  public static void showBy(SyncJob.Builder builder, UnaryOperator<String> show) {
    ACCESS.get().showBy(builder, show);
  }

  /** Returns how a job's run shows its texts (null stays null). */
  static UnaryOperator<String> of(SyncJob job) {
    UnaryOperator<String> show = ACCESS.get().shown(job);
    return text -> text == null ? null : show.apply(text);
  }
}
