package dev.ampsync.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Secondary results: JMH reports each public field as a rate per second next to the primary
 * result, so {@code records} is records/s and {@code bytes} is encoded bytes/s.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Counters {
  public long records;
  public long bytes;

  @Setup(Level.Iteration)
  public void reset() {
    records = 0;
    bytes = 0;
  }
}
