package dev.ampsync.mapping;

import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.source.Row;

/**
 * The escape hatch: a user's own code that turns a row into a record, for what the declarative
 * mapping cannot say.
 *
 * <pre>{@code
 * Mapping mapping = Mapping.custom(ObjectType.EVENT, row -> EventRecord.builder("Order Completed")
 *     .userId((String) row.get("customer_id"))
 *     .insertId("orders:" + row.get("id"))
 *     .time(((Timestamp) row.get("ordered_at")).toInstant())
 *     .price((BigDecimal) row.get("amount"))
 *     .build());
 * }</pre>
 *
 * <p>An event the function returns without a time is an invalid row, unless the mapping is {@link
 * Mapping#customTimeNow} (Amplitude then stamps it on arrival): the function cannot be checked when
 * the job is built, so this is checked for each record.
 *
 * <p>An exception thrown for a row makes that row invalid, with the exception's message as the
 * reason; the run goes on. Returning null skips the row (it counts as unchanged).
 */
@FunctionalInterface
public interface RowFunction {
  /**
   * Maps one row.
   *
   * @param row the row; valid only during the call
   * @return the record, or null to skip the row
   * @throws Exception when the row cannot be mapped; the row becomes invalid
   */
  AmplitudeRecord map(Row row) throws Exception;
}
