/** The sync engine: row mapping, keys, the run loop and its accounting. Not API. */
package dev.ampsync.internal.engine;
