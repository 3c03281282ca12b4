package dev.ampsync.state;

import dev.ampsync.source.RowStream;

/**
 * The rows a {@link WarehousePlanner} found must be sent: the model's columns, then three more,
 * {@link #KEY}, {@link #DIGEST} and {@link #STORED}, in that order, at the end of {@link #columns()}.
 */
public interface PlannedRows extends RowStream {
  /** The key as the warehouse computed it (text, null when a part is NULL). */
  String KEY = "ampsync_key";
  /** The row's digest (text): stored with the key once the row is acknowledged. */
  String DIGEST = "ampsync_digest";
  /** What the state holds for the key (bytes), or null. */
  String STORED = "ampsync_stored";

  /**
   * Returns how many rows the model has in all, counted in the same snapshot as the rows returned,
   * so that the rows left in the warehouse can be counted as unchanged.
   *
   * @return the model's row count
   */
  long modelRows();
}
