package dev.ampsync.record;

import dev.ampsync.internal.record.ValidatedRecords;
import dev.ampsync.internal.util.Arguments;
import dev.ampsync.internal.util.Text;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks records against the rules Amplitude applies on ingestion, so that a record Amplitude would
 * refuse (or silently truncate or drop) becomes a per-row outcome instead of a failed request.
 *
 * <pre>{@code
 * RecordValidator validator = RecordValidator.withMinIdLength(5);
 * List<Violation> violations = validator.validate(record);
 * if (!violations.isEmpty()) {
 *   // report the row as invalid: violations.get(0).field(), .message()
 * }
 * }</pre>
 *
 * <p>The rules (see {@link ValidationRule}): ids not blank, at least {@code min_id_length}
 * characters, not one of Amplitude's refused values (trimmed, case-insensitive); strings, property
 * names, ids and event types at most 1024 UTF-16 characters and free of unpaired surrogates;
 * property nesting at most 40 levels (the top-level properties object is level 1, and an operation
 * such as {@code $set} is a level of its own); numbers finite;
 * {@code $add} values numeric; event types neither blank nor reserved; at most 5 group types and 10
 * group values per record; at most 1024 group properties per group; {@code currency} three upper-case
 * letters.
 *
 * <p>Immutable and thread-safe.
 */
public final class RecordValidator {
  /** Amplitude's default minimum length of {@code user_id} and {@code device_id}. */
  public static final int DEFAULT_MIN_ID_LENGTH = 5;
  /** The longest string Amplitude keeps whole. */
  public static final int MAX_STRING_LENGTH = 1024;
  /** The deepest property nesting Amplitude accepts. */
  public static final int MAX_NESTING_DEPTH = 40;
  /** The most group types per record. */
  public static final int MAX_GROUP_TYPES = 5;
  /** The most group values per record, over all group types. */
  public static final int MAX_GROUP_VALUES = 10;
  /** The most group properties in one group identification. */
  public static final int MAX_GROUP_PROPERTIES = 1024;

  private static final Instant MIN_TIME = Instant.ofEpochMilli(Long.MIN_VALUE);
  private static final Instant MAX_TIME = Instant.ofEpochMilli(Long.MAX_VALUE);

  private static final Set<String> REFUSED_IDS =
      Set.of(
          "anonymous",
          "nil",
          "none",
          "null",
          "n/a",
          "na",
          "undefined",
          "unknown",
          "\"\"",
          "00000000-0000-0000-0000-000000000000",
          "{}",
          "lmy47d",
          "0",
          "-1");

  private static final String[] REFUSED_ID_LIST = REFUSED_IDS.toArray(new String[0]);

  private static final Set<String> RESERVED_EVENT_TYPES =
      Set.of(
          "[amplitude] start session",
          "[amplitude] end session",
          "[amplitude] revenue",
          "[amplitude] revenue (verified)",
          "[amplitude] revenue (unverified)",
          "[amplitude] merged user",
          "$identify",
          "$groupidentify");

  private static final RecordValidator DEFAULT = new RecordValidator(DEFAULT_MIN_ID_LENGTH);

  static {
    ValidatedRecords.install(RecordValidator::wasValidated);
  }

  private final int minIdLength;

  private RecordValidator(int minIdLength) {
    this.minIdLength = minIdLength;
  }

  /**
   * Returns a validator with Amplitude's default {@code min_id_length} of 5.
   *
   * @return the validator
   */
  public static RecordValidator create() {
    return DEFAULT;
  }

  /**
   * Returns a validator for a project that sends {@code options.min_id_length}.
   *
   * @param minIdLength the minimum id length, at least 1
   * @return the validator
   * @throws IllegalArgumentException if {@code minIdLength} is less than 1
   */
  public static RecordValidator withMinIdLength(int minIdLength) {
    if (minIdLength < 1) {
      throw new IllegalArgumentException("minIdLength must be at least 1, was " + minIdLength);
    }
    return minIdLength == DEFAULT_MIN_ID_LENGTH ? DEFAULT : new RecordValidator(minIdLength);
  }

  /**
   * Returns the minimum id length this validator enforces.
   *
   * @return the minimum id length
   */
  public int minIdLength() {
    return minIdLength;
  }

