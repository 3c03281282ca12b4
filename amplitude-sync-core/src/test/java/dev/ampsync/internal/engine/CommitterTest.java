package dev.ampsync.internal.engine;

import static dev.ampsync.internal.engine.EngineFixtures.store;
import static dev.ampsync.internal.engine.EngineFixtures.userJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ampsync.internal.engine.EngineFixtures.RecordingState;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Committer: writes after acknowledgement, commits on its thread and at the end; a preview writes nothing. */
class CommitterTest {
  private static final byte[] FINGERPRINT = {1, 2, 3};

  private static RunState open(RecordingState stored, boolean preview) {
    return RunState.open(userJob("committer").state(store(stored)).build(), preview);
  }

  @Test
  void putsAndRemoves_reachTheState_andCloseCommitsAndClosesIt() {
    RecordingState stored = new RecordingState();
    stored.keys.put("user-gone", FINGERPRINT);
    Committer committer = new Committer(open(stored, false), "committer");

    committer.put("user-1", FINGERPRINT);
    committer.remove("user-gone");
    committer.close();

    assertThat(stored.keys).containsOnlyKeys("user-1");
    assertThat(stored.closes).isEqualTo(1);
  }

  @Test
  void theCommitThread_commitsRepeatedly_untilClose() throws InterruptedException {
    CountDownLatch twice = new CountDownLatch(2);
    RecordingState stored = new RecordingState() {
      @Override
      public synchronized void commit() {
        super.commit();
        twice.countDown();
      }
    };
    Committer committer = new Committer(open(stored, false), "committer");

    committer.start();
    assertThat(twice.await(30, TimeUnit.SECONDS)).as("two commits by the thread").isTrue();
    committer.close();

    assertThat(stored.closes).isEqualTo(1);
  }

  @Test
  void aFailedCommit_isKeptNotThrown_andStopsFurtherWrites() {
    boolean[] failing = {false};
    RecordingState stored = new RecordingState() {
      @Override
      public synchronized void commit() {
        if (failing[0]) {
          throw new IllegalStateException("no space left on device while writing the state /x/state.mv.db");
        }
        super.commit();
      }
    };
    Committer committer = new Committer(open(stored, false), "committer");
    int commits = stored.commits;
    assertThat(committer.failure()).isNull();

    failing[0] = true;
    assertThatCode(committer::commitNow).doesNotThrowAnyException();
    failing[0] = false;
    committer.put("user-1", FINGERPRINT);
    committer.commitNow();

    assertThat(committer.failure()).isInstanceOf(StopReason.StateFailed.class);
    assertThat(committer.failure().message()).isEqualTo("no space left on device while writing the state /x/state.mv.db");
    assertThat(stored.keys).isEmpty();
    assertThat(stored.commits).isEqualTo(commits);
  }

  @Test
  void aFailedPut_isKeptNotThrown() {
    RecordingState stored = new RecordingState() {
      @Override
      public synchronized void put(String key, byte[] value) {
        throw new IllegalStateException("This store is closed");
      }
    };
    Committer committer = new Committer(open(stored, false), "committer");

    assertThatCode(() -> committer.put("user-1", FINGERPRINT)).doesNotThrowAnyException();

    assertThat(committer.failure().message()).isEqualTo("This store is closed");
  }

  @Test
  void aPreview_writesNothing_butClosesTheState() {
    RecordingState stored = new RecordingState();
    Committer committer = new Committer(open(stored, true), "committer");

    committer.start();
    committer.put("user-1", FINGERPRINT);
    committer.close();

    assertThat(stored.keys).isEmpty();
    assertThat(stored.closes).isEqualTo(1);
  }

  @Test
  void withoutAState_everythingIsANoOp() {
    Committer committer = new Committer(null, "committer");

    committer.start();
    committer.put("user-1", FINGERPRINT);
    committer.remove("user-1");
    committer.advance(new Watermark("at", null, false));
    committer.close();
  }

  @Test
  void advance_storesAndCommitsTheWatermark_onlyWhenItMoves() {
    RecordingState stored = new RecordingState();
    Committer committer = new Committer(open(stored, false), "committer");
    Watermark watermark = new Watermark("at", null, false);

    committer.advance(watermark);
    assertThat(stored.meta).doesNotContainKey(Watermark.META);

    watermark.read(5_000);
    int commits = stored.commits;
    committer.advance(watermark);
    assertThat(stored.meta).containsEntry(Watermark.META, "5000");
    assertThat(stored.commits).isEqualTo(commits + 1);

    committer.advance(watermark);
    assertThat(stored.commits).as("unchanged: no commit").isEqualTo(commits + 1);
  }
}
