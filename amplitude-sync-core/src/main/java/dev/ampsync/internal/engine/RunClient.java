package dev.ampsync.internal.engine;

import dev.ampsync.SyncJob;
import dev.ampsync.SyncListener;
import dev.ampsync.client.AmplitudeClient;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client one run sends through, and whether the run may close it: the caller's shared client,
 * which the run leaves open, or one the run builds from the job's settings and closes. A preview
 * always builds its own dry-run client, even when the job has a shared one, so it never sends. A
 * client the run builds tells the job's listener while it retries ({@link SyncListener#retrying}).
 */
final class RunClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunClient.class);

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
        .orElseGet(() -> new RunClient(withRetryNotices(job).build(), true));
  }

  /** The job's destination, telling the job's listener (and any listener it had) about retries. */
  private static AmplitudeClient.Builder withRetryNotices(SyncJob job) {
    AmplitudeClient.Builder builder = job.destination().toBuilder();
    if (job.listener().isEmpty()) {
      return builder;
    }
    SyncListener listener = job.listener().get();
    Consumer<String> configured = job.destination().retryListener().orElse(notice -> {});
    return builder.retryListener(
        notice -> {
          configured.accept(notice);
          try {
            listener.retrying(notice);
          } catch (RuntimeException e) {
            LOG.warn("sync listener failed [sync={}]; the run goes on", job.name(), e);
          }
        });
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
