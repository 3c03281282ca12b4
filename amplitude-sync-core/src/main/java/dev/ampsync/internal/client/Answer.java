package dev.ampsync.internal.client;

import java.util.List;

/**
 * Amplitude's answer to one request, posted back to the dispatcher thread.
 *
 * @param endpoint where the request went
 * @param parts the request's parts, in request order
 * @param verdict what the answer means for them
 */
record Answer(Endpoint endpoint, List<Part> parts, Verdict verdict) {}
