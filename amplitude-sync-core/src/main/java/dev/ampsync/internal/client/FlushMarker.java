package dev.ampsync.internal.client;

import java.util.concurrent.CompletableFuture;

/**
 * A flush waiting for every record taken before it to have an outcome; completed by {@link
 * Unresolved} on the dispatcher thread.
 */
final class FlushMarker extends CompletableFuture<Void> implements Inbound {
  /** The link number of the youngest record the flush waits for. */
  long boundary;
}