  /**
   * Checks a record.
   *
   * @param record the record
   * @return every violation found, in field order; empty when Amplitude will accept the record
   * @throws NullPointerException if {@code record} is null
   */
  public List<Violation> validate(AmplitudeRecord record) {
    Arguments.required(record, "record",
        "pass the record to check, e.g. UserRecord.builder(\"user-1\").build()");
    Checks checks = new Checks();
    switch (record.objectType()) {
      case EVENT -> checkEvent((EventRecord) record, checks);
      case USER, DEVICE -> checkIdentification((Identification) record, checks);
      case GROUP -> checkGroup((GroupRecord) record, checks);
      default -> throw new AssertionError(record.objectType());
    }
    List<Violation> violations = checks.result();
    if (violations.isEmpty()) {
      markValidated(record);
    }
    return violations;
  }

  /** Notes on a record that it passed: its text has no unpaired surrogate, so the encoder skips that scan. */
  private static void markValidated(AmplitudeRecord record) {
    if (record instanceof EventRecord event) {
      event.validated = true;
    } else if (record instanceof Identification identification) {
      identification.validated = true;
    } else if (record instanceof GroupRecord group) {
      group.validated = true;
    }
  }

  /** Tells whether this validator (of any min_id_length) found nothing wrong with a record. */
  private static boolean wasValidated(AmplitudeRecord record) {
    return record instanceof EventRecord event ? event.validated
        : record instanceof Identification identification ? identification.validated
        : record instanceof GroupRecord group && group.validated;
  }

  private void checkEvent(EventRecord event, Checks checks) {
    checkId("user_id", event.userId().orElse(null), checks);
    checkId("device_id", event.deviceId().orElse(null), checks);
    String eventType = event.eventType();
    if (eventType.isBlank()) {
      checks.add("event_type", ValidationRule.EVENT_TYPE_BLANK, "event_type is blank");
    } else if (mayBeReserved(eventType) && RESERVED_EVENT_TYPES.contains(eventType.trim().toLowerCase(Locale.ROOT))) {
      checks.add(
          "event_type",
          ValidationRule.RESERVED_EVENT_TYPE,
          "event_type '" + eventType.trim() + "' is reserved by Amplitude; choose another name");
    } else {
      checks.string("event_type", eventType);
    }
    checkFields(event.fields(), checks);
    checks.properties(new Checks.Path(null, "event_properties", -1), event.eventProperties());
    checkOperations("user_properties", event.userProperties(), checks);
    checkGroups(event.groups(), checks);
  }

  private void checkIdentification(Identification identification, Checks checks) {
    checkId("user_id", identification.userId, checks);
    checkId("device_id", identification.deviceId, checks);
    checkFields(identification.fields, checks);
    checkOperations("user_properties", identification.userProperties, checks);
    checkGroups(identification.groups, checks);
  }

  private void checkGroup(GroupRecord group, Checks checks) {
    checkGroupKey("group_type", group.groupType(), checks);
    checkGroupKey("group_value", group.groupValue(), checks);
    checkOperations("group_properties", group.groupProperties(), checks);
    int count = group.groupProperties().propertyCount();
    if (count > MAX_GROUP_PROPERTIES) {
      checks.add(
          "group_properties",
          ValidationRule.TOO_MANY_GROUP_PROPERTIES,
          "group has " + count + " properties; Amplitude accepts at most " + MAX_GROUP_PROPERTIES);
    }
    checkId("user_id", group.userId().orElse(null), checks);
  }

  private void checkId(String field, String id, Checks checks) {
    if (id == null) {
      return;
    }
    if (id.isBlank()) {
      checks.add(field, ValidationRule.ID_BLANK, field + " is blank");
      return;
    }
    if (isRefused(id)) {
      checks.add(
          field,
          ValidationRule.ID_REFUSED_VALUE,
          field + " '" + Text.abbreviate(id.trim()) + "' is a value Amplitude refuses as an id");
      return;
    }
    if (id.length() < minIdLength) {
      checks.add(
          field,
          ValidationRule.ID_TOO_SHORT,
          field
              + " '"
              + Text.abbreviate(id)
              + "' has "
              + id.length()
              + " characters; Amplitude requires at least "
              + minIdLength
              + " (min_id_length)");
      return;
    }
    checks.string(field, id);
  }

  /** Three upper-case ASCII letters, as ISO 4217 codes are. */
  private static boolean isCurrencyCode(String code) {
    if (code.length() != 3) {
      return false;
    }
    for (int i = 0; i < 3; i++) {
      char c = code.charAt(i);
      if (c < 'A' || c > 'Z') {
        return false;
      }
    }
    return true;
  }

  /** Every reserved event type starts with '[' or '$': most names are cleared without a copy. */
  private static boolean mayBeReserved(String eventType) {
    for (int i = 0; i < eventType.length(); i++) {
      char c = eventType.charAt(i);
      if (c > ' ') {
        return c == '[' || c == '$';
      }
    }
    return false;
  }

