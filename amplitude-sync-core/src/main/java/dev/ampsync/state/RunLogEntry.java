package dev.ampsync.state;

import dev.ampsync.internal.util.Arguments;
import java.time.Instant;

/**
 * One finished run as a {@link SyncState} logs it ({@link SyncState#logRun}): when, how it ended and
 * the report's counts.
 *
 * @param runId the run's id, also given with each of its problems
 * @param started when the run started
 * @param finished when it finished
 * @param status the run's status: {@code SUCCEEDED}, {@code PARTIAL} or {@code FAILED}
 * @param rowsRead rows read from the source
 * @param accepted records Amplitude accepted
 * @param unchanged records not sent because nothing changed
 * @param invalid records refused before sending
 * @param rejected records Amplitude refused
 * @param failed records whose sending failed
 * @param error the run's error, or null
 */
public record RunLogEntry(
    String runId, Instant started, Instant finished, String status, long rowsRead, long accepted,
    long unchanged, long invalid, long rejected, long failed, String error) {

  /**
   * Checks the entry.
   *
   * @throws NullPointerException if the id, times or status is null
   */
  public RunLogEntry {
    Arguments.required(runId, "runId", "pass the run's id, as given with each of its problems");
    Arguments.required(started, "started", "pass the instant the run started");
    Arguments.required(finished, "finished", "pass the instant the run finished");
    Arguments.required(status, "status", "pass the run's status: \"SUCCEEDED\", \"PARTIAL\" or \"FAILED\"");
  }
}
