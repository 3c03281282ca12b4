/**
 * The amplitude-sync command line ({@link dev.ampsync.cli.Main}), shipped as the runnable {@code
 * amplitude-sync.jar}: {@code run} and {@code preview} of a YAML spec, progress and a summary table
 * on stderr, the {@code --report} JSON, and, without arguments, the quickstart ({@link
 * dev.ampsync.cli.Quickstart}) on an embedded sample warehouse.
 *
 * <p>An application, not a library: nothing here is API.
 */
package dev.ampsync.cli;
