package dev.ampsync;

import dev.ampsync.internal.util.Arguments;
import java.util.List;
import java.util.Optional;

/**
 * What a sync's state holds, as {@link dev.ampsync.AmplitudeSync#state(dev.ampsync.SyncJob)} reads it
 * for the job's next run: where it is, which Amplitude project it belongs to, whether the job's mapping
 * is the one it was built with, a resync under way, the watermark, the number of keys, and the last
 * runs. Never holds the API key or a password. Immutable.
 *
 * <pre>{@code
 * StateSummary state = AmplitudeSync.state(job);
 * if (!state.exists()) {
 *   System.out.println("no state yet: the next run sends every row");
 * } else if (!state.mappingMatches()) {
 *   System.out.println("the mapping changed: the next run is a resync");
 * }
 * }</pre>
 *
 * @param stateName the name the state is kept under: the sync's name, or {@code NAME@PROJECT} when the
 *     job's API key belongs to another project than the one the sync's state was first bound to
 * @param location where the state is kept (a file, a table and database), without secrets
 * @param exists false when no run has recorded a mapping or a key in this state yet (it may still hold
 *     the history of runs that failed before sending): the next run sends every row
 * @param project the fingerprint of the API key the state belongs to (never the key), if stored
 * @param jobProject the fingerprint of the job's API key
 * @param otherProject the fingerprint another project's state of this sync is bound to, when the job's
 *     key is not that project's (the job then has a state of its own, {@code stateName})
 * @param mapping the fingerprint of the mapping the state was built with, if stored
 * @param jobMapping the fingerprint of the job's mapping, as it would be stored
 * @param resync why a resync began that has not completed, if one is under way
 * @param watermark the stored watermark, if any
 * @param keys how many record keys are stored
 * @param runs the runs remembered, newest first (at most 100)
 */
public record StateSummary(
    String stateName, String location, boolean exists, Optional<String> project, String jobProject,
    Optional<String> otherProject, Optional<String> mapping, String jobMapping, Optional<String> resync,
    Optional<String> watermark, long keys, List<RunEntry> runs) {
  private static final String NONE =
      "or Optional.empty() for none (AmplitudeSync.state(job) builds summaries; tests build them to compare)";

  /**
   * Checks the summary and copies the runs.
   *
   * @throws NullPointerException if a value is null (use {@code Optional.empty()} for none)
   */
  public StateSummary {
    Arguments.required(stateName, "stateName", "pass the name the state is kept under, usually the sync's name");
    Arguments.required(location, "location", "pass where the state is kept, e.g. its file, without secrets");
    Arguments.required(project, "project", "pass the fingerprint of the API key the state belongs to, " + NONE);
    Arguments.required(jobProject, "jobProject", "pass the fingerprint of the job's API key");
    Arguments.required(otherProject, "otherProject", "pass the fingerprint another project's state is bound to, " + NONE);
    Arguments.required(mapping, "mapping", "pass the fingerprint of the state's mapping, " + NONE);
    Arguments.required(jobMapping, "jobMapping", "pass the fingerprint of the job's mapping");
    Arguments.required(resync, "resync", "pass why a resync under way began, " + NONE);
    Arguments.required(watermark, "watermark", "pass the stored watermark, " + NONE);
    runs = List.copyOf(Arguments.required(runs, "runs", "pass the runs remembered, newest first, or List.of()"));
  }

  /**
   * Tells whether the job's mapping is the one the state was built with; when it is not, the next run
   * is a resync (users, devices, groups: every record is sent whole).
   *
   * @return true when they match, or when no mapping is stored yet
   */
  public boolean mappingMatches() {
    return mapping.isEmpty() || mapping.get().equals(jobMapping);
  }
}
