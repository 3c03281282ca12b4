package dev.ampsync.internal.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import dev.ampsync.internal.util.FrozenMap;
import dev.ampsync.internal.util.Text;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The value-level writes every wire form shares: property values by Java type, epoch milliseconds,
 * and finite numbers; text with an unpaired surrogate (which Jackson would silently mangle) is refused
 * by the {@link CheckingGenerator} a record not validated is written through. A value the encoder
 * cannot write is an {@link IllegalArgumentException}: records are validated before they are
 * encoded, so reaching one is a bug in the caller.
 */
final class JsonWrites {
  private JsonWrites() {}

  static void writeValue(JsonGenerator out, Object value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else if (value instanceof String s) {
      writeString(out, s);
    } else if (value instanceof Boolean b) {
      out.writeBoolean(b);
    } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      out.writeNumber(((Number) value).intValue());
    } else if (value instanceof Long l) {
      out.writeNumber(l);
    } else if (value instanceof BigDecimal d) {
      out.writeNumber(d);
    } else if (value instanceof BigInteger i) {
      out.writeNumber(i);
    } else if (value instanceof Double d) {
      requireFinite(Double.isFinite(d), d);
      out.writeNumber(d);
    } else if (value instanceof Float f) {
      requireFinite(Float.isFinite(f), f);
      out.writeNumber(f);
    } else if (value instanceof FrozenMap map) { // a record's properties: walked by position
      out.writeStartObject();
      for (int i = 0, n = map.size(); i < n; i++) {
        out.writeFieldName(map.keyAt(i));
        writeValue(out, map.valueAt(i));
      }
      out.writeEndObject();
    } else if (value instanceof Map<?, ?> map) {
      out.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        writeFieldName(out, (String) entry.getKey());
        writeValue(out, entry.getValue());
      }
      out.writeEndObject();
    } else if (value instanceof List<?> list) {
      out.writeStartArray();
      for (Object element : list) {
        writeValue(out, element);
      }
      out.writeEndArray();
    } else {
      throw new IllegalArgumentException("cannot encode " + value.getClass().getName());
    }
  }

  static String checked(String text) {
    if (Text.hasUnpairedSurrogate(text)) {
      throw new IllegalArgumentException(
          "'" + Text.abbreviate(text) + "' has an unpaired UTF-16 surrogate; validate records first");
    }
    return text;
  }

  static void writeString(JsonGenerator out, String text) throws IOException {
    out.writeString(text);
  }

  static void writeFieldName(JsonGenerator out, SerializableString name) throws IOException {
    out.writeFieldName(name);
  }

  static void writeStringField(JsonGenerator out, SerializableString name, String text) throws IOException {
    out.writeFieldName(name);
    out.writeString(text);
  }

  static void objectFieldStart(JsonGenerator out, SerializableString name) throws IOException {
    out.writeFieldName(name);
    out.writeStartObject();
  }

  static void writeFieldName(JsonGenerator out, String name) throws IOException {
    out.writeFieldName(name);
  }

  static void writeStringField(JsonGenerator out, String name, String text)
      throws IOException {
    out.writeFieldName(name);
    out.writeString(text);
  }

  static void objectFieldStart(JsonGenerator out, String name) throws IOException {
    out.writeFieldName(name);
    out.writeStartObject();
  }

  static void arrayFieldStart(JsonGenerator out, String name) throws IOException {
    out.writeFieldName(name);
    out.writeStartArray();
  }

  static long epochMillis(Instant time) {
    try {
      return time.toEpochMilli();
    } catch (ArithmeticException overflow) {
      throw new IllegalArgumentException(
          "time " + time + " cannot be written as epoch milliseconds; validate records first");
    }
  }

  static void requireFinite(boolean finite, Number value) {
    if (!finite) {
      throw new IllegalArgumentException(value + " cannot be encoded as JSON; validate records first");
    }
  }
}
