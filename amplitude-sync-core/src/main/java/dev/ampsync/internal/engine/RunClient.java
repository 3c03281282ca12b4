package dev.ampsync.internal.engine;

import dev.ampsync.SyncJob;
import dev.ampsync.client.AmplitudeClient;

/**
 * The client one run sends through, and whether the run may close it: the caller's shared client,
 * which the run leaves open, or one the run builds from the job's settings and closes. A preview
 * always builds its own dry-run client, even when the job has a shared one, so it never sends.
 */
final class RunClient implements AutoCloseable {
  private final AmplitudeClient client;
  private final boolean owned;

  private RunClient(AmplitudeClient client, boolean owned) {
    this.client = client;
    this.owned = owned;
  }

  /**
   * Returns the client for one run of {@code job}.
   *
   * @param job the job
   * @param preview whether the run is a preview, which must send nothing
   * @return the run's client
   */
  static RunClient open(SyncJob job, boolean preview) {
    if (preview) {
      return new RunClient(job.destination().toBuilder().dryRun(job.previewRequests()).build(), true);
    }
    return job.client()
        .map(shared -> new RunClient(shared, false))
        .orElseGet(() -> new RunClient(job.destination().toBuilder().build(), true));
  }

  /** Returns the client. */
  AmplitudeClient client() {
    return client;
  }

  /** Tells whether the run built the client (and closes it) rather than borrowing the caller's. */
  boolean owned() {
    return owned;
  }

  /** Closes the client if the run built it: drains it and fails what is still unresolved. */
  @Override
  public void close() {
    if (owned) {
      client.close();
    }
  }
}
