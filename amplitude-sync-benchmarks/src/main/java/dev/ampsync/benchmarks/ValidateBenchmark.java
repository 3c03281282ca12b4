package dev.ampsync.benchmarks;

import dev.ampsync.internal.engine.RowMapper;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.RecordValidator;
import dev.ampsync.record.Violation;
import java.util.List;
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

/** {@code RecordValidator.validate} on mapped event and user records. Score: records per second. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ValidateBenchmark {
  private static final int ROWS = 1024;

  private final RecordValidator validator = RecordValidator.create();
  private final AmplitudeRecord[] events = new AmplitudeRecord[ROWS];
  private final AmplitudeRecord[] users = new AmplitudeRecord[ROWS];
  private int next;

  @Setup
  public void setUp() {
    RowMapper eventMapper = new RowMapper(Fixtures.eventMapping(), Fixtures.EVENT_COLUMNS, "bench-events");
    RowMapper userMapper = new RowMapper(Fixtures.userMapping(), Fixtures.USER_COLUMNS, "bench-users");
    for (int i = 0; i < ROWS; i++) {
      events[i] = ((RowMapper.Mapped.Ready) eventMapper.map(Fixtures.eventRow(i + 1))).record();
      users[i] = ((RowMapper.Mapped.Ready) userMapper.map(Fixtures.userRow(i + 1))).record();
    }
    if (!validator.validate(events[0]).isEmpty() || !validator.validate(users[0]).isEmpty()) {
      throw new IllegalStateException("fixtures are not valid: " + validator.validate(events[0]) + validator.validate(users[0]));
    }
  }

  @Benchmark
  public List<Violation> validateEvent(Counters counters) {
    counters.records++;
    return validator.validate(events[next++ & (ROWS - 1)]);
  }

  @Benchmark
  public List<Violation> validateUser(Counters counters) {
    counters.records++;
    return validator.validate(users[next++ & (ROWS - 1)]);
  }
}
