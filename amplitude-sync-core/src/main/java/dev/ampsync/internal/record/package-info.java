/** Implementation behind {@code dev.ampsync.record}: not API. */
package dev.ampsync.internal.record;
