package dev.ampsync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ampsync.AmplitudeSync;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.SyncBehavior;
import dev.ampsync.SyncJob;
import dev.ampsync.SyncListener;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.source.RowStream;
import dev.ampsync.source.Source;
import dev.ampsync.testing.FakeAmplitude;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Job validation: a job that cannot work is refused before any row is read or request sent. */
class SyncJobTest {
  private FakeAmplitude fake;
  private CountingSource source;

  @BeforeEach
  void startFake() {
    fake = FakeAmplitude.start();
    source =
        new CountingSource(
            InMemorySource.builder()
                .column("id", ColumnType.STRING)
                .column("plan", ColumnType.STRING)
                .column("country", ColumnType.STRING)
                .row("user-00001", "pro", "DE")
                .build());
  }

  @AfterEach
  void stopFake() {
    fake.close();
  }

  // ------------------------------------------------------------------------------ behavior

  @Test
  void eventJob_withUpdateOrCreate_isRefusedNamingBothTheBehaviorAndTheObject() {
    SyncJob.Builder builder =
        SyncJob.builder("orders").source(source).mapping(eventMapping()).destination(destination())
            .behavior(SyncBehavior.UPDATE_OR_CREATE);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("update_or_create")
        .hasMessageContaining("event")
        .hasMessageContaining("create_only");
    assertThat(source.opens()).isZero();
  }

  @Test
  void userJob_withCreateOnly_isRefusedNamingBothTheBehaviorAndTheObject() {
    SyncJob.Builder builder =
        SyncJob.builder("users").source(source).mapping(userMapping()).destination(destination())
            .behavior(SyncBehavior.CREATE_ONLY);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("create_only")
        .hasMessageContaining("user")
        .hasMessageContaining("update_or_create");
    assertThat(source.opens()).isZero();
  }

  @Test
  void jobs_withoutABehavior_getTheOneTheirObjectSupports() {
    assertThat(SyncJob.builder("users").source(source).mapping(userMapping()).destination(destination()).build()
            .behavior())
        .isEqualTo(SyncBehavior.UPDATE_OR_CREATE);
    assertThat(SyncJob.builder("orders").source(source).mapping(eventMapping()).destination(destination()).build()
            .behavior())
        .isEqualTo(SyncBehavior.CREATE_ONLY);
    assertThat(source.opens()).isZero();
  }

  @Test
  void reusedBuilder_withAMappingOfAnotherObjectType_buildsWithThatObjectsBehavior() {
    SyncJob.Builder builder = SyncJob.builder("reused").source(source).mapping(userMapping()).destination(destination());
    assertThat(builder.build().behavior()).isEqualTo(SyncBehavior.UPDATE_OR_CREATE);

    builder.mapping(eventMapping());

    assertThatCode(builder::build).doesNotThrowAnyException();
    assertThat(builder.build().behavior()).isEqualTo(SyncBehavior.CREATE_ONLY);
  }

  // ------------------------------------------------------------------------------ missing parts

  @Test
  void job_withoutSource_isRefused() {
    SyncJob.Builder builder = SyncJob.builder("users").mapping(userMapping()).destination(destination());

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("source");
  }

  @Test
  void job_withoutMapping_isRefused() {
    SyncJob.Builder builder = SyncJob.builder("users").source(source).destination(destination());

    assertThatThrownBy(builder::build).isInstanceOf(IllegalStateException.class).hasMessageContaining("mapping");
    assertThat(source.opens()).isZero();
  }

  @Test
  void job_withoutDestination_isRefused() {
    SyncJob.Builder builder = SyncJob.builder("users").source(source).mapping(userMapping());

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("destination");
    assertThat(source.opens()).isZero();
  }

  // ------------------------------------------------------------------------------ options

  @ParameterizedTest
  @MethodSource("nonUserMappings")
  void syntheticEvent_onANonUserSync_isRefused(ObjectType type, Mapping mapping) {
    SyncJob.Builder builder =
        SyncJob.builder("not-users").source(source).mapping(mapping).destination(destination())
            .syntheticEvent("Properties Updated");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("syntheticEvent")
        .hasMessageContaining(type.specName());
    assertThat(source.opens()).isZero();
  }

