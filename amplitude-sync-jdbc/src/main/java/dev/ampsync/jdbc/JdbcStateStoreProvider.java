package dev.ampsync.jdbc;

import dev.ampsync.spec.SpecKey;
import dev.ampsync.spec.StateStoreProvider;
import dev.ampsync.state.StateStore;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code jdbc} state store of YAML specs. Without a {@code url} it keeps the state in the
 * source's own database (the warehouse itself), with the source's user and password:
 *
 * <pre>
 * state:
 *   store: jdbc
 *   table: ampsync_state           # optional
 *   url: jdbc:postgresql://...     # optional: defaults to source.url
 *   user: sync                     # optional: defaults to source.user
 *   password: ${STATE_PASSWORD}    # optional: defaults to source.password
 * </pre>
 */
public final class JdbcStateStoreProvider implements StateStoreProvider {
  /** The keys of a jdbc {@code state:}: {@link #create} checks them, and the JSON Schema lists them. */
  private static final List<SpecKey> KEYS = List.of(
      SpecKey.string("url", "the JDBC URL of the state's database; defaults to source.url"),
      SpecKey.string("user", "the database user; defaults to source.user"),
      SpecKey.string("password", "the password; defaults to source.password"),
      SpecKey.string("table", "the state table").withDefault("ampsync_state"));
  private static final Set<String> KEY_NAMES = Set.copyOf(SpecKey.names(KEYS));

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public JdbcStateStoreProvider() {}

  @Override
  public String type() {
    return "jdbc";
  }

  @Override
  public List<SpecKey> keys() {
    return KEYS;
  }

  @Override
  public StateStore create(Map<String, Object> settings, Map<String, Object> source) {
    Set<String> unknown = new TreeSet<>(settings.keySet());
    unknown.removeAll(KEY_NAMES);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "state." + unknown.iterator().next() + " is not a key of the jdbc state store; keys are " + new TreeSet<>(KEY_NAMES));
    }
    boolean ownDatabase = settings.get("url") != null;
    Object url = ownDatabase ? settings.get("url") : source.get("url");
    if (url == null) {
      throw new IllegalArgumentException("state.url is required when the source is not a jdbc source");
    }
    JdbcStateStore.Builder builder = JdbcStateStore.builder();
    try {
      builder.url(url.toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("state.url: " + e.getMessage());
    }
    Map<String, Object> credentials = ownDatabase ? settings : source;
    Object user = credentials.get("user");
    Object password = credentials.get("password");
    builder.user(user == null ? null : user.toString());
    builder.password(password == null || password.toString().isEmpty() ? null : password.toString());
    Object table = settings.get("table");
    if (table != null) {
      try {
        builder.table(table.toString());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("state.table: " + e.getMessage());
      }
    }
    return builder.build();
  }
}
