package dev.ampsync.benchmarks;

import dev.ampsync.internal.engine.RowMapper;
import dev.ampsync.internal.wire.EncodedRecord;
import dev.ampsync.internal.wire.RequestBodies;
import dev.ampsync.internal.wire.WireFormat;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.EventRecord;
import dev.ampsync.record.RecordValidator;
import java.util.ArrayList;
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

/**
 * Encoding: {@code WireFormat.event} and {@code WireFormat.identification} per record, and request
 * body assembly ({@code RequestBodies.events} of 2000 events, {@code RequestBodies.form} of 1000
 * identifications). The secondary results {@code records} and {@code bytes} are records/s and
 * bytes/s of JSON produced (for bodies: body bytes).
 *
 * <p>{@code mapValidateEncodeEvent} is the whole per-row CPU path of an event sync before the
 * dispatcher: map, validate, encode.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncodeBenchmark {
  private static final int ROWS = 2048;
  private static final WireFormat WIRE = WireFormat.get();

  private final EventRecord[] events = new EventRecord[ROWS];
  private final AmplitudeRecord[] users = new AmplitudeRecord[ROWS];
  private final List<EncodedRecord> eventBatch = new ArrayList<>(2000);
  private final List<EncodedRecord> identifyBatch = new ArrayList<>(1000);
  private final RequestBodies bodies = RequestBodies.create(Fixtures.API_KEY, null);
  private final RecordValidator validator = RecordValidator.create();
  private RowMapper eventMapper;
  private final dev.ampsync.source.ArrayRow[] eventRows = new dev.ampsync.source.ArrayRow[ROWS];
  private int next;

  @Setup
  public void setUp() {
    eventMapper = new RowMapper(Fixtures.eventMapping(), Fixtures.EVENT_COLUMNS, "bench-events");
    RowMapper userMapper = new RowMapper(Fixtures.userMapping(), Fixtures.USER_COLUMNS, "bench-users");
    for (int i = 0; i < ROWS; i++) {
      eventRows[i] = Fixtures.eventRow(i + 1);
      events[i] = (EventRecord) ((RowMapper.Mapped.Ready) eventMapper.map(eventRows[i])).record();
      users[i] = ((RowMapper.Mapped.Ready) userMapper.map(Fixtures.userRow(i + 1))).record();
    }
    for (int i = 0; i < 2000; i++) {
      eventBatch.add(WIRE.event(events[i]));
    }
    for (int i = 0; i < 1000; i++) {
      identifyBatch.add(WIRE.identification(users[i]));
    }
  }

  @Benchmark
  public EncodedRecord encodeEvent(Counters counters) {
    EncodedRecord encoded = WIRE.event(events[next++ & (ROWS - 1)]);
    counters.records++;
    counters.bytes += encoded.size();
    return encoded;
  }

  @Benchmark
  public EncodedRecord encodeIdentification(Counters counters) {
    EncodedRecord encoded = WIRE.identification(users[next++ & (ROWS - 1)]);
    counters.records++;
    counters.bytes += encoded.size();
    return encoded;
  }

  /** Assembles one /batch body of 2000 pre-encoded events. */
  @Benchmark
  public byte[] assembleEventsBody(Counters counters) {
    byte[] body = bodies.events(eventBatch);
    counters.records += eventBatch.size();
    counters.bytes += body.length;
    return body;
  }

  /** Assembles one form-encoded /identify body of 1000 pre-encoded identifications. */
  @Benchmark
  public byte[] assembleIdentifyBody(Counters counters) {
    byte[] body = bodies.form(identifyBatch);
    counters.records += identifyBatch.size();
    counters.bytes += body.length;
    return body;
  }

  /** Encodes 2000 events and assembles their /batch body: the whole encoding cost of one request. */
  @Benchmark
  public byte[] encodeAndAssembleEventsBody(Counters counters) {
    List<EncodedRecord> batch = new ArrayList<>(2000);
    for (int i = 0; i < 2000; i++) {
      batch.add(WIRE.event(events[i]));
    }
    byte[] body = bodies.events(batch);
    counters.records += 2000;
    counters.bytes += body.length;
    return body;
  }

  /** Map, validate and encode one event row: the engine's per-row CPU before the dispatcher. */
  @Benchmark
  public EncodedRecord mapValidateEncodeEvent(Counters counters) {
    AmplitudeRecord record = ((RowMapper.Mapped.Ready) eventMapper.map(eventRows[next++ & (ROWS - 1)])).record();
    if (!validator.validate(record).isEmpty()) {
      throw new IllegalStateException();
    }
    EncodedRecord encoded = WIRE.event((EventRecord) record);
    counters.records++;
    counters.bytes += encoded.size();
    return encoded;
  }
}
