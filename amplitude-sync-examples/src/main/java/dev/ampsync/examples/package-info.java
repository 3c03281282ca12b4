/**
 * One runnable example per concept, each a {@code main} that previews without {@code
 * AMPLITUDE_API_KEY} and sends with it. Run one from {@code amplitude-sync-examples.jar}, for
 * example {@code java -cp amplitude-sync-examples/target/amplitude-sync-examples.jar
 * dev.ampsync.examples.EventsBackfill}. The command line and the quickstart live in {@code
 * amplitude-sync-cli}.
 */
package dev.ampsync.examples;
