package dev.ampsync.mapping;

import dev.ampsync.record.AmplitudeField;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The explicit, versioned text of a {@link Mapping} that its fingerprint is computed from.
 *
 * <p>The fingerprint is stored in every sync's state and decides a full resync when it changes, so
 * its input must change only when what is mapped changes, never because an unrelated {@code
 * toString} was edited. Every part is therefore written here by hand, from names and values, and
 * this layout is frozen: changing it would resync every user's every row once (and add an {@code
 * add} operation twice). A new layout must be a new version whose fingerprints carry a prefix
 * (for example {@code "v2:"}), so that a stored version-1 fingerprint (16 hex digits, no prefix)
 * can still be recognised.
 *
 * <p>Version 1, the layout of 0.1 (parts separated by {@code |}): the object type's enum name;
 * the identifiers as {@code {name=value, ...}} in mapping order; the top-level fields as {@code
 * {FIELD_NAME=value, ...}} in field order; properties and user properties each as {@code
 * [PropertyMapping[name=n, value=v, operation=OP], ...]}; the JSON properties column or {@code
 * null}; the groups as {@code {type=value, ...}}; the NULL handling's enum name; {@code custom} for
 * a row function, else nothing. A value is its column label, or {@code {const: text}} where text is
 * the constant's JDK string form ({@code String.valueOf}).
 *
 * <p>An event mapping sent without time on purpose ({@link Mapping#timeNow()}, added after 0.1) has
 * one more part at the end, {@code |now}; every other mapping's text ends as in 0.1, so its
 * fingerprint is unchanged. No 0.1 text can end in {@code |now}: its last part is empty or {@code
 * custom}.
 */
final class MappingEncoding {
  /** The layout this class writes. */
  static final int VERSION = 1;

  private MappingEncoding() {}

  /** Returns the version-1 text of a mapping's parts. */
  static String encode(
      String objectType,
      Map<String, Value> identifiers,
      Map<AmplitudeField, Value> fields,
      List<PropertyMapping> properties,
      List<PropertyMapping> userProperties,
      String propertiesJson,
      Map<String, Value> groups,
      Nulls nulls,
      boolean custom,
      boolean timeNow) {
    StringBuilder text = new StringBuilder(128);
    text.append(objectType).append('|');
    appendNamedValues(text, identifiers);
    text.append('|');
    text.append('{');
    String separator = "";
    for (Map.Entry<AmplitudeField, Value> field : fields.entrySet()) {
      text.append(separator).append(field.getKey().name()).append('=');
      appendValue(text, field.getValue());
      separator = ", ";
    }
    text.append('}').append('|');
    appendProperties(text, properties);
    text.append('|');
    appendProperties(text, userProperties);
    text.append('|').append(propertiesJson == null ? "null" : propertiesJson).append('|');
    appendNamedValues(text, groups);
    text.append('|').append(nulls.name()).append('|').append(custom ? "custom" : "");
    if (timeNow) {
      text.append("|now");
    }
    return text.toString();
  }

  /** Returns the first 8 bytes of the SHA-256 of a version-1 text, as 16 lower-case hex digits. */
  static String fingerprint(String encoded) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha.digest(encoded.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static void appendNamedValues(StringBuilder text, Map<String, Value> values) {
    text.append('{');
    String separator = "";
    for (Map.Entry<String, Value> entry : values.entrySet()) {
      text.append(separator).append(entry.getKey()).append('=');
      appendValue(text, entry.getValue());
      separator = ", ";
    }
    text.append('}');
  }

  private static void appendProperties(StringBuilder text, List<PropertyMapping> properties) {
    text.append('[');
    String separator = "";
    for (PropertyMapping property : properties) {
      text.append(separator)
          .append("PropertyMapping[name=").append(property.name())
          .append(", value=");
      appendValue(text, property.value());
      text.append(", operation=").append(property.operation().name()).append(']');
      separator = ", ";
    }
    text.append(']');
  }

  private static void appendValue(StringBuilder text, Value value) {
    if (value.column().isPresent()) {
      text.append(value.column().get());
    } else {
      text.append("{const: ").append(String.valueOf(value.constant().orElseThrow())).append('}');
    }
  }
}