  static Stream<Arguments> nonUserMappings() {
    return Stream.of(
        Arguments.of(ObjectType.DEVICE, Mapping.builder(ObjectType.DEVICE).deviceId(Value.column("id")).build()),
        Arguments.of(
            ObjectType.GROUP,
            Mapping.builder(ObjectType.GROUP).groupType(Value.constant("company")).groupValue(Value.column("id")).build()),
        Arguments.of(ObjectType.EVENT, eventMapping()));
  }

  @Test
  void syntheticEvent_blank_isRefused() {
    assertThatThrownBy(() -> SyncJob.builder("users").syntheticEvent("  "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void skipUserPropertiesSync_onANonEventSync_isRefused() {
    SyncJob.Builder builder =
        SyncJob.builder("users").source(source).mapping(userMapping()).destination(destination())
            .skipUserPropertiesSync(true);

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("skipUserPropertiesSync")
        .hasMessageContaining("user");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "-users", ".users", "_users", "users sync", "users/sync", "users:sync", "üsers",
      "users\n"})
  void syncName_withCharactersOutsideTheAllowedSet_isRefused(String name) {
    assertThatThrownBy(() -> SyncJob.builder(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sync name");
  }

  @Test
  void syncName_ofAtMost128Characters_isAccepted_andLongerIsRefused() {
    assertThatCode(() -> SyncJob.builder("a".repeat(128))).doesNotThrowAnyException();
    assertThatCode(() -> SyncJob.builder("0users_v2.prod-eu")).doesNotThrowAnyException();
    assertThatThrownBy(() -> SyncJob.builder("a".repeat(129))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SyncJob.builder(null)).isInstanceOf(NullPointerException.class);
  }

  // ------------------------------------------------------------------------------ columns

  @ParameterizedTest
  @MethodSource("mappingsNamingAMissingColumn")
  void run_withAMappingNamingAColumnTheSourceLacks_failsBeforeSendingAnything(
      String mappingKey, Mapping mapping) {
    List<SyncResult> finished = new CopyOnWriteArrayList<>();
    SyncJob job =
        SyncJob.builder("users").source(source).mapping(mapping).destination(destination())
            .listener(new SyncListener() {
              @Override
              public void finished(SyncResult result) {
                finished.add(result);
              }
            })
            .build();

    SyncResult result = AmplitudeSync.run(job);

    assertThat(result.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(result.error()).hasValueSatisfying(error -> assertThat(error)
        .contains(mappingKey)
        .contains("'plan_name'")
        .contains("id, plan, country"));
    assertThat(result.rowsRead()).isZero();
    assertThat(result.accepted()).isZero();
    assertThat(fake.requests()).isEmpty();
    assertThat(finished).containsExactly(result);
  }

  static Stream<Arguments> mappingsNamingAMissingColumn() {
    Function<Mapping.Builder, Mapping> build = Mapping.Builder::build;
    return Stream.of(
        Arguments.of("mapping.user_id", build.apply(Mapping.builder(ObjectType.USER).userId(Value.column("plan_name")))),
        Arguments.of(
            "mapping.properties.plan",
            build.apply(Mapping.builder(ObjectType.USER).userId(Value.column("id")).property("plan", Value.column("plan_name")))),
        Arguments.of(
            "mapping.fields.country",
            build.apply(Mapping.builder(ObjectType.USER).userId(Value.column("id")).field("country", Value.column("plan_name")))),
        Arguments.of(
            "mapping.groups.company",
            build.apply(Mapping.builder(ObjectType.USER).userId(Value.column("id")).group("company", Value.column("plan_name")))),
        Arguments.of(
            "mapping.properties_json",
            build.apply(Mapping.builder(ObjectType.USER).userId(Value.column("id")).propertiesJson("plan_name"))));
  }

  @Test
  void preview_withAMappingNamingAColumnTheSourceLacks_failsTheSameWay() {
    SyncJob job =
        SyncJob.builder("users").source(source)
            .mapping(Mapping.builder(ObjectType.USER).userId(Value.column("id")).property("plan", Value.column("plan_name")).build())
            .destination(destination())
            .build();

    SyncResult preview = AmplitudeSync.preview(job);

    assertThat(preview.status()).isEqualTo(SyncStatus.FAILED);
    assertThat(preview.error()).hasValueSatisfying(e -> assertThat(e).contains("mapping.properties.plan"));
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void mappingColumns_matchSourceLabelsIgnoringCase() {
    SyncJob job =
        SyncJob.builder("users").source(source)
            .mapping(Mapping.builder(ObjectType.USER).userId(Value.column("ID")).property("plan", Value.column("Plan")).build())
            .destination(destination())
            .build();

    SyncResult result = AmplitudeSync.run(job);

    assertThat(result.status()).isEqualTo(SyncStatus.SUCCEEDED);
    assertThat(fake.user("user-00001").orElseThrow().property("plan")).isEqualTo("pro");
  }

  // ------------------------------------------------------------------------------ identifiers

  @Test
  void mapping_withoutTheIdentifiersItsObjectNeeds_isRefusedNamingThem() {
    assertThatThrownBy(() -> Mapping.builder(ObjectType.USER).property("plan", Value.column("plan")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mapping.user_id");
    assertThatThrownBy(() -> Mapping.builder(ObjectType.DEVICE).userId(Value.column("id")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mapping.device_id");
    assertThatThrownBy(() -> Mapping.builder(ObjectType.GROUP).groupValue(Value.column("id")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mapping.group_type");
    assertThatThrownBy(() -> Mapping.builder(ObjectType.GROUP).groupType(Value.constant("company")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mapping.group_value");
    assertThatThrownBy(() -> Mapping.builder(ObjectType.EVENT).userId(Value.column("id")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mapping.event_type");
    assertThatThrownBy(() -> Mapping.builder(ObjectType.EVENT).eventType(Value.constant("Order Completed")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mapping.user_id")
        .hasMessageContaining("mapping.device_id");
  }

  @Test
  void mapping_withAnIdentifierItsObjectDoesNotTake_isRefusedNamingIt() {
    assertThatThrownBy(() -> Mapping.builder(ObjectType.USER).groupType(Value.constant("company")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mapping.group_type");
    assertThatThrownBy(() -> Mapping.builder(ObjectType.GROUP).deviceId(Value.column("id")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mapping.device_id");
    assertThatThrownBy(() -> Mapping.builder(ObjectType.USER).time(Value.column("at")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mapping.time");
  }

  @Test
  void job_toString_neverShowsTheApiKey() {
    SyncJob job =
        SyncJob.builder("users").source(source).mapping(userMapping())
            .destination(AmplitudeClient.builder("very-secret-api-key-0042")).build();

    assertThat(job.toString()).doesNotContain("very-secret-api-key-0042").contains("users");
  }

  // ------------------------------------------------------------------------------ helpers

  private AmplitudeClient.Builder destination() {
    return AmplitudeClient.builder(fake.apiKey())
        .endpoint(URI.create(fake.baseUrl()))
        .linger(Duration.ofMillis(5))
        .closeTimeout(Duration.ofSeconds(20));
  }

  private static Mapping userMapping() {
    return Mapping.builder(ObjectType.USER).userId(Value.column("id")).property("plan", Value.column("plan")).build();
  }

  private static Mapping eventMapping() {
    return Mapping.builder(ObjectType.EVENT).eventType(Value.constant("Order Completed")).userId(Value.column("id")).timeNow().build();
  }

  /** A source that counts how often it was opened. */
  private static final class CountingSource implements Source {
    private final Source delegate;
    private final AtomicInteger opens = new AtomicInteger();

    CountingSource(Source delegate) {
      this.delegate = delegate;
    }

    int opens() {
      return opens.get();
    }

    @Override
    public RowStream open() {
      opens.incrementAndGet();
      return delegate.open();
    }

    @Override
    public String describe() {
      return "counting " + delegate.describe();
    }
  }
}
