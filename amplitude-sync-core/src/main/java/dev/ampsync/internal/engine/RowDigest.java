package dev.ampsync.internal.engine;

import dev.ampsync.internal.util.Hashing;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.source.Columns;
import dev.ampsync.source.Row;
import dev.ampsync.source.UnreadableValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Hashes the raw values of a row, as the source returned them, into 64 bits that are the same in
 * every run and every JVM: equal values give equal digests; values of different types never collide
 * by construction (each is tagged). Nothing here depends on identity hash codes or on the JDK's
 * 32-bit {@code hashCode}s. A value type it does not know is hashed by class name and {@code
 * toString()}; if that is not stable, the row only misses the unchanged-row shortcut.
 *
 * <p>An instance digests the rows of one compiled mapping: the values of every column it reads, in
 * ascending position, from a seed that covers the rest of what shapes a record.
 */
final class RowDigest {
  static final long SEED = 0x2545F4914F6CDD1DL;
  private static final long K = 0x9E3779B97F4A7C15L;

  /** Every column position the mapping reads, ascending. */
  private final int[] readColumns;
  private final long seed;

  private RowDigest(int[] readColumns, long seed) {
    this.readColumns = readColumns;
    this.seed = seed;
  }

  /**
   * The digest of a mapping's rows. The seed covers what shapes a record besides the row's values:
   * each read column's type (a text column that becomes JSON maps the same text differently) and
   * every constant, typed (the mapping's fingerprint renders 1 and "1" alike).
   */
  static RowDigest of(Mapping mapping, Columns columns, int[] readColumns) {
    long seed = SEED;
    for (int index : readColumns) {
      seed = value(seed, columns.list().get(index).type().name());
    }
    for (Object constant : constants(mapping)) {
      seed = value(seed, constant);
    }
    return new RowDigest(readColumns, seed);
  }

  private static List<Object> constants(Mapping mapping) {
    List<Object> constants = new ArrayList<>();
    List<Value> values = new ArrayList<>(mapping.identifiers().values());
    values.addAll(mapping.fields().values());
    mapping.properties().forEach(p -> values.add(p.value()));
    mapping.userProperties().forEach(p -> values.add(p.value()));
    values.addAll(mapping.groups().values());
    for (Value value : values) {
      constants.add(value.constant().map(c -> (Object) List.of(c.getClass().getName(), c)).orElse("column"));
    }
    return constants;
  }

  /** Returns the 64-bit digest of the values of every column the mapping reads. */
  long digest(Row row) {
    long h = seed;
    for (int index : readColumns) {
      h = value(h, row.get(index));
    }
    return finish(h);
  }

  static long finish(long h) {
    return Hashing.fmix64(h);
  }

  private static long mix(long h, long value) {
    h ^= value;
    h *= K;
    return h ^ (h >>> 29);
  }

  private static long chars(long h, CharSequence text) {
    return Hashing.chars(text, h);
  }

  /** Folds one value into the digest. */
  static long value(long h, Object value) {
    if (value == null) {
      return mix(h, 0);
    }
    if (value instanceof String s) {
      return chars(mix(h, 1), s);
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return mix(mix(h, 2), ((Number) value).longValue());
    }
    if (value instanceof BigDecimal d) {
      return mix(bigInteger(mix(h, 3), d.unscaledValue()), d.scale());
    }
    if (value instanceof BigInteger i) {
      return bigInteger(mix(h, 4), i);
    }
    if (value instanceof Double || value instanceof Float) {
      return mix(mix(h, 5), Double.doubleToLongBits(((Number) value).doubleValue()));
    }
    if (value instanceof Boolean b) {
      return mix(h, b ? 6 : 7);
    }
    if (value instanceof Instant instant) {
      return mix(mix(mix(h, 8), instant.getEpochSecond()), instant.getNano());
    }
    if (value instanceof OffsetDateTime time) {
      return mix(value(mix(h, 9), time.toInstant()), time.getOffset().getTotalSeconds());
    }
    if (value instanceof LocalDateTime time) {
      return mix(mix(mix(h, 10), time.toEpochSecond(ZoneOffset.UTC)), time.getNano());
    }
    if (value instanceof LocalDate date) {
      return mix(mix(h, 11), date.toEpochDay());
    }
    if (value instanceof UUID uuid) {
      return mix(mix(mix(h, 12), uuid.getMostSignificantBits()), uuid.getLeastSignificantBits());
    }
    if (value instanceof byte[] bytes) {
      long b = mix(h, 13);
      for (byte each : bytes) {
        b = (b ^ (each & 0xff)) * K;
      }
      return mix(b, bytes.length);
    }
    if (value instanceof Object[] array) {
      long a = mix(mix(h, 14), array.length);
      for (Object element : array) {
        a = value(a, element);
      }
      return a;
    }
    if (value instanceof Collection<?> collection) {
      long c = mix(mix(h, 15), collection.size());
      for (Object element : collection) {
        c = value(c, element);
      }
      return c;
    }
    if (value instanceof UnreadableValue unreadable) {
      // its own tag: a NaN marker never digests like the text 'NaN' or another marker
      return chars(mix(chars(mix(h, 18), unreadable.text()), unreadable.text().length()), unreadable.reason());
    }
    if (value instanceof Map<?, ?> map) {
      long m = mix(mix(h, 16), map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        m = value(value(m, entry.getKey()), entry.getValue());
      }
      return m;
    }
    return chars(chars(mix(h, 17), value.getClass().getName()), value.toString());
  }

  private static long bigInteger(long h, BigInteger value) {
    if (value.bitLength() < 64) {
      return mix(h, value.longValue());
    }
    byte[] bytes = value.toByteArray();
    long b = mix(h, bytes.length);
    for (byte each : bytes) {
      b = (b ^ (each & 0xff)) * K;
    }
    return b;
  }
}
