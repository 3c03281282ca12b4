package dev.ampsync;

import java.util.List;
import java.util.Objects;
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

  /**
   * Checks the summary and copies the runs.
   *
   * @throws NullPointerException if a value is null (use {@code Optional.empty()} for none)
   */
  public StateSummary {
    Objects.requireNonNull(stateName, "stateName");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(jobProject, "jobProject");
    Objects.requireNonNull(otherProject, "otherProject");
    Objects.requireNonNull(mapping, "mapping");
    Objects.requireNonNull(jobMapping, "jobMapping");
    Objects.requireNonNull(resync, "resync");
    Objects.requireNonNull(watermark, "watermark");
    runs = List.copyOf(Objects.requireNonNull(runs, "runs"));
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
