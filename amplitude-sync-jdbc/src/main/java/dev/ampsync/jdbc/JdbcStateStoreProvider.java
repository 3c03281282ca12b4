package dev.ampsync.jdbc;

import dev.ampsync.spec.SpecKey;
import dev.ampsync.spec.StateStoreProvider;
import dev.ampsync.state.StateStore;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 *   planning: warehouse            # optional: client (default) or warehouse
 *   logs: true                     # optional: TABLE_runs, TABLE_problems; default true with warehouse
 * </pre>
 *
 * <p>{@code state: {store: jdbc, planning: warehouse}} is a complete configuration: the state tables
 * go into the source's database, where the diff runs.
 */
public final class JdbcStateStoreProvider implements StateStoreProvider {
  /** Whether two JDBC URLs name the same database (their parameters aside). */
  private static boolean sameDatabase(String a, String b) {
    return new dev.ampsync.jdbc.internal.Connector(null, a, null, null)
        .sameDatabase(new dev.ampsync.jdbc.internal.Connector(null, b, null, null));
  }

  /** The keys of a jdbc {@code state:}: {@link #create} checks them, and the JSON Schema lists them. */
  private static final List<SpecKey> KEYS = List.of(
      SpecKey.string("url", "the JDBC URL of the state's database; defaults to source.url"),
      SpecKey.string("user", "the database user; defaults to source.user"),
      SpecKey.string("password", "the password; defaults to source.password"),
      SpecKey.string("table", "the state table, optionally schema-qualified (analytics.ampsync_state)")
          .withDefault("ampsync_state"),
      SpecKey.choice("planning", List.of("client", "warehouse"),
          "where the rows to send are found: client reads every model row and compares it with the state;"
              + " warehouse compares them in SQL in the source's database, and only new and changed rows"
              + " are read (needs the state tables in the source's database)").withDefault("client"),
      SpecKey.bool("logs", "keep sync logs in TABLE_runs and TABLE_problems beside the state; default: true with"
          + " planning: warehouse, false otherwise"));
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
    Objects.requireNonNull(settings, "settings is null: pass the keys of the spec's state: section other than store, e.g. Map.of(\"table\", \"ampsync_state\"), or Map.of()");
    Objects.requireNonNull(source, "source is null: pass the keys of the spec's source: section (the state defaults to its url), or Map.of()");
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
    Object logs = settings.get("logs");
    if (logs != null) {
      String flag = logs.toString().trim().toLowerCase(java.util.Locale.ROOT);
      if (!flag.equals("true") && !flag.equals("false")) {
        throw new IllegalArgumentException("state.logs: '" + logs + "' is not true or false");
      }
      builder.logs(Boolean.parseBoolean(flag));
    }
    Object planning = settings.get("planning");
    if (planning != null) {
      String mode = planning.toString().trim().toLowerCase(java.util.Locale.ROOT);
      switch (mode) {
        case "client" -> builder.planning(JdbcStateStore.Planning.CLIENT);
        case "warehouse" -> {
          if (ownDatabase && source.get("url") != null && !sameDatabase(url.toString(), source.get("url").toString())) {
            throw new IllegalArgumentException("state.planning: warehouse needs the state tables in the source's"
                + " database: leave state.url unset (it defaults to source.url)");
          }
          builder.planning(JdbcStateStore.Planning.WAREHOUSE);
        }
        default -> throw new IllegalArgumentException(
            "state.planning: '" + planning + "' is not a planning mode; use client or warehouse");
      }
    }
    return builder.build();
  }
}
