package dev.ampsync.spec;

import dev.ampsync.state.StateStore;
import java.util.Map;

/**
 * Makes state stores of one {@code state.store} type for YAML specs, found with {@link
 * java.util.ServiceLoader} ({@code META-INF/services/dev.ampsync.spec.StateStoreProvider}). Core
 * provides {@code file} and {@code none}; {@code amplitude-sync-jdbc} provides {@code jdbc}.
 */
public interface StateStoreProvider {

  /**
   * Returns the {@code state.store} value this provider handles.
   *
   * @return the type name, for example {@code "jdbc"}
   */
  String type();

  /**
   * Creates a store.
   *
   * @param settings the keys of the spec's {@code state:} section other than {@code store}
   * @param source the keys of the spec's {@code source:} section, so a store may default to the
   *     source's database
   * @return the store
   * @throws IllegalArgumentException if a setting is missing, unknown or malformed; the message names
   *     the key as {@code state.KEY}
   */
  StateStore create(Map<String, Object> settings, Map<String, Object> source);

  /**
   * Returns the table of this type's keys in {@code state:} (other than {@code store}), from which the
   * spec's JSON Schema is generated. Check unknown keys in {@link #create} against the same table, so
   * the two cannot disagree.
   *
   * @return the keys; by default none are declared, and the schema then allows any key for this type
   */
  default java.util.List<SpecKey> keys() {
    return java.util.List.of();
  }
}
