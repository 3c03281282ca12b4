package dev.ampsync.internal.state;

import dev.ampsync.record.AmplitudeField;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.IngestionMetadata;
import dev.ampsync.record.Plan;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.record.PropertyOperations;
import dev.ampsync.record.UserRecord;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What the state keeps of a record: one 64-bit hash per "slot" (a property, a field, a group type, a
 * linked id), as sorted (slot, value) pairs. Two records with equal fingerprints send the same
 * values; a slot whose hash changed is what a diff sends.
 *
 * <p>Slots: {@code p:NAME} for a property (its hash covers the operation and the value), {@code
 * f:KEY} for a top-level field, {@code g:TYPE} for a group membership, {@code u} / {@code d} for a
 * device's user id and a user's device id. Numbers hash by value ({@code 1.50} and {@code 1.5} are
 * equal). Events have no slots: the state only remembers that they were acknowledged.
 */
public final class Fingerprints {
  private static final long[] NONE = new long[0];

  private Fingerprints() {}

  /** Returns the sorted (slot, value) pairs of a record, flattened: slot0, value0, slot1, ... */
  public static long[] of(AmplitudeRecord record) {
    Pairs pairs = new Pairs();
    switch (record.objectType()) {
      case USER -> {
        record.deviceId().ifPresent(id -> pairs.add("d", hashString(id)));
        identification(record, ((UserRecord) record).userProperties(), pairs);
      }
      case DEVICE -> {
        record.userId().ifPresent(id -> pairs.add("u", hashString(id)));
        identification(record, ((dev.ampsync.record.DeviceRecord) record).userProperties(), pairs);
      }
      case GROUP -> properties(((GroupRecord) record).groupProperties(), pairs);
      case EVENT -> {
        return NONE;
      }
    }
    return pairs.sorted();
  }

  private static void identification(AmplitudeRecord record, PropertyOperations properties, Pairs pairs) {
    for (Map.Entry<AmplitudeField, Object> field : record.fields().entrySet()) {
      pairs.add(fieldSlot(field.getKey()), hashValue(field.getValue(), SEED));
    }
    properties(properties, pairs);
    for (Map.Entry<String, List<String>> group : record.groups().entrySet()) {
      pairs.add(groupSlot(group.getKey()), hashValue(group.getValue(), SEED));
    }
  }

  private static void properties(PropertyOperations properties, Pairs pairs) {
    for (PropertyOperation op : properties.operations()) {
      if (op == PropertyOperation.CLEAR_ALL) {
        pairs.add("clear_all", 1);
        continue;
      }
      for (Map.Entry<String, Object> property : properties.get(op).entrySet()) {
        long h = mix(SEED, op.ordinal() + 1);
        pairs.add(propertySlot(property.getKey()), hashValue(property.getValue(), h));
      }
    }
  }

  static String propertySlot(String name) {
    return "p:" + name;
  }

  static String fieldSlot(AmplitudeField field) {
    return "f:" + field.wireName();
  }

  static String groupSlot(String type) {
    return "g:" + type;
  }

