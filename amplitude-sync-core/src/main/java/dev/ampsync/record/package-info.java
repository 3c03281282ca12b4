/**
 * Typed Amplitude records, their property operations, and the validation rules Amplitude applies.
 *
 * <p>The four record types, {@link dev.ampsync.record.UserRecord}, {@link
 * dev.ampsync.record.DeviceRecord}, {@link dev.ampsync.record.GroupRecord} and {@link
 * dev.ampsync.record.EventRecord}, are immutable values built with builders. Builders throw only for
 * programming errors (a null where a value is required, a value of a type Amplitude cannot take, two
 * operations on one property). Data that Amplitude would refuse, such as a four-character user id or
 * a NaN, builds fine and is reported by {@link dev.ampsync.record.RecordValidator} as a list of
 * {@link dev.ampsync.record.Violation}s, so a sync can turn it into a per-row outcome.
 *
 * <p>All types in this package are immutable and thread-safe, except the builders, which are not
 * thread-safe.
 */
package dev.ampsync.record;
