/**
 * Amplitude's wire format: each record encoded once, with Jackson's streaming generator, into the
 * exact JSON Amplitude expects, and request bodies assembled from those encoded bytes. Not API.
 */
package dev.ampsync.internal.wire;
