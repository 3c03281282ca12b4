/**
 * The Amplitude client: batching within every endpoint limit, bounded retries, partial failures,
 * throttling, and one {@link dev.ampsync.client.Outcome} per submitted record.
 *
 * <p>Start with {@link dev.ampsync.client.AmplitudeClient#builder(String)}.
 */
package dev.ampsync.client;
