package dev.ampsync.internal.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.RunEntry;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code runs} metadata entry: a JSON array of the last {@value #LIMIT} runs, oldest first, each
 * {@code {started, durationMs, status, rowsRead, accepted, unchanged, invalid, rejected, failed,
 * resync?, error?}}. Kept bounded so the entry stays small (about 25 KB at most). An entry that cannot
 * be read (written by hand, cut short) is treated as empty rather than failing a run: history is for
 * people, the sync does not depend on it. Read and written with Jackson's streaming API: a run that
 * sends nothing never needs its object mapper.
 */
final class RunHistory {
  static final String META = "runs";
  static final int LIMIT = 100;
  /** Errors are kept short: the full text is in the run's own report. */
  private static final int MAX_ERROR = 500;
  private static final JsonFactory JSON = new JsonFactory();

  private RunHistory() {}

  /** Returns the stored entry with one more run appended, the oldest dropped past the limit. */
  static String append(String stored, SyncResult result, Instant started) {
    List<String> runs = elements(stored);
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      out.writeStartArray();
      for (int i = Math.max(0, runs.size() + 1 - LIMIT); i < runs.size(); i++) {
        out.writeRawValue(runs.get(i));
      }
      out.writeStartObject();
      out.writeStringField("started", started.toString());
      out.writeNumberField("durationMs", result.duration().toMillis());
      out.writeStringField("status", result.status().name());
      out.writeNumberField("rowsRead", result.rowsRead());
      out.writeNumberField("accepted", result.accepted());
      out.writeNumberField("unchanged", result.unchanged());
      out.writeNumberField("invalid", result.invalid());
      out.writeNumberField("rejected", result.rejected());
      out.writeNumberField("failed", result.failed());
      if (result.fullResync().isPresent()) {
        out.writeStringField("resync", result.fullResync().get());
      }
      if (result.error().isPresent()) {
        String error = result.error().get();
        out.writeStringField("error", error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR) + "...");
      }
      out.writeEndObject();
      out.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return text.toString();
  }

  /** Returns the runs of a stored entry, newest first; none for null or an entry that cannot be read. */
  static List<RunEntry> read(String stored) {
    List<Map<String, String>> runs = fields(stored);
    List<RunEntry> entries = new ArrayList<>(runs.size());
    for (int i = runs.size() - 1; i >= 0; i--) {
      Map<String, String> run = runs.get(i);
      try {
        entries.add(new RunEntry(
            Instant.parse(run.getOrDefault("started", "")),
            Duration.ofMillis(number(run, "durationMs")),
            SyncStatus.valueOf(run.getOrDefault("status", "")),
            number(run, "rowsRead"),
            number(run, "accepted"),
            number(run, "unchanged"),
            number(run, "invalid"),
            number(run, "rejected"),
            number(run, "failed"),
            Optional.ofNullable(run.get("resync")),
            Optional.ofNullable(run.get("error"))));
      } catch (RuntimeException unreadable) {
        // one damaged entry hides itself, not the others
      }
    }
    return entries;
  }

  /**
   * A count as stored (a number, or a number's text; a fraction is cut to a whole number, as the
   * object mapper's {@code asLong} did); 0 when it is missing or not a number.
   */
  private static long number(Map<String, String> run, String field) {
    String value = run.get(field);
    if (value == null) {
      return 0;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException notWhole) {
      try {
        return (long) Double.parseDouble(value);
      } catch (NumberFormatException notNumber) {
        return 0;
      }
    }
  }

  /** Reads one element of the stored array, the parser on its first token. */
  private interface ElementReader<T> {
    T read(JsonParser in) throws IOException;
  }

  /** Returns each element of a stored array as its JSON text; none when it cannot be read. */
  private static List<String> elements(String stored) {
    return each(stored, in -> {
      StringWriter element = new StringWriter();
      try (JsonGenerator out = JSON.createGenerator(element)) {
        out.copyCurrentStructure(in);
      }
      return element.toString();
    });
  }

  /**
   * Returns the scalar fields of each object of a stored array (a JSON null is left out, nested
   * values are skipped); an element that is not an object has none. None when it cannot be read.
   */
  private static List<Map<String, String>> fields(String stored) {
    return each(stored, in -> {
      Map<String, String> run = new HashMap<>();
      if (in.currentToken() == JsonToken.START_OBJECT) {
        while (in.nextToken() == JsonToken.FIELD_NAME) {
          String name = in.currentName();
          JsonToken value = in.nextToken();
          if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
            run.put(name, in.getText());
          } else {
            in.skipChildren();
          }
        }
      } else {
        in.skipChildren();
      }
      return run;
    });
  }

  /**
   * Reads each element of a stored array; none for null, for anything but an array, and for an
   * array cut short or not JSON (see the class comment). What follows the array is ignored, as it
   * always was.
   */
  private static <T> List<T> each(String stored, ElementReader<T> reader) {
    List<T> elements = new ArrayList<>();
    if (stored == null) {
      return elements;
    }
    try (JsonParser in = JSON.createParser(stored)) {
      if (in.nextToken() != JsonToken.START_ARRAY) {
        return new ArrayList<>();
      }
      JsonToken token;
      while ((token = in.nextToken()) != JsonToken.END_ARRAY) {
        if (token == null) {
          return new ArrayList<>(); // cut short
        }
        elements.add(reader.read(in));
      }
      return elements;
    } catch (IOException unreadable) {
      return new ArrayList<>();
    }
  }
}
