package dev.ampsync.record;

import dev.ampsync.internal.util.FrozenMap;
import dev.ampsync.internal.util.Text;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One validation's violations, and the checks of what records hold whatever field it is in: strings
 * (length, unpaired surrogates), finite numbers, property names and property values nested to any
 * depth. {@link RecordValidator} knows which field holds what; this class checks the values. Not API.
 */
final class Checks {
  /** Where a property value sits: {@code parent.name}, or {@code parent[index]} when name is null. */
  record Path(Path parent, String name, int index) {
    @Override
    public String toString() {
      if (parent == null) {
        return name;
      }
      return name != null ? parent + "." + name : parent + "[" + index + "]";
    }
  }

  private List<Violation> violations;

  void add(String field, ValidationRule rule, String message) {
    if (violations == null) {
      violations = new ArrayList<>(2);
    }
    violations.add(new Violation(field, rule, message));
  }

  List<Violation> result() {
    return violations == null ? List.of() : Collections.unmodifiableList(violations);
  }

  void string(String field, String value) {
    if (value == null) {
      return;
    }
    if (value.length() > RecordValidator.MAX_STRING_LENGTH) {
      add(
          field,
          ValidationRule.STRING_TOO_LONG,
          field
              + " has "
              + value.length()
              + " characters; Amplitude keeps at most "
              + RecordValidator.MAX_STRING_LENGTH
              + " (value starts '"
              + Text.prefix(value, 20)
              + "...')");
    } else if (Text.hasUnpairedSurrogate(value)) {
      add(field, ValidationRule.INVALID_UNICODE, field + " contains an unpaired UTF-16 surrogate");
    }
  }

  void key(Path parent, String key) {
    if (key.length() > RecordValidator.MAX_STRING_LENGTH) {
      add(
          parent + "." + Text.abbreviate(key),
          ValidationRule.STRING_TOO_LONG,
          "property name has "
              + key.length()
              + " characters; Amplitude keeps at most "
              + RecordValidator.MAX_STRING_LENGTH);
    } else if (Text.hasUnpairedSurrogate(key)) {
      add(
          parent + "." + key,
          ValidationRule.INVALID_UNICODE,
          "property name contains an unpaired UTF-16 surrogate");
    }
  }

  void finite(String field, Object number) {
    if (!isFinite(number)) {
      add(field, ValidationRule.NUMBER_NOT_FINITE, field + " is " + number + "; JSON numbers must be finite");
    }
  }

  private static boolean isFinite(Object number) {
    return !(number instanceof Double d && !Double.isFinite(d)) && !(number instanceof Float f && !Float.isFinite(f));
  }

  void properties(Path field, Map<String, Object> properties) {
    if (properties instanceof FrozenMap frozen) { // a built record's properties: walked by position
      for (int i = 0, n = frozen.size(); i < n; i++) {
        key(field, frozen.keyAt(i));
        value(field, frozen.keyAt(i), -1, frozen.valueAt(i), 2);
      }
      return;
    }
    for (Map.Entry<String, Object> entry : properties.entrySet()) {
      key(field, entry.getKey());
      value(field, entry.getKey(), -1, entry.getValue(), 2);
    }
  }

  /**
   * Checks the value at {@code parent.name} (or {@code parent[index]} when name is null); {@code
   * depth} is the level the value would open if it is a map or list. The path is only put
   * together as text for a violation.
   */
  void value(Path parent, String name, int index, Object value, int depth) {
    if (value instanceof String s) {
      if (s.length() > RecordValidator.MAX_STRING_LENGTH || Text.hasUnpairedSurrogate(s)) {
        string(new Path(parent, name, index).toString(), s);
      }
    } else if (value instanceof Number) {
      if (!isFinite(value)) {
        finite(new Path(parent, name, index).toString(), value);
      }
    } else if (value instanceof FrozenMap map) {
      Path path = new Path(parent, name, index);
      if (depth > RecordValidator.MAX_NESTING_DEPTH) {
        tooDeep(path.toString());
        return;
      }
      for (int i = 0, n = map.size(); i < n; i++) {
        key(path, map.keyAt(i));
        value(path, map.keyAt(i), -1, map.valueAt(i), depth + 1);
      }
    } else if (value instanceof Map<?, ?> map) {
      Path path = new Path(parent, name, index);
      if (depth > RecordValidator.MAX_NESTING_DEPTH) {
        tooDeep(path.toString());
        return;
      }
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        String key = (String) entry.getKey();
        key(path, key);
        value(path, key, -1, entry.getValue(), depth + 1);
      }
    } else if (value instanceof List<?> list) {
      Path path = new Path(parent, name, index);
      if (depth > RecordValidator.MAX_NESTING_DEPTH) {
        tooDeep(path.toString());
        return;
      }
      for (int i = 0; i < list.size(); i++) {
        value(path, null, i, list.get(i), depth + 1);
      }
    }
  }

  private void tooDeep(String path) {
    add(
        path,
        ValidationRule.NESTING_TOO_DEEP,
        path + " is nested deeper than " + RecordValidator.MAX_NESTING_DEPTH + " levels");
  }

  static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName() + " '" + Text.abbreviate(value.toString()) + "'";
  }
}
