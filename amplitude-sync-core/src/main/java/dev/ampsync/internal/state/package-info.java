/** The built-in state stores, and the fingerprints the engine keeps in them. Not API. */
package dev.ampsync.internal.state;
