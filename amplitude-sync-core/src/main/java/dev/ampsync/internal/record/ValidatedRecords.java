package dev.ampsync.internal.record;

import dev.ampsync.internal.util.InstalledFactory;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.RecordValidator;
import java.util.function.Predicate;

/**
 * Tells the encoder whether {@link RecordValidator} found nothing wrong with a record, so that the
 * encoder's own guard against unpaired surrogates (which Jackson would write as escapes) need not
 * scan the record's text a second time. {@code RecordValidator} installs the test from its static
 * initialiser (the JDK's shared-secrets pattern), so the record package exposes nothing for it.
 */
public final class ValidatedRecords {
  private static final InstalledFactory<Predicate<AmplitudeRecord>> TEST =
      new InstalledFactory<>(RecordValidator.class);

  private ValidatedRecords() {}

  /**
   * Installs the test; called once, by {@code RecordValidator}'s static initialiser.
   *
   * @throws IllegalStateException if one is installed already
   */
  public static void install(Predicate<AmplitudeRecord> test) {
    TEST.install(test);
  }

  /** Tells whether the validator passed this record (then its text needs no second scan). */
  public static boolean passed(AmplitudeRecord record) {
    return TEST.get().test(record);
  }
}
