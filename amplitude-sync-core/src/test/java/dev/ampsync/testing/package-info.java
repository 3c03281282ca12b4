/**
 * Test support published in the {@code amplitude-sync-core} test-jar: {@link
 * dev.ampsync.testing.FakeAmplitude}, a fake Amplitude ingestion server that implements the four
 * ingestion endpoints ({@code /batch}, {@code /2/httpapi}, {@code /identify}, {@code
 * /groupidentify}) with Amplitude's documented validation, limits, error bodies, deduplication and
 * profile updates, and injects faults on demand.
 *
 * <p>The fake is an independent oracle: it uses only the JDK, Jackson and SLF4J, never the
 * library's own classes, so a test against it checks the library against Amplitude's contract
 * rather than against itself.
 *
 * <p>Use it from another project with the test-jar dependency:
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.ampsync</groupId>
 *   <artifactId>amplitude-sync-core</artifactId>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 */
package dev.ampsync.testing;
