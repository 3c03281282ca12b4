/**
 * A fake Amplitude for tests, {@link dev.ampsync.testing.FakeAmplitude}: a real HTTP server on
 * {@code 127.0.0.1} and a dynamic port that implements the four ingestion endpoints ({@code /batch},
 * {@code /2/httpapi}, {@code /identify}, {@code /groupidentify}) with Amplitude's documented
 * validation, limits, error bodies, deduplication and profile updates, and injects faults on demand.
 * {@link dev.ampsync.testing.FakeProfile} is what it stored for a user, device or group, {@link
 * dev.ampsync.testing.RecordedRequest} a request it received, {@link dev.ampsync.testing.FaultKind}
 * a fault it can inject, and {@link dev.ampsync.testing.MutableClock} a clock a test moves by hand
 * (for the deduplication window and daily quotas).
 *
 * <p>The fake is an independent oracle: it uses only the JDK, Jackson and SLF4J, never
 * amplitude-sync's own classes, so a test against it checks the library against Amplitude's
 * contract rather than against itself.
 *
 * <p>Add it in test scope, next to the library:
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.ampsync</groupId>
 *   <artifactId>amplitude-sync-testing</artifactId>
 *   <version>${amplitude-sync.version}</version>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 *
 * <p>A JUnit 5 test that starts the fake on a free port and points a client at it:
 *
 * <pre>{@code
 * class PlanSyncTest {
 *   private FakeAmplitude fake;
 *
 *   @BeforeEach
 *   void startFake() {
 *     fake = FakeAmplitude.builder().apiKey("test-key").start();   // 127.0.0.1, a dynamic port
 *   }
 *
 *   @AfterEach
 *   void stopFake() {
 *     fake.close();
 *   }
 *
 *   @Test
 *   void thePlanReachesTheUsersProfile() throws InterruptedException {
 *     try (AmplitudeClient client = AmplitudeClient.builder(fake.apiKey())
 *         .endpoint(URI.create(fake.baseUrl()))
 *         .build()) {
 *       Outcome outcome = client.submit(UserRecord.builder("user-1042")
 *           .userProperties(PropertyOperations.builder().set("plan", "pro").build())
 *           .build()).join();
 *
 *       assertThat(outcome.isAccepted()).isTrue();
 *     }
 *     assertThat(fake.user("user-1042").orElseThrow().property("plan")).isEqualTo("pro");
 *   }
 * }
 * }</pre>
 *
 * <p>A YAML spec reaches the fake through {@code destination.endpoint: <fake.baseUrl()>}, and the
 * command line through {@code --endpoint}.
 *
 * <p>The fake also runs as a program, for the command line and tests in other languages: see
 * {@link dev.ampsync.testing.FakeAmplitudeMain} ({@code java -jar
 * amplitude-sync-testing-VERSION-runnable.jar --port 0}, state at {@code GET /_fake/state}).
 */
package dev.ampsync.testing;
