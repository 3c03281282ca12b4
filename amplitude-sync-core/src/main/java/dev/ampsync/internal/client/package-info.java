/**
 * The client's engine: a single dispatcher thread that owns all batching state, an HTTP sender with
 * Failsafe retry policies, and the one function that classifies Amplitude's answers. Not API.
 */
package dev.ampsync.internal.client;
