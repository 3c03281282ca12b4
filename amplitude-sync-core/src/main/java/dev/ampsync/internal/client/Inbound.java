package dev.ampsync.internal.client;

/**
 * What callers hand to the dispatcher thread through its incoming queue, in the order they handed
 * it over: a submitted record with its encoded parts, or a flush waiting for the records before it.
 */
sealed interface Inbound permits Pending, FlushMarker {}
