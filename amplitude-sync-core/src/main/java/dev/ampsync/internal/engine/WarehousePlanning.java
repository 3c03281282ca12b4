package dev.ampsync.internal.engine;

import dev.ampsync.SyncJob;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.PropertyMapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.ObjectType;
import dev.ampsync.source.Column;
import dev.ampsync.source.Row;
import dev.ampsync.state.PlannedRows;
import dev.ampsync.state.WarehousePlan;
import dev.ampsync.state.WarehousePlan.KeyPart;
import dev.ampsync.state.WarehousePlanner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Warehouse planning for one run: the plan the engine asks the database for (the key's parts and the
 * mapped columns, from the mapping), the planned rows' extra columns, and the run's checks that the
 * database's key is the engine's. Only a declarative mapping whose key is made of columns and
 * constants can be planned there: a row function, a {@code members} list or an event's derived
 * insert id is computed in Java and would never match ({@link #refusal}).
 */
public final class WarehousePlanning {
  private final WarehousePlanner planner;
  private final WarehousePlan plan;
  private int keyIndex = -1;
  private int digestIndex = -1;
  private int storedIndex = -1;
  private long returned;
  private PlannedRows rows;

  private WarehousePlanning(WarehousePlanner planner, WarehousePlan plan) {
    this.planner = planner;
    this.plan = plan;
  }

  /**
   * Plans a run.
   *
   * @param stateName the name the sync's state is kept under
   * @param seed the digest seed: the mapping's fingerprint and the validator's settings
   * @param everyRow whether the run trusts nothing stored (a resync)
   * @param watermarkColumn the watermark column, or null
   * @param after the watermark's lower bound, or null
   * @throws IllegalStateException with {@link #refusal}'s message when the mapping cannot be planned
   */
  static WarehousePlanning of(WarehousePlanner planner, SyncJob job, String stateName, String seed, boolean everyRow,
      String watermarkColumn, Instant after) {
    String refusal = refusal(job.mapping());
    if (refusal != null) {
      throw new IllegalStateException(refusal);
    }
    WarehousePlan plan =
        new WarehousePlan(stateName, keyParts(job.mapping()), mappedColumns(job.mapping()), seed, everyRow,
            watermarkColumn, after);
    return new WarehousePlanning(planner, plan);
  }

  /**
   * Returns why a mapping cannot be planned in the warehouse, or null when it can (the spec binder
   * reports it at {@code state.planning}, before anything runs).
   */
  public static String refusal(Mapping mapping) {
    String why = "state.planning: warehouse computes each row's key in SQL, ";
    if (mapping.function().isPresent()) {
      return why + "and this sync is mapped by a Java row function: use planning: client";
    }
    if (mapping.members().isPresent()) {
      return why + "and a members list gives a row one key per member: use planning: client";
    }
    if (mapping.objectType() == ObjectType.EVENT && mapping.identifier("insert_id").isEmpty()) {
      return why + "and an event without a mapped insert_id gets one derived in Java: map insert_id to a column"
          + " of the model (an order id, say)";
    }
    return null;
  }

  /** The key's parts, in {@link Keys}' order. */
  static List<KeyPart> keyParts(Mapping mapping) {
    List<KeyPart> parts = new ArrayList<>();
    switch (mapping.objectType()) {
      case USER -> parts.add(part(mapping.identifier("user_id").orElseThrow()));
      case DEVICE -> parts.add(part(mapping.identifier("device_id").orElseThrow()));
      case EVENT -> parts.add(part(mapping.identifier("insert_id").orElseThrow()));
      case GROUP -> {
        parts.add(part(mapping.identifier("group_type").orElseThrow()));
        parts.add(part(mapping.identifier("group_value").orElseThrow()));
        mapping.identifier("user_id").ifPresent(member -> parts.add(part(member)));
      }
    }
    return parts;
  }

  private static KeyPart part(Value value) {
    return value.column().isPresent()
        ? KeyPart.column(value.column().get())
        : KeyPart.constant(String.valueOf(value.constant().orElseThrow()));
  }

  /** Every column the mapping reads, each once, in the mapping's order. */
  static List<String> mappedColumns(Mapping mapping) {
    Set<String> seen = new LinkedHashSet<>();
    List<String> columns = new ArrayList<>();
    Consumer<Value> add = value -> value.column().ifPresent(label -> {
      if (seen.add(label.toLowerCase(Locale.ROOT))) {
        columns.add(label);
      }
    });
    mapping.identifiers().values().forEach(add);
    mapping.fields().values().forEach(add);
    mapping.properties().stream().map(PropertyMapping::value).forEach(add);
    mapping.userProperties().stream().map(PropertyMapping::value).forEach(add);
    mapping.groups().values().forEach(add);
    mapping.propertiesJson().map(Value::column).ifPresent(add);
    return columns;
  }

  /** Opens the planned rows and finds their planning columns. */
  PlannedRows open() {
    rows = planner.changedRows(plan);
    List<Column> columns = rows.columns();
    for (int i = 0; i < columns.size(); i++) {
      String label = columns.get(i).label();
      if (label.equalsIgnoreCase(PlannedRows.KEY)) {
        keyIndex = i;
      } else if (label.equalsIgnoreCase(PlannedRows.DIGEST)) {
        digestIndex = i;
      } else if (label.equalsIgnoreCase(PlannedRows.STORED)) {
        storedIndex = i;
      }
    }
    if (keyIndex < 0 || digestIndex < 0 || storedIndex < 0) {
      rows.close();
      throw new IllegalStateException(planner.describe() + " returned no " + PlannedRows.KEY + ", "
          + PlannedRows.DIGEST + " and " + PlannedRows.STORED + " columns");
    }
    return rows;
  }

  /** Counts a row the planner returned. */
  void returned() {
    returned++;
  }

  /**
   * Returns the model rows the warehouse found unchanged: the model's rows less those it returned
   * (counted in the same snapshot).
   */
  long unchangedInWarehouse() {
    return rows == null ? 0 : Math.max(0, rows.modelRows() - returned);
  }

  /** Returns the key the warehouse computed for a planned row, or null. */
  String keyOf(Row row) {
    Object key = row.get(keyIndex);
    return key == null ? null : key.toString();
  }

  /** Returns the digest the warehouse computed for a planned row. */
  String digestOf(Row row) {
    Object digest = row.get(digestIndex);
    return digest == null ? null : digest.toString();
  }

  /** Returns what the state held for a planned row's key, or null. */
  byte[] storedOf(Row row) {
    return row.get(storedIndex) instanceof byte[] bytes ? bytes : null; // an acknowledged event's is empty
  }

  /** Iterates over the stored keys no model row has any more. */
  void forEachRemovedKey(Consumer<String> action) {
    planner.forEachRemovedKey(plan, action);
  }

  /**
   * The message of a run stopped because the database's key for a row is not the engine's, which
   * would make every run send that row again: a column whose text in SQL differs from its value in
   * Java (a decimal id {@code 42.0}, a padded {@code char(n)}).
   */
  String keyMismatch(String engineKey, String warehouseKey) {
    return "state.planning: warehouse: " + planner.describe() + " computes the key '" + Keys.display(warehouseKey)
        + "' for the row the sync keys '" + Keys.display(engineKey) + "'; cast the key columns to text (or"
        + " trim them) in the model's query so the two agree, or use planning: client";
  }
}
