package dev.ampsync.jdbc.internal;

import dev.ampsync.source.ColumnType;
import dev.ampsync.source.UnreadableValue;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Reads one column of a result set as the Java value the mapping expects, decided once per result
 * set from the column's JDBC type and type name:
 *
 * <ul>
 *   <li>integers → {@code Integer}/{@code Long}, unsigned ones widened; DECIMAL/NUMERIC → {@code
 *       BigDecimal}, never through double; REAL/FLOAT/DOUBLE → {@code Double};
 *   <li>BOOLEAN/BIT → {@code Boolean}; character types and CLOB → {@code String};
 *   <li>DATE → {@code LocalDate}; TIME → {@code LocalTime}; TIMESTAMP WITH TIME ZONE → {@code
 *       Instant}; TIMESTAMP without zone → {@code Instant}, read in the configured zone (UTC by default);
 *   <li>UUID → {@code UUID}; JSON/JSONB → its text, typed {@link ColumnType#JSON}; SQL arrays → {@code
 *       List}; binary → {@code byte[]} typed {@link ColumnType#BINARY}, which makes a mapped row invalid;
 *   <li>SQL NULL → {@code null}, through {@code wasNull} for primitives;
 *   <li>a value that has no such Java value → an {@link UnreadableValue} naming the column's type
 *       and the value as the database spells it, so that the read goes on and only a row that maps
 *       the column is invalid: PostgreSQL's numeric {@code NaN} and {@code ±Infinity} (the driver
 *       throws for them), dates and timestamps {@code ±infinity} (the driver returns the {@code
 *       MIN}/{@code MAX} of {@code java.time} for them), any date or timestamp the driver cannot
 *       convert (MariaDB's zero dates), an array the driver cannot convert (a {@code numeric[]}
 *       holding {@code NaN}).
 * </ul>
 */
public final class ColumnReader {
  private enum Kind {
    INT, LONG, BIG_INTEGER, DECIMAL, DOUBLE, BOOLEAN, BITS, STRING, CLOB, DATE, TIME, TIMESTAMP, TIMESTAMP_TZ,
    UUID, JSON, ARRAY, BINARY, OBJECT
  }

  private final int index;
  private final Kind kind;
  private final ColumnType type;
  private final ZoneId zone;
  /** The database's name of the column's type, for an unreadable value's reason: {@code numeric}. */
  private final String typeName;

  private ColumnReader(int index, Kind kind, ColumnType type, ZoneId zone, String typeName) {
    this.index = index;
    this.kind = kind;
    this.type = type;
    this.zone = zone;
    this.typeName = typeName;
  }

  /** Decides how to read column {@code index} (1-based). */
  public static ColumnReader of(ResultSetMetaData meta, int index, ZoneId zone) throws SQLException {
    int sqlType = meta.getColumnType(index);
    String name = String.valueOf(meta.getColumnTypeName(index)).toLowerCase(Locale.ROOT);
    boolean signed = isSigned(name);
    Kind kind;
    ColumnType type;
    if (name.equals("uuid")) {
      kind = Kind.UUID;
      type = ColumnType.UUID;
    } else if (name.equals("json") || name.equals("jsonb")) {
      kind = Kind.JSON;
      type = ColumnType.JSON;
    } else if (name.startsWith("timestamptz") || name.startsWith("timestamp with time zone")
        || sqlType == Types.TIMESTAMP_WITH_TIMEZONE) {
      kind = Kind.TIMESTAMP_TZ;
      type = ColumnType.TIMESTAMP;
    } else {
      switch (sqlType) {
        case Types.TINYINT, Types.SMALLINT -> {
          kind = Kind.INT;
          type = ColumnType.INTEGER;
        }
        case Types.INTEGER -> {
          kind = signed ? Kind.INT : Kind.LONG;
          type = ColumnType.INTEGER;
        }
        case Types.BIGINT -> {
          kind = signed ? Kind.LONG : Kind.BIG_INTEGER;
          type = ColumnType.INTEGER;
        }
        case Types.DECIMAL, Types.NUMERIC -> {
          kind = Kind.DECIMAL;
          type = ColumnType.DECIMAL;
        }
        case Types.REAL, Types.FLOAT, Types.DOUBLE -> {
          kind = Kind.DOUBLE;
          type = ColumnType.FLOAT;
        }
        case Types.BOOLEAN -> {
          kind = Kind.BOOLEAN;
          type = ColumnType.BOOLEAN;
        }
        case Types.BIT -> {
          // BIT(1) is a boolean; BIT(n) is a bit string, read as its number.
          boolean single = precision(meta, index) <= 1;
          kind = single ? Kind.BOOLEAN : Kind.BITS;
          type = single ? ColumnType.BOOLEAN : ColumnType.INTEGER;
        }
        case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR -> {
          kind = Kind.STRING;
          type = ColumnType.STRING;
        }
        case Types.CLOB, Types.NCLOB -> {
          kind = Kind.CLOB;
          type = ColumnType.STRING;
        }
        case Types.DATE -> {
          kind = Kind.DATE;
          type = ColumnType.DATE;
        }
        case Types.TIME, Types.TIME_WITH_TIMEZONE -> {
          kind = Kind.TIME;
          type = ColumnType.TIME;
        }
        case Types.TIMESTAMP -> {
          kind = Kind.TIMESTAMP;
          type = ColumnType.TIMESTAMP;
        }
        case Types.ARRAY -> {
          kind = Kind.ARRAY;
          type = ColumnType.ARRAY;
        }
        case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> {
          kind = Kind.BINARY;
          type = ColumnType.BINARY;
        }
        default -> {
          kind = Kind.OBJECT;
          type = ColumnType.OTHER;
        }
      }
    }
    return new ColumnReader(index, kind, type, zone, name);
  }

