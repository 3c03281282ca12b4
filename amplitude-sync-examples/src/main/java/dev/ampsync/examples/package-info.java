/**
 * The command line ({@link dev.ampsync.examples.Main}), the quickstart on an embedded sample
 * warehouse ({@link dev.ampsync.examples.Quickstart}), and one runnable example per concept.
 */
package dev.ampsync.examples;
