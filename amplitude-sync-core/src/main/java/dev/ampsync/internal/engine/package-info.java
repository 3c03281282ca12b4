/**
 * The sync engine. Not API.
 *
 * <p>A run ({@link dev.ampsync.internal.engine.SyncRun}) opens the state ({@code RunState}), checks
 * {@code maxRows} ({@code RowCountGuard}), reads the source ahead ({@code ReadAhead}) within the
 * {@code Watermark}'s window, and takes each row through the {@code RowPipeline}: {@code KeyAndDigest}
 * → {@code UnchangedShortcut} → {@code DuplicateCheck} → {@link dev.ampsync.internal.engine.RowMapper}
 * → {@code RecordValidation} → {@code RecordPlanning} → {@code Submission}; outcomes then go through
 * {@code Acknowledgement} → {@code Committer} → {@code Tally}, and {@code Results} makes the result.
 * {@code RemovedKeys} handles {@code on_removed}; a run stops for a {@code StopReason}.
 */
package dev.ampsync.internal.engine;