  /**
   * Tells signedness from the type name ({@code INT UNSIGNED}, DuckDB's {@code UINTEGER}), not from
   * {@code isSigned()}, which DuckDB answers false for every column.
   */
  private static boolean isSigned(String typeName) {
    return !(typeName.contains("unsigned") || typeName.matches("u(tiny|small|big|huge)?int(eger)?.*"));
  }

  /** Returns the column type the source reports. */
  public ColumnType type() {
    return type;
  }

  /** Reads the column of the current row. */
  public Object read(ResultSet rs) throws SQLException {
    switch (kind) {
      case INT: {
        int value = rs.getInt(index);
        return rs.wasNull() ? null : value;
      }
      case LONG: {
        long value = rs.getLong(index);
        return rs.wasNull() ? null : value;
      }
      case BIG_INTEGER: {
        BigDecimal value = rs.getBigDecimal(index);
        return value == null ? null : value.toBigIntegerExact();
      }
      case DECIMAL:
        return readDecimal(rs);
      case DOUBLE: {
        double value = rs.getDouble(index);
        return rs.wasNull() ? null : value;
      }
      case BOOLEAN: {
        boolean value = rs.getBoolean(index);
        return rs.wasNull() ? null : value;
      }
      case BITS:
        return readBits(rs);
      case STRING:
      case JSON:
        return rs.getString(index);
      case CLOB: {
        Clob clob = rs.getClob(index);
        if (clob == null) {
          return null;
        }
        try {
          return clob.getSubString(1, Math.toIntExact(clob.length()));
        } finally {
          free(clob);
        }
      }
      case DATE:
      case TIMESTAMP:
      case TIMESTAMP_TZ:
        return readDateOrTimestamp(rs);
      case TIME:
        return readTime(rs);
      case UUID:
        return readUuid(rs);
      case ARRAY:
        return readArray(rs);
      case BINARY:
        return rs.getBytes(index);
      default:
        return plain(rs.getObject(index));
    }
  }

  /**
   * A DECIMAL/NUMERIC, exactly. PostgreSQL's numeric also holds NaN and ±Infinity, for which the
   * driver throws ("Bad value for type BigDecimal : NaN"): they are read as text instead, into a
   * marker, so that one such value does not fail the whole read.
   */
  private Object readDecimal(ResultSet rs) throws SQLException {
    try {
      return rs.getBigDecimal(index);
    } catch (SQLException | RuntimeException notADecimal) {
      String text = rs.getString(index); // a broken connection throws here again, and fails the read
      return text == null ? null : UnreadableValue.of(text, typeName + " " + text + " is not a number Amplitude can store");
    }
  }

