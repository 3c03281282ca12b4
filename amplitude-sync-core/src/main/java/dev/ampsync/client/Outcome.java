package dev.ampsync.client;

import dev.ampsync.internal.client.Outcomes;
import dev.ampsync.record.AmplitudeRecord;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one submitted record: {@link Status#ACCEPTED accepted} by Amplitude, {@link
 * Status#REJECTED rejected} by Amplitude (with its reason), or {@link Status#FAILED failed} (retries
 * exhausted, a fatal error, or the client closed first).
 *
 * <p>Every record submitted to an {@link AmplitudeClient} gets exactly one outcome; only the client
 * creates them. Outcomes never contain the API key.
 *
 * <pre>{@code
 * Outcome outcome = client.submit(record).join();
 * if (!outcome.isAccepted()) {
 *   log.warn("{} {}: {}", outcome.status(), outcome.rejectedField().orElse("-"), outcome.reason());
 * }
 * }</pre>
 */
public final class Outcome {
  static {
    Outcomes.install(new Outcomes.Factory() {
      @Override
      public Outcome outcome(AmplitudeRecord record, Status status, String field, String reason) {
        return new Outcome(record, status, field, reason);
      }

      @Override
      public PreviewRequest previewRequest(String path, String contentType, String body, int records) {
        return new PreviewRequest(path, contentType, body, records);
      }
    });
  }

  /** What happened to a record. */
  public enum Status {
    /** Amplitude acknowledged the record. */
    ACCEPTED,
    /** Amplitude refused the record; sending it again would not help. */
    REJECTED,
    /** The record could not be delivered: retries were exhausted, or the run could not go on. */
    FAILED
  }

  private final AmplitudeRecord record;
  private final Status status;
  private final String field;
  private final String reason;

  private Outcome(AmplitudeRecord record, Status status, String field, String reason) {
    this.record = Objects.requireNonNull(record, "record");
    this.status = Objects.requireNonNull(status, "status");
    if (status != Status.ACCEPTED) {
      Objects.requireNonNull(reason, "reason");
    }
    this.field = field;
    this.reason = reason;
  }

  /**
   * Returns the record this outcome is for.
   *
   * @return the submitted record
   */
  public AmplitudeRecord record() {
    return record;
  }

  /**
   * Returns what happened.
   *
   * @return accepted, rejected or failed
   */
  public Status status() {
    return status;
  }

  /**
   * Returns the field Amplitude named when rejecting, such as {@code "time"} or {@code "user_id"}.
   *
   * @return the field, or null when none was named
   * @see #rejectedField()
   */
  public String field() {
    return field;
  }

  /**
   * Returns why the record was rejected or failed, in words.
   *
   * @return the reason; null when accepted
   */
  public String reason() {
    return reason;
  }

  /**
   * Returns the field Amplitude named when rejecting, if any.
   *
   * @return the field
   */
  public Optional<String> rejectedField() {
    return Optional.ofNullable(field);
  }

  /**
   * Returns whether Amplitude accepted the record.
   *
   * @return true when accepted
   */
  public boolean isAccepted() {
    return status == Status.ACCEPTED;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Outcome that
        && record.equals(that.record)
        && status == that.status
        && Objects.equals(field, that.field)
        && Objects.equals(reason, that.reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(record, status, field, reason);
  }

  @Override
  public String toString() {
    return "Outcome[record=" + record + ", status=" + status + ", field=" + field + ", reason=" + reason + "]";
  }
}
