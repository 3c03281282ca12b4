package dev.ampsync.internal.engine;

import dev.ampsync.mapping.Mapping;
import dev.ampsync.source.Column;
import dev.ampsync.source.Columns;
import java.util.List;

/**
 * Checks a declarative mapping against a source's columns the way a run does before its first row,
 * for callers that check without running (the command line's {@code validate --connect}).
 */
public final class MappingColumns {
  private MappingColumns() {}

  /**
   * Fails on the first mapped column the source does not return.
   *
   * @param mapping the mapping
   * @param columns the columns the source's stream returns
   * @throws IllegalArgumentException naming the mapping key and the missing column, with the
   *     columns the source has
   */
  public static void check(Mapping mapping, List<Column> columns) {
    CompiledMapping.checkColumns(mapping, Columns.of(columns));
  }
}
