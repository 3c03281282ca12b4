package dev.ampsync.internal.engine;

import dev.ampsync.SyncJob;
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
   * Fails on the first column the job's mapping names that the source does not return, naming the
   * key by where the job's spec wrote it, as the job's run does.
   *
   * @param job the job
   * @param columns the columns the source's stream returns
   * @throws IllegalArgumentException naming the mapping key (and its spec's file and line, for a job
   *     of a spec) and the missing column, with the columns the source has
   */
  public static void check(SyncJob job, List<Column> columns) {
    CompiledMapping.checkColumns(job.mapping(), Columns.of(columns), JobTexts.placeOf(job));
  }
}
