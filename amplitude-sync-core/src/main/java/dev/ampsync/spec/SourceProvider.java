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

  /**
   * Creates a source as {@link #create(Map, Function)} does, told also how each text setting was
   * written: a value may hold variables from the environment ({@code ${PGPASSWORD}}), which the
   * source must never show expanded. What it shows (its {@link Source#describe() description}, the
   * query in an error message) is then the text as written, and the variables' values are hidden in
   * what the database says ({@link WrittenText#hide}). By default the texts as written are ignored.
   *
   * @param settings as for {@link #create(Map)}
   * @param whereWritten as for {@link #create(Map, Function)}
   * @param written for a key of {@code settings} whose value is a text, the text and how it was
   *     written; null for other keys
   * @return the source
   * @throws IllegalArgumentException as for {@link #create(Map)}
   */
  default Source create(Map<String, Object> settings, Function<String, String> whereWritten,
      Function<String, WrittenText> written) {
    return create(settings, whereWritten);
  }
}
