package dev.ampsync.jdbc;

import dev.ampsync.source.Source;
import dev.ampsync.spec.SourceProvider;
import dev.ampsync.spec.SpecKey;
import dev.ampsync.spec.WrittenText;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The {@code jdbc} source type of YAML specs:
 *
 * <pre>
 * source:
 *   type: jdbc
 *   url: jdbc:postgresql://127.0.0.1:5432/test
 *   user: postgres                 # optional
 *   password: ${PGPASSWORD:-}      # optional
 *   query: select * from users     # or  table: users
 *   fetch_size: 1000               # optional
 *   timestamp_zone: UTC            # optional: zone of TIMESTAMP values without a zone
 * </pre>
 */
public final class JdbcSourceProvider implements SourceProvider {
  /** The keys of a jdbc {@code source:}: {@link #create} checks them, and the JSON Schema lists them. */
  private static final List<SpecKey> KEYS = List.of(
      SpecKey.string("url", "the JDBC URL, such as jdbc:postgresql://host:5432/db").asRequired(),
      SpecKey.string("user", "the database user"),
      SpecKey.string("password", "the password, usually ${PGPASSWORD}"),
      SpecKey.string("query", "the query whose rows are synced; or table"),
      SpecKey.string("table", "the table whose rows are synced; or query"),
      SpecKey.integer("fetch_size", "rows fetched per round trip").withDefault("1000"),
      SpecKey.string("timestamp_zone", "the zone of TIMESTAMP values without a zone, such as UTC"));
  private static final Set<String> KEY_NAMES = Set.copyOf(SpecKey.names(KEYS));

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public JdbcSourceProvider() {}

  @Override
  public String type() {
    return "jdbc";
  }

  @Override
  public List<SpecKey> keys() {
    return KEYS;
  }

  @Override
  public Source create(Map<String, Object> settings) {
    return create(settings, key -> null);
  }

  @Override
  public Source create(Map<String, Object> settings, Function<String, String> whereWritten) {
    return create(settings, whereWritten, key -> null);
  }

  /**
   * Creates the source; its description and messages show the URL and the query (or table) as the
   * spec wrote them, and hide the values of their variables in what the database says.
   */
  @Override
  public Source create(Map<String, Object> settings, Function<String, String> whereWritten,
      Function<String, WrittenText> written) {
    Objects.requireNonNull(settings, "settings is null: pass the keys of the spec's source: section, e.g."
        + " Map.of(\"url\", \"jdbc:postgresql://127.0.0.1:5432/analytics\", \"query\", \"select id from users\")");
    Objects.requireNonNull(whereWritten, "whereWritten is null: pass where each key was written, or key -> null when unknown");
    Objects.requireNonNull(written, "written is null: pass how each text key was written, or key -> null when unknown");
    Set<String> unknown = new TreeSet<>(settings.keySet());
    unknown.removeAll(KEY_NAMES);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "source." + unknown.iterator().next() + " is not a jdbc source key; keys are " + new TreeSet<>(KEY_NAMES));
    }
    JdbcSource.Builder builder = JdbcSource.builder();
    String url = text(settings, "url");
    if (url == null) {
      throw new IllegalArgumentException("source.url is required for a jdbc source");
    }
    try {
      builder.url(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("source.url: " + e.getMessage());
    }
    builder.user(text(settings, "user"));
    String password = text(settings, "password");
    builder.password(password == null || password.isEmpty() ? null : password);
    String query = text(settings, "query");
    String table = text(settings, "table");
    if ((query == null) == (table == null)) {
      throw new IllegalArgumentException("a jdbc source needs exactly one of source.query and source.table");
    }
    builder.origin(whereWritten.apply(query != null ? "query" : "table"));
    builder.writtenAs(written.apply("url"), written.apply(query != null ? "query" : "table"));
    try {
      if (query != null) {
        builder.query(query);
      } else {
        builder.table(table);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("source." + (query != null ? "query" : "table") + ": " + e.getMessage());
    }
    Object fetchSize = settings.get("fetch_size");
    if (fetchSize != null) {
      try {
        builder.fetchSize(Integer.parseInt(fetchSize.toString().trim()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("source.fetch_size must be a whole number of at least 1, was '" + fetchSize + "'");
      }
    }
    String zone = text(settings, "timestamp_zone");
    if (zone != null) {
      try {
        builder.timestampZone(ZoneId.of(zone));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("source.timestamp_zone '" + zone + "' is not a time zone such as UTC or Europe/Berlin");
      }
    }
    return builder.build();
  }

  private static String text(Map<String, Object> settings, String key) {
    Object value = settings.get(key);
    return value == null ? null : value.toString();
  }
}
