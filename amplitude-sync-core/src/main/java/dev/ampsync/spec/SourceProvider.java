package dev.ampsync.spec;

import dev.ampsync.source.Source;
import java.util.Map;

/**
 * Makes sources of one {@code source.type} for YAML specs. Implementations are found with {@link
 * java.util.ServiceLoader}: list the class in {@code
 * META-INF/services/dev.ampsync.spec.SourceProvider}. {@code amplitude-sync-jdbc} provides {@code
 * jdbc}.
 */
public interface SourceProvider {

  /**
   * Returns the {@code source.type} this provider handles, for example {@code "jdbc"}.
   *
   * @return the type name
   */
  String type();

  /**
   * Creates a source from a spec's {@code source:} settings (environment variables already
   * substituted), without connecting yet.
   *
   * @param settings the keys of the {@code source:} section other than {@code type}; values are
   *     strings, numbers, booleans, lists or maps as YAML gave them
   * @return the source
   * @throws IllegalArgumentException if a setting is missing, unknown or malformed; the message names
   *     the key as {@code source.KEY}
   */
  Source create(Map<String, Object> settings);

  /**
   * Returns the table of this type's keys in {@code source:} (other than {@code type}), from which the
   * spec's JSON Schema is generated. Check unknown keys in {@link #create} against the same table, so
   * the two cannot disagree.
   *
   * @return the keys; by default none are declared, and the schema then allows any key for this type
   */
  default java.util.List<SpecKey> keys() {
    return java.util.List.of();
  }
}
