package dev.ampsync.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ampsync.Problem;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The {@code --report FILE} JSON: {@code sync}, {@code status}, {@code rowsRead}, {@code accepted},
 * {@code unchanged}, {@code invalid}, {@code rejected}, {@code failed}, {@code durationMs}, {@code
 * problems} ({@code key}, {@code outcome}, {@code reason}), plus {@code removed}, {@code preview},
 * {@code fullResync} and {@code error} when there is one, and {@code thresholdsExceeded} (the lines
 * saying which {@code fail_when} thresholds made the run PARTIAL) when there are some.
 */
final class Report {
  private Report() {}

  static void write(SyncResult result, Path file) throws IOException {
    write(result, file, UnaryOperator.identity());
  }

  /**
   * Writes the report.
   *
   * @param show how texts are shown: a spec's values from the environment as written
   */
  static void write(SyncResult result, Path file, UnaryOperator<String> show) throws IOException {
    try (JsonGenerator out = AsWrittenOutput.json(open(file), show)) {
      write(result, out);
    }
  }

  /** Prints the same JSON on a stream ({@code --json} on stdout), leaving the stream open. */
  static void print(SyncResult result, PrintStream stream) throws IOException {
    try (JsonGenerator out = AsWrittenOutput.json(onStream(stream), AsWrittenOutput.of(stream))) {
      write(result, out);
    }
    stream.println();
  }

  private static void write(SyncResult result, JsonGenerator out) throws IOException {
    out.writeStartObject();
    out.writeStringField("sync", result.sync());
    out.writeStringField("status", result.status().name());
    out.writeBooleanField("preview", result.isPreview());
    out.writeNumberField("rowsRead", result.rowsRead());
    out.writeNumberField("records", result.records());
    out.writeNumberField("accepted", result.accepted());
    out.writeNumberField("unchanged", result.unchanged());
    out.writeNumberField("invalid", result.invalid());
    out.writeNumberField("rejected", result.rejected());
    out.writeNumberField("failed", result.failed());
    out.writeNumberField("removed", result.removed());
    out.writeNumberField("durationMs", result.duration().toMillis());
    if (result.fullResync().isPresent()) {
      out.writeStringField("fullResync", result.fullResync().get());
    }
    if (result.error().isPresent()) {
      out.writeStringField("error", result.error().get());
    }
    if (!result.thresholdsExceeded().isEmpty()) {
      out.writeArrayFieldStart("thresholdsExceeded");
      for (String line : result.thresholdsExceeded()) {
        out.writeString(line);
      }
      out.writeEndArray();
    }
    out.writeArrayFieldStart("problems");
    for (Problem problem : result.problems()) {
      out.writeStartObject();
      out.writeStringField("key", problem.key());
      out.writeStringField("outcome", problem.outcome().name());
      out.writeStringField("reason", problem.reason());
      out.writeEndObject();
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  /** Writes the report of a run that could not start (a bad spec): failed, with nothing read. */
  static void writeFailure(String sync, String error, Path file) throws IOException {
    try (JsonGenerator out = open(file)) {
      writeFailure(sync, error, out);
    }
  }

  /** Prints the same JSON on a stream ({@code --json} on stdout), leaving the stream open. */
  static void printFailure(String sync, String error, PrintStream stream) throws IOException {
    try (JsonGenerator out = onStream(stream)) {
      writeFailure(sync, error, out);
    }
    stream.println();
  }

  private static void writeFailure(String sync, String error, JsonGenerator out) throws IOException {
    out.writeStartObject();
    out.writeStringField("sync", sync);
    out.writeStringField("status", SyncStatus.FAILED.name());
    out.writeBooleanField("preview", false);
    for (String count : new String[] {"rowsRead", "records", "accepted", "unchanged", "invalid", "rejected",
        "failed", "removed", "durationMs"}) {
      out.writeNumberField(count, 0);
    }
    out.writeStringField("error", error);
    out.writeArrayFieldStart("problems");
    out.writeEndArray();
    out.writeEndObject();
  }

  private static JsonGenerator onStream(PrintStream stream) throws IOException {
    return new JsonFactory().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
        .createGenerator(stream, JsonEncoding.UTF8).useDefaultPrettyPrinter();
  }

  private static JsonGenerator open(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    return new JsonFactory().createGenerator(writer).useDefaultPrettyPrinter();
  }
}
