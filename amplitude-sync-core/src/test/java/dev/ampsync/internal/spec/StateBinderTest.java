package dev.ampsync.internal.spec;

import static dev.ampsync.internal.spec.Specs.mistake;
import static dev.ampsync.internal.spec.Specs.root;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.state.StateStore;
import dev.ampsync.state.SyncState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateBinderTest {
  private static final String SOURCE = "source:\n  type: jdbc\n";

  private static StateStore bind(String yaml) {
    SpecSection root = root(yaml + SOURCE);
    return StateBinder.bind(root.optionalSection("state"), root.requiredSection("source"));
  }

  @Test
  void bind_noStateSection_isALazyFileStore_thatCreatesNothingUntilOpened() {
    assertThat(bind("name: x\n")).isInstanceOf(LazyStateStore.class);
  }

  @Test
  void bind_fileStore_atItsPath_openedOnlyWhenASyncOpensIt(@TempDir Path dir) {
    Path path = dir.resolve("state");
    try (StateStore store = bind("state:\n  store: File\n  path: " + path + "\n")) {
      assertThat(path).doesNotExist();
      try (SyncState preview = store.openForPreview("users")) {
        assertThat(preview.size()).isZero();
      }
      assertThat(path).doesNotExist();
      try (SyncState state = store.open("users")) {
        state.put("k", new byte[] {1});
        state.commit();
      }
      assertThat(Files.exists(path.resolve("state.mv.db"))).isTrue();
    }
  }

  @Test
  void bind_none_isNoStore() {
    assertThat(bind("state:\n  store: none\n")).isNull();
  }

  @Test
  void bind_mistakes() {
    mistake(() -> bind("state:\n  store: none\n  path: x\n"), "state", 2, "store: none takes no other keys");
    mistake(() -> bind("state:\n  dir: x\n"), "state.dir", 2, "is not a key of the file store; its only key is path");
    mistake(() -> bind("state:\n  store: s3\n"), "state.store", 2,
        "'s3' is not a state store here; use file, jdbc (with amplitude-sync-jdbc) or none");
  }
}
