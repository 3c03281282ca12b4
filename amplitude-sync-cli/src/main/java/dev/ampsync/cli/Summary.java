package dev.ampsync.cli;

import dev.ampsync.SyncResult;

/**
 * The result of a run as the command line prints it on stdout: sync, status, counts, the resync
 * reason, the error and a sample of problems, one per line.
 */
final class Summary {
  private Summary() {}

  static String of(SyncResult r) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("  %-10s %s%s%n", "sync", r.sync(), r.isPreview() ? "  (preview: nothing was sent)" : ""));
    out.append(String.format("  %-10s %s%n", "status", r.status()));
    // Why PARTIAL, or why SUCCEEDED although rows had problems: the fail_when thresholds decide.
    r.thresholdsExceeded().forEach(line -> out.append(String.format("  %-10s %s%n", "because", line)));
    if (r.status() == dev.ampsync.SyncStatus.SUCCEEDED && r.invalid() + r.rejected() + r.failed() > 0) {
      out.append(String.format("  %-10s %s%n", "because", "the problem rows are within fail_when"));
    }
    out.append(String.format("  %-10s %,12d%n", "rows read", r.rowsRead()));
    if (r.records() != r.rowsRead()) { // group rows with members: the counts below are records
      out.append(String.format("  %-10s %,12d%n", "records", r.records()));
    }
    out.append(String.format("  %-10s %,12d%s%n", r.isPreview() ? "to send" : "accepted", r.accepted(), ""));
    out.append(String.format("  %-10s %,12d%n", "unchanged", r.unchanged()));
    out.append(String.format("  %-10s %,12d%n", "invalid", r.invalid()));
    out.append(String.format("  %-10s %,12d%n", "rejected", r.rejected()));
    out.append(String.format("  %-10s %,12d%n", "failed", r.failed()));
    if (r.removed() > 0) {
      out.append(String.format("  %-10s %,12d%n", "removed", r.removed()));
    }
    out.append(String.format("  %-10s %,12d ms%n", "duration", r.duration().toMillis()));
    r.fullResync().ifPresent(reason -> out.append(String.format("  %-10s %s%n", "resync", reason)));
    r.error().ifPresent(error -> out.append(String.format("  %-10s %s%n", "error", error)));
    if (!r.problems().isEmpty()) {
      out.append(String.format("  problems (first %d):%n", Math.min(10, r.problems().size())));
      r.problems().stream().limit(10).forEach(p -> out.append(String.format("    %-8s %s: %s%n",
          p.outcome(), p.key() == null ? "(no key)" : p.key(), p.reason())));
    }
    return out.toString();
  }
}
