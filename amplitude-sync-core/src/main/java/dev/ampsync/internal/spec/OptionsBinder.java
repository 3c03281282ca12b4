package dev.ampsync.internal.spec;

import dev.ampsync.OnRemoved;
import dev.ampsync.SyncJob;
import dev.ampsync.spec.SpecException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Binds {@code options:} to a {@link SyncJob.Builder}. Every value goes through the builder's setter,
 * which alone decides what is valid. ({@code options.nulls} belongs to the mapping: see {@link
 * MappingBinder}.)
 */
public final class OptionsBinder {
  /** The keys {@code options:} takes. */
  public static final Set<String> KEYS =
      Set.of("nulls", "on_removed", "max_rows", "synthetic_event", "skip_user_properties_sync", "watermark",
          "problems_file", "full_resync");
  private static final Set<String> WATERMARK_KEYS = Set.of("column", "lag");

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
