package dev.ampsync.internal.client;

import dev.ampsync.client.Outcome;
import dev.ampsync.client.PreviewRequest;
import dev.ampsync.internal.util.InstalledFactory;
import dev.ampsync.record.AmplitudeRecord;

/**
 * Creates {@link Outcome}s and {@link PreviewRequest}s, whose constructors are not public API: only
 * the client decides what became of a record. {@code Outcome} installs its factory here when it is
 * initialised (the JDK's shared-secrets pattern), so the client package exposes no factory.
 */
public final class Outcomes {
  /** What {@code Outcome} installs: the constructors of the client package's result types. */
  public interface Factory {
    /** Creates an outcome. */
    Outcome outcome(AmplitudeRecord record, Outcome.Status status, String field, String reason);

    /** Creates a preview request. */
    PreviewRequest previewRequest(String path, String contentType, String body, int records);
  }

  private static final InstalledFactory<Factory> FACTORY = new InstalledFactory<>(Outcome.class);

  private Outcomes() {}

  /**
   * Installs the factory; called once, by {@code Outcome}'s static initialiser.
   *
   * @param installed the factory
   * @throws IllegalStateException if one is installed already
   */
  public static void install(Factory installed) {
    FACTORY.install(installed);
  }

  /** Returns an accepted outcome. */
  public static Outcome accepted(AmplitudeRecord record) {
    return FACTORY.get().outcome(record, Outcome.Status.ACCEPTED, null, null);
  }

  /** Returns a rejected outcome naming the field Amplitude named, if any. */
  public static Outcome rejected(AmplitudeRecord record, String field, String reason) {
    return FACTORY.get().outcome(record, Outcome.Status.REJECTED, field, reason);
  }

  /** Returns a failed outcome. */
  public static Outcome failed(AmplitudeRecord record, String reason) {
    return FACTORY.get().outcome(record, Outcome.Status.FAILED, null, reason);
  }

  /** Returns a preview of a request a dry run would have sent. */
  public static PreviewRequest previewRequest(String path, String contentType, String body, int records) {
    return FACTORY.get().previewRequest(path, contentType, body, records);
  }
}
