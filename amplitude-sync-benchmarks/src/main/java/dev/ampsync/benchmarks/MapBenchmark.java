package dev.ampsync.benchmarks;

import dev.ampsync.internal.engine.RowMapper;
import dev.ampsync.source.ArrayRow;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code RowMapper.map} on ten-column rows: an event row (bigint id, text ids, timestamptz, numeric,
 * three strings, a jsonb object of four keys) and a user row (text id, strings, numeric, two
 * timestamps, integer, boolean, jsonb). Score: rows mapped per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MapBenchmark {
  private static final int ROWS = 1024;

  private RowMapper events;
  private RowMapper users;
  private final ArrayRow[] eventRows = new ArrayRow[ROWS];
  private final ArrayRow[] userRows = new ArrayRow[ROWS];
  private int next;

  @Setup
  public void setUp() {
    events = new RowMapper(Fixtures.eventMapping(), Fixtures.EVENT_COLUMNS, "bench-events");
    users = new RowMapper(Fixtures.userMapping(), Fixtures.USER_COLUMNS, "bench-users");
    for (int i = 0; i < ROWS; i++) {
      eventRows[i] = Fixtures.eventRow(i + 1);
      userRows[i] = Fixtures.userRow(i + 1);
    }
    RowMapper.Mapped check = events.map(eventRows[0]);
    if (!(check instanceof RowMapper.Mapped.Ready)) {
      throw new IllegalStateException("event fixture does not map: " + check);
    }
    check = users.map(userRows[0]);
    if (!(check instanceof RowMapper.Mapped.Ready)) {
      throw new IllegalStateException("user fixture does not map: " + check);
    }
  }

  @Benchmark
  public RowMapper.Mapped mapEventRow(Counters counters) {
    counters.records++;
    return events.map(eventRows[next++ & (ROWS - 1)]);
  }

  @Benchmark
  public RowMapper.Mapped mapUserRow(Counters counters) {
    counters.records++;
    return users.map(userRows[next++ & (ROWS - 1)]);
  }
}
