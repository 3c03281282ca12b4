package dev.ampsync.internal.spec;

import static dev.ampsync.internal.spec.Specs.mistake;
import static dev.ampsync.internal.spec.Specs.section;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ampsync.FailureThresholds;
import dev.ampsync.FailureThresholds.Limit;
import dev.ampsync.OnRemoved;
import dev.ampsync.SyncJob;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.state.StateStores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsBinderTest {

  private static SyncJob.Builder builder(ObjectType object) {
    Mapping.Builder mapping = Mapping.builder(object);
    if (object == ObjectType.EVENT) {
      mapping.identifier("user_id", Value.column("id")).identifier("event_type", Value.constant("e")).timeNow();
    } else {
      mapping.identifier("user_id", Value.column("id"));
    }
    return SyncJob.builder("job")
        .source(InMemorySource.of(List.of()))
        .mapping(mapping.build())
        .destination(AmplitudeClient.builder("KEY-0001"))
        .state(StateStores.memory());
  }

  private static SyncJob apply(ObjectType object, String yaml) {
    SyncJob.Builder builder = builder(object);
    OptionsBinder.apply(section(yaml, "options"), builder);
    return builder.build();
  }

  @Test
  void apply_userOptions() {
    SyncJob job = apply(ObjectType.USER, """
        options:
          on_removed: UNSET
          max_rows: 5000000000
          synthetic_event: Properties Updated
          full_resync: true
          problems_file: problems.jsonl
        """);

    assertThat(job.onRemoved()).isEqualTo(OnRemoved.UNSET);
    assertThat(job.maxRows()).contains(5_000_000_000L);
    assertThat(job.syntheticEvent()).contains("Properties Updated");
    assertThat(job.fullResync()).isTrue();
    assertThat(job.problemsFile()).contains(Path.of("problems.jsonl"));
  }

  @Test
  void apply_eventOptions_watermarkAndSkip() {
    SyncJob job = apply(ObjectType.EVENT, """
        options:
          skip_user_properties_sync: true
          watermark:
            column: created_at
            lag: 30m
        """);

    assertThat(job.skipUserPropertiesSync()).isTrue();
    assertThat(job.watermarkColumn()).contains("created_at");
    assertThat(job.watermarkLag()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void apply_aWatermarkWithoutLag_readsFromTheWatermarkItself() {
    assertThat(apply(ObjectType.EVENT, "options:\n  watermark:\n    column: t\n").watermarkLag()).isEqualTo(Duration.ZERO);
  }

  @Test
  void apply_aValueTheJobBuilderRefuses_isAMistakeWithTheBuildersMessage() {
    String maxRows = catchThrowable(() -> SyncJob.builder("x").maxRows(-5)).getMessage();

    mistake(() -> apply(ObjectType.USER, "options:\n  max_rows: -5\n"), "options.max_rows", 2, maxRows);
    mistake(() -> apply(ObjectType.USER, "options:\n  synthetic_event: ' '\n"), "options.synthetic_event", 2, "syntheticEvent is blank");
    mistake(() -> apply(ObjectType.EVENT, "options:\n  watermark:\n    column: t\n    lag: -PT1H\n"), "options.watermark.lag", 4,
        "must not be negative");
  }

  @Test
  void apply_malformedValues() {
    mistake(() -> apply(ObjectType.USER, "options:\n  on_removed: delete\n"), "options.on_removed", 2,
        "'delete' is not a policy; use unset or ignore");
    mistake(() -> apply(ObjectType.USER, "options:\n  max_rows: lots\n"), "options.max_rows", 2, "must be a whole number, was 'lots'");
    mistake(() -> apply(ObjectType.USER, "options:\n  full_resync: yes please\n"), "options.full_resync", 2, "must be true or false");
    mistake(() -> apply(ObjectType.EVENT, "options:\n  watermark:\n    column: t\n    lag: soon\n"), "options.watermark.lag", 4,
        "'soon' is not a duration");
    mistake(() -> apply(ObjectType.EVENT, "options:\n  watermark:\n    lag: 1h\n"), "options.watermark.column", 3, "is missing");
    mistake(() -> apply(ObjectType.EVENT, "options:\n  watermark:\n    column: t\n    lagg: 1h\n"), "options.watermark.lagg", 4,
        "did you mean lag?");
  }

  @Test
  void apply_aNulInTheProblemsFilePath_isAMistakeInPlainWords() {
    mistake(() -> apply(ObjectType.USER, "options:\n  problems_file: \"bad\\0name\"\n"), "options.problems_file", 2,
        "is not a usable file path");
  }

  @Test
  void apply_unknownKey_suggestsTheNearest() {
    mistake(() -> apply(ObjectType.USER, "options:\n  nul: skip\n"), "options.nul", 2, "did you mean nulls?", "on_removed");
  }

  @Test
  void apply_failWhen_countsAndPercentages() {
    SyncJob job = apply(ObjectType.USER, """
        options:
          fail_when: {invalid: 5%, rejected: 10, failed: 0.5 %}
        """);

    assertThat(job.failWhen()).isEqualTo(FailureThresholds.of()
        .invalidAbove(Limit.percent(5)).rejectedAbove(Limit.count(10)).failedAbove(Limit.percent(0.5)));
  }

  @Test
  void apply_failWhen_unsetOutcomesKeepTheDefault() {
    SyncJob job = apply(ObjectType.USER, "options:\n  fail_when:\n    rejected: 1%\n");

    assertThat(job.failWhen()).isEqualTo(FailureThresholds.of().rejectedAbove(Limit.percent(1)));
    assertThat(job.failWhen().invalid()).isEqualTo(Limit.count(0));
    assertThat(apply(ObjectType.USER, "options:\n  full_resync: false\n").failWhen()).isEqualTo(FailureThresholds.of());
  }

  @Test
  void apply_failWhen_badValues_nameTheKeyAndLine() {
    mistake(() -> apply(ObjectType.USER, "options:\n  nulls: skip\n  fail_when:\n    invalid: -1\n"),
        "options.fail_when.invalid", 4, "a threshold count must be 0 or more, was -1");
    mistake(() -> apply(ObjectType.USER, "options:\n  fail_when:\n    rejected: 101%\n"),
        "options.fail_when.rejected", 3, "a threshold percentage must be from 0 to 100, was 101.0");
    mistake(() -> apply(ObjectType.USER, "options:\n  fail_when:\n    failed: -2%\n"),
        "options.fail_when.failed", 3, "from 0 to 100");
    mistake(() -> apply(ObjectType.USER, "options:\n  fail_when:\n    invalid: lots\n"),
        "options.fail_when.invalid", 3, "'lots' is not a threshold; write a count of rows such as 10, or a percentage");
    mistake(() -> apply(ObjectType.USER, "options:\n  fail_when:\n    invalid: 0.5\n"),
        "options.fail_when.invalid", 3, "'0.5' is not a threshold");
    mistake(() -> apply(ObjectType.USER, "options:\n  fail_when:\n    invalid: 5d%\n"),
        "options.fail_when.invalid", 3, "'5d%' is not a threshold");
    mistake(() -> apply(ObjectType.USER, "options:\n  fail_when: 5%\n"), "options.fail_when", 2, "must be a mapping of keys");
    mistake(() -> apply(ObjectType.USER, "options:\n  fail_when:\n    rejected: 1\n    invalids: 5%\n"),
        "options.fail_when.invalids", 4, "did you mean invalid?", "Keys are: failed, invalid, rejected");
    mistake(() -> apply(ObjectType.USER, "options:\n  fail_wen: {invalid: 5%}\n"), "options.fail_wen", 2,
        "did you mean fail_when?");
  }

  @Test
  void apply_noOptions_changesNothing() {
    SyncJob.Builder builder = builder(ObjectType.USER);
    OptionsBinder.apply(null, builder);

    assertThat(builder.build().onRemoved()).isEqualTo(OnRemoved.IGNORE);
  }
}
