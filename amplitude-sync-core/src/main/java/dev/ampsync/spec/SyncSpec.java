package dev.ampsync.spec;

import dev.ampsync.record.ObjectType;
import dev.ampsync.OnRemoved;
import dev.ampsync.record.SyncBehavior;
import dev.ampsync.SyncJob;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.EventsApi;
import dev.ampsync.client.Region;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Nulls;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.source.Source;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.StateStores;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A YAML sync spec, validated strictly and turned into a {@link SyncJob}. The keys are those of the
 * project's design (name, object, behavior, source, destination, mapping, state, options); every
 * mistake fails before anything is read or sent, with the file, the line and the key path.
 *
 * <pre>{@code
 * SyncSpec spec = SyncSpec.load(Path.of("users.yaml"));    // ${VAR} from the environment
 * SyncResult result = AmplitudeSync.run(spec.job());
 * }</pre>
 *
 * <p>Defaults that differ from the Java API: the state store is {@code file} at {@code
 * .ampsync/state} unless the spec says otherwise.
 *
 * <p>Immutable; each {@link #jobBuilder()} call returns a new builder (and a new state store).
 */
public final class SyncSpec {
  private static final Set<String> TOP = Set.of("name", "object", "behavior", "source", "destination", "mapping", "state", "options");
  private static final Set<String> DESTINATION =
      Set.of("api_key", "region", "endpoint", "events_api", "min_id_length", "gzip", "max_requests_in_flight");
  private static final Set<String> MAPPING =
      Set.of("user_id", "device_id", "group_type", "group_value", "event_type", "insert_id", "time",
          "fields", "properties", "user_properties", "properties_json", "groups");
  private static final Set<String> OPTIONS =
      Set.of("nulls", "on_removed", "max_rows", "synthetic_event", "skip_user_properties_sync", "watermark",
          "problems_file", "full_resync");

  private final String file;
  private final SpecNode.MapNode root;
  private final String name;
  private final ObjectType object;
  private final Mapping mapping;
  private final Supplier<Source> source;
  private final AmplitudeClient.Builder destination;
  /** The API key as written, so that no message ever quotes it, even from the wrong key. */
  private final String apiKey;

  private SyncSpec(String file, SpecNode.MapNode root) {
    this.file = file;
    this.root = root;
    this.apiKey = peekApiKey(root);
    unknownKeys(root, "", TOP);
    this.name = text(root, "name", true);
    try {
      SyncJob.builder(name);
    } catch (IllegalArgumentException e) {
      throw error(root.entries().get("name"), "name", e.getMessage());
    }
    String objectName = text(root, "object", true);
    try {
      this.object = ObjectType.fromSpecName(objectName);
    } catch (IllegalArgumentException e) {
      throw error(root.entries().get("object"), "object", e.getMessage());
    }
    String behavior = text(root, "behavior", false);
    if (behavior != null) {
      SyncBehavior parsed;
      try {
        parsed = SyncBehavior.fromSpecName(behavior);
      } catch (IllegalArgumentException e) {
        throw error(root.entries().get("behavior"), "behavior", e.getMessage());
      }
      if (parsed != SyncBehavior.of(object)) {
        throw error(root.entries().get("behavior"), "behavior",
            behavior + " does not apply to " + object.specName() + " syncs; " + object.specName()
                + " syncs are " + SyncBehavior.of(object).specName());
      }
    }
    this.destination = destination(section(root, "destination", true));
    this.mapping = mapping(section(root, "mapping", true));
    this.source = source(section(root, "source", true));
    // Validate state and options now, so mistakes show before anything runs.
    state();
    options(SyncJob.builder(name));
  }

  /**
   * Loads a spec file, substituting {@code ${VAR}} from the process environment.
   *
   * @param file the YAML file
   * @return the spec
   * @throws SpecException if the file cannot be read or the spec is wrong
   */
  public static SyncSpec load(Path file) {
    return load(file, System.getenv());
  }

  /**
   * Loads a spec file with the given environment.
   *
   * @param file the YAML file
   * @param env the variables for {@code ${VAR}}
   * @return the spec
   * @throws SpecException if the file cannot be read or the spec is wrong
   */
  public static SyncSpec load(Path file, Map<String, String> env) {
    Objects.requireNonNull(file, "file");
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SpecException(file.toString(), 0, "", "cannot read the spec: " + e.getMessage());
    }
    return parse(yaml, file.toString(), env);
  }

  /**
   * Parses spec text.
   *
   * @param yaml the YAML
   * @param file the spec's name, for messages
   * @param env the variables for {@code ${VAR}}
   * @return the spec
   * @throws SpecException if the spec is wrong
   */
  public static SyncSpec parse(String yaml, String file, Map<String, String> env) {
    SpecNode node = new SpecReader(file, Objects.requireNonNull(env, "env")).read(Objects.requireNonNull(yaml, "yaml"));
    if (!(node instanceof SpecNode.MapNode map)) {
      throw new SpecException(file, node.line(), "", "a spec is a mapping of keys (name, object, source, ...)");
    }
    return new SyncSpec(file, map);
  }

  /**
   * Returns the sync's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the object type.
   *
   * @return the object type
   */
  public ObjectType objectType() {
    return object;
  }

  /**
   * Returns the client settings of {@code destination:}, a new copy each call.
   *
   * @return the settings
   */
  public AmplitudeClient.Builder destination() {
    return destination.copy();
  }

  /**
   * Returns a job builder holding everything the spec says; callers may override (an endpoint, a full
   * resync) before building.
   *
   * @return a new builder
   * @throws SpecException if the state store cannot be created
   */
  public SyncJob.Builder jobBuilder() {
    SyncJob.Builder builder = SyncJob.builder(name)
        .source(source.get())
        .mapping(mapping)
        .destination(destination);
    StateStore state = state();
    if (state != null) {
      builder.state(state);
    }
    options(builder);
    return builder;
  }

  /**
   * Returns the job the spec describes.
   *
   * @return the job
   * @throws SpecException if the spec's options do not fit together
   */
  public SyncJob job() {
    try {
      return jobBuilder().build();
    } catch (IllegalStateException e) {
      throw new SpecException(file, 0, "", e.getMessage());
    }
  }

  // ------------------------------------------------------------------------------- sections

  private AmplitudeClient.Builder destination(SpecNode.MapNode node) {
    unknownKeys(node, "destination", DESTINATION);
    String apiKey = text(node, "api_key", true, "destination.api_key");
    if (apiKey.isBlank()) {
      throw error(node.entries().get("api_key"), "destination.api_key",
          "is empty; set it, usually as ${AMPLITUDE_API_KEY}");
    }
    AmplitudeClient.Builder builder = AmplitudeClient.builder(apiKey);
    String region = text(node, "region", false, "destination.region");
    if (region != null) {
      switch (region.trim().toLowerCase(Locale.ROOT)) {
        case "us" -> builder.region(Region.US);
        case "eu" -> builder.region(Region.EU);
        default -> throw error(node.entries().get("region"), "destination.region", "'" + region + "' is not a region; use us or eu");
      }
    }
    String endpoint = text(node, "endpoint", false, "destination.endpoint");
    if (endpoint != null && !endpoint.isBlank()) {
      try {
        builder.endpoint(URI.create(endpoint.trim()));
      } catch (IllegalArgumentException e) {
        throw error(node.entries().get("endpoint"), "destination.endpoint", e.getMessage());
      }
    }
    String api = text(node, "events_api", false, "destination.events_api");
    if (api != null) {
      switch (api.trim().toLowerCase(Locale.ROOT)) {
        case "batch" -> builder.eventsApi(EventsApi.BATCH);
        case "httpapi", "http_v2", "http-v2" -> builder.eventsApi(EventsApi.HTTP_V2);
        default -> throw error(node.entries().get("events_api"), "destination.events_api", "'" + api + "' is not an events API; use batch or httpapi");
      }
    }
    Long minIdLength = number(node, "min_id_length", "destination.min_id_length");
    if (minIdLength != null) {
      if (minIdLength < 1 || minIdLength > 1024) {
        throw error(node.entries().get("min_id_length"), "destination.min_id_length", "must be between 1 and 1024, was " + minIdLength);
      }
      builder.minIdLength(minIdLength.intValue());
    }
    Boolean gzip = bool(node, "gzip", "destination.gzip");
    if (gzip != null) {
      builder.gzip(gzip);
    }
    Long inFlight = number(node, "max_requests_in_flight", "destination.max_requests_in_flight");
    if (inFlight != null) {
      if (inFlight < 1 || inFlight > 64) {
        throw error(node.entries().get("max_requests_in_flight"), "destination.max_requests_in_flight", "must be between 1 and 64, was " + inFlight);
      }
      builder.maxRequestsInFlight(inFlight.intValue());
    }
    return builder;
  }

  private Mapping mapping(SpecNode.MapNode node) {
    unknownKeys(node, "mapping", MAPPING);
    Mapping.Builder builder = Mapping.builder(object);
    for (String identifier : List.of("user_id", "device_id", "group_type", "group_value", "event_type", "insert_id", "time")) {
      SpecNode value = node.entries().get(identifier);
      if (value != null) {
        String path = "mapping." + identifier;
        try {
          builder.identifier(identifier, value(value, path));
        } catch (IllegalArgumentException e) {
          throw error(value, path, e.getMessage().replace("mapping." + identifier + " ", ""));
        }
      }
    }
    SpecNode.MapNode fields = optionalSection(node, "fields", "mapping.fields");
    if (fields != null) {
      fields.entries().forEach((key, value) -> {
        String path = "mapping.fields." + key;
        try {
          builder.field(key, value(value, path));
        } catch (IllegalArgumentException e) {
          throw error(value, path, e.getMessage().replace("mapping.fields." + key + " ", ""));
        }
      });
    }
    properties(node, "properties", builder, false);
    properties(node, "user_properties", builder, true);
    String json = text(node, "properties_json", false, "mapping.properties_json");
    if (json != null) {
      builder.propertiesJson(json);
    }
    SpecNode.MapNode groups = optionalSection(node, "groups", "mapping.groups");
    if (groups != null) {
      groups.entries().forEach((type, value) -> {
        String path = "mapping.groups." + type;
        try {
          builder.group(type, value(value, path));
        } catch (IllegalArgumentException e) {
          throw error(value, path, e.getMessage());
        }
      });
    }
    SpecNode.MapNode options = optionalSection(root, "options", "options");
    if (options != null) {
      String nulls = text(options, "nulls", false, "options.nulls");
      if (nulls != null) {
        switch (nulls.trim().toLowerCase(Locale.ROOT)) {
          case "skip" -> builder.nulls(Nulls.SKIP);
          case "unset" -> builder.nulls(Nulls.UNSET);
          default -> throw error(options.entries().get("nulls"), "options.nulls", "'" + nulls + "' is not a null policy; use skip or unset");
        }
      }
    }
    try {
      return builder.build();
    } catch (IllegalStateException e) {
      throw error(node, "mapping", e.getMessage());
    }
  }

  private void properties(SpecNode.MapNode mapping, String key, Mapping.Builder builder, boolean userProperties) {
    SpecNode.MapNode properties = optionalSection(mapping, key, "mapping." + key);
    if (properties == null) {
      return;
    }
    properties.entries().forEach((name, node) -> {
      String path = "mapping." + key + "." + name;
      Value value;
      PropertyOperation op = PropertyOperation.SET;
      if (node instanceof SpecNode.MapNode map && !map.entries().containsKey("const")) {
        unknownKeys(map, path, Set.of("column", "const", "op"));
        String column = text(map, "column", true, path + ".column");
        value = Value.column(column);
        String opName = text(map, "op", false, path + ".op");
        if (opName != null) {
          try {
            op = PropertyOperation.fromName(opName);
          } catch (IllegalArgumentException e) {
            throw error(map.entries().get("op"), path + ".op", e.getMessage());
          }
        }
      } else if (node instanceof SpecNode.MapNode map) {
        unknownKeys(map, path, Set.of("const", "op"));
        value = constant(map.entries().get("const"), path + ".const");
        String opName = text(map, "op", false, path + ".op");
        if (opName != null) {
          try {
            op = PropertyOperation.fromName(opName);
          } catch (IllegalArgumentException e) {
            throw error(map.entries().get("op"), path + ".op", e.getMessage());
          }
        }
      } else {
        value = value(node, path);
      }
      try {
        if (userProperties) {
          builder.userProperty(name, value, op);
        } else {
          builder.property(name, value, op);
        }
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw error(node, path, e.getMessage());
      }
    });
  }

  private Supplier<Source> source(SpecNode.MapNode node) {
    String type = text(node, "type", true, "source.type");
    Map<String, Object> settings = new LinkedHashMap<>();
    node.entries().forEach((key, value) -> {
      if (!key.equals("type")) {
        settings.put(key, SpecNode.plain(value));
      }
    });
    SourceProvider provider = null;
    List<String> types = new ArrayList<>();
    for (SourceProvider candidate : ServiceLoader.load(SourceProvider.class)) {
      types.add(candidate.type());
      if (candidate.type().equalsIgnoreCase(type.trim())) {
        provider = candidate;
      }
    }
    if (provider == null) {
      throw error(node.entries().get("type"), "source.type",
          "'" + type + "' is not a source type here; available: " + (types.isEmpty() ? "none (add amplitude-sync-jdbc for jdbc)" : String.join(", ", types)));
    }
    SourceProvider chosen = provider;
    Source source;
    try {
      source = chosen.create(settings);
    } catch (IllegalArgumentException e) {
      String key = sourceKey(node, e.getMessage());
      throw error(key == null ? node.line() : node.lineOf(key), key == null ? "source" : "source." + key, e.getMessage());
    }
    return () -> source;
  }

  /** Returns the state store the spec asks for: file (default), none, or a provider's. */
  private StateStore state() {
    SpecNode.MapNode node = optionalSection(root, "state", "state");
    String type = node == null ? "file" : String.valueOf(Objects.requireNonNullElse(text(node, "store", false, "state.store"), "file"));
    Map<String, Object> settings = new LinkedHashMap<>();
    if (node != null) {
      node.entries().forEach((key, value) -> {
        if (!key.equals("store")) {
          settings.put(key, SpecNode.plain(value));
        }
      });
    }
    switch (type.trim().toLowerCase(Locale.ROOT)) {
      case "none":
        if (!settings.isEmpty()) {
          throw error(node, "state", "store: none takes no other keys");
        }
        return null;
      case "file": {
        Set<String> unknown = new TreeSet<>(settings.keySet());
        unknown.remove("path");
        if (!unknown.isEmpty()) {
          throw error(node.entries().get(unknown.iterator().next()), "state." + unknown.iterator().next(), "is not a key of the file store; its only key is path");
        }
        Path path = Path.of(settings.getOrDefault("path", ".ampsync/state").toString());
        return new LazyStateStore(() -> StateStores.file(path), () -> Files.exists(path.resolve("state.mv.db")));
      }
      default: {
        for (StateStoreProvider provider : ServiceLoader.load(StateStoreProvider.class)) {
          if (provider.type().equalsIgnoreCase(type.trim())) {
            Map<String, Object> sourceSettings = new LinkedHashMap<>();
            SpecNode.MapNode sourceNode = section(root, "source", true);
            sourceNode.entries().forEach((key, value) -> sourceSettings.put(key, SpecNode.plain(value)));
            try {
              return provider.create(settings, sourceSettings);
            } catch (IllegalArgumentException e) {
              throw error(node, "state", e.getMessage());
            }
          }
        }
        throw error(node.entries().get("store"), "state.store", "'" + type + "' is not a state store here; use file, jdbc (with amplitude-sync-jdbc) or none");
      }
    }
  }

  private void options(SyncJob.Builder builder) {
    SpecNode.MapNode node = optionalSection(root, "options", "options");
    if (node == null) {
      return;
    }
    unknownKeys(node, "options", OPTIONS);
    String onRemoved = text(node, "on_removed", false, "options.on_removed");
    if (onRemoved != null) {
      switch (onRemoved.trim().toLowerCase(Locale.ROOT)) {
        case "unset" -> builder.onRemoved(OnRemoved.UNSET);
        case "ignore" -> builder.onRemoved(OnRemoved.IGNORE);
        default -> throw error(node.entries().get("on_removed"), "options.on_removed", "'" + onRemoved + "' is not a policy; use unset or ignore");
      }
    }
    Long maxRows = number(node, "max_rows", "options.max_rows");
    if (maxRows != null) {
      if (maxRows < 1) {
        throw error(node.entries().get("max_rows"), "options.max_rows", "must be at least 1, was " + maxRows);
      }
      builder.maxRows(maxRows);
    }
    String synthetic = text(node, "synthetic_event", false, "options.synthetic_event");
    if (synthetic != null) {
      try {
        builder.syntheticEvent(synthetic);
      } catch (IllegalArgumentException e) {
        throw error(node.entries().get("synthetic_event"), "options.synthetic_event", e.getMessage());
      }
    }
    Boolean skip = bool(node, "skip_user_properties_sync", "options.skip_user_properties_sync");
    if (skip != null) {
      builder.skipUserPropertiesSync(skip);
    }
    Boolean full = bool(node, "full_resync", "options.full_resync");
    if (full != null) {
      builder.fullResync(full);
    }
    String problems = text(node, "problems_file", false, "options.problems_file");
    if (problems != null) {
      try {
        builder.problemsFile(Path.of(problems));
      } catch (java.nio.file.InvalidPathException e) {
        throw error(node.entries().get("problems_file"), "options.problems_file", "'" + problems + "' is not a usable file path");
      }
    }
    SpecNode.MapNode watermark = optionalSection(node, "watermark", "options.watermark");
    if (watermark != null) {
      unknownKeys(watermark, "options.watermark", Set.of("column", "lag"));
      String column = text(watermark, "column", true, "options.watermark.column");
      String lag = text(watermark, "lag", false, "options.watermark.lag");
      try {
        builder.watermark(column, lag == null ? Duration.ZERO : duration(lag, watermark.entries().get("lag"), "options.watermark.lag"));
      } catch (IllegalArgumentException e) {
        throw error(watermark.entries().get("lag"), "options.watermark.lag", e.getMessage());
      }
    }
  }

  // ------------------------------------------------------------------------------- helpers

  private Duration duration(String text, SpecNode node, String path) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (trimmed.matches("\\d+[smhd]")) {
        long amount = Long.parseLong(trimmed.substring(0, trimmed.length() - 1));
        return switch (trimmed.charAt(trimmed.length() - 1)) {
          case 's' -> Duration.ofSeconds(amount);
          case 'm' -> Duration.ofMinutes(amount);
          case 'h' -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
      return Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException | NumberFormatException e) {
      throw error(node, path, "'" + text + "' is not a duration; write 30m, 2h, 1d or ISO-8601 such as PT1H");
    }
  }

  private Value value(SpecNode node, String path) {
    if (node instanceof SpecNode.Scalar scalar && scalar.value() instanceof String column) {
      if (column.isBlank()) {
        throw error(node, path, "names no column; write a column label or {const: value}");
      }
      return Value.column(column);
    }
    if (node instanceof SpecNode.MapNode map) {
      unknownKeys(map, path, Set.of("const"));
      return constant(map.entries().get("const"), path + ".const");
    }
    throw error(node, path, "must be a column label or {const: value}");
  }

  private Value constant(SpecNode node, String path) {
    if (node == null) {
      throw error(null, path, "is missing");
    }
    Object value = SpecNode.plain(node);
    if (value == null) {
      throw error(node, path, "is null; a constant needs a value");
    }
    return Value.constant(value);
  }

  private SpecNode.MapNode section(SpecNode.MapNode parent, String key, boolean required) {
    SpecNode node = parent.entries().get(key);
    if (node == null) {
      if (required) {
        throw error(parent, key, "is missing; a spec needs " + key + ":");
      }
      return null;
    }
    if (!(node instanceof SpecNode.MapNode map)) {
      throw error(node, key, "must be a mapping of keys");
    }
    return map;
  }

  private SpecNode.MapNode optionalSection(SpecNode.MapNode parent, String key, String path) {
    if (parent == null) {
      return null;
    }
    SpecNode node = parent.entries().get(key);
    if (node == null || node instanceof SpecNode.Scalar scalar && scalar.value() == null) {
      return null;
    }
    if (!(node instanceof SpecNode.MapNode map)) {
      throw error(node, path, "must be a mapping of keys");
    }
    return map;
  }

  private String text(SpecNode.MapNode node, String key, boolean required) {
    return text(node, key, required, key);
  }

  private String text(SpecNode.MapNode node, String key, boolean required, String path) {
    SpecNode value = node.entries().get(key);
    if (value == null || value instanceof SpecNode.Scalar scalar && scalar.value() == null) {
      if (required) {
        throw error(value != null ? value : node, path, "is missing");
      }
      return null;
    }
    if (!(value instanceof SpecNode.Scalar scalar)) {
      throw error(value, path, "must be a single value");
    }
    return String.valueOf(scalar.value());
  }

  private Long number(SpecNode.MapNode node, String key, String path) {
    SpecNode value = node.entries().get(key);
    if (value == null) {
      return null;
    }
    Object plain = SpecNode.plain(value);
    try {
      return plain instanceof Number number ? number.longValue() : Long.parseLong(String.valueOf(plain).trim());
    } catch (NumberFormatException e) {
      throw error(value, path, "must be a whole number, was '" + plain + "'");
    }
  }

  private Boolean bool(SpecNode.MapNode node, String key, String path) {
    SpecNode value = node.entries().get(key);
    if (value == null) {
      return null;
    }
    Object plain = SpecNode.plain(value);
    if (plain instanceof Boolean b) {
      return b;
    }
    String text = String.valueOf(plain).trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw error(value, path, "must be true or false, was '" + plain + "'");
  }

  private void unknownKeys(SpecNode.MapNode node, String path, Set<String> allowed) {
    for (Map.Entry<String, SpecNode> entry : node.entries().entrySet()) {
      if (!allowed.contains(entry.getKey())) {
        String key = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
        String suggestion = closest(entry.getKey(), allowed);
        throw error(node.lineOf(entry.getKey()), key,
            "is not a key here" + (suggestion == null ? "." : "; did you mean " + suggestion + "?")
                + " Keys are: " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  private static String closest(String key, Set<String> allowed) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : allowed) {
      int distance = distance(key.toLowerCase(Locale.ROOT), candidate);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return best;
  }

  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  /** Returns the source key a provider's message names ({@code source.KEY}), if it is in the spec. */
  private static String sourceKey(SpecNode.MapNode source, String message) {
    if (message == null) {
      return null;
    }
    java.util.regex.Matcher named = java.util.regex.Pattern.compile("source\\.([a-z_]+)").matcher(message);
    while (named.find()) {
      if (source.entries().containsKey(named.group(1))) {
        return named.group(1);
      }
    }
    return null;
  }

  private SpecException error(SpecNode node, String path, String problem) {
    return error(node == null ? 0 : node.line(), path, problem);
  }

  private SpecException error(int line, String path, String problem) {
    String clean = problem;
    if (clean.startsWith(path + ": ")) {
      clean = clean.substring(path.length() + 2);
    } else if (clean.startsWith(path + " ")) {
      clean = clean.substring(path.length() + 1);
    }
    if (apiKey != null && apiKey.length() >= 4) {
      clean = clean.replace(apiKey, "<redacted>");
    }
    return new SpecException(file, line, path, clean);
  }

  private static String peekApiKey(SpecNode.MapNode root) {
    if (root.entries().get("destination") instanceof SpecNode.MapNode destination
        && destination.entries().get("api_key") instanceof SpecNode.Scalar scalar
        && scalar.value() != null) {
      return String.valueOf(scalar.value());
    }
    return null;
  }

  @Override
  public String toString() {
    return "SyncSpec{" + file + ", name=" + name + ", object=" + object.specName() + "}";
  }
}
