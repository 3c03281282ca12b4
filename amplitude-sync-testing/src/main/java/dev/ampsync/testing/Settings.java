package dev.ampsync.testing;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/** The immutable configuration of one {@link FakeAmplitude}, built by its builder. */
record Settings(
    Set<String> apiKeys,
    Clock clock,
    int maxEventsPerRequest,
    long maxHttpApiBytes,
    long maxBatchBytes,
    long maxIdentifyBytes,
    int maxIdentificationsPerRequest,
    long maxGroupIdentifyBytes,
    int maxGroupIdentificationsPerRequest,
    int maxGroupPropertiesPerRequest,
    Duration dedupWindow,
    int threads,
    int port) {}