  /**
   * A DATE, TIMESTAMP or TIMESTAMP WITH TIME ZONE. PostgreSQL's {@code infinity} and {@code
   * -infinity} come back from the driver as the MAX and MIN of {@code java.time}; a value the driver
   * cannot convert at all throws. Both become a marker holding the database's text, so that the read
   * goes on. (Years the database and {@code java.time} share, BC ones included, are read as they
   * are; the mapping decides which of them Amplitude can take.)
   */
  private Object readDateOrTimestamp(ResultSet rs) throws SQLException {
    Object value;
    try {
      value = switch (kind) {
        case DATE -> rs.getObject(index, LocalDate.class);
        case TIMESTAMP -> rs.getObject(index, LocalDateTime.class);
        default -> rs.getObject(index, OffsetDateTime.class);
      };
    } catch (SQLException | RuntimeException unconvertible) {
      String text = rs.getString(index); // a broken connection throws here again, and fails the read
      return text == null ? null : UnreadableValue.of(text, typeName + " '" + text + "' cannot be read as a date or time");
    }
    if (value == null) {
      return null;
    }
    if (value.equals(LocalDate.MAX) || value.equals(LocalDateTime.MAX) || value.equals(OffsetDateTime.MAX)
        || value.equals(LocalDate.MIN) || value.equals(LocalDateTime.MIN) || value.equals(OffsetDateTime.MIN)) {
      String text = rs.getString(index);
      return UnreadableValue.of(text, typeName + " " + text + " is not a date or time Amplitude can store");
    }
    if (value instanceof LocalDateTime local) {
      return local.atZone(zone).toInstant();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    return value;
  }

  /** A multi-bit BIT value as its number: PostgreSQL gives "1010", MariaDB big-endian bytes. */
  private Object readBits(ResultSet rs) throws SQLException {
    Object value = rs.getObject(index);
    if (value == null) {
      return null;
    }
    if (value instanceof byte[] bytes) {
      return new java.math.BigInteger(1, bytes).longValue();
    }
    if (value instanceof Boolean bool) {
      return bool ? 1L : 0L;
    }
    String text = value.toString().trim();
    return text.matches("[01]+") ? Long.parseLong(text, 2) : plain(value);
  }

  private static int precision(ResultSetMetaData meta, int index) {
    try {
      return meta.getPrecision(index);
    } catch (SQLException | RuntimeException unknown) {
      return 1;
    }
  }

  private Object readTime(ResultSet rs) throws SQLException {
    try {
      return rs.getObject(index, LocalTime.class);
    } catch (SQLException | RuntimeException timeWithZone) {
      Object value = rs.getObject(index);
      return value instanceof java.sql.Time time ? time.toLocalTime() : plain(value);
    }
  }

  private Object readUuid(ResultSet rs) throws SQLException {
    Object value = rs.getObject(index);
    if (value == null || value instanceof UUID) {
      return value;
    }
    if (value instanceof byte[] bytes && bytes.length == 16) {
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(bytes);
      return new UUID(buffer.getLong(), buffer.getLong());
    }
    return UUID.fromString(value.toString());
  }

  /**
   * An SQL array, as a list. The driver converts the whole array at once and throws for one element
   * it cannot convert (PostgreSQL's {@code numeric[]} holding {@code NaN}: "Bad value for type
   * BigDecimal : NaN"): the array is then read as text into a marker, so the read goes on and only a
   * row that maps the column is invalid.
   */
  private Object readArray(ResultSet rs) throws SQLException {
    try {
      Object value = rs.getObject(index);
      if (value == null) {
        return null;
      }
      if (value instanceof Array array) {
        try {
          return list(array.getArray());
        } finally {
          free(array);
        }
      }
      return plain(value);
    } catch (SQLException | RuntimeException unconvertible) {
      String text = rs.getString(index); // a broken connection throws here again, and fails the read
      return text == null ? null : UnreadableValue.of(text, arrayTypeName() + " " + text
          + " holds a value that is not one Amplitude can store");
    }
  }

  /** The array type as SQL writes it: PostgreSQL names {@code numeric[]} {@code _numeric}. */
  private String arrayTypeName() {
    return typeName.startsWith("_") ? typeName.substring(1) + "[]" : typeName;
  }

  /** Turns driver-specific values (arrays, SQL temporal types, nested arrays) into plain ones. */
  Object plain(Object value) throws SQLException {
    if (value instanceof java.sql.Timestamp timestamp) {
      return timestamp.toLocalDateTime().atZone(zone).toInstant(); // zone-less: the configured zone
    }
    if (value instanceof LocalDateTime local) {
      return local.atZone(zone).toInstant();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    if (value instanceof java.sql.Time time) {
      return time.toLocalTime();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    if (value instanceof Array array) {
      try {
        return list(array.getArray());
      } finally {
        free(array);
      }
    }
    if (value instanceof Object[] || value instanceof List<?>) {
      return list(value);
    }
    if (value instanceof Clob clob) {
      try {
        return clob.getSubString(1, Math.toIntExact(clob.length()));
      } finally {
        free(clob);
      }
    }
    return value;
  }

  private List<Object> list(Object array) throws SQLException {
    List<Object> list = new ArrayList<>();
    if (array instanceof Object[] elements) {
      for (Object element : elements) {
        list.add(plain(element));
      }
    } else if (array instanceof List<?> elements) {
      for (Object element : elements) {
        list.add(plain(element));
      }
    } else if (array != null && array.getClass().isArray()) {
      int length = java.lang.reflect.Array.getLength(array);
      for (int i = 0; i < length; i++) {
        list.add(plain(java.lang.reflect.Array.get(array, i)));
      }
    }
    return list;
  }

  private static void free(Array array) {
    try {
      array.free();
    } catch (SQLException | RuntimeException | AbstractMethodError ignored) {
      // some drivers do not implement free(); the array is garbage then
    }
  }

  private static void free(Clob clob) {
    try {
      clob.free();
    } catch (SQLException | RuntimeException | AbstractMethodError ignored) {
      // as above
    }
  }

  @Override
  public String toString() {
    return "ColumnReader{" + index + ", " + kind + "}";
  }
}
