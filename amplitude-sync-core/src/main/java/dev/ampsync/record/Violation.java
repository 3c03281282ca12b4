package dev.ampsync.record;

import java.util.Objects;

/**
 * One way a record breaks an Amplitude rule.
 *
 * @param field where the problem is, in Amplitude's terms: {@code user_id}, {@code price}, {@code
 *     event_properties.cart.items[2]}, {@code user_properties.$set.plan}, {@code groups.company}
 * @param rule the rule broken
 * @param message a sentence saying what is wrong and what is allowed; it quotes at most a short
 *     prefix of the offending value
 */
public record Violation(String field, ValidationRule rule, String message) {

  /**
   * Creates a violation.
   *
   * @throws NullPointerException if an argument is null
   */
  public Violation {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message + " [" + rule + "]";
  }
}
