package dev.ampsync.record;

import dev.ampsync.internal.util.Arguments;

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
    Arguments.required(field, "field", "pass the offending field's path, e.g. \"user_id\" or \"event_properties.plan\"");
    Arguments.required(rule, "rule", "pass the rule the field breaks, e.g. ValidationRule.REQUIRED");
    Arguments.required(message, "message", "pass what is wrong, for people to read");
  }

  @Override
  public String toString() {
    return field + ": " + message + " [" + rule + "]";
  }
}
