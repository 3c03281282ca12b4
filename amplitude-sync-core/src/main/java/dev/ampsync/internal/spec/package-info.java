/**
 * How a YAML spec becomes a job: {@link dev.ampsync.internal.spec.SpecReader} reads YAML into
 * {@link dev.ampsync.internal.spec.SpecNode}s with lines; {@link dev.ampsync.internal.spec.SpecSection}
 * reads a section's keys as typed values; one binder per section ({@code HeaderBinder},
 * {@code DestinationBinder}, {@code MappingBinder}, {@code SourceBinder}, {@code StateBinder},
 * {@code OptionsBinder}) passes them to the builder that owns the setting, and {@link
 * dev.ampsync.internal.spec.SpecErrors} turns what a builder refuses into a {@link
 * dev.ampsync.spec.SpecException} naming the file, the line and the key path. Not API.
 */
package dev.ampsync.internal.spec;
