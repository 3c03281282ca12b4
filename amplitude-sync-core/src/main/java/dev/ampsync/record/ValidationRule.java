package dev.ampsync.record;

/** The Amplitude rules {@link RecordValidator} checks before anything is sent. */
public enum ValidationRule {
  /** A {@code user_id}, {@code device_id}, group type or group value is empty or only blanks. */
  ID_BLANK,
  /** A {@code user_id} or {@code device_id} is shorter than {@code min_id_length} (default 5). */
  ID_TOO_SHORT,
  /**
   * A {@code user_id} or {@code device_id} is one of the values Amplitude refuses ({@code null},
   * {@code anonymous}, {@code 0}, {@code -1}, ...), compared trimmed and case-insensitively.
   */
  ID_REFUSED_VALUE,
  /** A string value, property name, id or event type is longer than 1024 characters. */
  STRING_TOO_LONG,
  /** A string contains an unpaired UTF-16 surrogate, which cannot be encoded as UTF-8. */
  INVALID_UNICODE,
  /** Properties are nested deeper than 40 levels. */
  NESTING_TOO_DEEP,
  /** {@code time} cannot be written as epoch milliseconds (a long): it is millions of years away. */
  TIME_OUT_OF_RANGE,
  /** A number is NaN or infinite; JSON cannot carry it. */
  NUMBER_NOT_FINITE,
  /** An {@code $add} value is not a number. */
  ADD_NOT_NUMERIC,
  /** The event type is empty or only blanks. */
  EVENT_TYPE_BLANK,
  /** The event type is reserved by Amplitude ({@code [Amplitude] Start Session}, {@code $identify}, ...). */
  RESERVED_EVENT_TYPE,
  /** More than 5 group types on one record. */
  TOO_MANY_GROUP_TYPES,
  /** More than 10 group values on one record. */
  TOO_MANY_GROUP_VALUES,
  /** More than 1024 group properties in one group identification. */
  TOO_MANY_GROUP_PROPERTIES,
  /** {@code currency} is not three upper-case letters (ISO 4217). */
  INVALID_CURRENCY
}
