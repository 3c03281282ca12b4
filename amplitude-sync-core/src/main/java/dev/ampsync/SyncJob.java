package dev.ampsync;

import dev.ampsync.internal.engine.JobTexts;
import java.util.function.UnaryOperator;
import dev.ampsync.internal.util.Arguments;
import dev.ampsync.record.SyncBehavior;
import dev.ampsync.record.ObjectType;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.AmplitudeClientConfig;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.source.Source;
import dev.ampsync.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One sync, fully described: where rows come from, how they become records, where they go, and the
 * run's options. Immutable; run it with {@link AmplitudeSync#run(SyncJob)}.
 *
 * <pre>{@code
 * SyncJob job = SyncJob.builder("users")
 *     .source(InMemorySource.of(rows))
 *     .mapping(Mapping.builder(ObjectType.USER)
 *         .userId(Value.column("id"))
 *         .property("plan", Value.column("plan"))
 *         .build())
 *     .destination(AmplitudeClient.builder(apiKey).region(Region.EU))
 *     .syntheticEvent("Properties Updated")
 *     .build();
 * SyncResult result = AmplitudeSync.run(job);
 * }</pre>
 *
 * <p>Each run then builds a client from the destination's settings and closes it at the end. To send
 * through a client the application already holds (clients are long-lived and meant to be shared), give
 * it with {@link Builder#client(AmplitudeClient)} instead: runs use it and leave it open.
 */
public final class SyncJob {
  private static final String DESTINATION_HINT =
      "pass where records go, e.g. AmplitudeClient.builder(System.getenv(\"AMPLITUDE_API_KEY\")).region(Region.EU)";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private final String name;
  private final Source source;
  private final Mapping mapping;
  private final SyncBehavior behavior;
  private final AmplitudeClientConfig destination;
  private final AmplitudeClient client;
  private final Long maxRows;
  private final String syntheticEvent;
  private final boolean skipUserPropertiesSync;
  private final Path problemsFile;
  private final int problemSampleSize;
  private final int previewRequests;
  private final SyncListener listener;
  private final Duration progressInterval;
  private final StateStore state;
  private final boolean fullResync;
  private final OnRemoved onRemoved;
  private final String watermarkColumn;
  private final Duration watermarkLag;
  private final FailureThresholds failWhen;
  /** How the run shows its error and resync reason: a spec's job shows its spec as written (not API). */
  private final UnaryOperator<String> shown;
  /**
   * Where a spec wrote each key of the job's mapping ({@code mapping.properties.plan} to {@code
   * users.yaml line 12 (mapping.properties.plan)}), for the run's errors about them; empty for a
   * Java-API job, or when the mapping is not the spec's (not API).
   */
  private final Map<String, String> mappingPlaces;

  static {
    JobTexts.install(new JobTexts.Access() {
      @Override
      public void showBy(Builder builder, UnaryOperator<String> show) {
        builder.shown = show;
      }

      @Override
      public UnaryOperator<String> shown(SyncJob job) {
        return job.shown;
      }

      @Override
      public void placeBy(Builder builder, Mapping mapping, Map<String, String> places) {
        builder.placedMapping = mapping;
        builder.mappingPlaces = Map.copyOf(places);
      }

      @Override
      public Map<String, String> places(SyncJob job) {
        return job.mappingPlaces;
      }
    });
  }

  private SyncJob(Builder builder) {
    this.name = builder.name;
    this.source = builder.source;
    this.mapping = builder.mapping;
    this.behavior = SyncBehavior.of(builder.mapping.objectType());
    this.client = builder.client;
    this.destination = client != null ? client.config() : builder.destination;
    this.maxRows = builder.maxRows;
    this.syntheticEvent = builder.syntheticEvent;
    this.skipUserPropertiesSync = builder.skipUserPropertiesSync;
    this.problemsFile = builder.problemsFile;
    this.problemSampleSize = builder.problemSampleSize;
    this.previewRequests = builder.previewRequests;
    this.listener = builder.listener;
    this.progressInterval = builder.progressInterval;
    this.state = builder.state;
    this.fullResync = builder.fullResync;
    this.onRemoved = builder.onRemoved;
    this.watermarkColumn = builder.watermarkColumn;
    this.watermarkLag = builder.watermarkLag;
    this.failWhen = builder.failWhen;
    this.shown = builder.shown;
    // A mapping set after the spec's has keys the spec's places do not describe.
    this.mappingPlaces = builder.placedMapping == builder.mapping ? builder.mappingPlaces : Map.of();
  }

  /**
   * Returns a builder for a sync with the given name.
   *
   * @param name names the sync and its state: letters, digits, {@code _ . -}, at most 128
   * @return a new builder
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if the name has other characters
   */
  public static Builder builder(String name) {
    Arguments.required(name, "name", "pass a name for the sync, e.g. \"users\": it names the sync's state");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "sync name '" + name + "' must start with a letter or digit and hold only letters, digits,"
              + " '_', '.' and '-' (at most 128)");
    }
    return new Builder(name);
  }

  /** @return the sync's name */
  public String name() {
    return name;
  }

  /** @return where rows come from */
  public Source source() {
    return source;
  }

  /** @return how rows become records */
  public Mapping mapping() {
    return mapping;
  }

  /** @return the object type the sync writes */
  public ObjectType objectType() {
    return mapping.objectType();
  }

  /** @return the behavior */
  public SyncBehavior behavior() {
    return behavior;
  }

  /**
   * Returns the client settings runs send with: those of {@link Builder#destination}, or the given
   * {@link #client()}'s.
   *
   * @return the immutable settings; derive others with {@link AmplitudeClientConfig#toBuilder()}
   */
  public AmplitudeClientConfig destination() {
    return destination;
  }

  /**
   * Returns the caller's client that runs send through and leave open, if one was given. A preview
   * never sends through it: it uses a dry-run client built from the same settings.
   *
   * @return the client; empty when each run builds its own from {@link #destination()}
   */
  public Optional<AmplitudeClient> client() {
    return Optional.ofNullable(client);
  }

  /** @return the guardrail: the most rows a run may read before it refuses to send anything */
  public Optional<Long> maxRows() {
    return Optional.ofNullable(maxRows);
  }

  /** @return the event type sent after each changed user, so Amplitude shows the new values */
  public Optional<String> syntheticEvent() {
    return Optional.ofNullable(syntheticEvent);
  }

  /** @return whether events carry {@code $skip_user_properties_sync: true} */
  public boolean skipUserPropertiesSync() {
    return skipUserPropertiesSync;
  }

  /** @return where problem rows are written as JSON lines */
  public Optional<Path> problemsFile() {
    return Optional.ofNullable(problemsFile);
  }

  /** @return how many problems {@link SyncResult#problems()} keeps */
  public int problemSampleSize() {
    return problemSampleSize;
  }

  /** @return how many request bodies a preview keeps */
  public int previewRequests() {
    return previewRequests;
  }

  /** @return the listener, if any */
  public Optional<SyncListener> listener() {
    return Optional.ofNullable(listener);
  }

  /** @return the least time between two progress reports */
  public Duration progressInterval() {
    return progressInterval;
  }

  /** @return where the sync's state is kept; empty for a stateless sync that sends every row */
  public Optional<StateStore> state() {
    return Optional.ofNullable(state);
  }

  /** @return whether this run ignores the stored state and sends every row */
  public boolean fullResync() {
    return fullResync;
  }

  /** @return what happens to keys that left the source */
  public OnRemoved onRemoved() {
    return onRemoved;
  }

  /** @return the time-like column of watermark mode, if set */
  public Optional<String> watermarkColumn() {
    return Optional.ofNullable(watermarkColumn);
  }

  /** @return how far behind the watermark each run reads again, to catch late rows */
  public Duration watermarkLag() {
    return watermarkLag;
  }

  /** @return how many problem rows a run tolerates before it is {@link SyncStatus#PARTIAL} */
  public FailureThresholds failWhen() {
    return failWhen;
  }

  @Override
  public String toString() {
    return "SyncJob{name=" + name + ", object=" + objectType().specName() + ", behavior="
        + behavior.specName() + ", source=" + source.describe() + ", destination=" + destination
        + (client != null ? ", client=the caller's" : "") + "}";
  }

  /** Builds {@link SyncJob}s. Not thread-safe; {@link #build()} copies. */
  public static final class Builder {
    private final String name;
    private Source source;
    private Mapping mapping;
    private SyncBehavior behavior;
    private AmplitudeClientConfig destination;
    private AmplitudeClient client;
    private Long maxRows;
    private String syntheticEvent;
    private boolean skipUserPropertiesSync;
    private Path problemsFile;
    private int problemSampleSize = 100;
    private int previewRequests = 5;
    private SyncListener listener;
    private Duration progressInterval = Duration.ofSeconds(1);
    private StateStore state;
    private boolean fullResync;
    private OnRemoved onRemoved = OnRemoved.IGNORE;
    private UnaryOperator<String> shown = UnaryOperator.identity();
    private Mapping placedMapping;
    private Map<String, String> mappingPlaces = Map.of();
    private String watermarkColumn;
    private Duration watermarkLag = Duration.ZERO;
    private FailureThresholds failWhen = FailureThresholds.of();

    private Builder(String name) {
      this.name = name;
    }

    /**
     * Sets where rows come from.
     *
     * @param source the source
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder source(Source source) {
      this.source = Arguments.required(source, "source",
          "pass where rows come from, e.g. JdbcSource.builder().url(...).query(...).build() or InMemorySource.of(rows)");
      return this;
    }

    /**
     * Sets how rows become records; its object type is the sync's.
     *
     * @param mapping the mapping
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder mapping(Mapping mapping) {
      this.mapping = Arguments.required(mapping, "mapping",
          "pass how rows become records, e.g. Mapping.builder(ObjectType.USER).userId(Value.column(\"id\")).build()");
      return this;
    }

    /**
     * Sets the behavior; by default the one the object type supports.
     *
     * @param behavior the behavior
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder behavior(SyncBehavior behavior) {
      this.behavior = Arguments.required(behavior, "behavior", "pass SyncBehavior.of(objectType), or leave it unset");
      return this;
    }

    /**
     * Sets where records go: the API key, region or endpoint, and client tuning. Each run builds a
     * client with these settings and closes it when done. The settings are copied now: later calls on
     * {@code destination} do not change this job. Replaces a {@link #client(AmplitudeClient)} given
     * before.
     *
     * @param destination the client settings
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalStateException if the settings do not fit together (see {@link
     *     AmplitudeClient.Builder#buildConfig()})
     */
    public Builder destination(AmplitudeClient.Builder destination) {
      return destination(Arguments.required(destination, "destination", DESTINATION_HINT).buildConfig());
    }

    /**
     * Sets where records go, as an immutable config (for example another client's {@link
     * AmplitudeClient#config()}). Each run builds a client with these settings and closes it when
     * done. Replaces a {@link #client(AmplitudeClient)} given before.
     *
     * @param destination the client settings
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder destination(AmplitudeClientConfig destination) {
      this.destination = Arguments.required(destination, "destination", DESTINATION_HINT);
      this.client = null;
      return this;
    }

    /**
     * Sends through a client the caller holds, instead of one built per run: runs submit to it, wait
     * for their own records' outcomes, and leave it open; the caller closes it. Several jobs and runs
     * may share one client. A {@link AmplitudeSync#preview preview} never sends through it: it builds
     * a dry-run client from the client's {@link AmplitudeClient#config() config}, which sends nothing.
     * Replaces a {@link #destination} given before.
     *
     * @param client an open client
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder client(AmplitudeClient client) {
      this.client = Arguments.required(client, "client",
          "pass an open AmplitudeClient, e.g. AmplitudeClient.builder(apiKey).build(), or use destination(...)");
      this.destination = null;
      return this;
    }

    /**
     * Sets a guardrail: when the source has more rows, the run fails before sending anything. The
     * source is then read twice (a counting pass first).
     *
     * @param maxRows at least 1
     * @return this builder
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxRows(long maxRows) {
      if (maxRows < 1) {
        throw new IllegalArgumentException("maxRows must be at least 1, was " + maxRows);
      }
      this.maxRows = maxRows;
      return this;
    }

    /**
     * For user syncs: after each changed user's identify, also send an event of this type, so the
     * new property values show in Amplitude at once (identify changes otherwise show only from the
     * user's next event). Mark this event type inactive in Amplitude so it does not count users as
     * active. Each such event counts toward event volume.
     *
     * @param eventType the event type, for example {@code "Properties Updated"}, or null for none
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder syntheticEvent(String eventType) {
      if (eventType != null && eventType.isBlank()) {
        throw new IllegalArgumentException("syntheticEvent is blank");
      }
      this.syntheticEvent = eventType;
      return this;
    }

    /**
     * For event syncs: send {@code $skip_user_properties_sync: true} on every event, so historical
     * events neither carry today's user properties nor overwrite them.
     *
     * @param skip whether to skip
     * @return this builder
     */
    public Builder skipUserPropertiesSync(boolean skip) {
      this.skipUserPropertiesSync = skip;
      return this;
    }

    /**
     * Writes every problem row to this file as JSON lines ({@code key}, {@code outcome}, {@code
     * reason}); the file is replaced at each run.
     *
     * @param file the file, or null for none
     * @return this builder
     */
    public Builder problemsFile(Path file) {
      this.problemsFile = file;
      return this;
    }

    /**
     * Sets how many invalid, rejected or failed rows a run tolerates: above a threshold the run is
     * {@link SyncStatus#PARTIAL}, at or below all of them it {@link SyncStatus#SUCCEEDED succeeded}
     * (its result still counts and lists every problem). By default any problem row makes it PARTIAL.
     *
     * <pre>{@code
     * builder.failWhen(FailureThresholds.of().invalidAbove(FailureThresholds.Limit.percent(5)));
     * }</pre>
     *
     * @param thresholds the thresholds
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder failWhen(FailureThresholds thresholds) {
      this.failWhen = Arguments.required(thresholds, "thresholds",
          "pass FailureThresholds.of() (any problem row makes the run PARTIAL) or e.g."
              + " FailureThresholds.of().invalidAbove(FailureThresholds.Limit.percent(5))");
      return this;
    }

    /**
     * Sets how many problems {@link SyncResult#problems()} keeps (default 100).
     *
     * @param size zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder problemSampleSize(int size) {
      if (size < 0) {
        throw new IllegalArgumentException("problemSampleSize must not be negative, was " + size);
      }
      this.problemSampleSize = size;
      return this;
    }

    /**
     * Sets how many request bodies a preview keeps (default 5).
     *
     * @param count zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder previewRequests(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("previewRequests must not be negative, was " + count);
      }
      this.previewRequests = count;
      return this;
    }

    /**
     * Sets the listener.
     *
     * @param listener the listener, or null for none
     * @return this builder
     */
    public Builder listener(SyncListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * Sets the least time between two progress reports (default 1 s).
     *
     * @param interval a positive duration
     * @return this builder
     * @throws NullPointerException if null
     * @throws IllegalArgumentException if not positive
     */
    public Builder progressInterval(Duration interval) {
      Arguments.required(interval, "interval", "pass the least time between progress reports, e.g. Duration.ofSeconds(1)");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("progressInterval must be positive, was " + interval);
      }
      this.progressInterval = interval;
      return this;
    }

    /**
     * Keeps the sync's state in this store, which makes runs incremental: unchanged records are not
     * sent, changed users, devices and groups send only the changed values, and acknowledged events are
     * never sent again. State changes only for records Amplitude acknowledged. Without a store (the
     * Java default; YAML specs default to the file store) every run sends every row. The store stays
     * the caller's: runs open and close their sync's state in it, and the caller closes the store.
     *
     * @param state the store, for example {@code StateStores.file(Path.of(".ampsync/state"))}, or null
     * @return this builder
     */
    public Builder state(StateStore state) {
      this.state = state;
      return this;
    }

    /**
     * Ignores the stored state for this run and sends every row, then stores the new state. A changed
     * mapping does this by itself for users, devices and groups. For events, a forced resync forgets
     * which events were acknowledged, so they are sent again (Amplitude deduplicates repeated insert
     * ids only within 7 days).
     *
     * @param fullResync whether to resync fully
     * @return this builder
     */
    public Builder fullResync(boolean fullResync) {
      this.fullResync = fullResync;
      return this;
    }

    /**
     * Sets what happens to users, devices and groups that left the source (default {@link
     * OnRemoved#IGNORE}).
     *
     * @param onRemoved the policy
     * @return this builder
     * @throws NullPointerException if null
     */
    public Builder onRemoved(OnRemoved onRemoved) {
      this.onRemoved = Arguments.required(onRemoved, "onRemoved", "pass OnRemoved.IGNORE (the default) or OnRemoved.UNSET");
      return this;
    }

    /**
     * Watermark mode, for large event tables: each run reads only rows whose {@code column} (a
     * timestamp, date or epoch-milliseconds column) is later than the watermark minus {@code lag},
     * and the watermark then moves to the latest time read. It moves only after the whole source was
     * read, and never past a row that failed, so nothing is skipped; rows read again because of the
     * lag are recognised by the state and not sent twice. Sources may push the condition into their
     * query ({@code JdbcSource} does). Needs a state store.
     *
     * @param column the time-like column's label
     * @param lag how far behind the watermark to read again, to catch rows that arrive late
     * @return this builder
     * @throws NullPointerException if an argument is null
     * @throws IllegalArgumentException if the lag is negative
     */
    public Builder watermark(String column, Duration lag) {
      Arguments.required(column, "column", "pass the label of the time-like column rows are read after, e.g. \"updated_at\"");
      Arguments.required(lag, "lag", "pass how far behind the watermark to read again, e.g. Duration.ofMinutes(30), or Duration.ZERO");
      if (lag.isNegative()) {
        throw new IllegalArgumentException("watermark lag must not be negative, was " + lag);
      }
      this.watermarkColumn = column;
      this.watermarkLag = lag;
      return this;
    }

    /**
     * Builds the job.
     *
     * @return an immutable job
     * @throws IllegalStateException if the source, the mapping, or both destination and client are
     *     missing, the behavior does not fit the object type, or an option does not apply to it
     */
    public SyncJob build() {
      if (source == null) {
        throw new IllegalStateException("sync '" + name + "' needs a source");
      }
      if (mapping == null) {
        throw new IllegalStateException("sync '" + name + "' needs a mapping");
      }
      if (destination == null && client == null) {
        throw new IllegalStateException(
            "sync '" + name + "' needs a destination (AmplitudeClient.builder(apiKey)) or a client");
      }
      ObjectType type = mapping.objectType();
      SyncBehavior supported = SyncBehavior.of(type);
      if (behavior != null && behavior != supported) {
        throw new IllegalStateException(
            "behavior " + behavior.specName() + " does not apply to " + type.specName() + " syncs; "
                + type.specName() + " syncs are " + supported.specName());
      }
      if (syntheticEvent != null && type != ObjectType.USER) {
        throw new IllegalStateException("syntheticEvent applies to user syncs only, not " + type.specName());
      }
      if (onRemoved == OnRemoved.UNSET) {
        if (type == ObjectType.EVENT) {
          throw new IllegalStateException("on_removed: unset applies to user, device and group syncs, not events");
        }
        if (state == null) {
          throw new IllegalStateException("on_removed: unset needs a state store to know what was synced before");
        }
        if (mapping.function().isPresent()) {
          throw new IllegalStateException("on_removed: unset needs a declarative mapping to know which properties to unset");
        }
      }
      if (watermarkColumn != null) {
        if (type != ObjectType.EVENT) {
          throw new IllegalStateException("watermark mode applies to event syncs only, not " + type.specName());
        }
        if (state == null) {
          throw new IllegalStateException("watermark mode needs a state store to keep the watermark");
        }
      }
      if (skipUserPropertiesSync && type != ObjectType.EVENT) {
        throw new IllegalStateException("skipUserPropertiesSync applies to event syncs only, not " + type.specName());
      }
      return new SyncJob(this);
    }
  }
}
