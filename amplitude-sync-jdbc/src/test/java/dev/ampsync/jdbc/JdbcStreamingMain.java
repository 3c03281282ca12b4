package dev.ampsync.jdbc;

import dev.ampsync.source.Column;
import dev.ampsync.source.Row;
import dev.ampsync.source.RowStream;
import java.util.List;

/**
 * Reads a whole table through {@link JdbcSource} and reports how many rows it read, for {@link
 * JdbcSourceStreamingTest}, which runs it in a child JVM with a small heap: a source that loaded the
 * result set would run out of memory.
 *
 * <p>Arguments: {@code URL USER PASSWORD TABLE}, with {@code -} for no user or password. Prints
 * {@code ROWS n}, {@code ID_SUM n}, {@code SECONDS s}, {@code ROWS_PER_SECOND r}, {@code MAX_HEAP_MB m}
 * and {@code PEAK_USED_HEAP_MB m}, one per line; exits 0 on success.
 */
public final class JdbcStreamingMain {
  private JdbcStreamingMain() {}

  public static void main(String[] args) {
    if (args.length != 4) {
      System.err.println("usage: JdbcStreamingMain URL USER|- PASSWORD|- TABLE");
      System.exit(64);
    }
    JdbcSource source = JdbcSource.builder()
        .url(args[0])
        .user(args[1].equals("-") ? null : args[1])
        .password(args[2].equals("-") ? null : args[2])
        .table(args[3])
        .build();
    Runtime runtime = Runtime.getRuntime();
    long rows = 0;
    long idSum = 0;
    long checksum = 0;
    long peakUsed = 0;
    long start = System.nanoTime();
    try (RowStream stream = source.open()) {
      List<Column> columns = stream.columns();
      for (Row row = stream.next(); row != null; row = stream.next()) {
        rows++;
        for (Column column : columns) {
          Object value = row.get(column.label()); // touch every value
          checksum = 31 * checksum + (value == null ? 0 : value.hashCode());
        }
        idSum += ((Number) row.get("id")).longValue();
        if ((rows & 0xFFFF) == 0) {
          peakUsed = Math.max(peakUsed, runtime.totalMemory() - runtime.freeMemory());
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    peakUsed = Math.max(peakUsed, runtime.totalMemory() - runtime.freeMemory());
    System.out.println("ROWS " + rows);
    System.out.println("ID_SUM " + idSum);
    System.out.println("CHECKSUM " + checksum);
    System.out.printf(java.util.Locale.ROOT, "SECONDS %.3f%n", seconds);
    System.out.printf(java.util.Locale.ROOT, "ROWS_PER_SECOND %.0f%n", rows / seconds);
    System.out.println("MAX_HEAP_MB " + runtime.maxMemory() / (1024 * 1024));
    System.out.println("PEAK_USED_HEAP_MB " + peakUsed / (1024 * 1024));
  }
}
