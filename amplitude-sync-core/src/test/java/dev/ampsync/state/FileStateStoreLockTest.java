package dev.ampsync.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.internal.spec.LazyStateStore;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.testing.FakeAmplitude;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One run at a time: a second open of a held file store says in words who holds it and since when
 * (MVStore refuses a second open of a locked file within one JVM too), and a holder file left by a
 * killed process blocks nothing.
 */
class FileStateStoreLockTest {
  @TempDir Path dir;

  private Path holder() {
    return dir.resolve("state.mv.db.holder");
  }

  @Test
  void aSecondOpen_namesTheRunHoldingTheStore() {
    try (StateStore first = StateStores.file(dir)) {
      assertThat(holder()).exists();

      assertThatThrownBy(() -> StateStores.file(dir))
          .isInstanceOf(StateException.class)
          .hasMessageMatching("the state store " + java.util.regex.Pattern.quote(dir.resolve("state.mv.db").toString())
              + " is in use by another run \\(pid " + ProcessHandle.current().pid()
              + " on host \\S+, since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)\\. One run at a time; this run sent nothing\\.");
      assertThat(holder()).as("the refused open leaves the holder's file alone").exists();
    }
    assertThat(holder()).as("deleted on close").doesNotExist();
  }

  @Test
  void aRunWhileAnotherHoldsTheStore_failsAndSendsNothing() {
    try (StateStore first = StateStores.file(dir); FakeAmplitude fake = FakeAmplitude.start()) {
      SyncJob job = SyncJob.builder("users")
          .source(InMemorySource.of(List.of(Map.of("id", "user-100001"))))
          .mapping(Mapping.builder(ObjectType.USER).userId(Value.column("id")).property("source", Value.constant("w")).build())
          .destination(AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl())).linger(Duration.ofMillis(5)))
          .state(new LazyStateStore(() -> StateStores.file(dir), () -> true)) // opened by the run, as a spec's
          .build();

      SyncResult result = AmplitudeSync.run(job);

      assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
      assertThat(result.error()).get().asString()
          .contains("is in use by another run (pid " + ProcessHandle.current().pid())
          .endsWith("One run at a time; this run sent nothing.");
      assertThat(fake.requests()).isEmpty();
    }
  }

  @Test
  void aStaleHolderFileFromAKilledProcess_blocksNothing() throws Exception {
    Files.createDirectories(dir);
    Files.writeString(holder(), "pid=999999\nhost=gone\nsince=2020-01-01T00\\:00\\:00Z\n");

    try (StateStore store = StateStores.file(dir)) {
      store.open("users").put("user-1", new byte[] {1});
      assertThat(Files.readString(holder())).contains("pid=" + ProcessHandle.current().pid()).doesNotContain("host=gone");
    }
    assertThat(holder()).doesNotExist();
  }

  @Test
  void withoutAHolderFile_theRefusalStillSaysInWords() throws Exception {
    try (StateStore first = StateStores.file(dir)) {
      Files.delete(holder());

      assertThatThrownBy(() -> StateStores.file(dir))
          .isInstanceOf(StateException.class)
          .hasMessage("the state store " + dir.resolve("state.mv.db")
              + " is in use by another run. One run at a time; this run sent nothing.");
    }
  }
}
