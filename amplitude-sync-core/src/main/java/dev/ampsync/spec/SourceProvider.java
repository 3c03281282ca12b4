package dev.ampsync.spec;

import dev.ampsync.source.Source;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

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

  /**
   * Creates a source as {@link #create(Map)} does, told where each setting was written, so that
   * errors found only when the source is read (a syntax error in a query) can name the spec's file
   * and line. By default the places are ignored.
   *
   * @param settings as for {@link #create(Map)}
   * @param whereWritten for a key of {@code settings}, where it was written, such as {@code
   *     users.yaml line 9 (source.query)}
   * @return the source
   * @throws IllegalArgumentException as for {@link #create(Map)}
   */
  default Source create(Map<String, Object> settings, Function<String, String> whereWritten) {
    return create(settings);
  }
}
