/**
 * JDBC for amplitude-sync: {@link dev.ampsync.jdbc.JdbcSource}, which streams a query's rows with
 * constant memory on PostgreSQL, MariaDB/MySQL, H2, DuckDB and other drivers, and the {@code jdbc}
 * source provider for YAML specs. Bring your own JDBC driver: none is a compile dependency.
 */
package dev.ampsync.jdbc;
