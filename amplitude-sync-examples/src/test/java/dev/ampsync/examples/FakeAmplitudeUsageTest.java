package dev.ampsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.Outcome;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import dev.ampsync.testing.FakeAmplitude;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The usage example of {@code dev.ampsync.testing}'s package Javadoc, as a user's test would write
 * it: the fake on a dynamic port, a client pointed at it, the profile checked afterwards. Kept here
 * so the documented example compiles and passes.
 */
class FakeAmplitudeUsageTest {
  private FakeAmplitude fake;

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.builder().apiKey("test-key").start();
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  @Test
  void thePlanReachesTheUsersProfile() throws InterruptedException {
    try (AmplitudeClient client = AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .build()) {
      Outcome outcome = client.submit(UserRecord.builder("user-1042")
          .userProperties(PropertyOperations.builder().set("plan", "pro").build())
          .build()).join();

      assertThat(outcome.isAccepted()).isTrue();
    }
    assertThat(fake.user("user-1042").orElseThrow().property("plan")).isEqualTo("pro");
    assertThat(URI.create(fake.baseUrl()).getPort()).as("a dynamic port").isPositive();
  }
}
