package dev.ampsync.source;

/**
 * The kind of value a column holds, as a source reports it. The mapping engine uses it to convert
 * values: JSON text is parsed into objects, binary columns make a row invalid, and so on.
 */
public enum ColumnType {
  /** Text: {@link String}. */
  STRING,
  /** Whole numbers: {@link Integer}, {@link Long}, {@link java.math.BigInteger}. */
  INTEGER,
  /** Exact decimals: {@link java.math.BigDecimal}. */
  DECIMAL,
  /** Floating point: {@link Double}, {@link Float}. */
  FLOAT,
  /** {@link Boolean}. */
  BOOLEAN,
  /** A calendar date: {@link java.time.LocalDate}. */
  DATE,
  /** A time of day: {@link java.time.LocalTime}. */
  TIME,
  /** A point in time: {@link java.time.Instant} (or a zone-less date-time, read as UTC). */
  TIMESTAMP,
  /** {@link java.util.UUID}. */
  UUID,
  /** JSON text or a parsed JSON value ({@link java.util.Map}, {@link java.util.List}). */
  JSON,
  /** An array: {@link java.util.List}. */
  ARRAY,
  /** Bytes: {@code byte[]}. Amplitude cannot take them; a mapped binary value makes the row invalid. */
  BINARY,
  /** Anything else; the mapping engine accepts it only if it is one of the types above. */
  OTHER
}
