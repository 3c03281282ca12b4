package dev.ampsync.internal.client;

import dev.ampsync.client.PreviewRequest;
import dev.ampsync.internal.wire.EncodedRecord;
import dev.ampsync.internal.wire.RequestBodies;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends nothing: packs requests exactly as a real client would, keeps the first few bodies (with the
 * API key redacted) and answers every request as accepted.
 */
final class DryRunTransport implements Transport {
  private final RequestBodies bodies;
  private final int keep;
  private final List<PreviewRequest> kept = new ArrayList<>();

  DryRunTransport(ClientSettings settings, int keep) {
    this.bodies = RequestBodies.create(Redactor.REDACTED, settings.minIdLength());
    this.keep = keep;
  }

  @Override
  public long bodySize(Endpoint endpoint, int count, long totalSize) {
    return endpoint.isForm() ? bodies.formSize(count, totalSize) : bodies.eventsSize(count, totalSize);
  }

  @Override
  public CompletableFuture<Verdict> send(Endpoint endpoint, List<Part> parts) {
    synchronized (kept) {
      if (kept.size() < keep) {
        List<EncodedRecord> encoded = new ArrayList<>(parts.size());
        parts.forEach(part -> encoded.add(part.encoded));
        byte[] body = endpoint.isForm() ? bodies.form(encoded) : bodies.events(encoded);
        kept.add(
            Outcomes.previewRequest(
                endpoint.path(), endpoint.contentType(), new String(body, StandardCharsets.UTF_8), parts.size()));
      }
    }
    return CompletableFuture.completedFuture(new Verdict.Accepted());
  }

  List<PreviewRequest> kept() {
    synchronized (kept) {
      return Collections.unmodifiableList(new ArrayList<>(kept));
    }
  }
}