  /**
   * Returns the fingerprint of an Amplitude project's API key: 16 hex digits of a salted SHA-256,
   * which tells two keys apart and cannot be turned back into the key. The state stores it (never the
   * key) to know which project it belongs to.
   */
  public static String project(String apiKey) {
    try {
      java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
      sha.update("amplitude-sync project v1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
      byte[] hash = sha.digest(apiKey.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(hash, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e); // every JVM has it
    }
  }

  /** Returns the hash of a slot name, as stored. */
  public static long slot(String name) {
    return finish(hashChars(name, SEED));
  }

  /**
   * The slot that holds the digest of the source row a record was mapped from: a stored fingerprint
   * with the same row digest belongs to a row that has not changed at all, so the row need not be
   * mapped again. Diffs never look at it.
   */
  static final long ROW_SLOT = slot("#row");

  /** Returns the pairs with the row digest added in its sorted place. */
  public static long[] withRowDigest(long[] pairs, long digest) {
    long[] out = new long[pairs.length + 2];
    int at = 0;
    while (at < pairs.length && pairs[at] < ROW_SLOT) {
      at += 2;
    }
    System.arraycopy(pairs, 0, out, 0, at);
    out[at] = ROW_SLOT;
    out[at + 1] = digest;
    System.arraycopy(pairs, at, out, at + 2, pairs.length - at);
    return out;
  }

  /**
   * Returns what the state keeps of an acknowledged event: the 8-byte digest of the row it was
   * mapped from (other fingerprints are multiples of 16 bytes).
   */
  public static byte[] eventDigest(long digest) {
    byte[] bytes = new byte[8];
    for (int i = 7; i >= 0; i--) {
      bytes[i] = (byte) digest;
      digest >>>= 8;
    }
    return bytes;
  }

  /**
   * Returns the row digest a stored fingerprint carries, or {@code absent} when it carries none
   * (acknowledged from a row function, or from client planning of another version).
   */
  public static long rowDigestOf(byte[] stored, long absent) {
    int at = rowDigestOffset(stored);
    return at < 0 ? absent : longAt(stored, at);
  }

  /** Tells whether a stored fingerprint carries this row digest, without decoding it. */
  public static boolean hasRowDigest(byte[] stored, long digest) {
    int at = rowDigestOffset(stored);
    return at >= 0 && longAt(stored, at) == digest;
  }

  /** Where a stored fingerprint keeps its row digest (an event's is all of it), or -1. */
  private static int rowDigestOffset(byte[] stored) {
    if (stored.length == 8) {
      return 0; // an event's
    }
    int low = 0;
    int high = stored.length / 16 - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      long slot = longAt(stored, mid * 16);
      if (slot < ROW_SLOT) {
        low = mid + 1;
      } else if (slot > ROW_SLOT) {
        high = mid - 1;
      } else {
        return mid * 16 + 8;
      }
    }
    return -1;
  }

  private static long longAt(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xff);
    }
    return value;
  }

  /** Encodes pairs for the store: 16 bytes per slot. */
  public static byte[] encode(long[] pairs) {
    ByteBuffer buffer = ByteBuffer.allocate(pairs.length * 8);
    for (long value : pairs) {
      buffer.putLong(value);
    }
    return buffer.array();
  }

  /** Decodes stored pairs. */
  public static long[] decode(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long[] pairs = new long[bytes.length / 8];
    for (int i = 0; i < pairs.length; i++) {
      pairs[i] = buffer.getLong();
    }
    return pairs;
  }

  /** Returns the value hash of a slot in sorted pairs, or null when the slot is absent. */
  static Long valueOf(long[] pairs, long slot) {
    int low = 0;
    int high = pairs.length / 2 - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      long s = pairs[mid * 2];
      if (s < slot) {
        low = mid + 1;
      } else if (s > slot) {
        high = mid - 1;
      } else {
        return pairs[mid * 2 + 1];
      }
    }
    return null;
  }

  // ---------------------------------------------------------------------------- hashing

  private static final long SEED = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private static long mix(long h, long value) {
    for (int i = 0; i < 8; i++) {
      h ^= (value >>> (i * 8)) & 0xff;
      h *= PRIME;
    }
    return h;
  }

  private static long hashChars(String text, long h) {
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      h ^= c & 0xff;
      h *= PRIME;
      h ^= c >>> 8;
      h *= PRIME;
    }
    return mix(h, text.length());
  }

  private static long hashString(String text) {
    return finish(hashChars(text, SEED));
  }

  static long hashValue(Object value, long h) {
    return finish(hash(value, h));
  }

  private static long hash(Object value, long h) {
    if (value == null) {
      return mix(h, 0);
    }
    if (value instanceof String s) {
      return hashChars(s, mix(h, 1));
    }
    if (value instanceof Boolean b) {
      return mix(mix(h, 2), b ? 1 : 0);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return hashChars(Long.toString(((Number) value).longValue()), mix(h, 3));
    }
    if (value instanceof BigInteger i) {
      return hashChars(i.toString(), mix(h, 3));
    }
    if (value instanceof BigDecimal d) {
      String canonical = d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
      return hashChars(canonical, mix(h, 3));
    }
    if (value instanceof Double || value instanceof Float) {
      return hashChars(value.toString(), mix(h, 4));
    }
    if (value instanceof Map<?, ?> map) {
      long hm = mix(mix(h, 5), map.size());
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        hm = hash(entry.getValue(), hashChars(String.valueOf(entry.getKey()), hm));
      }
      return hm;
    }
    if (value instanceof List<?> list) {
      long hl = mix(mix(h, 6), list.size());
      for (Object element : list) {
        hl = hash(element, hl);
      }
      return hl;
    }
    if (value instanceof Instant instant) {
      return mix(mix(mix(h, 7), instant.getEpochSecond()), instant.getNano());
    }
    if (value instanceof Plan plan) {
      return hash(Arrays.asList(plan.branch(), plan.source(), plan.version(), plan.versionId()), mix(h, 8));
    }
    if (value instanceof IngestionMetadata metadata) {
      return hash(Arrays.asList(metadata.sourceName(), metadata.sourceVersion()), mix(h, 9));
    }
    return hashChars(value.toString(), mix(h, 10));
  }

  private static long finish(long h) {
    return dev.ampsync.internal.util.Hashing.fmix64(h);
  }

  /** Collects pairs, then sorts them by slot. */
  private static final class Pairs {
    private long[] values = new long[16];
    private int size;

    void add(String slot, long value) {
      if (size + 2 > values.length) {
        values = Arrays.copyOf(values, values.length * 2);
      }
      values[size++] = slot(slot);
      values[size++] = value;
    }

    long[] sorted() {
      int n = size / 2;
      long[][] pairs = new long[n][];
      for (int i = 0; i < n; i++) {
        pairs[i] = new long[] {values[i * 2], values[i * 2 + 1]};
      }
      Arrays.sort(pairs, (a, b) -> Long.compare(a[0], b[0]));
      long[] out = new long[size];
      for (int i = 0; i < n; i++) {
        out[i * 2] = pairs[i][0];
        out[i * 2 + 1] = pairs[i][1];
      }
      return out;
    }
  }
}
