package dev.ampsync.internal.spec;

import static dev.ampsync.internal.spec.Specs.root;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.state.StateStore;
import dev.ampsync.state.StateStores;
import dev.ampsync.state.SyncState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a spec's file store lives, with real folders: the spec's folder and the working directory are
 * inputs of the binder, so a run "from another directory" needs no chdir.
 */
class StateLocationTest {
  private static final String SOURCE = "source:\n  type: jdbc\n";

  @TempDir Path temp;
  private Path specDir;
  private Path workingDir;
  private final List<String> warnings = new ArrayList<>();

  @BeforeEach
  void folders() throws Exception {
    specDir = Files.createDirectories(temp.resolve("project"));
    workingDir = Files.createDirectories(temp.resolve("elsewhere"));
  }

  private StateStore bind(String yaml) {
    SpecSection root = root(yaml + SOURCE);
    return StateBinder.bind(root.optionalSection("state"), root.requiredSection("source"), specDir, workingDir, warnings::add);
  }

  private static void put(StateStore store, String key) {
    try (store; SyncState state = store.open("users")) {
      state.put(key, new byte[] {1});
      state.commit();
    }
  }

  private static boolean has(StateStore store, String key) {
    try (store; SyncState state = store.open("users")) {
      return state.get(key) != null;
    }
  }

  @Test
  void theDefault_livesBesideTheSpec_whateverTheWorkingDirectory() {
    put(bind("name: x\n"), "k");

    assertThat(specDir.resolve(".ampsync/state/state.mv.db")).exists();
    assertThat(workingDir.resolve(".ampsync")).doesNotExist();
    assertThat(has(bind("name: x\n"), "k")).as("a second run finds it").isTrue();
    assertThat(warnings).isEmpty();
  }

  @Test
  void aRelativePath_isResolvedAgainstTheSpecsFolder_anAbsoluteOneKept() {
    put(bind("state:\n  path: ../shared/state\n"), "k");
    Path absolute = temp.resolve("absolute");
    put(bind("state:\n  path: " + absolute + "\n"), "k");

    assertThat(temp.resolve("shared/state/state.mv.db")).exists();
    assertThat(absolute.resolve("state.mv.db")).exists();
    assertThat(workingDir.resolve("shared")).doesNotExist();
  }

  @Test
  void aStateAtTheOldDefault_isKept_withOneWarningSayingWhereAndHowToMoveIt() {
    try (StateStore old = StateStores.file(workingDir.resolve(".ampsync/state"))) {
      put(old, "sent-before");
    }

    StateStore store = bind("name: x\n");
    try (SyncState preview = store.openForPreview("users")) {
      assertThat(preview.get("sent-before")).as("a preview sees the old state too").isNotNull();
    }
    assertThat(has(store, "sent-before")).as("nothing is sent again").isTrue();

    assertThat(specDir.resolve(".ampsync")).doesNotExist();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0)).contains(workingDir.resolve(".ampsync/state").toAbsolutePath().toString())
        .contains("move that folder to " + specDir.resolve(".ampsync/state").toAbsolutePath())
        .contains("or set state.path");
  }

  @Test
  void theOldDefault_isIgnored_onceTheSpecsFolderHasAState_orWhenStatePathIsSet() {
    try (StateStore old = StateStores.file(workingDir.resolve(".ampsync/state"))) {
      put(old, "old");
    }
    put(StateStores.file(specDir.resolve(".ampsync/state")), "new");

    assertThat(has(bind("name: x\n"), "new")).isTrue();
    put(bind("state:\n  path: mine\n"), "mine");
    assertThat(specDir.resolve("mine/state.mv.db")).exists();
    assertThat(warnings).isEmpty();
  }

  @Test
  void theSpecsFolderBeingTheWorkingDirectory_isNoMigration() {
    workingDir = specDir;
    put(bind("name: x\n"), "k");

    assertThat(specDir.resolve(".ampsync/state/state.mv.db")).exists();
    assertThat(warnings).isEmpty();
  }

  @Test
  void aSpecWithoutAFolder_keepsPathsRelativeToTheWorkingDirectory() {
    assertThat(new StateLocation(null, null, workingDir, warnings::add).path()).isEqualTo(Path.of(".ampsync/state"));
    assertThat(new StateLocation(null, "x/y", workingDir, warnings::add).path()).isEqualTo(Path.of("x/y"));
  }
}
