package dev.ampsync.internal.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ampsync.spec.SourceProvider;
import dev.ampsync.spec.SpecKey;
import dev.ampsync.spec.StateStoreProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Generates the JSON Schema (draft-07, which yaml-language-server and IntelliJ support) of YAML specs
 * from the key tables the binders read ({@link HeaderBinder#ROOT_KEYS}, {@link DestinationBinder#KEYS},
 * {@link MappingBinder#KEYS}, {@link OptionsBinder#KEYS}, {@link StateBinder#FILE_KEYS} and each
 * provider's {@link SourceProvider#keys()}), so the schema and the binder cannot disagree on a key, its
 * type, its values or its default.
 *
 * <p>The schema is no stricter than its tables: a value may be a {@code ${VAR}} reference wherever a
 * typed scalar goes, because substitution happens before binding. The few rules that are code rather
 * than table rows (an event mapping needs {@code time}; {@code now} must be {@code true}; a property
 * mapping has exactly one of {@code column} and {@code const}) are restated here, each once.
 */
public final class SpecSchema {
  private static final String VALUE = "#/definitions/value";
  private static final String TIME = "#/definitions/time";
  private static final String PROPERTY = "#/definitions/property";
  private static final String VARIABLE = "#/definitions/variable";

  private SpecSchema() {}

  /**
   * Writes the schema of the providers on the class path to a file.
   *
   * @param args the file to write
   * @throws IOException if it cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: SpecSchema FILE");
    }
    Files.writeString(Path.of(args[0]), generate(), StandardCharsets.UTF_8);
  }

  /**
   * Returns the schema of the providers found with {@link ServiceLoader}.
   *
   * @return the schema, as pretty-printed JSON ending with a newline
   */
  public static String generate() {
    List<SourceProvider> sources = new ArrayList<>();
    ServiceLoader.load(SourceProvider.class).forEach(sources::add);
    List<StateStoreProvider> stores = new ArrayList<>();
    ServiceLoader.load(StateStoreProvider.class).forEach(stores::add);
    return generate(sources, stores);
  }

  /**
   * Returns the schema of the given providers.
   *
   * @param sources the source providers, in the order the schema lists their types
   * @param stores the state store providers besides file and none
   * @return the schema, as pretty-printed JSON ending with a newline
   */
  public static String generate(List<SourceProvider> sources, List<StateStoreProvider> stores) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "http://json-schema.org/draft-07/schema#");
    schema.put("title", "amplitude-sync spec");
    schema.put("description", "A YAML sync spec of amplitude-sync. Generated from the spec binder's key tables"
        + " (dev.ampsync.internal.spec.SpecSchema); do not edit.");
    schema.putAll(section(HeaderBinder.ROOT_KEYS, map(), true, sources, stores));
    // An event mapping without time is refused by MappingBinder, not by its table.
    schema.put("allOf", List.of(map(
        "if", map("properties", map("object", map("const", "event")), "required", List.of("object")),
        "then", map("properties", map("mapping", map("required", List.of("time")))))));
    schema.put("definitions", definitions());
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(schema) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, Object> definitions() {
    Map<String, Object> definitions = new LinkedHashMap<>();
    definitions.put("variable", map(
        "description", "a ${VAR} or ${VAR:-default} reference, substituted from the environment before binding",
        "type", "string",
        "pattern", "\\$\\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\\}"));
    definitions.put("value", map(
        "description", "a column label, or {const: value}",
        "anyOf", List.of(
            map("type", "string", "pattern", "\\S", "description", "a column label"),
            section(MappingBinder.CONSTANT_KEYS, map(), true, List.of(), List.of()))));
    Map<String, Object> now = section(MappingBinder.TIME_NOW_KEYS, map(), true, List.of(), List.of());
    // The table says boolean; the binder takes only true (false would mean "read a column", which is
    // written as a column label).
    properties(now).put("now", map("const", true, "description", "events go without time; Amplitude stamps them"));
    definitions.put("time", map(
        "description", "the column of when an event happened, or {now: true}",
        "anyOf", List.of(map("$ref", VALUE), now)));
    Map<String, Object> property = section(MappingBinder.PROPERTY_KEYS, map(), true, List.of(), List.of());
    property.put("oneOf", List.of(map("required", List.of("column")), map("required", List.of("const"))));
    definitions.put("property", map(
        "description", "a column label, {const: value}, or {column: c, op: add} / {const: v, op: add}",
        "anyOf", List.of(map("$ref", VALUE), property)));
    return definitions;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Object> section) {
    return (Map<String, Object>) section.get("properties");
  }

  /** A closed mapping of a key table's keys, plus the extra properties given (a type key). */
  private static Map<String, Object> section(List<SpecKey> keys, Map<String, Object> extra, boolean required,
      List<SourceProvider> sources, List<StateStoreProvider> stores) {
    Map<String, Object> section = new LinkedHashMap<>();
    section.put("type", required ? "object" : List.of("object", "null"));
    Map<String, Object> properties = new LinkedHashMap<>(extra);
    List<String> requiredKeys = new ArrayList<>();
    for (SpecKey key : keys) {
      properties.put(key.name(), key(key, sources, stores));
      if (key.required()) {
        requiredKeys.add(key.name());
      }
    }
    section.put("properties", properties);
    if (!requiredKeys.isEmpty()) {
      section.put("required", requiredKeys);
    }
    section.put("additionalProperties", false);
    return section;
  }

  private static Map<String, Object> key(SpecKey key, List<SourceProvider> sources, List<StateStoreProvider> stores) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("description", key.description());
    boolean nullable = !key.required();
    switch (key.type()) {
      case STRING -> schema.put("type", nullable ? List.of("string", "number", "boolean", "null")
          : List.of("string", "number", "boolean"));
      case INTEGER -> schema.put("anyOf", List.of(map("type", "integer"), map("$ref", VARIABLE)));
      case NUMBER -> schema.put("anyOf", List.of(map("type", "number"), map("$ref", VARIABLE)));
      case BOOLEAN -> schema.put("anyOf", List.of(map("type", "boolean"), map("$ref", VARIABLE)));
      case DURATION -> schema.put("anyOf", orNull(nullable,
          map("type", "string", "pattern", "^\\s*([0-9]+[smhdSMHD]|[Pp][0-9A-Za-z.,]+)\\s*$"),
          map("$ref", VARIABLE)));
      case ENUM -> schema.put("anyOf", orNull(nullable, map("enum", key.values()), map("$ref", VARIABLE)));
      case SECTION -> {
        Map<String, Object> section = section(key.keys(), map(), key.required(), sources, stores);
        section.put("description", key.description());
        return section;
      }
      case PROVIDED -> {
        return provided(key, sources, stores);
      }
      case MAP -> schema.put("type", "object");
      case LIST -> schema.put("type", "array");
      case CONSTANT -> schema.put("not", map("type", "null"));
      case VALUE -> schema.put("allOf", List.of(map("$ref", VALUE)));
      case TIME -> schema.put("allOf", List.of(map("$ref", TIME)));
      case VALUE_MAP -> {
        schema.put("type", List.of("object", "null"));
        schema.put("additionalProperties", map("$ref", VALUE));
      }
      case PROPERTY_MAP -> {
        schema.put("type", List.of("object", "null"));
        schema.put("additionalProperties", map("$ref", PROPERTY));
      }
    }
    if (key.defaultValue() != null) {
      schema.put("default", switch (key.type()) {
        case INTEGER -> Long.parseLong(key.defaultValue());
        case BOOLEAN -> Boolean.parseBoolean(key.defaultValue());
        default -> key.defaultValue();
      });
    }
    return schema;
  }

  /** An ordered map of keys and values, so the generated file is the same on every run. */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static List<Object> orNull(boolean nullable, Object... schemas) {
    List<Object> anyOf = new ArrayList<>(List.of(schemas));
    if (nullable) {
      anyOf.add(map("type", "null"));
    }
    return anyOf;
  }

  /**
   * {@code source:} (keyed by {@code type}) or {@code state:} (keyed by {@code store}, default file):
   * one closed mapping per type, chosen by the type key.
   */
  private static Map<String, Object> provided(SpecKey key, List<SourceProvider> sources,
      List<StateStoreProvider> stores) {
    boolean source = key.name().equals("source");
    String typeKey = source ? "type" : "store";
    Map<String, List<SpecKey>> types = new LinkedHashMap<>();
    if (source) {
      sources.forEach(provider -> types.put(provider.type(), provider.keys()));
    } else {
      types.put("file", StateBinder.FILE_KEYS);
      types.put("none", StateBinder.NONE_KEYS);
      stores.forEach(provider -> types.put(provider.type(), provider.keys()));
    }
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("description", key.description());
    schema.put("type", key.required() ? "object" : List.of("object", "null"));
    Map<String, Object> typeSchema = new LinkedHashMap<>();
    typeSchema.put("description", source ? "the source type" : "the state store");
    typeSchema.put("enum", List.copyOf(types.keySet()));
    if (!source) {
      typeSchema.put("default", "file");
    }
    schema.put("properties", map(typeKey, typeSchema));
    if (source) {
      schema.put("required", List.of(typeKey));
    }
    List<Object> cases = new ArrayList<>();
    types.forEach((type, keys) -> {
      Map<String, Object> when = new LinkedHashMap<>();
      when.put("properties", map(typeKey, map("const", type)));
      // The default store applies when store is absent; every other type must be named.
      if (source || !type.equals("file")) {
        when.put("required", List.of(typeKey));
      }
      boolean declared = !keys.isEmpty() || !source && type.equals("none");
      cases.add(map("if", when, "then", declared
          ? section(keys, map(typeKey, map()), false, List.of(), List.of())
          : map()));
    });
    schema.put("allOf", cases);
    return schema;
  }
}
