/**
 * The entry point of amplitude-sync and the types that describe a sync run.
 *
 * <p>Implementation lives in {@code dev.ampsync.internal.*}, which is not API and may change in any
 * release.
 */
package dev.ampsync;
