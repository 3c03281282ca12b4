package dev.ampsync.internal.engine;

import dev.ampsync.SyncJob;
import dev.ampsync.client.AmplitudeClient;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.InMemorySource;
import dev.ampsync.state.StateStore;
import dev.ampsync.source.ArrayRow;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.Columns;
import dev.ampsync.source.Row;
import dev.ampsync.state.SyncState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Small helpers shared by the engine's stage tests. */
final class EngineFixtures {
  private EngineFixtures() {}

  static List<Column> columns(String... labels) {
    List<Column> list = new ArrayList<>();
    for (String label : labels) {
      list.add(new Column(label, ColumnType.OTHER));
    }
    return list;
  }

  static Row row(List<Column> columns, Object... values) {
    return new ArrayRow(Columns.of(columns), values);
  }

  static Tally tally() {
    return new Tally(10, null);
  }

  static final Mapping USERS =
      Mapping.builder(ObjectType.USER).userId(Value.column("uid")).property("plan", Value.column("plan")).build();

  /** A user job over an in-memory source of {@code uid, plan} rows ({@code "user-1", "gold"} ...). */
  static SyncJob.Builder userJob(String name, Object... uidPlanPairs) {
    InMemorySource.Builder source = InMemorySource.builder().column("uid", ColumnType.OTHER).column("plan", ColumnType.OTHER);
    for (int i = 0; i < uidPlanPairs.length; i += 2) {
      source.row(uidPlanPairs[i], uidPlanPairs[i + 1]);
    }
    return SyncJob.builder(name).source(source.build()).mapping(USERS)
        .destination(AmplitudeClient.builder("engine-stage-test-key-0001"));
  }

  /** A store whose every sync is this one state. */
  static StateStore store(SyncState state) {
    return new StateStore() {
      @Override
      public SyncState open(String syncName) {
        return state;
      }

      @Override
      public void close() {}
    };
  }

  /** A client that sends nothing and accepts every record once flushed. */
  static AmplitudeClient dryRunClient() {
    return AmplitudeClient.builder("engine-stage-test-key-0001").dryRun(2).build();
  }

  /** A sync state in memory that counts its commits and closes. */
  static class RecordingState implements SyncState {
    final Map<String, byte[]> keys = new ConcurrentHashMap<>();
    final Map<String, String> meta = new ConcurrentHashMap<>();
    volatile int commits;
    volatile int closes;

    @Override
    public byte[] get(String key) {
      return keys.get(key);
    }

    @Override
    public void put(String key, byte[] value) {
      keys.put(key, value.clone());
    }

    @Override
    public void remove(String key) {
      keys.remove(key);
    }

    @Override
    public void forEachKey(Consumer<String> action) {
      new ArrayList<>(keys.keySet()).stream().sorted().forEach(action);
    }

    @Override
    public long size() {
      return keys.size();
    }

    @Override
    public String meta(String name) {
      return meta.get(name);
    }

    @Override
    public void meta(String name, String value) {
      if (value == null) {
        meta.remove(name);
      } else {
        meta.put(name, value);
      }
    }

    @Override
    public void clear() {
      keys.clear();
    }

    @Override
    public synchronized void commit() {
      commits++;
    }

    @Override
    public synchronized void close() {
      closes++;
      commits++;
    }
  }
}
