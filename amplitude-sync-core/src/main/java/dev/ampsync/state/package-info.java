/**
 * Sync state: what Amplitude last acknowledged, per sync and per record key, so that incremental
 * runs send only what changed and never send an acknowledged event again. {@link
 * dev.ampsync.state.StateStore} is the SPI; {@link dev.ampsync.state.StateStores} has the embedded
 * file store (H2's MVStore: crash-safe, off-heap) and the in-memory store. The JDBC store lives in
 * {@code amplitude-sync-jdbc}.
 */
package dev.ampsync.state;
