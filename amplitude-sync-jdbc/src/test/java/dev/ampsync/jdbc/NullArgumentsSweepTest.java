package dev.ampsync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.FailureThresholds;
import dev.ampsync.OnRemoved;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncListener;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.client.AmplitudeClientConfig;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.RowFunction;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.AmplitudeField;
import dev.ampsync.record.DeviceRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.RecordValidator;
import dev.ampsync.record.UserRecord;
import dev.ampsync.source.ArrayRow;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.Columns;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.Source;
import dev.ampsync.spec.SpecKey;
import dev.ampsync.spec.SyncSpec;
import dev.ampsync.spec.WrittenText;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.WarehousePlan;
import dev.ampsync.testing.FakeAmplitude;
import dev.ampsync.testing.FakeProfile;
import dev.ampsync.testing.FaultKind;
import dev.ampsync.testing.MutableClock;
import dev.ampsync.testing.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Calls every public constructor and method of the published modules' exported packages (core,
 * jdbc, testing) with a null in each reference parameter, the other parameters given sample values,
 * and expects {@code NullPointerException: NAME is null: HINT}: the argument's name and what to pass
 * (the issue: a null API key must not be a bare {@code NullPointerException: apiKey}). A parameter
 * that may be null is in {@link #NULLABLE}, with the reason; {@link #everyMemberIsSweptOrAllowed()}
 * fails when a new member cannot be called (no sample for a type), so the sweep cannot shrink
 * silently.
 *
 * <p>Parameter names come from the class files (the build compiles with {@code -parameters}).
 */
class NullArgumentsSweepTest {
  /** The exported packages of the three published jars: what the sweep walks, and nothing else. */
  private static final List<String> PACKAGES = List.of(
      "dev.ampsync", "dev.ampsync.client", "dev.ampsync.mapping", "dev.ampsync.record", "dev.ampsync.source",
      "dev.ampsync.spec", "dev.ampsync.state", "dev.ampsync.jdbc", "dev.ampsync.testing");

  /** One class of each published jar (or classes folder): where the classes are looked for. */
  private static final List<Class<?>> JARS = List.of(AmplitudeSync.class, JdbcSource.class, FakeAmplitude.class);

  /**
   * Parameters that may be null, by {@code Owner.member(Types)#index} ({@code #*}: every parameter),
   * each with the reason. Everything else must refuse null with a hint.
   */
  private static final Map<String, String> NULLABLE = nullable();

  private static Map<String, String> nullable() {
    Map<String, String> allowed = new LinkedHashMap<>();
    // exceptions and result values: built by the library, fields documented as optional
    allowed.put("AmplitudeException.<init>(int,String)#1", "an exception's message may be null, as Throwable's");
    allowed.put("BadRequestException.<init>(int,String)#1", "an exception's message may be null, as Throwable's");
    allowed.put("ForbiddenException.<init>(String)#0", "an exception's message may be null, as Throwable's");
    allowed.put("InvalidApiKeyException.<init>(int,String)#1", "an exception's message may be null, as Throwable's");
    allowed.put("SourceException.<init>(String,Throwable)#*", "message and cause may be null, as Throwable's");
    allowed.put("StateException.<init>(String,Throwable)#*", "message and cause may be null, as Throwable's");
    allowed.put("SpecException.<init>(String,int,String,String)#*",
        "an exception the library throws: its parts only format into the message, as Throwable's do");
    // the command line's entry point
    allowed.put("FakeAmplitudeMain.main(String[])#0", "a program's main: the JVM never passes null");
    // documented "or null" settings
    allowed.put("JdbcSource.Builder.user(String)#0", "Javadoc: the user, or null");
    allowed.put("JdbcSource.Builder.password(String)#0", "Javadoc: the password, or null");
    allowed.put("JdbcSource.Builder.origin(String)#0", "Javadoc: where the query was written, or null");
    allowed.put("JdbcStateStore.Builder.user(String)#0", "Javadoc: the user, or null");
    allowed.put("JdbcStateStore.Builder.password(String)#0", "Javadoc: the password, or null");
    allowed.put("MutableClock.withZone(ZoneId)#0", "always UnsupportedOperationException: the clock is UTC");
    allowed.put("AmplitudeClient.Builder.endpoint(URI)#0", "Javadoc: or null for the region's host");
    allowed.put("AmplitudeClient.Builder.executor(ExecutorService)#0", "Javadoc: or null for the client's own");
    allowed.put("AmplitudeClient.Builder.retryListener(Consumer)#0", "Javadoc: the listener, or null for none");
    allowed.put("AmplitudeClient.Builder.throttleHold(Duration)#0", "Javadoc: or null for Amplitude's advice");
    allowed.put("SyncJob.Builder.listener(SyncListener)#0", "Javadoc: the listener, or null for none");
    allowed.put("SyncJob.Builder.problemsFile(Path)#0", "Javadoc: the file, or null for none");
    allowed.put("SyncJob.Builder.state(StateStore)#0", "Javadoc: the store, or null (no state)");
    allowed.put("SyncJob.Builder.syntheticEvent(String)#0", "Javadoc: the event type, or null for none");
    allowed.put("SyncSpec.showAsWritten(String)#0", "Javadoc: any text; null stays null");
    allowed.put("WrittenText.hide(String)#0", "Javadoc: null for null");
    allowed.put("WarehousePlan.<init>(String,List,List,String,boolean,String,Instant)#5", "Javadoc: the watermark column, or null");
    allowed.put("WarehousePlan.<init>(String,List,List,String,boolean,String,Instant)#6", "Javadoc: the watermark's bound, or null");
    allowed.put("WarehousePlan.KeyPart.<init>(String,String)#*", "Javadoc: a column or a constant, the other null");
    allowed.put("Plan.of(String,String,String)#*", "Javadoc: each part, or null");
    allowed.put("Plan.<init>(String,String,String,String)#*", "Javadoc: each part, or null");
    allowed.put("IngestionMetadata.<init>(String,String)#*", "Javadoc: the integration's name and version, or null");
    allowed.put("Problem.<init>(String,RowOutcome,String)#0", "Javadoc: the row's key, or null when the row had none");
    allowed.put("RunLogEntry.<init>(String,Instant,Instant,String,long,long,long,long,long,long,String)#10",
        "Javadoc: the run's error, or null");
    allowed.put("SpecKey.<init>(String,Type,List,String,boolean,String,List)#3", "Javadoc: the default value; null for none");
    // values, not arguments: what a row holds, where SQL NULL is normal
    String value = "a value from the data: null means SQL NULL (Javadoc: null sends a JSON null / removes the value)";
    for (String operation : List.of("set", "setOnce", "append", "prepend", "preInsert", "postInsert", "remove")) {
      allowed.put("PropertyOperations.Builder." + operation + "(String,Object)#1", value);
    }
    allowed.put("PropertyOperations.Builder.put(PropertyOperation,String,Object)#2", value);
    allowed.put("EventRecord.Builder.eventProperty(String,Object)#1", value);
    String field = "a record field: every setter takes null to remove a value set earlier (SharedFieldsBuilder's Javadoc)";
    List<String> shared = List.of("appVersion", "carrier", "city", "country", "deviceBrand", "deviceManufacturer",
        "deviceModel", "dma", "insertId", "language", "library", "osName", "osVersion", "platform", "region");
    for (String builder : List.of("UserRecord.Builder", "DeviceRecord.Builder", "EventRecord.Builder")) {
      shared.forEach(setter -> allowed.put(builder + "." + setter + "(String)#0", field));
      allowed.put(builder + ".time(Instant)#0", field);
      allowed.put(builder + ".field(AmplitudeField,Object)#1", field);
    }
    allowed.put("UserRecord.Builder.deviceId(String)#0", "Javadoc: the device id, or null (the user id identifies the record)");
    allowed.put("DeviceRecord.Builder.userId(String)#0", "Javadoc: the user id, or null (the device id identifies the record)");
    allowed.put("GroupRecord.Builder.userId(String)#0", "Javadoc: the user id, or null");
    for (String builder : List.of("UserRecord.Builder", "DeviceRecord.Builder")) {
      allowed.put(builder + ".paying(String)#0", field);
      allowed.put(builder + ".startVersion(String)#0", field);
    }
    allowed.put("EventRecord.Builder.userId(String)#0", "Javadoc: the user id, or null (an event needs it or a device id: a validation rule)");
    allowed.put("EventRecord.Builder.deviceId(String)#0", "Javadoc: the device id, or null (an event needs it or a user id: a validation rule)");
    for (String setter : List.of("adid", "androidAppSetId", "androidId", "currency", "idfa", "idfv", "ip", "partnerId",
        "productId", "revenueType", "userAgent", "versionName")) {
      allowed.put("EventRecord.Builder." + setter + "(String)#0", "Javadoc: the value, or null");
    }
    for (String setter : List.of("eventId(Long)", "sessionId(Long)", "quantity(Long)", "price(BigDecimal)",
        "revenue(BigDecimal)", "plan(Plan)", "ingestionMetadata(IngestionMetadata)", "skipUserPropertiesSync(Boolean)")) {
      allowed.put("EventRecord.Builder." + setter + "#0", "Javadoc: the value, or null");
    }
    allowed.put("EventRecord.Builder.location(BigDecimal,BigDecimal)#*", "Javadoc: the latitude and longitude, or null");
    return allowed;
  }

  /** What to pass for a parameter of each type, when null is passed to another. */
  private static final Map<Class<?>, Supplier<?>> SAMPLES = new LinkedHashMap<>();

  /**
   * What to pass for one parameter of one member, where the type's sample does not suit (a spec
   * provider's settings must name a URL).
   */
  private static final Map<String, Supplier<?>> SAMPLE_FOR = new LinkedHashMap<>();

  private static FakeAmplitude fake;
  private static AmplitudeClient client;
  private static ExecutorService executor;
  private static Path directory;

  @BeforeAll
  static void samples() throws Exception {
    fake = FakeAmplitude.start();
    executor = Executors.newSingleThreadExecutor();
    directory = Files.createTempDirectory("null-sweep");
    client = AmplitudeClient.builder(fake.apiKey()).endpoint(URI.create(fake.baseUrl())).build();
    client.submit(UserRecord.builder("sweep-user-1").build());
    assertThat(client.flush(Duration.ofSeconds(30))).as("the fake got the sample profile").isTrue();
    FakeProfile profile = fake.user("sweep-user-1").orElseThrow();
    RecordedRequest request = fake.requests().get(0);

    put(String.class, () -> "sample");
    put(Object.class, () -> "sample");
    put(Number.class, () -> 1);
    put(Long.class, () -> 1L);
    put(Boolean.class, () -> Boolean.TRUE);
    put(BigDecimal.class, () -> BigDecimal.ONE);
    put(Instant.class, () -> Instant.parse("2024-01-01T00:00:00Z"));
    put(Duration.class, () -> Duration.ofSeconds(1));
    put(ZoneId.class, () -> ZoneOffset.UTC);
    put(Clock.class, Clock::systemUTC);
    put(URI.class, () -> URI.create(fake.baseUrl()));
    put(Path.class, () -> directory);
    put(Throwable.class, () -> new IllegalStateException("sample cause"));
    put(Object[].class, () -> new Object[] {"user-1"});
    put(String[].class, () -> new String[] {"acme"});
    put(Map.class, Map::of);
    put(List.class, List::of);
    put(Collection.class, () -> List.of("acme"));
    put(Iterable.class, List::of);
    put(Set.class, () -> EnumSet.of(FaultKind.THROTTLE));
    put(Optional.class, Optional::empty);
    put(Consumer.class, () -> (Consumer<Object>) value -> {});
    put(BiConsumer.class, () -> (BiConsumer<Object, Object>) (key, value) -> {});
    put(Function.class, () -> (Function<Object, Object>) key -> null);
    put(UnaryOperator.class, () -> UnaryOperator.identity());
    put(ExecutorService.class, () -> executor);
    put(DataSource.class, () -> {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:null-sweep");
      return h2;
    });

    put(FailureThresholds.class, FailureThresholds::of);
    put(FailureThresholds.Limit.class, () -> FailureThresholds.Limit.count(1));
    put(SyncJob.class, () -> job().build());
    put(SyncJob.Builder.class, NullArgumentsSweepTest::job);
    put(SyncListener.class, () -> new SyncListener() {});
    put(AmplitudeClient.class, () -> client);
    put(AmplitudeClient.Builder.class, () -> AmplitudeClient.builder("sweep-key-0001"));
    put(AmplitudeClientConfig.class, () -> AmplitudeClient.builder("sweep-key-0001").buildConfig());
    put(Mapping.class, NullArgumentsSweepTest::mapping);
    put(Mapping.Builder.class, () -> Mapping.builder(ObjectType.EVENT));
    put(RowFunction.class, () -> (RowFunction) row -> UserRecord.builder("user-1").build());
    put(Value.class, () -> Value.column("id"));
    put(UserRecord.class, () -> UserRecord.builder("user-1").build());
    put(UserRecord.Builder.class, () -> UserRecord.builder("user-1"));
    put(DeviceRecord.class, () -> DeviceRecord.builder("device-1").build());
    put(DeviceRecord.Builder.class, () -> DeviceRecord.builder("device-1"));
    put(GroupRecord.class, () -> GroupRecord.builder("company", "acme").build());
    put(GroupRecord.Builder.class, () -> GroupRecord.builder("company", "acme"));
    put(EventRecord.class, () -> EventRecord.builder("Signed Up").userId("user-1").build());
    put(EventRecord.Builder.class, () -> EventRecord.builder("Signed Up"));
    put(dev.ampsync.record.AmplitudeRecord.class, () -> UserRecord.builder("user-1").build());
    put(PropertyOperations.class, () -> PropertyOperations.builder().set("plan", "pro").build());
    put(PropertyOperations.Builder.class, PropertyOperations::builder);
    put(RecordValidator.class, () -> RecordValidator.withMinIdLength(5));
    put(dev.ampsync.record.Plan.class, () -> dev.ampsync.record.Plan.of("main", "web", "1"));
    put(dev.ampsync.record.IngestionMetadata.class, () -> new dev.ampsync.record.IngestionMetadata("sweep", "1"));
    put(Columns.class, NullArgumentsSweepTest::columns);
    put(Column.class, () -> new Column("id", ColumnType.STRING));
    put(ArrayRow.class, () -> new ArrayRow(columns(), new Object[] {"user-1"}));
    put(InMemorySource.class, () -> InMemorySource.of(List.of(Map.of("id", "user-1"))));
    put(InMemorySource.Builder.class, () -> InMemorySource.builder().column("id", ColumnType.STRING));
    put(Source.class, () -> InMemorySource.of(List.of(Map.of("id", "user-1"))));
    put(SpecKey.class, () -> SpecKey.string("url", "the JDBC URL"));
    put(SyncSpec.class, () -> SyncSpec.parse(spec(), "users.yaml", Map.of()));
    put(WrittenText.class, () -> WrittenText.of("select 1"));
    put(StateStore.class, NullArgumentsSweepTest::stateStore);
    put(WarehousePlan.KeyPart.class, () -> WarehousePlan.KeyPart.column("id"));
    put(dev.ampsync.RunEntry.class, () -> new dev.ampsync.RunEntry(Instant.EPOCH, Duration.ZERO,
        dev.ampsync.SyncStatus.SUCCEEDED, 0, 0, 0, 0, 0, 0, Optional.empty(), Optional.empty()));

    put(JdbcSource.class, () -> JdbcSource.builder().url("jdbc:h2:mem:null-sweep").query("select 1 as id").build());
    put(JdbcSource.Builder.class, JdbcSource::builder);
    put(JdbcStateStore.class, NullArgumentsSweepTest::stateStore);
    put(JdbcStateStore.Builder.class, JdbcStateStore::builder);
    put(JdbcSourceProvider.class, JdbcSourceProvider::new);
    put(JdbcStateStoreProvider.class, JdbcStateStoreProvider::new);

    put(FakeAmplitude.class, () -> fake);
    put(FakeAmplitude.Builder.class, FakeAmplitude::builder);
    put(FakeProfile.class, () -> profile);
    put(RecordedRequest.class, () -> request);
    put(MutableClock.class, () -> new MutableClock(Instant.EPOCH));

    Supplier<?> jdbcSettings = () -> Map.of("url", "jdbc:h2:mem:null-sweep", "query", "select 1 as id");
    SAMPLE_FOR.put("JdbcSourceProvider.create(Map,Function)#0", jdbcSettings);
    SAMPLE_FOR.put("JdbcSourceProvider.create(Map,Function,Function)#0", jdbcSettings);
    SAMPLE_FOR.put("JdbcStateStoreProvider.create(Map,Map)#0", () -> Map.of("url", "jdbc:h2:mem:null-sweep"));
    SAMPLE_FOR.put("WarehousePlan.<init>(String,List,List,String,boolean,String,Instant)#1",
        () -> List.of(WarehousePlan.KeyPart.column("id")));
    SAMPLE_FOR.put("SyncSpec.load(Path,Map)#0", () -> specFile());
  }

  private static void put(Class<?> type, Supplier<?> sample) {
    SAMPLES.put(type, sample);
  }

  private static SyncJob.Builder job() {
    return SyncJob.builder("sweep").source(InMemorySource.of(List.of(Map.of("id", "user-1")))).mapping(mapping())
        .client(client);
  }

  private static Mapping mapping() {
    return Mapping.builder(ObjectType.USER).userId(Value.column("id")).build();
  }

  private static Columns columns() {
    return Columns.of(List.of(new Column("id", ColumnType.STRING)));
  }

  private static JdbcStateStore stateStore() {
    return JdbcStateStore.builder().url("jdbc:h2:mem:null-sweep-state").build();
  }

  private static Path specFile() {
    try {
      return Files.writeString(directory.resolve("users.yaml"), spec());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String spec() {
    return """
        name: users
        object: user
        source:
          type: jdbc
          url: jdbc:h2:mem:null-sweep
          query: select 1 as id
        destination:
          api_key: sweep-key-0001
        mapping:
          user_id: id
        """;
  }

  @AfterAll
  static void close() throws IOException {
    if (client != null) {
      client.close();
    }
    if (fake != null) {
      fake.close();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
    if (directory != null) {
      try (Stream<Path> paths = Files.walk(directory)) {
        paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  // ------------------------------------------------------------------------------ the sweep

  /** One call with a null in one reference parameter of one public member. */
  private record NullCall(Class<?> owner, Executable member, int index) {
    String memberKey() {
      String types = Arrays.stream(member.getParameterTypes()).map(Class::getSimpleName).reduce((a, b) -> a + "," + b).orElse("");
      String name = member instanceof Constructor<?> ? "<init>" : member.getName();
      return ownerName(owner) + "." + name + "(" + types + ")";
    }

    String key() {
      return memberKey() + "#" + index;
    }

    String parameterName() {
      return member.getParameters()[index].getName();
    }

    boolean allowed() {
      return NULLABLE.containsKey(key()) || NULLABLE.containsKey(memberKey() + "#*");
    }

    boolean isStatic() {
      return member instanceof Constructor<?> || Modifier.isStatic(member.getModifiers());
    }

    /** The types without a sample: the receiver's and the other parameters'. */
    List<String> missingSamples() {
      List<String> missing = new ArrayList<>();
      if (!isStatic() && sampleOf(owner) == null) {
        missing.add("receiver " + owner.getName());
      }
      Class<?>[] types = member.getParameterTypes();
      for (int i = 0; i < types.length; i++) {
        if (i != index && !types[i].isPrimitive() && sampleFor(i) == null) {
          missing.add(types[i].getName());
        }
      }
      return missing;
    }

    Supplier<?> sampleFor(int i) {
      Supplier<?> special = SAMPLE_FOR.get(memberKey() + "#" + i);
      return special != null ? special : sampleOf(member.getParameterTypes()[i]);
    }

    /** Calls the member; returns what it threw, or null if it returned. */
    Throwable call() throws ReflectiveOperationException {
      Class<?>[] types = member.getParameterTypes();
      Object[] arguments = new Object[types.length];
      for (int i = 0; i < types.length; i++) {
        arguments[i] = i == index ? null : types[i].isPrimitive() ? primitive(types[i]) : sampleFor(i).get();
      }
      try {
        if (member instanceof Constructor<?> constructor) {
          constructor.newInstance(arguments);
        } else {
          Object receiver = isStatic() ? null : sampleOf(owner).get();
          ((Method) member).invoke(receiver, arguments);
        }
        return null;
      } catch (InvocationTargetException e) {
        return e.getCause();
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> everyRequiredReferenceArgumentRefusesNull_sayingWhatItIsAndWhatToPass() {
    return nullCalls().stream()
        .filter(call -> !call.allowed() && call.missingSamples().isEmpty())
        .map(call -> dynamicTest(call.key() + " (" + call.parameterName() + ")", () -> {
          Throwable thrown = call.call();
          if (thrown == null) {
            fail("%s accepted null for %s: refuse it with Arguments.required, or list it in NULLABLE with the reason",
                call.memberKey(), call.parameterName());
          }
          assertThat(thrown).as(call.key() + " threw " + thrown).isInstanceOf(NullPointerException.class);
          assertMessage(call.parameterName(), thrown.getMessage(), call.key());
        }));
  }

  /** {@code NAME is null: HINT}, NAME naming the parameter, HINT saying what to pass. */
  static void assertMessage(String parameter, String message, String what) {
    assertThat(message).as(what + ": a message, not a bare NullPointerException").isNotNull();
    int is = message.indexOf(" is null: ");
    assertThat(is).as(what + ": '" + message + "' has the form 'NAME is null: HINT'").isPositive();
    String subject = message.substring(0, is).toLowerCase(Locale.ROOT);
    assertThat(subject).as(what + ": '" + message + "' names " + parameter).satisfiesAnyOf(
        s -> assertThat(s).contains(parameter.toLowerCase(Locale.ROOT)),
        s -> assertThat(s).contains(words(parameter)));
    assertThat(message.substring(is + " is null: ".length()).strip()).as(what + ": '" + message + "' gives a hint")
        .hasSizeGreaterThan(10);
  }

  /** {@code groupValue} as {@code group value}. */
  private static String words(String name) {
    return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
  }

  // ------------------------------------------------------------------------------ the messages users meet most

  @Test
  void aNullApiKey_saysWhereTheKeyComesFrom() {
    assertThatThrownBy(() -> AmplitudeClient.builder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("apiKey is null: pass your Amplitude project's API key (Settings → Projects → API Keys),"
            + " e.g. from System.getenv(\"AMPLITUDE_API_KEY\")");
    assertThatThrownBy(() -> SyncJob.builder("users").destination(AmplitudeClient.builder(" ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("apiKey is blank (only white space): pass your Amplitude project's API key (Settings → Projects →"
            + " API Keys), e.g. from System.getenv(\"AMPLITUDE_API_KEY\")");
  }

  @Test
  void aNullOrBlankJdbcUrl_saysWhatToPass() {
    String hint = "pass the database's JDBC URL, e.g. \"jdbc:postgresql://127.0.0.1:5432/analytics\","
        + " perhaps from System.getenv(\"DATABASE_URL\")";
    assertThatThrownBy(() -> JdbcSource.builder().url(null))
        .isInstanceOf(NullPointerException.class).hasMessage("url is null: " + hint);
    assertThatThrownBy(() -> JdbcSource.builder().url(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("url is blank: " + hint);
    assertThatThrownBy(() -> JdbcStateStore.builder().url("  "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("url is blank (only white space): " + hint);
  }

  @Test
  void theFake_saysWhatToPass() {
    assertThatThrownBy(() -> FakeAmplitude.builder().apiKey(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("apiKey is null: pass the API key the fake accepts, e.g. \"test-api-key\" (the default);"
            + " give the client under test the same key");
    assertThatThrownBy(() -> FakeAmplitude.builder().addApiKey(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("apiKey is blank: pass the API key the fake accepts");
    assertThatThrownBy(() -> fake.user(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("userId is null: pass the user_id as the records carry it, e.g. \"user-1\"");
    assertThatThrownBy(() -> fake.throttleDevice("device-1", (Duration) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("duration is null: pass how long, by the fake's clock, e.g. Duration.ofSeconds(30)");
  }

  @Test
  void aLookupByNullName_throws_ratherThanFindingNothing() {
    assertThatThrownBy(() -> mapping().identifier(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("name is null: pass the identifier's Amplitude name: user_id, device_id,");
    assertThatThrownBy(() -> AmplitudeField.fromWireName(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("wireName is null: pass the field's key as Amplitude spells it, e.g. \"country\"");
    assertThatThrownBy(() -> new ArrayRow(columns(), new Object[] {"user-1"}).get((String) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("label is null: pass a column's label, as the query names it, e.g. \"user_id\"");
  }

  @Test
  void everyMemberIsSweptOrAllowed() {
    List<NullCall> calls = nullCalls();
    List<String> uncallable = calls.stream()
        .filter(call -> !call.allowed() && !call.missingSamples().isEmpty())
        .map(call -> call.key() + " needs a sample of " + call.missingSamples())
        .toList();
    assertThat(uncallable)
        .as("members the sweep cannot call: add a sample to SAMPLES, or the parameter to NULLABLE with its reason")
        .isEmpty();
    // the walk itself found the API: each package, and not a handful of classes
    Set<String> packages = new TreeSet<>();
    publicClasses().forEach(type -> packages.add(type.getPackageName()));
    assertThat(packages).containsExactlyInAnyOrderElementsOf(PACKAGES);
    assertThat(calls).hasSizeGreaterThan(300);
  }

  @Test
  void everyAllowedParameterExists() {
    Set<String> keys = new TreeSet<>();
    for (NullCall call : nullCalls()) {
      keys.add(call.key());
      keys.add(call.memberKey() + "#*");
    }
    assertThat(NULLABLE.keySet().stream().filter(key -> !keys.contains(key)).toList())
        .as("NULLABLE entries that name no parameter (renamed or removed?)")
        .isEmpty();
  }

  private static List<NullCall> nullCalls() {
    List<NullCall> calls = new ArrayList<>();
    for (Class<?> type : publicClasses()) {
      for (Executable member : members(type)) {
        Class<?>[] parameters = member.getParameterTypes();
        for (int i = 0; i < parameters.length; i++) {
          if (!parameters[i].isPrimitive()) {
            calls.add(new NullCall(type, member, i));
          }
        }
      }
    }
    calls.sort(Comparator.comparing(NullCall::key));
    return calls;
  }

  /**
   * The public constructors and methods callable on a public class (its own and those inherited
   * from the library's classes, such as a record builder's shared setters), less {@code
   * equals(Object)} (null is simply unequal) and an enum's generated {@code valueOf(String)} (the
   * JDK's, which says {@code Name is null}). Interfaces are contracts: their default methods are
   * swept through the public classes that implement them.
   */
  private static List<Executable> members(Class<?> type) {
    List<Executable> members = new ArrayList<>();
    if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
      return members;
    }
    members.addAll(Arrays.asList(type.getConstructors()));
    // javac makes a public class's methods inherited from a package-private class (a record builder's
    // shared setters) public through bridges: those bridges are the callable members
    List<Method> callable = Arrays.stream(type.getMethods())
        .filter(method -> Modifier.isPublic(method.getDeclaringClass().getModifiers()))
        .toList();
    Set<String> real = new TreeSet<>();
    for (Method method : callable) {
      if (!method.isBridge()) {
        real.add(method.getName() + Arrays.toString(method.getParameterTypes()));
      }
    }
    for (Method method : callable) {
      boolean redundantBridge = method.isBridge() && real.contains(method.getName() + Arrays.toString(method.getParameterTypes()));
      boolean library = method.getDeclaringClass().getName().startsWith("dev.ampsync.");
      boolean equals = method.getName().equals("equals") && method.getParameterCount() == 1;
      boolean enumValueOf = type.isEnum() && method.getName().equals("valueOf")
          && Arrays.equals(method.getParameterTypes(), new Class<?>[] {String.class});
      if (library && (!method.isSynthetic() || method.isBridge()) && !redundantBridge && !equals && !enumValueOf) {
        members.add(method);
      }
    }
    return members;
  }

  /** The public classes (top-level and nested in public classes) of the exported packages. */
  static List<Class<?>> publicClasses() {
    List<Class<?>> classes = new ArrayList<>();
    for (Class<?> anchor : JARS) {
      for (String name : classNames(anchor)) {
        if (name.indexOf('.') < 0) {
          continue; // module-info, in the jar's root
        }
        String packageName = name.substring(0, name.lastIndexOf('.'));
        if (!PACKAGES.contains(packageName) || name.endsWith("package-info") || name.endsWith("module-info")) {
          continue;
        }
        try {
          Class<?> type = Class.forName(name, false, anchor.getClassLoader());
          if (isPublicApi(type)) {
            classes.add(type);
          }
        } catch (ClassNotFoundException e) {
          throw new AssertionError(e);
        }
      }
    }
    classes.sort(Comparator.comparing(Class::getName));
    return classes;
  }

  private static boolean isPublicApi(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getEnclosingClass()) {
      if (!Modifier.isPublic(c.getModifiers()) || c.isAnonymousClass() || c.isSynthetic()) {
        return false;
      }
    }
    return true;
  }

  /** The class names in the jar or classes folder the class was loaded from. */
  private static List<String> classNames(Class<?> anchor) {
    Path location;
    try {
      location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
    List<String> names = new ArrayList<>();
    try {
      if (Files.isDirectory(location)) {
        try (Stream<Path> files = Files.walk(location)) {
          files.filter(file -> file.toString().endsWith(".class"))
              .forEach(file -> names.add(className(location.relativize(file).toString().replace('\\', '/'))));
        }
      } else {
        try (JarFile jar = new JarFile(location.toFile())) {
          jar.stream().map(entry -> entry.getName())
              .filter(entry -> entry.endsWith(".class") && !entry.startsWith("META-INF/"))
              .forEach(entry -> names.add(className(entry)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  private static String className(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.');
  }

  private static String ownerName(Class<?> owner) {
    return owner.getName().substring(owner.getPackageName().length() + 1).replace('$', '.');
  }

  private static Supplier<?> sampleOf(Class<?> type) {
    Supplier<?> sample = SAMPLES.get(type);
    if (sample == null && type.isEnum()) {
      return () -> type.getEnumConstants()[0];
    }
    return sample;
  }

  private static Object primitive(Class<?> type) {
    if (type == boolean.class) {
      return true;
    }
    if (type == long.class) {
      return 1L;
    }
    if (type == double.class) {
      return 1.0;
    }
    if (type == float.class) {
      return 1.0f;
    }
    if (type == char.class) {
      return 'a';
    }
    if (type == byte.class) {
      return (byte) 1;
    }
    if (type == short.class) {
      return (short) 1;
    }
    return 1;
  }
}
