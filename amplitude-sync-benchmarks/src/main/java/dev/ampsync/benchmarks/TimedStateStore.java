package dev.ampsync.benchmarks;

import dev.ampsync.source.Column;
import dev.ampsync.source.Row;
import dev.ampsync.source.Source;
import dev.ampsync.state.PlannedRows;
import dev.ampsync.state.StateStore;
import dev.ampsync.state.SyncState;
import dev.ampsync.state.WarehousePlan;
import dev.ampsync.state.WarehousePlanner;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A state store that delegates everything and, when the delegate plans in the warehouse, times the
 * planning query: how long {@link WarehousePlanner#changedRows} takes to return (the model count,
 * then the planning query up to its first fetch of rows) and when its stream ends (the database has
 * produced the last changed row). Keeps the last {@link WarehousePlan} so that the same planning SQL
 * can be rebuilt for EXPLAIN ANALYZE. Times are {@link System#nanoTime()} values; reset per run.
 */
final class TimedStateStore implements StateStore {
  private final StateStore delegate;
  private volatile WarehousePlan lastPlan;
  private volatile long planningStarted;
  private volatile long firstFetchDone;
  private volatile long streamEnded;
  private volatile long removedKeysNanos;

  TimedStateStore(StateStore delegate) {
    this.delegate = delegate;
  }

  void reset() {
    planningStarted = 0;
    firstFetchDone = 0;
    streamEnded = 0;
    removedKeysNanos = 0;
  }

  WarehousePlan lastPlan() {
    return lastPlan;
  }

  /** Nanoseconds from the run's start to the planner being asked for the changed rows, or -1. */
  long toPlanning(long runStarted) {
    return planningStarted == 0 ? -1 : planningStarted - runStarted;
  }

  /** Nanoseconds changedRows took to return (model count + planning query to its first fetch), or -1. */
  long firstFetch() {
    return planningStarted == 0 || firstFetchDone == 0 ? -1 : firstFetchDone - planningStarted;
  }

  /** Nanoseconds from asking for the changed rows to their stream's end, or -1. */
  long planningStream() {
    return planningStarted == 0 || streamEnded == 0 ? -1 : streamEnded - planningStarted;
  }

  /** Nanoseconds spent listing removed keys (the anti-join), 0 if not asked. */
  long removedKeys() {
    return removedKeysNanos;
  }

  @Override
  public SyncState open(String syncName) {
    return delegate.open(syncName);
  }

  @Override
  public SyncState openForPreview(String syncName) {
    return delegate.openForPreview(syncName);
  }

  @Override
  public String location() {
    return delegate.location();
  }

  @Override
  public String forget(String syncName) {
    return delegate.forget(syncName);
  }

  @Override
  public Optional<WarehousePlanner> warehousePlanner(Source source) {
    return delegate.warehousePlanner(source).map(Timed::new);
  }

  @Override
  public void close() {
    delegate.close();
  }

  private final class Timed implements WarehousePlanner {
    private final WarehousePlanner planner;

    Timed(WarehousePlanner planner) {
      this.planner = planner;
    }

    @Override
    public PlannedRows changedRows(WarehousePlan plan) {
      lastPlan = plan;
      planningStarted = System.nanoTime();
      PlannedRows rows = planner.changedRows(plan);
      firstFetchDone = System.nanoTime();
      return new PlannedRows() {
        @Override
        public List<Column> columns() {
          return rows.columns();
        }

        @Override
        public Row next() {
          Row row = rows.next();
          if (row == null && streamEnded == 0) {
            streamEnded = System.nanoTime();
          }
          return row;
        }

        @Override
        public long modelRows() {
          return rows.modelRows();
        }

        @Override
        public void close() {
          rows.close();
        }
      };
    }

    @Override
    public void forEachRemovedKey(WarehousePlan plan, Consumer<String> action) {
      long started = System.nanoTime();
      planner.forEachRemovedKey(plan, action);
      removedKeysNanos += System.nanoTime() - started;
    }

    @Override
    public String describe() {
      return planner.describe();
    }
  }
}
