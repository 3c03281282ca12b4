package dev.ampsync.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fake Amplitude ingestion server for tests: a real HTTP server on {@code 127.0.0.1} and a
 * dynamic port that implements {@code POST /batch}, {@code POST /2/httpapi}, {@code POST /identify}
 * and {@code POST /groupidentify} with Amplitude's documented validation, limits, error bodies,
 * {@code insert_id} deduplication and user/device/group profile updates, plus scripted and random
 * fault injection.
 *
 * <pre>{@code
 * try (FakeAmplitude fake = FakeAmplitude.builder().apiKey("test-key").start()) {
 *   fake.failNext(1, 503).throttleUser("user-00001", 1);
 *   // ... point the code under test at fake.baseUrl() ...
 *   assertThat(fake.events()).hasSize(3);
 *   assertThat(fake.user("user-00001").orElseThrow().property("plan")).isEqualTo("pro");
 * }
 * }</pre>
 *
 * <h2>Semantics</h2>
 *
 * <ul>
 *   <li>{@code /batch}, {@code /2/httpapi}: checked in this order: {@code Content-Type:
 *       application/json}; non-empty body; decompressed body size (413); JSON; {@code api_key}
 *       (missing → {@code missing_field}, unknown → {@code "Invalid API key: <key>"}); {@code
 *       events} (missing or empty → {@code missing_field}); event count (413); {@code
 *       options.min_id_length}; per-event checks (400 {@code "Invalid field values on some events"}
 *       with {@code events_with_missing_fields}, {@code events_with_invalid_fields} and {@code
 *       events_with_invalid_id_lengths}, all three always present); silenced devices (400); then
 *       throttled or over-quota ids (429). Any such answer ingests nothing. Per-event checks:
 *       {@code event_type} missing or blank; neither {@code user_id} nor {@code device_id} (listed
 *       under {@code user_id}); an id that is not a string, blank or a refused value (trimmed,
 *       case-insensitive) → invalid field; an id shorter than {@code min_id_length} (code points) →
 *       invalid id length; {@code time}, {@code session_id}, {@code event_id}, {@code quantity} not
 *       integers; {@code price}, {@code revenue}, {@code location_lat}, {@code location_lng} not
 *       numbers; {@code event_properties}, {@code user_properties}, {@code groups}, {@code
 *       group_properties}, {@code plan}, {@code ingestion_metadata} not objects; property objects
 *       nested deeper than 40; an operation ({@code $set}, …) whose value is not an object; {@code
 *       groups} values not strings or string arrays; {@code insert_id} not a string; {@code
 *       $skip_user_properties_sync} not a boolean. Strings are never truncated.
 *   <li>Success answers {@code {"code":200,"events_ingested":N,"payload_size_bytes":B,
 *       "server_upload_time":ms}} where N counts every event of the request, duplicates included,
 *       and B is the decompressed body size.
 *   <li>Deduplication: an event with an {@code insert_id} already stored within the dedup window (7
 *       days by the {@link Clock}) <em>in the same scope</em> is acknowledged but not stored and
 *       has no effect; the scope is the event's {@code device_id} when present, else its {@code
 *       user_id} (Amplitude fills a missing device_id from the user_id). Events without {@code
 *       insert_id} are never deduplicated. {@code $identify}/{@code $groupidentify} events dedupe
 *       the same way; identify API calls never do.
 *   <li>Profiles: {@code $identify} events apply {@code user_properties} and {@code groups}; other
 *       events apply {@code user_properties} unless {@code $skip_user_properties_sync} is true
 *       (plain keys as {@code $set}, operation keys as operations, mixing allowed); {@code
 *       $groupidentify} events apply {@code group_properties} to every group in {@code groups}. The
 *       profile is the user's when the event has a {@code user_id}, else the device's; when both
 *       ids are present the device is linked to the user. Events that update no profile create
 *       none.
 *   <li>{@code /identify}: form body ({@code api_key}, {@code identification}, optional {@code
 *       options}); answers plain text: {@code success}, {@code Invalid API key}, {@code
 *       missing_event}, {@code invalid identification: <reason>} (no index; nothing applied), 413
 *       {@code Payload too large}; 429 with the JSON throttle body ({@code eps_threshold} 30). An
 *       identification's other top-level fields are stored in {@link FakeProfile#fields()}, with
 *       the "update as a set" rule for the device fields and the location fields.
 *   <li>{@code /groupidentify}: like identify; 413 over 1024 identifications or 1 MB, 400 over 1024
 *       properties in the request (an operation counts each property it names).
 *   <li>Property operations: see {@link FakeProfile}. {@code $clearAll} is applied first, then the
 *       other keys in order. {@code $setOnce} sets only a property that never held a non-null
 *       value, even if it was unset or cleared since. {@code $add} ignores non-numeric increments
 *       and non-numeric current values. {@code $append}/{@code $prepend}/{@code $preInsert}/{@code
 *       $postInsert}/{@code $remove} turn a non-list value into a one-element list first; {@code
 *       $remove} on an unset property does nothing. {@code $set} of {@code null} stores a null
 *       value.
 *   <li>Any other path answers 400 {@code Invalid request path}; other methods 405. Neither
 *       consumes a fault.
 *   <li>{@code GET /_fake/state} answers what the fake holds as JSON, and {@code POST
 *       /_fake/reset} calls {@link #reset()}, for tests that are not written in Java (see {@link
 *       FakeAmplitudeMain}). They are not Amplitude paths: they are not recorded and take no
 *       fault.
 * </ul>
 *
 * <h2>Faults</h2>
 *
 * Scripted faults ({@link #failNext}, {@link #acceptThenFail}, {@link #resetNext}, {@link
 * #delayNext}) form one first-in-first-out queue; each request on an ingestion path takes the next
 * one. Random faults ({@link #randomFaults}) apply only when the queue is empty. The fault is
 * decided when the request arrives, before any validation.
 *
 * <h2>Threads</h2>
 *
 * All methods are thread-safe. Requests are served by a fixed pool (8 threads by default); a
 * request's whole check-and-ingest step is atomic, so ingestion order is a total order. Nothing
 * here logs an API key.
 */
public final class FakeAmplitude implements AutoCloseable {
  /** The API key of {@link #start()} and of a builder that is given none. */
  public static final String DEFAULT_API_KEY = "test-api-key";

  private static final String USER_ID_HINT = "pass the user_id as the records carry it, e.g. \"user-1\"";
  private static final String DEVICE_ID_HINT = "pass the device_id as the records carry it, e.g. \"device-1\"";
  private static final String DURATION_HINT = "pass how long, by the fake's clock, e.g. Duration.ofSeconds(30)";

  private static final Logger log = LoggerFactory.getLogger(FakeAmplitude.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  static {
    // The JDK server writes response headers and body separately; without TCP_NODELAY, Nagle's
    // algorithm and the client's delayed ACK add ~40 ms to every response. The property is read
    // once, when the JVM's first HttpServer starts; an explicit setting is left alone.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Settings settings;
  private final Ingestion ingestion;
  private final HttpServer server;
  private final ExecutorService executor;
  private final String baseUrl;
  private final AtomicBoolean closed = new AtomicBoolean();

  private final Faults faults = new Faults();
  private final RequestHandler handler;

  private FakeAmplitude(Settings settings) throws IOException {
    this.settings = settings;
    this.ingestion = new Ingestion(settings);
    this.handler = new RequestHandler(settings.clock(), ingestion, faults);
    int instance = INSTANCES.incrementAndGet();
    AtomicInteger threadCount = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            settings.threads(),
            runnable -> {
              Thread thread =
                  new Thread(
                      runnable, "fake-amplitude-" + instance + "-" + threadCount.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByName("127.0.0.1"), settings.port()), 64);
    server.createContext("/", handler);
    // The longest matching context wins: /_fake/... never reaches the ingestion handler, so it is
    // neither recorded nor given a fault.
    server.createContext(StateEndpoint.PREFIX, new StateEndpoint(this));
    server.setExecutor(executor);
    server.start();
    this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
    log.debug("fake Amplitude listening on {}", baseUrl);
  }

  /**
   * Returns a builder for a fake with non-default settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a fake with the default settings and API key {@link #DEFAULT_API_KEY}.
   *
   * @return the running fake; close it when done
   */
  public static FakeAmplitude start() {
    return builder().start();
  }

  // ------------------------------------------------------------------------------ addressing

  /**
   * Returns the base URL serving all four paths.
   *
   * @return e.g. {@code http://127.0.0.1:41234}, without a trailing slash
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * Returns the first configured API key.
   *
   * @return the key requests should carry
   */
  public String apiKey() {
    return settings.apiKeys().iterator().next();
  }

  // ------------------------------------------------------------------------------ events

  /**
   * Returns every event stored so far, in ingestion order: duplicates (by {@code insert_id}) are
   * not stored again, rejected requests store nothing, {@code $identify} and {@code $groupidentify}
   * events are included. Each event is a copy, exactly as sent.
   *
   * @return the stored events
   */
  public List<ObjectNode> events() {
    return ingestion.events();
  }

  /**
   * Returns the stored events of one {@code event_type}, in ingestion order.
   *
   * @param eventType the event type
   * @return the matching stored events
   * @throws NullPointerException if {@code eventType} is null
   */
  public List<ObjectNode> events(String eventType) {
    Required.value(eventType, "eventType", "pass the event_type of the events wanted, e.g. \"Signed Up\", or call events() for all");
    List<ObjectNode> matching = new ArrayList<>();
    for (ObjectNode event : ingestion.events()) {
      if (eventType.equals(event.path("event_type").asText(null))) {
        matching.add(event);
      }
    }
    return matching;
  }

  /**
   * Returns how many events are stored.
   *
   * @return {@code events().size()}
   */
  public int eventCount() {
    return ingestion.eventCount();
  }

  /**
   * Returns how many events were acknowledged but not stored because their {@code insert_id} was
   * already stored in the same scope within the dedup window.
   *
   * @return the number of duplicates seen
   */
  public int duplicateCount() {
    return ingestion.duplicateCount();
  }

  /**
   * Returns the distinct {@code insert_id} values of the stored events (across scopes).
   *
   * @return insert ids, in the order first stored
   */
  public Set<String> distinctInsertIds() {
    return Collections.unmodifiableSet(ingestion.distinctInsertIds());
  }

  // ------------------------------------------------------------------------------ profiles

  /**
   * Returns the profile of a user_id, as left by identify calls and events so far.
   *
   * @param userId the user_id
   * @return a snapshot, or empty when nothing was applied to this user
   * @throws NullPointerException if {@code userId} is null
   */
  public Optional<FakeProfile> user(String userId) {
    return Optional.ofNullable(ingestion.user(Required.value(userId, "userId", USER_ID_HINT)));
  }

  /**
   * Returns the profile of a device_id that was identified (or had events) without a user_id, or
   * that was seen with a user_id (then only {@link FakeProfile#userIds()} is filled).
   *
   * @param deviceId the device_id
   * @return a snapshot, or empty when unknown
   * @throws NullPointerException if {@code deviceId} is null
   */
  public Optional<FakeProfile> device(String deviceId) {
    return Optional.ofNullable(ingestion.device(Required.value(deviceId, "deviceId", DEVICE_ID_HINT)));
  }

  /**
   * Returns the profile of one group.
   *
   * @param groupType the group type, e.g. {@code company}
   * @param groupValue the group value, e.g. {@code acme}
   * @return a snapshot whose {@link FakeProfile#properties()} are the group properties, or empty
   * @throws NullPointerException if {@code groupType} or {@code groupValue} is null
   */
  public Optional<FakeProfile> group(String groupType, String groupValue) {
    Required.value(groupType, "groupType", "pass the group type as the records carry it, e.g. \"company\"");
    Required.value(groupValue, "groupValue", "pass the group's value as the records carry it, e.g. \"acme\"");
    return Optional.ofNullable(ingestion.group(groupType, groupValue));
  }

  /**
   * Returns every user profile.
   *
   * @return user_id → snapshot, in the order users were first updated
   */
  public Map<String, FakeProfile> users() {
    return Collections.unmodifiableMap(ingestion.users());
  }

  /**
   * Returns every device profile.
   *
   * @return device_id → snapshot, in the order devices were first seen
   */
  public Map<String, FakeProfile> devices() {
    return Collections.unmodifiableMap(ingestion.devices());
  }

  /**
   * Returns every group profile.
   *
   * @return group type → group value → snapshot, in the order groups were first updated
   */
  public Map<String, Map<String, FakeProfile>> groups() {
    Map<String, Map<String, FakeProfile>> byType = new LinkedHashMap<>();
    ingestion
        .groups()
        .forEach(
            (key, profile) ->
                byType.computeIfAbsent(key.get(0), type -> new LinkedHashMap<>()).put(key.get(1), profile));
    byType.replaceAll((type, values) -> Collections.unmodifiableMap(values));
    return Collections.unmodifiableMap(byType);
  }

  // ------------------------------------------------------------------------------ requests

  /**
   * Returns every request received so far, in the order they were answered (or reset).
   *
   * @return the recorded requests
   */
  public List<RecordedRequest> requests() {
    return handler.requests();
  }

  /**
   * Returns how many requests were received on one path, whatever their answer.
   *
   * @param path e.g. {@code /batch}
   * @return the count
   * @throws NullPointerException if {@code path} is null
   */
  public long requestCount(String path) {
    Required.value(path, "path", "pass a request path the fake serves: \"/2/httpapi\", \"/batch\", \"/identify\" or \"/groupidentify\"");
    return handler.requests().stream().filter(request -> request.path().equals(path)).count();
  }

  // ------------------------------------------------------------------------------ behaviour

  /**
   * Silences a device_id: every later events request containing it answers 400 {@code Events
   * silenced for device_id} with {@code silenced_devices} and {@code silenced_events}.
   *
   * @param deviceId the device_id
   * @return this fake
   * @throws NullPointerException if {@code deviceId} is null
   */
  public FakeAmplitude silenceDevice(String deviceId) {
    Required.value(deviceId, "deviceId", DEVICE_ID_HINT);
    ingestion.script(throttles -> throttles.silenceDevice(deviceId));
    return this;
  }

  /**
   * Throttles a user_id for its next {@code requests} requests: each valid events or identify
   * request that contains it answers 429 (naming it in {@code throttled_users}) and consumes one.
   * Requests refused earlier (bad key, invalid events, silenced) consume nothing.
   *
   * @param userId the user_id
   * @param requests how many requests to throttle, at least 1
   * @return this fake
   * @throws NullPointerException if {@code userId} is null
   */
  public FakeAmplitude throttleUser(String userId, int requests) {
    Required.value(userId, "userId", USER_ID_HINT);
    int count = positive(requests);
    ingestion.script(throttles -> throttles.throttleUser(userId, count));
    return this;
  }

  /**
   * Throttles a user_id for a while, by the fake's clock: every valid events or identify request
   * containing it answers 429 until {@code duration} has passed.
   *
   * @param userId the user_id
   * @param duration how long, from now
   * @return this fake
   * @throws NullPointerException if {@code userId} or {@code duration} is null
   */
  public FakeAmplitude throttleUser(String userId, Duration duration) {
    Required.value(userId, "userId", USER_ID_HINT);
    Instant until = settings.clock().instant().plus(Required.value(duration, "duration", DURATION_HINT));
    ingestion.script(throttles -> throttles.throttleUserUntil(userId, until));
    return this;
  }

  /**
   * Throttles a device_id for its next {@code requests} requests, like {@link #throttleUser(String,
   * int)}.
   *
   * @param deviceId the device_id
   * @param requests how many requests to throttle, at least 1
   * @return this fake
   * @throws NullPointerException if {@code deviceId} is null
   */
  public FakeAmplitude throttleDevice(String deviceId, int requests) {
    Required.value(deviceId, "deviceId", DEVICE_ID_HINT);
    int count = positive(requests);
    ingestion.script(throttles -> throttles.throttleDevice(deviceId, count));
    return this;
  }

  /**
   * Throttles a device_id for a while, like {@link #throttleUser(String, Duration)}.
   *
   * @param deviceId the device_id
   * @param duration how long, from now
   * @return this fake
   * @throws NullPointerException if {@code deviceId} or {@code duration} is null
   */
  public FakeAmplitude throttleDevice(String deviceId, Duration duration) {
    Required.value(deviceId, "deviceId", DEVICE_ID_HINT);
    Instant until = settings.clock().instant().plus(Required.value(duration, "duration", DURATION_HINT));
    ingestion.script(throttles -> throttles.throttleDeviceUntil(deviceId, until));
    return this;
  }

  /**
   * Puts a user_id over its daily quota until {@link #reset()}: every valid events or identify
   * request containing it answers 429 with it in {@code exceeded_daily_quota_users}.
   *
   * @param userId the user_id
   * @return this fake
   * @throws NullPointerException if {@code userId} is null
   */
  public FakeAmplitude exceedDailyQuotaForUser(String userId) {
    Required.value(userId, "userId", USER_ID_HINT);
    ingestion.script(throttles -> throttles.exceedQuotaForUser(userId));
    return this;
  }

  /**
   * Puts a device_id over its daily quota until {@link #reset()}, like {@link
   * #exceedDailyQuotaForUser(String)} with {@code exceeded_daily_quota_devices}.
   *
   * @param deviceId the device_id
   * @return this fake
   * @throws NullPointerException if {@code deviceId} is null
   */
  public FakeAmplitude exceedDailyQuotaForDevice(String deviceId) {
    Required.value(deviceId, "deviceId", DEVICE_ID_HINT);
    ingestion.script(throttles -> throttles.exceedQuotaForDevice(deviceId));
    return this;
  }

  // ------------------------------------------------------------------------------ faults

  /**
   * Answers the next {@code n} ingestion requests with {@code status} without processing them. 502
   * and 504 carry an HTML body (like a load balancer), 413 and 429 Amplitude's bodies (429 names
   * every id of the request), others {@code {"code":S,"error":...}}. Counted as {@link
   * FaultKind#TOO_LARGE} for 413, {@link FaultKind#THROTTLE} for 429, else {@link
   * FaultKind#SERVER_ERROR}.
   *
   * @param n how many requests
   * @param status an HTTP status from 400 to 599
   * @return this fake
   */
  public FakeAmplitude failNext(int n, int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 400..599: " + status);
    }
    FaultKind kind =
        status == 413
            ? FaultKind.TOO_LARGE
            : status == 429 ? FaultKind.THROTTLE : FaultKind.SERVER_ERROR;
    return enqueue(positive(n), new Faults.Planned(kind, status, Duration.ZERO));
  }

  /**
   * Processes the next {@code n} ingestion requests normally (ingesting them if valid), then
   * answers 500 anyway.
   *
   * @param n how many requests
   * @return this fake
   */
  public FakeAmplitude acceptThenFail(int n) {
    return enqueue(positive(n), new Faults.Planned(FaultKind.ACCEPT_THEN_FAIL, 500, Duration.ZERO));
  }

  /**
   * Closes the connection of the next {@code n} ingestion requests without sending any response,
   * after reading the body; nothing is ingested. {@code java.net.http.HttpClient} then throws an
   * {@link IOException}. Recorded with status {@link RecordedRequest#NO_RESPONSE}.
   *
   * @param n how many requests
   * @return this fake
   */
  public FakeAmplitude resetNext(int n) {
    return enqueue(positive(n), new Faults.Planned(FaultKind.RESET, 0, Duration.ZERO));
  }

  /**
   * Holds the next {@code n} ingestion requests for {@code delay} (real time), then processes them
   * normally.
   *
   * @param n how many requests
   * @param delay how long to hold each
   * @return this fake
   * @throws NullPointerException if {@code delay} is null
   */
  public FakeAmplitude delayNext(int n, Duration delay) {
    if (Required.value(delay, "delay", "pass how long to hold each request, in real time, e.g. Duration.ofMillis(200)").isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    return enqueue(positive(n), new Faults.Planned(FaultKind.DELAY, 0, delay));
  }

  /**
   * Gives each ingestion request, with probability {@code rate}, one fault of a kind drawn
   * uniformly from {@code kinds}; {@link FaultKind#DELAY} holds 50 ms. Draws come from a {@link
   * Random} seeded with {@code seed}, so the same sequence of requests meets the same faults.
   * Replaces earlier random faults; scripted faults take precedence.
   *
   * @param rate probability per request, 0 to 1
   * @param seed the random seed
   * @param kinds the kinds to draw from, not empty
   * @return this fake
   * @throws NullPointerException if {@code kinds} is null
   */
  public FakeAmplitude randomFaults(double rate, long seed, Set<FaultKind> kinds) {
    return randomFaults(rate, seed, kinds, Duration.ofMillis(50));
  }

  /**
   * Like {@link #randomFaults(double, long, Set)}, with the hold time of {@link FaultKind#DELAY}.
   *
   * @param rate probability per request, 0 to 1
   * @param seed the random seed
   * @param kinds the kinds to draw from, not empty
   * @param delay how long a {@link FaultKind#DELAY} holds a request
   * @return this fake
   * @throws NullPointerException if {@code kinds} or {@code delay} is null
   */
  public FakeAmplitude randomFaults(double rate, long seed, Set<FaultKind> kinds, Duration delay) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate must be within 0..1: " + rate);
    }
    if (Required.value(kinds, "kinds", "pass the kinds of fault to draw from, e.g. EnumSet.allOf(FaultKind.class)").isEmpty()) {
      throw new IllegalArgumentException("kinds must not be empty");
    }
    if (Required.value(delay, "delay", "pass how long a DELAY fault holds a request, in real time, e.g. Duration.ofMillis(50)").isNegative()) {
      throw new IllegalArgumentException("delay must not be negative: " + delay);
    }
    faults.random(rate, seed, List.copyOf(EnumSet.copyOf(kinds)), delay);
    return this;
  }

  /**
   * Returns how many faults of each kind were applied, scripted and random together.
   *
   * @return kind → count, every kind present
   */
  public Map<FaultKind, Long> faultCounts() {
    return Collections.unmodifiableMap(faults.counts());
  }

  // ------------------------------------------------------------------------------ lifecycle

  /**
   * Returns the fake to its just-started state: forgets events, the dedup index, profiles, recorded
   * requests, fault counts, scripted and random faults, throttles, quotas and silenced devices. The
   * server, port, API keys and limits stay. Call it while no request is in flight; a request in
   * flight may still be recorded or ingested afterwards.
   */
  public void reset() {
    faults.reset();
    handler.clearRequests();
    ingestion.reset();
  }

  /** Stops the server (dropping requests in flight) and its threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "FakeAmplitude{" + baseUrl + "}";
  }

  private FakeAmplitude enqueue(int n, Faults.Planned fault) {
    faults.add(n, fault);
    return this;
  }

  private static int positive(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("must be at least 1: " + n);
    }
    return n;
  }

  // ------------------------------------------------------------------------------ builder

  /**
   * Configures a {@link FakeAmplitude}. Limits default to Amplitude's documented ones, with 1 MB
   * read as 1,000,000 bytes and 20 MB as 20,000,000. Not thread-safe; each {@link #start()} copies
   * the configuration.
   */
  public static final class Builder {
    private final Set<String> apiKeys = new LinkedHashSet<>();
    private Clock clock = Clock.systemUTC();
    private int maxEventsPerRequest = 2000;
    private long maxHttpApiBytes = 1_000_000;
    private long maxBatchBytes = 20_000_000;
    private long maxIdentifyBytes = 1_000_000;
    private int maxIdentificationsPerRequest = 2000;
    private long maxGroupIdentifyBytes = 1_000_000;
    private int maxGroupIdentificationsPerRequest = 1024;
    private int maxGroupPropertiesPerRequest = 1024;
    private Duration dedupWindow = Duration.ofDays(7);
    private int threads = 8;
    private int port;

    private Builder() {}

    /**
     * Sets the one API key the fake accepts (default {@link #DEFAULT_API_KEY}).
     *
     * @param apiKey the key
     * @return this builder
     * @throws NullPointerException if {@code apiKey} is null
     * @throws IllegalArgumentException if {@code apiKey} is blank
     */
    public Builder apiKey(String apiKey) {
      apiKeys.clear();
      return addApiKey(apiKey);
    }

    /**
     * Adds another accepted API key, e.g. for a second project.
     *
     * @param apiKey the key
     * @return this builder
     * @throws NullPointerException if {@code apiKey} is null
     * @throws IllegalArgumentException if {@code apiKey} is blank
     */
    public Builder addApiKey(String apiKey) {
      apiKeys.add(Required.text(apiKey, "apiKey",
          "pass the API key the fake accepts, e.g. \"test-api-key\" (the default); give the client under test the same key"));
      return this;
    }

    /**
     * Sets the clock for {@code server_upload_time}, the dedup window, timed throttles and {@link
     * RecordedRequest#receivedAt()} (default the system UTC clock). Fault delays use real time.
     *
     * @param clock the clock
     * @return this builder
     * @throws NullPointerException if {@code clock} is null
     */
    public Builder clock(Clock clock) {
      this.clock = Required.value(clock, "clock",
          "pass the clock the fake reads, e.g. new MutableClock(Instant.parse(\"2024-01-01T00:00:00Z\")), or leave the default");
      return this;
    }

    /**
     * Sets the most events per {@code /batch} or {@code /2/httpapi} request; more → 413 (default
     * 2000).
     *
     * @param max the limit
     * @return this builder
     */
    public Builder maxEventsPerRequest(int max) {
      this.maxEventsPerRequest = positive(max);
      return this;
    }

    /**
     * Sets the largest decompressed {@code /2/httpapi} body; larger → 413 (default 1,000,000).
     *
     * @param bytes the limit
     * @return this builder
     */
    public Builder maxHttpApiBytes(long bytes) {
      this.maxHttpApiBytes = positiveBytes(bytes);
      return this;
    }

    /**
     * Sets the largest decompressed {@code /batch} body; larger → 413 (default 20,000,000).
     *
     * @param bytes the limit
     * @return this builder
     */
    public Builder maxBatchBytes(long bytes) {
      this.maxBatchBytes = positiveBytes(bytes);
      return this;
    }

    /**
     * Sets the largest decompressed {@code /identify} body; larger → 413 (default 1,000,000).
     *
     * @param bytes the limit
     * @return this builder
     */
    public Builder maxIdentifyBytes(long bytes) {
      this.maxIdentifyBytes = positiveBytes(bytes);
      return this;
    }

    /**
     * Sets the most identifications per {@code /identify} request; more → 413 (default 2000).
     *
     * @param max the limit
     * @return this builder
     */
    public Builder maxIdentificationsPerRequest(int max) {
      this.maxIdentificationsPerRequest = positive(max);
      return this;
    }

    /**
     * Sets the largest decompressed {@code /groupidentify} body; larger → 413 (default 1,000,000).
     *
     * @param bytes the limit
     * @return this builder
     */
    public Builder maxGroupIdentifyBytes(long bytes) {
      this.maxGroupIdentifyBytes = positiveBytes(bytes);
      return this;
    }

    /**
     * Sets the most identifications per {@code /groupidentify} request; more → 413 (default 1024).
     *
     * @param max the limit
     * @return this builder
     */
    public Builder maxGroupIdentificationsPerRequest(int max) {
      this.maxGroupIdentificationsPerRequest = positive(max);
      return this;
    }

    /**
     * Sets the most group properties per {@code /groupidentify} request; more → 400 (default 1024).
     *
     * @param max the limit
     * @return this builder
     */
    public Builder maxGroupPropertiesPerRequest(int max) {
      this.maxGroupPropertiesPerRequest = positive(max);
      return this;
    }

    /**
     * Sets the {@code insert_id} dedup window (default 7 days).
     *
     * @param window the window, positive
     * @return this builder
     * @throws NullPointerException if {@code window} is null
     */
    public Builder dedupWindow(Duration window) {
      if (Required.value(window, "window", "pass how long an insert_id is remembered, e.g. Duration.ofDays(7) (the default)").isNegative()
          || window.isZero()) {
        throw new IllegalArgumentException("dedupWindow must be positive: " + window);
      }
      this.dedupWindow = window;
      return this;
    }

    /**
     * Sets how many requests are served at once (default 8).
     *
     * @param threads the pool size
     * @return this builder
     */
    public Builder threads(int threads) {
      this.threads = positive(threads);
      return this;
    }

    /**
     * Sets the port on {@code 127.0.0.1} (default 0: a free port, the right choice for tests that
     * run in parallel). A fixed port suits a fake started by hand for other programs.
     *
     * @param port 0 to 65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0 to 65535: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Starts a fake with this configuration on {@code 127.0.0.1} and its port (a free one unless
     * {@link #port(int)} chose one).
     *
     * @return the running fake; close it when done
     * @throws UncheckedIOException if the server cannot bind
     */
    public FakeAmplitude start() {
      Set<String> keys = apiKeys.isEmpty() ? Set.of(DEFAULT_API_KEY) : apiKeys;
      Settings settings =
          new Settings(
              Collections.unmodifiableSet(new LinkedHashSet<>(keys)),
              clock,
              maxEventsPerRequest,
              maxHttpApiBytes,
              maxBatchBytes,
              maxIdentifyBytes,
              maxIdentificationsPerRequest,
              maxGroupIdentifyBytes,
              maxGroupIdentificationsPerRequest,
              maxGroupPropertiesPerRequest,
              dedupWindow,
              threads,
              port);
      try {
        return new FakeAmplitude(settings);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start fake Amplitude", e);
      }
    }

    private static long positiveBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("must be at least 1: " + bytes);
      }
      return bytes;
    }
  }
}
