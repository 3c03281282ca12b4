package dev.ampsync;

/**
 * Hears about a sync run as it goes. Methods are called from the run's threads and must return
 * quickly; an exception thrown by a listener is logged and otherwise ignored.
 *
 * <pre>{@code
 * SyncListener listener = new SyncListener() {
 *   public void progress(SyncProgress p) {
 *     System.err.printf("%,d rows, %.0f rows/s%n", p.rowsRead(), p.rowsPerSecond());
 *   }
 * };
 * }</pre>
 */
public interface SyncListener {
  /**
   * Called once, before the first row is read.
   *
   * @param job the job that starts
   */
  default void started(SyncJob job) {}

  /**
   * Called once, before the first row is read, when the job has a state store that holds nothing
   * for this sync yet (its first run, or the first with this API key): every row will be sent. Not
   * called for a job without a state store.
   *
   * @param job the job that starts
   */
  default void noStateYet(SyncJob job) {}

  /**
   * Called at most once per {@link SyncJob.Builder#progressInterval progress interval} while rows
   * are read.
   *
   * @param progress the counts so far
   */
  default void progress(SyncProgress progress) {}

  /**
   * Called while the client retries requests that fail (Amplitude unreachable, silent, answering
   * 5xx): once when failures start, then every few seconds while they go on, and once when requests
   * succeed again. Called from the client's threads, only for a client the run builds itself.
   *
   * @param notice one line: what fails, where, and how many retries so far
   */
  default void retrying(String notice) {}

  /**
   * Called once, when the run is over, whatever its status.
   *
   * @param result the result
   */
  default void finished(SyncResult result) {}
}
