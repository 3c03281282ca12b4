package dev.ampsync;

import java.util.Objects;

/**
 * A row that did not end accepted or unchanged, as reported in {@link SyncResult#problems()} and the
 * problems file.
 *
 * @param key the row's key (its user id, device id, group, or event insert id), or null when the row
 *     had none
 * @param outcome what became of it
 * @param reason why, naming the column or quoting Amplitude
 */
public record Problem(String key, RowOutcome outcome, String reason) {
  /**
   * Creates a problem.
   *
   * @throws NullPointerException if {@code outcome} or {@code reason} is null
   */
  public Problem {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
  }
}
