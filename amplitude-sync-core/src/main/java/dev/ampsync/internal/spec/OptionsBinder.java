package dev.ampsync.internal.spec;

import dev.ampsync.FailureThresholds;
import dev.ampsync.FailureThresholds.Limit;
import dev.ampsync.OnRemoved;
import dev.ampsync.SyncJob;
import dev.ampsync.internal.util.SpecNames;
import dev.ampsync.mapping.Nulls;
import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.SpecKey;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.List;

/**
 * Binds {@code options:} to a {@link SyncJob.Builder}. Every value goes through the builder's setter,
 * which alone decides what is valid. ({@code options.nulls} belongs to the mapping: see {@link
 * MappingBinder}.)
 */
public final class OptionsBinder {
  /** The keys of {@code options.watermark:}. */
  static final List<SpecKey> WATERMARK_KEYS = List.of(
      SpecKey.string("column", "the column whose greatest value a run remembers").asRequired(),
      SpecKey.duration("lag", "how far before the last watermark the next run reads again").withDefault("0s"));

  /** The keys of {@code options.fail_when:}: a count of rows ({@code 10}) or a percentage ({@code 5%}). */
  static final List<SpecKey> FAIL_WHEN_KEYS = List.of(
      SpecKey.string("invalid", "invalid rows above which the run is PARTIAL; default: any"),
      SpecKey.string("rejected", "rejected rows above which the run is PARTIAL; default: any"),
      SpecKey.string("failed", "failed rows above which the run is PARTIAL; default: any"));
  private static final Pattern PERCENT = Pattern.compile("-?\\d+(\\.\\d+)?\\s*%");
  private static final Pattern COUNT = Pattern.compile("-?\\d+");

  /**
   * The keys {@code options:} takes: the binder and the JSON Schema both read this table. ({@code
   * nulls} is read by {@link MappingBinder}.)
   */
  public static final List<SpecKey> KEYS = List.of(
      SpecKey.choice("nulls", SpecNames.namesOf(Nulls.values(), Nulls::specName),
          "what a NULL does to a property: leave it alone, or remove it").withDefault("skip"),
      SpecKey.choice("on_removed", SpecNames.namesOf(OnRemoved.values(), OnRemoved::specName),
          "what happens to a user, device or group that left the source").withDefault("ignore"),
      SpecKey.integer("max_rows", "a source with more rows fails the run before anything is sent"),
      SpecKey.string("synthetic_event", "after each changed user, an event of this type"),
      SpecKey.bool("skip_user_properties_sync", "events carry $skip_user_properties_sync: true").withDefault("false"),
      SpecKey.section("watermark", WATERMARK_KEYS, "event syncs read only rows after the last watermark minus the lag"),
      SpecKey.string("problems_file", "every invalid, rejected or failed row as a JSON line"),
      SpecKey.bool("full_resync", "ignore the state and send every row once").withDefault("false"),
      SpecKey.section("fail_when", FAIL_WHEN_KEYS, "the share or count of problem rows above which a run is PARTIAL (exit 2)"));

  private OptionsBinder() {}

  /**
   * Applies the section's settings to a job builder.
   *
   * @param options the {@code options:} section, or null when the spec has none
   * @param builder the job builder
   * @throws SpecException if a key is unknown or a value is malformed or refused
   */
  public static void apply(SpecSection options, SyncJob.Builder builder) {
    if (options == null) {
      return;
    }
    options.declare(KEYS);
    options.set("on_removed", options.choice("on_removed", OnRemoved::fromSpecName), builder::onRemoved);
    options.set("max_rows", options.number("max_rows"), builder::maxRows);
    options.set("synthetic_event", options.text("synthetic_event"), builder::syntheticEvent);
    options.set("skip_user_properties_sync", options.bool("skip_user_properties_sync"), builder::skipUserPropertiesSync);
    options.set("full_resync", options.bool("full_resync"), builder::fullResync);
    String problems = options.text("problems_file");
    if (problems != null) {
      builder.problemsFile(path(options, "problems_file", problems));
    }
    SpecSection watermark = options.optionalSection("watermark");
    if (watermark != null) {
      watermark.declare(WATERMARK_KEYS);
      String column = watermark.requiredText("column");
      Duration lag = watermark.duration("lag");
      watermark.check("lag", () -> builder.watermark(column, lag == null ? Duration.ZERO : lag));
    }
    SpecSection failWhen = options.optionalSection("fail_when");
    if (failWhen != null) {
      failWhen.declare(FAIL_WHEN_KEYS);
      FailureThresholds thresholds = FailureThresholds.of();
      Limit invalid = limit(failWhen, "invalid");
      Limit rejected = limit(failWhen, "rejected");
      Limit failed = limit(failWhen, "failed");
      thresholds = invalid == null ? thresholds : thresholds.invalidAbove(invalid);
      thresholds = rejected == null ? thresholds : thresholds.rejectedAbove(rejected);
      thresholds = failed == null ? thresholds : thresholds.failedAbove(failed);
      builder.failWhen(thresholds);
    }
  }

  /**
   * Reads one threshold: a whole number is a count of rows ({@code 10}), a number with {@code %} a
   * percentage of the rows read ({@code 5%}, {@code 0.5%}); {@link Limit} itself refuses a negative
   * count or a percentage outside 0 to 100, with its message.
   */
  private static Limit limit(SpecSection failWhen, String key) {
    String text = failWhen.text(key);
    if (text == null) {
      return null;
    }
    String trimmed = text.trim();
    // The sign is allowed here so that Limit says what is wrong with a negative threshold.
    if (PERCENT.matcher(trimmed).matches()) {
      double percent = Double.parseDouble(trimmed.substring(0, trimmed.length() - 1).trim());
      return failWhen.check(key, () -> Limit.percent(percent));
    }
    if (COUNT.matcher(trimmed).matches()) {
      try {
        long count = Long.parseLong(trimmed);
        return failWhen.check(key, () -> Limit.count(count));
      } catch (NumberFormatException e) {
        throw failWhen.error(key, "'" + text + "' is too large a count");
      }
    }
    throw failWhen.error(key, "'" + text + "' is not a threshold; write a count of rows such as 10, or a"
        + " percentage of the rows read such as 5% or 0.5%");
  }

  private static Path path(SpecSection options, String key, String text) {
    try {
      return Path.of(text);
    } catch (InvalidPathException e) {
      // The platform's message quotes the offending character unreadably; say it plainly.
      throw options.error(key, "'" + text + "' is not a usable file path");
    }
  }
}
