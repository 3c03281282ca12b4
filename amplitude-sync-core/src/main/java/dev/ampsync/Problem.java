package dev.ampsync;

import dev.ampsync.internal.util.Arguments;

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
    Arguments.required(outcome, "outcome", "pass what became of the row, e.g. RowOutcome.INVALID");
    Arguments.required(reason, "reason", "pass why, naming the column or quoting Amplitude");
  }
}
