/**
 * amplitude-sync over JDBC: {@link dev.ampsync.jdbc.JdbcSource} (streaming reads),
 * {@link dev.ampsync.jdbc.JdbcStateStore}, and the {@code jdbc} source and state store of YAML specs.
 *
 * <p>Bring your own driver. Only {@code dev.ampsync.jdbc} is API; {@code dev.ampsync.jdbc.internal}
 * is not exported.
 */
module dev.ampsync.jdbc {
  requires transitive dev.ampsync.core;
  requires transitive java.sql;
  requires org.slf4j;

  exports dev.ampsync.jdbc;

  provides dev.ampsync.spec.SourceProvider with dev.ampsync.jdbc.JdbcSourceProvider;
  provides dev.ampsync.spec.StateStoreProvider with dev.ampsync.jdbc.JdbcStateStoreProvider;
}
