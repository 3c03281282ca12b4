package dev.ampsync.state;

import java.util.function.Consumer;

/**
 * Plans a sync where its data is: the database that holds both the model and the sync's state finds
 * the rows whose key is new or whose values changed since they were acknowledged, and only those
 * leave it. Made by a {@link StateStore} for a source in the same database ({@link
 * StateStore#warehousePlanner}); the state itself is still written through {@link SyncState}, with
 * each row's digest ({@link SyncState#put(String, byte[], String)}).
 */
public interface WarehousePlanner {

  /**
   * Opens the model rows that must be sent: those whose key is new, whose stored digest is missing
   * or differs, or whose key cannot be computed (so the engine reports them); every row with {@link
   * WarehousePlan#everyRow()}.
   *
   * @param plan what to plan
   * @return the rows, with the planning columns at the end
   * @throws dev.ampsync.source.SourceException if the database refuses the query
   */
  PlannedRows changedRows(WarehousePlan plan);

  /**
   * Calls {@code action} with every stored key of the sync that no model row has any more.
   *
   * @param plan what was planned
   * @param action what to do with each key
   * @throws dev.ampsync.source.SourceException if the database refuses the query
   */
  void forEachRemovedKey(WarehousePlan plan, Consumer<String> action);

  /**
   * Describes the planner for messages (the database, never a password).
   *
   * @return a description
   */
  String describe();
}
