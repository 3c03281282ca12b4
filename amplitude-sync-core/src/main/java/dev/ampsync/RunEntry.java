package dev.ampsync;

import dev.ampsync.internal.util.Arguments;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One past run of a sync, as its state remembers it: every run that opened the state for writing
 * (not a preview) appends one, also a run that failed before sending. Immutable.
 *
 * <pre>{@code
 * for (RunEntry run : AmplitudeSync.state(job).runs()) {
 *   System.out.println(run.started() + " " + run.status() + " " + run.accepted() + " accepted");
 * }
 * }</pre>
 *
 * @param started when the run began
 * @param duration how long it took
 * @param status how it ended
 * @param rowsRead rows read from the source
 * @param accepted rows Amplitude accepted
 * @param unchanged rows that needed no sending
 * @param invalid rows that could not become valid records
 * @param rejected rows Amplitude refused
 * @param failed rows that could not be delivered
 * @param resync why the run was a full resync, if it was one
 * @param error why the run could not proceed, when it failed
 */
public record RunEntry(
    Instant started, Duration duration, SyncStatus status, long rowsRead, long accepted, long unchanged,
    long invalid, long rejected, long failed, Optional<String> resync, Optional<String> error) {

  /**
   * Checks the entry.
   *
   * @throws NullPointerException if a value is null (use {@code Optional.empty()} for none)
   * @throws IllegalArgumentException if a count or the duration is negative
   */
  public RunEntry {
    Arguments.required(started, "started", "pass the instant the run started");
    Arguments.required(duration, "duration", "pass how long the run took, e.g. Duration.ofSeconds(12)");
    Arguments.required(status, "status", "pass how the run ended, e.g. SyncStatus.SUCCEEDED");
    Arguments.required(resync, "resync", "pass why the run was a full resync, or Optional.empty()");
    Arguments.required(error, "error", "pass why the run could not proceed, or Optional.empty()");
    if (duration.isNegative() || rowsRead < 0 || accepted < 0 || unchanged < 0 || invalid < 0 || rejected < 0
        || failed < 0) {
      throw new IllegalArgumentException("a run's duration and counts cannot be negative");
    }
  }
}
