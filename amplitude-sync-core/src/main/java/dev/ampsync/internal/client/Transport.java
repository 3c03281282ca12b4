package dev.ampsync.internal.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Carries one request to Amplitude, or pretends to. */
interface Transport {
  /** Returns the exact body size a request of these parts would have, before compression. */
  long bodySize(Endpoint endpoint, int count, long totalSize);

  /** Sends the parts as one request; the future never completes exceptionally. */
  CompletableFuture<Verdict> send(Endpoint endpoint, List<Part> parts);
}
