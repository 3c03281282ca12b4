/**
 * Where rows come from: the {@link dev.ampsync.source.Source} SPI that streams {@link
 * dev.ampsync.source.Row}s, and in-memory sources for tests and for applications that already hold
 * their data. The JDBC source lives in {@code amplitude-sync-jdbc}.
 */
package dev.ampsync.source;
