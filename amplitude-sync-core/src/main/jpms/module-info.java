/**
 * amplitude-sync core: records, validation, the Amplitude client, the mapping engine, state stores
 * and YAML specs.
 *
 * <p>Only the packages below are API. Implementation lives in {@code dev.ampsync.internal.*}, which
 * this module does not export: it may change in any release.
 *
 * <pre>{@code
 * SyncResult result = AmplitudeSync.run(job);
 * }</pre>
 *
 * <p>Sources and state stores named in YAML specs are found with {@link java.util.ServiceLoader}
 * ({@link dev.ampsync.spec.SourceProvider}, {@link dev.ampsync.spec.StateStoreProvider}), so core
 * knows no JDBC: {@code amplitude-sync-jdbc} provides both.
 */
module dev.ampsync.core {
  requires java.net.http;
  requires java.sql; // only to read java.sql.Date and Timestamp values a source returns
  requires com.fasterxml.jackson.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.yaml.snakeyaml; // the YAML parser's own error marks carry line numbers; its scalar events name anchors
  requires dev.failsafe.core;
  requires org.slf4j;
  requires com.h2database.mvstore;

  exports dev.ampsync;
  exports dev.ampsync.client;
  exports dev.ampsync.mapping;
  exports dev.ampsync.record;
  exports dev.ampsync.source;
  exports dev.ampsync.spec;
  exports dev.ampsync.state;

  uses dev.ampsync.spec.SourceProvider;
  uses dev.ampsync.spec.StateStoreProvider;
}
