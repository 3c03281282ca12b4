package dev.ampsync.internal.spec;

import dev.ampsync.OnRemoved;
import dev.ampsync.SyncJob;
import dev.ampsync.internal.util.SpecNames;
import dev.ampsync.mapping.Nulls;
import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.SpecKey;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
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
      SpecKey.bool("full_resync", "ignore the state and send every row once").withDefault("false"));

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
