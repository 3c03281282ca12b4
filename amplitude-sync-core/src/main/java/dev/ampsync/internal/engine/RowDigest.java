package dev.ampsync.internal.engine;

import dev.ampsync.internal.util.Hashing;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Hashes the raw values of a row, as the source returned them, into 64 bits that are the same in
 * every run and every JVM: equal values give equal digests; values of different types never collide
 * by construction (each is tagged). Nothing here depends on identity hash codes or on the JDK's
 * 32-bit {@code hashCode}s. A value type it does not know is hashed by class name and {@code
 * toString()}; if that is not stable, the row only misses the unchanged-row shortcut.
 */
final class RowDigest {
  static final long SEED = 0x2545F4914F6CDD1DL;
  private static final long K = 0x9E3779B97F4A7C15L;

  private RowDigest() {}

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
