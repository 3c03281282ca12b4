package dev.ampsync.client;

import dev.ampsync.record.AmplitudeRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one submitted record: {@link Status#ACCEPTED accepted} by Amplitude, {@link
 * Status#REJECTED rejected} by Amplitude (with its reason), or {@link Status#FAILED failed} (retries
 * exhausted, a fatal error, or the client closed first).
 *
 * <p>Every record submitted to an {@link AmplitudeClient} gets exactly one outcome. Outcomes never
 * contain the API key.
 *
 * @param record the record
 * @param status what happened
 * @param field the field Amplitude named when rejecting, such as {@code "time"} or {@code
 *     "user_id"}; null otherwise
 * @param reason why it was rejected or failed, in words; null when accepted
 */
public record Outcome(AmplitudeRecord record, Status status, String field, String reason) {

  /** What happened to a record. */
  public enum Status {
    /** Amplitude acknowledged the record. */
    ACCEPTED,
    /** Amplitude refused the record; sending it again would not help. */
    REJECTED,
    /** The record could not be delivered: retries were exhausted, or the run could not go on. */
    FAILED
  }

  /**
   * Creates an outcome.
   *
   * @throws NullPointerException if {@code record} or {@code status} is null, or the reason is null
   *     for a status other than accepted
   */
  public Outcome {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(status, "status");
    if (status != Status.ACCEPTED) {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Returns an accepted outcome.
   *
   * @param record the record
   * @return the outcome
   */
  public static Outcome accepted(AmplitudeRecord record) {
    return new Outcome(record, Status.ACCEPTED, null, null);
  }

  /**
   * Returns a rejected outcome.
   *
   * @param record the record
   * @param field the field Amplitude named, or null
   * @param reason Amplitude's reason
   * @return the outcome
   */
  public static Outcome rejected(AmplitudeRecord record, String field, String reason) {
    return new Outcome(record, Status.REJECTED, field, reason);
  }

  /**
   * Returns a failed outcome.
   *
   * @param record the record
   * @param reason the last error
   * @return the outcome
   */
  public static Outcome failed(AmplitudeRecord record, String reason) {
    return new Outcome(record, Status.FAILED, null, reason);
  }

  /**
   * Returns the field Amplitude named when rejecting the record.
   *
   * @return the field, if any
   */
  public Optional<String> rejectedField() {
    return Optional.ofNullable(field);
  }

  /**
   * Tells whether Amplitude accepted the record.
   *
   * @return true when accepted
   */
  public boolean isAccepted() {
    return status == Status.ACCEPTED;
  }
}
