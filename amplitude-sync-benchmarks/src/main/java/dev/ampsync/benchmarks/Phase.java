package dev.ampsync.benchmarks;

/** One measured pass: rows, time, what the sink received, process CPU, heap and the run's status. */
record Phase(String label, long rows, long nanos, long requests, long bytes, long cpuNanos, String heap, String status, double load) {
  double rowsPerSecond() {
    return rows / (nanos / 1e9);
  }

  String line() {
    return String.format("%-24s %,11d rows in %6.2f s = %,9.0f rows/s | %,6d requests, %,13d bytes (%.1f MB/s) | process CPU %.2f s (%.2f µs/row, sink included) | %s | load avg %.1f | %s",
        label, rows, nanos / 1e9, rowsPerSecond(), requests, bytes, bytes / 1e6 / (nanos / 1e9), cpuNanos / 1e9,
        rows == 0 ? 0 : cpuNanos / 1e3 / rows, heap, load, status);
  }
}