  /**
   * Tells whether an id is one Amplitude refuses, ignoring case and surrounding whitespace. Ids
   * whose trimmed length matches no refused value (nearly all) are cleared without a copy.
   */
  private static boolean isRefused(String id) {
    int start = 0;
    int end = id.length();
    while (start < end && id.charAt(start) <= ' ') {
      start++;
    }
    while (end > start && id.charAt(end - 1) <= ' ') {
      end--;
    }
    int length = end - start;
    for (String refused : REFUSED_ID_LIST) {
      if (refused.length() == length && id.regionMatches(true, start, refused, 0, length)) {
        return REFUSED_IDS.contains(id.trim().toLowerCase(Locale.ROOT)); // the exact rule decides
      }
    }
    return false;
  }

  private static void checkGroupKey(String field, String value, Checks checks) {
    if (value.isBlank()) {
      checks.add(field, ValidationRule.ID_BLANK, field + " is blank");
    } else {
      checks.string(field, value);
    }
  }

  private static void checkFields(Map<AmplitudeField, Object> fields, Checks checks) {
    fields.forEach(
        (field, value) -> {
          String name = field.wireName();
          switch (field.kind()) {
            case STRING -> checks.string(name, (String) value);
            case DECIMAL -> checks.finite(name, value);
            case PLAN -> {
              Plan plan = (Plan) value;
              checks.string(name + ".branch", plan.branch());
              checks.string(name + ".source", plan.source());
              checks.string(name + ".version", plan.version());
              checks.string(name + ".versionId", plan.versionId());
            }
            case INGESTION_METADATA -> {
              IngestionMetadata metadata = (IngestionMetadata) value;
              checks.string(name + ".source_name", metadata.sourceName());
              checks.string(name + ".source_version", metadata.sourceVersion());
            }
            case TIME -> {
              Instant time = (Instant) value;
              if (time.isBefore(MIN_TIME) || time.isAfter(MAX_TIME)) {
                checks.add(name, ValidationRule.TIME_OUT_OF_RANGE, name + " " + time + " cannot be sent as epoch milliseconds");
              }
            }
            default -> {
              // INTEGER and BOOLEAN values are valid by construction.
            }
          }
        });
    Object currency = fields.get(AmplitudeField.CURRENCY);
    if (currency != null && !isCurrencyCode((String) currency)) {
      checks.add(
          "currency",
          ValidationRule.INVALID_CURRENCY,
          "currency '"
              + Text.abbreviate((String) currency)
              + "' is not an ISO 4217 code of three upper-case letters");
    }
  }

  private static void checkOperations(String field, PropertyOperations operations, Checks checks) {
    for (PropertyOperation op : operations.operations()) {
      if (op == PropertyOperation.CLEAR_ALL) {
        continue;
      }
      Checks.Path path = new Checks.Path(new Checks.Path(null, field, -1), op.wireName(), -1);
      for (Map.Entry<String, Object> entry : operations.get(op).entrySet()) {
        checks.key(path, entry.getKey());
        if (op == PropertyOperation.ADD && !(entry.getValue() instanceof Number)) {
          checks.add(
              path + "." + entry.getKey(),
              ValidationRule.ADD_NOT_NUMERIC,
              "$add needs a number, got " + Checks.describe(entry.getValue()));
        } else {
          // Operations wrap their values one level deeper ({"$set":{...}}): count that level too,
          // the stricter reading of Amplitude's nesting limit.
          checks.value(path, entry.getKey(), -1, entry.getValue(), 3);
        }
      }
    }
  }

  private static void checkGroups(Map<String, List<String>> groups, Checks checks) {
    if (groups.size() > MAX_GROUP_TYPES) {
      checks.add(
          "groups",
          ValidationRule.TOO_MANY_GROUP_TYPES,
          "record has " + groups.size() + " group types; Amplitude tracks at most " + MAX_GROUP_TYPES);
    }
    int values = 0;
    for (Map.Entry<String, List<String>> entry : groups.entrySet()) {
      String path = "groups." + entry.getKey();
      checkGroupKey("groups", entry.getKey(), checks);
      for (String value : entry.getValue()) {
        checkGroupKey(path, value, checks);
      }
      values += entry.getValue().size();
    }
    if (values > MAX_GROUP_VALUES) {
      checks.add(
          "groups",
          ValidationRule.TOO_MANY_GROUP_VALUES,
          "record has " + values + " group values; Amplitude tracks at most " + MAX_GROUP_VALUES);
    }
  }
}
