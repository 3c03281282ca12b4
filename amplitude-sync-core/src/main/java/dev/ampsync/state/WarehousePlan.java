package dev.ampsync.state;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the engine asks a {@link WarehousePlanner} for: the model rows of one sync that must be sent,
 * found where the data is. Immutable.
 *
 * @param syncName the name the sync's state is kept under (see {@link StateStore#open})
 * @param key how a row's key is made from the model's columns: the parts, joined with {@link
 *     #KEY_SEPARATOR} (a user, device or event key has one part; a group key its type, its value and,
 *     for a membership, the member's user id)
 * @param digestColumns the labels of every model column the mapping reads: a row whose values in
 *     them did not change since they were acknowledged is not sent
 * @param seed mixed into every row digest: the mapping and the settings that change what a row
 *     becomes, so that a digest stored under another mapping never matches
 * @param everyRow whether every model row is wanted (a resync, which trusts nothing stored)
 * @param watermarkColumn the label of the watermark column, or null
 * @param after the watermark's exclusive lower bound, or null: rows at or before it may be left out
 */
public record WarehousePlan(
    String syncName, List<KeyPart> key, List<String> digestColumns, String seed, boolean everyRow,
    String watermarkColumn, Instant after) {

  /** Separates a key's parts (U+001F, a control character): the engine joins a group's key with it. */
  public static final char KEY_SEPARATOR = '\u001f';

  /**
   * Checks the plan.
   *
   * @throws NullPointerException if the sync name, key, digest columns or seed is null
   * @throws IllegalArgumentException if the key has no part
   */
  public WarehousePlan {
    Objects.requireNonNull(syncName, "syncName");
    key = List.copyOf(Objects.requireNonNull(key, "key"));
    digestColumns = List.copyOf(Objects.requireNonNull(digestColumns, "digestColumns"));
    Objects.requireNonNull(seed, "seed");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("a key needs at least one part");
    }
  }

  /** Returns the watermark column, when the rows are read incrementally. */
  public Optional<String> watermark() {
    return Optional.ofNullable(watermarkColumn);
  }

  /**
   * One part of a key: a model column (its value as text) or a constant text.
   *
   * @param column the column's label, or null
   * @param constant the constant text, or null
   */
  public record KeyPart(String column, String constant) {
    /**
     * Checks that exactly one of the two is given.
     *
     * @throws IllegalArgumentException if both or neither is given
     */
    public KeyPart {
      if ((column == null) == (constant == null)) {
        throw new IllegalArgumentException("a key part is a column or a constant, exactly one");
      }
    }

    /** A part read from a column. */
    public static KeyPart column(String label) {
      return new KeyPart(Objects.requireNonNull(label, "label"), null);
    }

    /** A constant part. */
    public static KeyPart constant(String text) {
      return new KeyPart(null, Objects.requireNonNull(text, "text"));
    }
  }
}
