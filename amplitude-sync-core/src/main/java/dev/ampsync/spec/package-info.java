/**
 * YAML sync specs, and the {@link dev.ampsync.spec.SourceProvider} SPI through which a spec's {@code
 * source:} section becomes a {@link dev.ampsync.source.Source} without core knowing JDBC.
 */
package dev.ampsync.spec;
