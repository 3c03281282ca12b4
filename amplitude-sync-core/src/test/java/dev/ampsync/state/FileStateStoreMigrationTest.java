package dev.ampsync.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state written by an earlier snapshot (untyped "keys:" maps) is carried over, never dropped. */
class FileStateStoreMigrationTest {
  @TempDir Path dir;

  private void writeFormatOne(String sync, int keys) {
    try (MVStore store = new MVStore.Builder().fileName(dir.resolve("state.mv.db").toString()).compress().open()) {
      MVMap<String, byte[]> map = store.openMap("keys:" + sync);
      for (int i = 0; i < keys; i++) {
        map.put("insert-" + i, new byte[0]);
      }
      MVMap<String, String> meta = store.openMap("meta:" + sync);
      meta.put("mapping", "event:abc");
      store.commit();
    }
  }

  private boolean hasMap(String name) {
    try (MVStore store = new MVStore.Builder().fileName(dir.resolve("state.mv.db").toString()).readOnly().open()) {
      return store.hasMap(name);
    }
  }

  @Test
  void formatOneKeys_areMovedIntoTheTypedMap_onFirstOpen_andTheOldMapIsDropped() {
    writeFormatOne("orders", 5_000);
    try (StateStore store = StateStores.file(dir)) {
      SyncState state = store.open("orders");
      assertThat(state.size()).isEqualTo(5_000);
      assertThat(state.get("insert-0")).isEmpty();
      assertThat(state.get("insert-4999")).isNotNull();
      assertThat(state.meta("mapping")).isEqualTo("event:abc");
      List<String> keys = new ArrayList<>();
      state.forEachKey(keys::add);
      assertThat(keys).hasSize(5_000);
      state.close();
    }
    assertThat(hasMap("keys:orders")).isFalse();
    assertThat(hasMap("keys.2:orders")).isTrue();
    try (StateStore store = StateStores.file(dir)) {
      assertThat(store.open("orders").size()).isEqualTo(5_000); // reopened: still there, once
    }
  }

  @Test
  void aPreviewReadsAFormatOneStateWhereItIs_withoutMigratingIt() {
    writeFormatOne("orders", 10);
    try (StateStore store = StateStores.file(dir)) {
      SyncState state = store.openForPreview("orders");
      assertThat(state.get("insert-3")).isNotNull();
      assertThat(state.size()).isEqualTo(10);
    }
    assertThat(hasMap("keys:orders")).isTrue();
    assertThat(hasMap("keys.2:orders")).isFalse();
  }

  @Test
  void otherSyncsFormatOneKeys_areLeftForTheirOwnFirstOpen() {
    writeFormatOne("a", 3);
    writeFormatOne("b", 4);
    try (StateStore store = StateStores.file(dir)) {
      assertThat(store.open("a").size()).isEqualTo(3);
    }
    assertThat(hasMap("keys:b")).isTrue();
    try (StateStore store = StateStores.file(dir)) {
      assertThat(store.open("b").size()).isEqualTo(4);
    }
    assertThat(hasMap("keys:b")).isFalse();
  }
}
