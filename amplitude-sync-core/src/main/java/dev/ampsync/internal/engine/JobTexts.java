package dev.ampsync.internal.engine;

import dev.ampsync.SyncJob;
import dev.ampsync.internal.util.InstalledFactory;
import dev.ampsync.mapping.Mapping;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * How a job's run shows the texts it reports, its error and its resync reason, in its result and in
 * its state's history and sync logs: as they are, or, for a job of a spec, with each value the spec
 * took from the environment shown as written ({@code ${PGPASSWORD}}), and each mapping key an error
 * names by where the spec wrote it ({@code users.yaml line 12 (mapping.properties.plan)}). Not API:
 * {@code SyncJob} installs its {@link Access} here from its static initialiser (the JDK's
 * shared-secrets pattern), and {@code SyncSpec} sets it on the builders it returns.
 */
public final class JobTexts {
  /** What {@code SyncJob} installs: its hidden setting. */
  public interface Access {
    /** Sets how the job's run shows its texts. */
    void showBy(SyncJob.Builder builder, UnaryOperator<String> show);

    /** Returns how the job's run shows its texts. */
    UnaryOperator<String> shown(SyncJob job);

    /** Sets where a spec wrote the keys of a mapping, used while the builder keeps that mapping. */
    void placeBy(SyncJob.Builder builder, Mapping mapping, Map<String, String> places);

    /** Returns where the spec wrote the keys of the job's mapping; empty when not known. */
    Map<String, String> places(SyncJob job);
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

  /**
   * Makes the job a builder builds name the keys of {@code mapping} by where a spec wrote them, in
   * its errors about them (a mapped column the source does not return). A mapping set on the builder
   * afterwards is named by its key paths alone.
   *
   * @param builder the builder
   * @param mapping the mapping the places describe
   * @param places each key path ({@code mapping.properties.plan}) to its place ({@code users.yaml
   *     line 12 (mapping.properties.plan)})
   */
  public static void placeBy(SyncJob.Builder builder, Mapping mapping, Map<String, String> places) {
    ACCESS.get().placeBy(builder, mapping, places);
  }

  /**
   * Returns how a job's errors name a key of its mapping: by where its spec wrote it, or null when
   * that is not known (a Java-API job), and the error names the key path alone.
   *
   * @param job the job
   * @return key path to place, or to null
   */
  public static Function<String, String> placeOf(SyncJob job) {
    return ACCESS.get().places(job)::get;
  }

  /** Returns how a job's run shows its texts (null stays null). */
  static UnaryOperator<String> of(SyncJob job) {
    UnaryOperator<String> show = ACCESS.get().shown(job);
    return text -> text == null ? null : show.apply(text);
  }
}
