package dev.ampsync.internal.spec;

import dev.ampsync.FailureThresholds;
import dev.ampsync.FailureThresholds.Limit;
import dev.ampsync.OnRemoved;
import dev.ampsync.SyncJob;
import dev.ampsync.spec.SpecException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Binds {@code options:} to a {@link SyncJob.Builder}. Every value goes through the builder's setter,
 * which alone decides what is valid. ({@code options.nulls} belongs to the mapping: see {@link
 * MappingBinder}.)
 */
public final class OptionsBinder {
  /** The keys {@code options:} takes. */
  public static final Set<String> KEYS =
      Set.of("nulls", "on_removed", "max_rows", "synthetic_event", "skip_user_properties_sync", "watermark",
          "problems_file", "full_resync", "fail_when");
  private static final Set<String> WATERMARK_KEYS = Set.of("column", "lag");
  private static final Set<String> FAIL_WHEN_KEYS = Set.of("invalid", "rejected", "failed");
  private static final Pattern PERCENT = Pattern.compile("-?\\d+(\\.\\d+)?\\s*%");
  private static final Pattern COUNT = Pattern.compile("-?\\d+");

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
    options.allowOnly(KEYS);
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
      watermark.allowOnly(WATERMARK_KEYS);
      String column = watermark.requiredText("column");
      Duration lag = watermark.duration("lag");
      watermark.check("lag", () -> builder.watermark(column, lag == null ? Duration.ZERO : lag));
    }
    SpecSection failWhen = options.optionalSection("fail_when");
    if (failWhen != null) {
      failWhen.allowOnly(FAIL_WHEN_KEYS);
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
