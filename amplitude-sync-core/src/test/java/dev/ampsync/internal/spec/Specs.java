package dev.ampsync.internal.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ampsync.spec.SpecException;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Spec text to sections, and mistakes to assertions, for the binder tests. */
final class Specs {
  static final String FILE = "test.yaml";

  private Specs() {}

  /** Returns the root section of a spec text. */
  static SpecSection root(String yaml) {
    SpecNode.MapNode node = (SpecNode.MapNode) new SpecReader(FILE, Map.of()).read(yaml);
    return new SpecSection(node, "", SpecErrors.of(FILE, node));
  }

  /** Returns the section under a top-level key. */
  static SpecSection section(String yaml, String key) {
    return root(yaml).requiredSection(key);
  }

  /** Returns the mistake a step makes, asserting its key path, line and that the message says each text. */
  static SpecException mistake(ThrowingCallable step, String keyPath, int line, String... says) {
    SpecException e = catchThrowableOfType(step, SpecException.class);
    assertThat(e).as("a SpecException").isNotNull();
    assertThat(e.keyPath()).as(e.getMessage()).isEqualTo(keyPath);
    assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
    assertThat(e.getMessage()).startsWith(FILE + (line > 0 ? " line " + line : "") + (keyPath.isEmpty() ? "" : ": " + keyPath) + ": ");
    assertThat(e.getMessage()).contains(says);
    return e;
  }
}
