package dev.ampsync.internal.spec;

import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.SpecKey;
import dev.ampsync.spec.StateStoreProvider;
import dev.ampsync.state.StateStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Binds {@code state:} to a {@link StateStore}: {@code file} (the default, at {@code .ampsync/state}
 * beside the spec file), {@code none}, or the {@link StateStoreProvider} of another {@code store}
 * type. A file store is opened only when a sync opens its state, so binding creates nothing; see
 * {@link StateLocation} for where it lives.
 */
public final class StateBinder {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(StateBinder.class);

  /** The keys of {@code state:} with {@code store: file} (or no store), other than {@code store}. */
  public static final List<SpecKey> FILE_KEYS = List.of(
      SpecKey.string("path", "the store's folder, relative to the spec file's folder").withDefault(".ampsync/state"));
  /** The keys of {@code state:} with {@code store: none}, other than {@code store}: none. */
  public static final List<SpecKey> NONE_KEYS = List.of();

  private StateBinder() {}

  /**
   * Creates the store a spec read from text asks for: a relative path is relative to the working
   * directory.
   *
   * @param state the {@code state:} section, or null for the default
   * @param source the {@code source:} section, whose settings a provider may reuse
   * @return a new store, or null for {@code store: none}
   * @throws SpecException if the store type is unknown or a setting is refused
   */
  public static StateStore bind(SpecSection state, SpecSection source) {
    return bind(state, source, null, Path.of("").toAbsolutePath(), LOG::warn);
  }

  /**
   * Creates the store the spec asks for.
   *
   * @param state the {@code state:} section, or null for the default
   * @param source the {@code source:} section, whose settings a provider may reuse
   * @param specDir the spec file's folder, against which a relative file store path resolves; null
   *     for a spec read from text (the working directory)
   * @param workingDir the working directory, where the default file store lived before
   * @param warn receives the one warning about a file store found at the old default location
   * @return a new store, or null for {@code store: none}
   * @throws SpecException if the store type is unknown or a setting is refused
   */
  public static StateStore bind(SpecSection state, SpecSection source, Path specDir, Path workingDir,
      java.util.function.Consumer<String> warn) {
    String store = state == null ? null : state.text("store");
    String type = store == null ? "file" : store;
    Map<String, Object> settings = state == null ? Map.of() : state.plainValues(Set.of("store"));
    switch (type.trim().toLowerCase(Locale.ROOT)) {
      case "none":
        // NONE_KEYS is empty: store: none takes no other keys.
        if (!settings.isEmpty()) {
          throw state.error("store: none takes no other keys");
        }
        return null;
      case "file":
        return fileStore(state, settings, specDir, workingDir, warn);
      default:
        for (StateStoreProvider provider : ServiceLoader.load(StateStoreProvider.class)) {
          if (provider.type().equalsIgnoreCase(type.trim())) {
            Map<String, Object> sourceSettings = source.plainValues(Set.of());
            return state.errors().check(state.node(), state.path(), () -> provider.create(settings, sourceSettings));
          }
        }
        throw state.error("store", "'" + type + "' is not a state store here; use file, jdbc (with amplitude-sync-jdbc) or none");
    }
  }

  private static StateStore fileStore(SpecSection state, Map<String, Object> settings, Path specDir, Path workingDir,
      java.util.function.Consumer<String> warn) {
    Set<String> unknown = new TreeSet<>(settings.keySet());
    unknown.removeAll(SpecKey.names(FILE_KEYS));
    if (!unknown.isEmpty()) {
      throw state.error(unknown.iterator().next(), "is not a key of the file store; its only key is path");
    }
    Object given = settings.get("path");
    String pathText = given == null ? null : given.toString();
    if (pathText != null) {
      state.check("path", () -> Path.of(pathText));
    }
    StateLocation location = new StateLocation(specDir, pathText, workingDir, warn);
    return LazyStateStore.file(location::path);
  }
}
