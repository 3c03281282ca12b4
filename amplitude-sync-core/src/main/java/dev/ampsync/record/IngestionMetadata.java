package dev.ampsync.record;

/**
 * The {@code ingestion_metadata} of an event: which integration sent it.
 *
 * @param sourceName the sending integration's name, for example {@code "amplitude-sync"}, or null
 * @param sourceVersion the sending integration's version, or null
 */
public record IngestionMetadata(String sourceName, String sourceVersion) {}
