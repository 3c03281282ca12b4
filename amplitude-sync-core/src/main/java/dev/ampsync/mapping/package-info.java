/**
 * How rows become records: the declarative {@link dev.ampsync.mapping.Mapping}, mirroring the YAML
 * spec's {@code mapping:} keys, and the user-supplied {@link dev.ampsync.mapping.RowFunction} escape
 * hatch.
 */
package dev.ampsync.mapping;
