package dev.ampsync.internal.util;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses JSON text straight into the immutable values records hold, with Jackson's streaming parser:
 * objects become {@link FrozenMap}s (a repeated key keeps its first position and its last value),
 * arrays {@link FrozenList}s, whole numbers {@code Integer}, {@code Long} or {@code BigInteger} by
 * size, other numbers {@code BigDecimal} (exact, never a double), and true, false and null
 * themselves. Nothing may follow the value. No intermediate tree and no copy: a JSON column becomes
 * record properties in one pass.
 */
public final class JsonTrees {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonTrees() {}

  /**
   * Parses one JSON value.
   *
   * @param text the JSON text
   * @return the value: a FrozenMap, FrozenList, String, Number, Boolean, or null for JSON null
   * @throws JacksonException if the text is not exactly one JSON value; its original message says why
   */
  public static Object parse(String text) throws JacksonException {
    try (JsonParser parser = FACTORY.createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new JsonParseException(parser, "no content: the text holds no JSON value");
      }
      Object value = value(parser, first);
      JsonToken trailing = parser.nextToken();
      if (trailing != null) {
        throw new JsonParseException(parser, "unexpected " + trailing.asString() + " after the JSON value");
      }
      return value;
    } catch (JacksonException e) {
      throw e;
    } catch (IOException impossible) {
      throw new UncheckedIOException(impossible); // reading a String does no I/O
    }
  }

  private static Object value(JsonParser parser, JsonToken token) throws IOException {
    if (token == null) {
      throw new JsonParseException(parser, "unexpected end of input");
    }
    switch (token) {
      case START_OBJECT: {
        FrozenMap.Builder map = new FrozenMap.Builder(4);
        String name;
        while ((name = parser.nextFieldName()) != null) {
          map.put(name, value(parser, parser.nextToken())); // a repeated name keeps its place, the last value wins
        }
        if (parser.currentToken() != JsonToken.END_OBJECT) {
          throw new JsonParseException(parser, "unexpected end of input in an object");
        }
        return map.build();
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        JsonToken next;
        while ((next = parser.nextToken()) != JsonToken.END_ARRAY) {
          list.add(value(parser, next));
        }
        return FrozenList.adopt(list.toArray());
      }
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
        return parser.getNumberValue();
      case VALUE_NUMBER_FLOAT:
        return parser.getDecimalValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new JsonParseException(parser, "unexpected " + token);
    }
  }
}
