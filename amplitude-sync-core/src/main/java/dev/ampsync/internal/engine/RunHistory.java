package dev.ampsync.internal.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampsync.SyncResult;
import dev.ampsync.SyncStatus;
import dev.ampsync.RunEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code runs} metadata entry: a JSON array of the last {@value #LIMIT} runs, oldest first, each
 * {@code {started, durationMs, status, rowsRead, accepted, unchanged, invalid, rejected, failed,
 * resync?, error?}}. Kept bounded so the entry stays small (about 25 KB at most). An entry that cannot
 * be read (written by hand, cut short) is treated as empty rather than failing a run: history is for
 * people, the sync does not depend on it.
 */
final class RunHistory {
  static final String META = "runs";
  static final int LIMIT = 100;
  /** Errors are kept short: the full text is in the run's own report. */
  private static final int MAX_ERROR = 500;
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunHistory() {}

  /** Returns the stored entry with one more run appended, the oldest dropped past the limit. */
  static String append(String stored, SyncResult result, Instant started) {
    ArrayNode runs = parse(stored);
    ObjectNode run = runs.addObject();
    run.put("started", started.toString());
    run.put("durationMs", result.duration().toMillis());
    run.put("status", result.status().name());
    run.put("rowsRead", result.rowsRead());
    run.put("accepted", result.accepted());
    run.put("unchanged", result.unchanged());
    run.put("invalid", result.invalid());
    run.put("rejected", result.rejected());
    run.put("failed", result.failed());
    result.fullResync().ifPresent(reason -> run.put("resync", reason));
    result.error().ifPresent(error ->
        run.put("error", error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR) + "..."));
    while (runs.size() > LIMIT) {
      runs.remove(0);
    }
    return runs.toString();
  }

  /** Returns the runs of a stored entry, newest first; none for null or an entry that cannot be read. */
  static List<RunEntry> read(String stored) {
    ArrayNode runs = parse(stored);
    List<RunEntry> entries = new ArrayList<>(runs.size());
    for (int i = runs.size() - 1; i >= 0; i--) {
      JsonNode run = runs.get(i);
      try {
        entries.add(new RunEntry(
            Instant.parse(run.path("started").asText()),
            Duration.ofMillis(run.path("durationMs").asLong()),
            SyncStatus.valueOf(run.path("status").asText()),
            run.path("rowsRead").asLong(),
            run.path("accepted").asLong(),
            run.path("unchanged").asLong(),
            run.path("invalid").asLong(),
            run.path("rejected").asLong(),
            run.path("failed").asLong(),
            text(run, "resync"),
            text(run, "error")));
      } catch (RuntimeException unreadable) {
        // one damaged entry hides itself, not the others
      }
    }
    return entries;
  }

  private static Optional<String> text(JsonNode run, String field) {
    JsonNode value = run.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }

  private static ArrayNode parse(String stored) {
    if (stored != null) {
      try {
        JsonNode node = JSON.readTree(stored);
        if (node instanceof ArrayNode array) {
          return array;
        }
      } catch (java.io.IOException unreadable) {
        // treated as empty: see the class comment
      }
    }
    return JSON.createArrayNode();
  }
}
