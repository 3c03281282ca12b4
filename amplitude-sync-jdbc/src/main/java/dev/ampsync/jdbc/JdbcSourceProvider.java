package dev.ampsync.jdbc;

import dev.ampsync.source.Source;
import dev.ampsync.spec.SourceProvider;
import java.time.ZoneId;
import java.util.Map;
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
  private static final Set<String> KEYS = Set.of("url", "user", "password", "query", "table", "fetch_size", "timestamp_zone");

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public JdbcSourceProvider() {}

  @Override
  public String type() {
    return "jdbc";
  }

  @Override
  public Set<String> keys() {
    return KEYS;
  }

  @Override
  public Source create(Map<String, Object> settings) {
    return create(settings, key -> null);
  }

  @Override
  public Source create(Map<String, Object> settings, Function<String, String> whereWritten) {
    Set<String> unknown = new TreeSet<>(settings.keySet());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "source." + unknown.iterator().next() + " is not a jdbc source key; keys are " + new TreeSet<>(KEYS));
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
