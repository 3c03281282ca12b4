package dev.ampsync.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ListAssert;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests for {@link RecordValidator}: every {@link ValidationRule}, the exact {@link Violation#field()}
 * it names, and the boundaries Amplitude documents (reference amplitude-api.md §3–§6).
 */
class RecordValidatorTest {
  private static final RecordValidator VALIDATOR = RecordValidator.create();
  private static final String USER_ID = "user-1042";
  private static final String DEVICE_ID = "device-8f14e45f";

  private static List<Violation> validate(AmplitudeRecord record) {
    return VALIDATOR.validate(record);
  }

  /** Asserts on (field, rule) pairs, the two things a sync reports per row. */
  private static ListAssert<Tuple> assertViolations(AmplitudeRecord record) {
    List<Tuple> pairs = new ArrayList<>();
    for (Violation violation : validate(record)) {
      pairs.add(tuple(violation.field(), violation.rule()));
    }
    return assertThat(pairs);
  }

  private static void assertOnlyViolation(AmplitudeRecord record, String field, ValidationRule rule) {
    assertViolations(record).containsExactly(tuple(field, rule));
  }

  private static void assertValid(AmplitudeRecord record) {
    assertThat(validate(record)).isEmpty();
  }

  /** A valid event, to which each test adds the one thing it checks. */
  private static EventRecord.Builder event() {
    return EventRecord.builder("Order Completed").userId(USER_ID);
  }

  private static UserRecord.Builder user() {
    return UserRecord.builder(USER_ID);
  }

  private static GroupRecord.Builder group() {
    return GroupRecord.builder("company", "acme-corp");
  }

  private static PropertyOperations set(String property, Object value) {
    return PropertyOperations.builder().set(property, value).build();
  }

  /**
   * A chain of maps to put directly under a properties object.
   *
   * <p>Depth is counted as {@link RecordValidator} documents it: the top-level properties object
   * ({@code event_properties}, or the object under an operation such as {@code user_properties.$set},
   * whose operation wrapper is not counted) is level 1, so a map value placed directly in it opens
   * level 2, a map inside that map opens level 3, and so on. The returned chain's outermost map opens
   * level 2 and its innermost map (which holds a scalar {@code leaf}) opens {@code deepestLevel}.
   * Scalars do not open a level.
   */
  private static Map<String, Object> mapChain(int deepestLevel) {
    Map<String, Object> map = Map.of("leaf", "v");
    for (int level = deepestLevel - 1; level >= 2; level--) {
      map = Map.of("a", map);
    }
    return map;
  }

  /** The path of the map at {@code level} in a {@link #mapChain} placed at {@code start}. */
  private static String mapChainPath(String start, int level) {
    return start + ".a".repeat(level - 2);
  }

  /** As {@link #mapChain}, with lists: the outermost list opens level 2. */
  private static List<Object> listChain(int deepestLevel) {
    List<Object> list = List.of("leaf");
    for (int level = deepestLevel - 1; level >= 2; level--) {
      list = List.of(list);
    }
    return list;
  }

  @Nested
  class EveryRule {

    /** One record per rule; the switch has no default, so a new rule will not compile until covered. */
    private AmplitudeRecord breaking(ValidationRule rule) {
      return switch (rule) {
        case ID_BLANK -> event().userId("   ").build();
        case ID_TOO_SHORT -> event().userId("abcd").build();
        case ID_REFUSED_VALUE -> event().deviceId("anonymous").build();
        case STRING_TOO_LONG ->
            event().eventProperty("cart", Map.of("items", List.of("a", "b", "x".repeat(1025)))).build();
        case INVALID_UNICODE -> user().userProperties(set("plan", "pro\uD83D")).build();
        case NESTING_TOO_DEEP -> event().eventProperty("deep", mapChain(41)).build();
        case NUMBER_NOT_FINITE -> event().field(AmplitudeField.PRICE, Double.NaN).build();
        case ADD_NOT_NUMERIC ->
            group()
                .groupProperties(
                    PropertyOperations.builder().put(PropertyOperation.ADD, "seats", "x").build())
                .build();
        case EVENT_TYPE_BLANK -> EventRecord.builder(" ").userId(USER_ID).build();
        case RESERVED_EVENT_TYPE -> EventRecord.builder("$identify").userId(USER_ID).build();
        case TOO_MANY_GROUP_TYPES ->
            event().group("a", "1").group("b", "1").group("c", "1").group("d", "1").group("e", "1")
                .group("f", "1").build();
        case TOO_MANY_GROUP_VALUES -> user().group("team", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9", "t10", "t11").build();
        case TOO_MANY_GROUP_PROPERTIES -> group().groupProperties(setMany(1025)).build();
        case INVALID_CURRENCY -> event().currency("eur").build();
        case TIME_OUT_OF_RANGE -> event().time(java.time.Instant.MAX).build();
      };
    }

    private String expectedField(ValidationRule rule) {
      return switch (rule) {
        case ID_BLANK, ID_TOO_SHORT -> "user_id";
        case ID_REFUSED_VALUE -> "device_id";
        case STRING_TOO_LONG -> "event_properties.cart.items[2]";
        case INVALID_UNICODE -> "user_properties.$set.plan";
        case NESTING_TOO_DEEP -> mapChainPath("event_properties.deep", 41);
        case NUMBER_NOT_FINITE -> "price";
        case ADD_NOT_NUMERIC -> "group_properties.$add.seats";
        case EVENT_TYPE_BLANK, RESERVED_EVENT_TYPE -> "event_type";
        case TOO_MANY_GROUP_TYPES, TOO_MANY_GROUP_VALUES -> "groups";
        case TOO_MANY_GROUP_PROPERTIES -> "group_properties";
        case INVALID_CURRENCY -> "currency";
        case TIME_OUT_OF_RANGE -> "time";
      };
    }

    @ParameterizedTest
    @EnumSource(ValidationRule.class)
    void validate_recordBreakingOneRule_reportsExactlyThatRuleOnItsField(ValidationRule rule) {
      List<Violation> violations = validate(breaking(rule));

      assertThat(violations)
          .extracting(Violation::field, Violation::rule)
          .containsExactly(tuple(expectedField(rule), rule));
      assertThat(violations.get(0).message()).isNotBlank();
    }
  }

  @Nested
  class IdBlank {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t", "\n \t"})
    void validate_whenUserIdBlank_reportsIdBlankOnUserId(String id) {
      assertOnlyViolation(event().userId(id).build(), "user_id", ValidationRule.ID_BLANK);
    }

    @Test
    void validate_whenDeviceIdBlank_reportsIdBlankOnDeviceId() {
      assertOnlyViolation(DeviceRecord.builder("  ").build(), "device_id", ValidationRule.ID_BLANK);
      assertOnlyViolation(event().deviceId("").build(), "device_id", ValidationRule.ID_BLANK);
    }

    @Test
    void validate_whenGroupRecordTypeOrValueBlank_reportsIdBlankOnGroupTypeOrGroupValue() {
      assertOnlyViolation(GroupRecord.builder(" ", "acme-corp").build(), "group_type", ValidationRule.ID_BLANK);
      assertOnlyViolation(GroupRecord.builder("company", "").build(), "group_value", ValidationRule.ID_BLANK);
    }

    @Test
    void validate_whenMembershipGroupTypeBlank_reportsIdBlankOnGroups() {
      assertOnlyViolation(event().group(" ", "acme-corp").build(), "groups", ValidationRule.ID_BLANK);
    }

    @Test
    void validate_whenMembershipGroupValueBlank_reportsIdBlankOnThatGroupType() {
      assertOnlyViolation(user().group("company", "acme-corp", " ").build(), "groups.company", ValidationRule.ID_BLANK);
    }

    @Test
    void validate_whenGroupMemberUserIdBlank_reportsIdBlankOnUserId() {
      assertOnlyViolation(group().userId("").build(), "user_id", ValidationRule.ID_BLANK);
    }
  }

  @Nested
  class IdTooShort {

    @Test
    void validate_whenUserIdShorterThanMinIdLength_reportsIdTooShortOnUserId() {
      List<Violation> violations = validate(event().userId("abcd").build());

      assertThat(violations).extracting(Violation::field, Violation::rule)
          .containsExactly(tuple("user_id", ValidationRule.ID_TOO_SHORT));
      assertThat(violations.get(0).message()).contains("4").contains("5").contains("min_id_length");
    }

    @Test
    void validate_whenDeviceIdShorterThanMinIdLength_reportsIdTooShortOnDeviceId() {
      assertOnlyViolation(DeviceRecord.builder("abcd").build(), "device_id", ValidationRule.ID_TOO_SHORT);
      assertOnlyViolation(user().deviceId("d-1").build(), "device_id", ValidationRule.ID_TOO_SHORT);
    }

    @Test
    void validate_whenGroupMemberUserIdTooShort_reportsIdTooShortOnUserId() {
      assertOnlyViolation(group().userId("abc").build(), "user_id", ValidationRule.ID_TOO_SHORT);
    }

    @Test
    void validate_whenIdsHaveExactlyTheDefaultMinimumOf5_passes() {
      assertValid(event().userId("abcde").deviceId("12345").build());
      assertValid(UserRecord.builder("abcde").build());
      assertValid(DeviceRecord.builder("abcde").build());
    }

    @Test
    void create_usesAmplitudesDefaultMinIdLengthOf5() {
      assertThat(RecordValidator.create().minIdLength())
          .isEqualTo(RecordValidator.DEFAULT_MIN_ID_LENGTH)
          .isEqualTo(5);
      assertThat(RecordValidator.withMinIdLength(5).minIdLength()).isEqualTo(5);
    }

    @Test
    void withMinIdLength3_acceptsThreeCharacterIds_andRefusesTwo() {
      RecordValidator validator = RecordValidator.withMinIdLength(3);

      assertThat(validator.minIdLength()).isEqualTo(3);
      assertThat(validator.validate(event().userId("abc").deviceId("xyz").build())).isEmpty();
      assertThat(validator.validate(event().userId("ab").build()))
          .extracting(Violation::field, Violation::rule)
          .containsExactly(tuple("user_id", ValidationRule.ID_TOO_SHORT));
    }

    @Test
    void withMinIdLength1_acceptsSingleCharacterIds() {
      assertThat(RecordValidator.withMinIdLength(1).validate(UserRecord.builder("a").build())).isEmpty();
    }

    @Test
    void withMinIdLength10_refusesNineCharacterIds() {
      assertThat(RecordValidator.withMinIdLength(10).validate(UserRecord.builder("abcdefghi").build()))
          .extracting(Violation::field, Violation::rule)
          .containsExactly(tuple("user_id", ValidationRule.ID_TOO_SHORT));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void withMinIdLength_belowOne_throwsIae(int minIdLength) {
      assertThatThrownBy(() -> RecordValidator.withMinIdLength(minIdLength))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("minIdLength")
          .hasMessageContaining(String.valueOf(minIdLength));
    }
  }

  @Nested
  class IdRefusedValue {

    /** Amplitude's documented list (§6.3), exactly as documented. */
    static Stream<String> documentedRefusedIds() {
      return Stream.of(
          "anonymous", "nil", "none", "null", "n/a", "na", "undefined", "unknown", "\"\"",
          "00000000-0000-0000-0000-000000000000", "{}", "lmy47d", "0", "-1");
    }

    /** The same values trimmed and case-insensitively: padded, upper-cased, capitalised. */
    static Stream<String> refusedIdVariants() {
      return Stream.of(
          " NULL ", "Anonymous", "ANONYMOUS", "Nil", "NONE", "N/A", " n/a", "NA", "Undefined",
          "UNKNOWN\t", "LMY47D", "LmY47d", " 0 ", "-1 ", "\t{}", " \"\" ",
          "00000000-0000-0000-0000-000000000000 ");
    }

    @ParameterizedTest
    @MethodSource({"documentedRefusedIds", "refusedIdVariants"})
    void validate_whenUserIdIsARefusedValue_reportsOnlyIdRefusedValueOnUserId(String id) {
      // Short refused values ("0", "na") report the refusal, not also ID_TOO_SHORT.
      assertOnlyViolation(event().userId(id).build(), "user_id", ValidationRule.ID_REFUSED_VALUE);
    }

    @ParameterizedTest
    @MethodSource({"documentedRefusedIds", "refusedIdVariants"})
    void validate_whenDeviceIdIsARefusedValue_reportsIdRefusedValueOnDeviceId(String id) {
      assertOnlyViolation(DeviceRecord.builder(id).build(), "device_id", ValidationRule.ID_REFUSED_VALUE);
    }

    @Test
    void validate_whenGroupMemberUserIdRefused_reportsIdRefusedValueOnUserId() {
      assertOnlyViolation(group().userId("undefined").build(), "user_id", ValidationRule.ID_REFUSED_VALUE);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "anonymous-42", "null-island", "user-null", "nonexistent", "unknown_user", "lmy47d-2",
          "00000000-0000-0000-0000-000000000001", "(null)", "<nil>"
        })
    void validate_whenIdOnlyContainsARefusedValue_passes(String id) {
      assertValid(event().userId(id).build());
    }

    @Test
    void validate_refusedValueMessage_quotesTheTrimmedId() {
      assertThat(validate(event().userId(" NULL ").build()).get(0).message()).contains("'NULL'");
    }
  }

  @Nested
  class StringTooLong {

    @Test
    void validate_whenPropertyValueHas1024Characters_passes() {
      assertValid(event().eventProperty("note", "x".repeat(1024)).build());
    }

    @Test
    void validate_whenPropertyValueHas1025Characters_reportsStringTooLongOnTheProperty() {
      assertOnlyViolation(
          event().eventProperty("note", "x".repeat(1025)).build(),
          "event_properties.note",
          ValidationRule.STRING_TOO_LONG);
    }

    @Test
    void validate_whenNestedListElementTooLong_reportsTheIndexedPath() {
      Map<String, Object> cart = Map.of("items", List.of("sku-7", "sku-9", "y".repeat(1025)));

      assertOnlyViolation(
          event().eventProperty("cart", cart).build(),
          "event_properties.cart.items[2]",
          ValidationRule.STRING_TOO_LONG);
    }

    @Test
    void validate_whenUserPropertyValueTooLong_reportsOperationAndPropertyPath() {
      assertOnlyViolation(
          user().userProperties(set("plan", "p".repeat(1025))).build(),
          "user_properties.$set.plan",
          ValidationRule.STRING_TOO_LONG);
      assertOnlyViolation(
          event().userProperties(set("plan", "p".repeat(1025))).build(),
          "user_properties.$set.plan",
          ValidationRule.STRING_TOO_LONG);
    }

    @Test
    void validate_whenIdHas1024Characters_passes_and1025_reportsStringTooLongOnTheId() {
      assertValid(event().userId("u".repeat(1024)).deviceId("d".repeat(1024)).build());
      assertOnlyViolation(event().userId("u".repeat(1025)).build(), "user_id", ValidationRule.STRING_TOO_LONG);
      assertOnlyViolation(DeviceRecord.builder("d".repeat(1025)).build(), "device_id", ValidationRule.STRING_TOO_LONG);
    }

    @Test
    void validate_whenEventTypeHas1024Characters_passes_and1025_reportsStringTooLongOnEventType() {
      assertValid(EventRecord.builder("e".repeat(1024)).userId(USER_ID).build());
      assertOnlyViolation(
          EventRecord.builder("e".repeat(1025)).userId(USER_ID).build(), "event_type", ValidationRule.STRING_TOO_LONG);
    }

    @Test
    void validate_whenPropertyNameHas1024Characters_passes() {
      assertValid(event().eventProperty("k".repeat(1024), 1).build());
    }

    @Test
    void validate_whenPropertyNameHas1025Characters_reportsStringTooLongOnTheAbbreviatedName() {
      // The field names the property by its first 37 characters and an ellipsis.
      assertOnlyViolation(
          event().eventProperty("k".repeat(1025), 1).build(),
          "event_properties." + "k".repeat(37) + "...",
          ValidationRule.STRING_TOO_LONG);
    }

    @Test
    void validate_whenNestedOrOperationPropertyNameTooLong_reportsItUnderItsParent() {
      assertOnlyViolation(
          event().eventProperty("cart", Map.of("n".repeat(1025), 1)).build(),
          "event_properties.cart." + "n".repeat(37) + "...",
          ValidationRule.STRING_TOO_LONG);
      assertOnlyViolation(
          user().userProperties(set("n".repeat(1025), 1)).build(),
          "user_properties.$set." + "n".repeat(37) + "...",
          ValidationRule.STRING_TOO_LONG);
    }

    @Test
    void validate_whenStringFieldTooLong_reportsTheFieldsWireName() {
      assertOnlyViolation(user().country("c".repeat(1025)).build(), "country", ValidationRule.STRING_TOO_LONG);
      assertOnlyViolation(event().productId("p".repeat(1025)).build(), "productId", ValidationRule.STRING_TOO_LONG);
      assertValid(user().country("c".repeat(1024)).build());
    }

    @Test
    void validate_whenPlanOrIngestionMetadataComponentTooLong_reportsTheComponent() {
      assertOnlyViolation(
          event().plan(Plan.of("b".repeat(1025), "ios", "1")).build(), "plan.branch", ValidationRule.STRING_TOO_LONG);
      assertOnlyViolation(
          event().plan(new Plan(null, null, null, "v".repeat(1025))).build(),
          "plan.versionId",
          ValidationRule.STRING_TOO_LONG);
      assertOnlyViolation(
          event().ingestionMetadata(new IngestionMetadata("s".repeat(1025), null)).build(),
          "ingestion_metadata.source_name",
          ValidationRule.STRING_TOO_LONG);
    }

    @Test
    void validate_whenGroupValuesTooLong_reportsTheGroupField() {
      assertOnlyViolation(
          event().group("company", "g".repeat(1025)).build(), "groups.company", ValidationRule.STRING_TOO_LONG);
      assertOnlyViolation(
          event().group("t".repeat(1025), "acme-corp").build(), "groups", ValidationRule.STRING_TOO_LONG);
      assertOnlyViolation(
          GroupRecord.builder("company", "g".repeat(1025)).build(), "group_value", ValidationRule.STRING_TOO_LONG);
      assertOnlyViolation(
          GroupRecord.builder("t".repeat(1025), "acme-corp").build(), "group_type", ValidationRule.STRING_TOO_LONG);
    }

    @Test
    void validate_limitCountsUtf16Characters() {
      // 512 emoji are 1024 UTF-16 chars; one more emoji makes 1026.
      String emoji = "\uD83D\uDE00";
      assertValid(event().eventProperty("note", emoji.repeat(512)).build());
      assertOnlyViolation(
          event().eventProperty("note", emoji.repeat(513)).build(),
          "event_properties.note",
          ValidationRule.STRING_TOO_LONG);
    }

    @Test
    void validate_tooLongMessage_quotesOnlyAShortPrefix() {
      String value = "0123456789".repeat(200);

      String message = validate(event().eventProperty("note", value).build()).get(0).message();

      assertThat(message).contains("2000").contains("1024").doesNotContain(value.substring(0, 100));
    }
  }

  @Nested
  class InvalidUnicode {

    @ParameterizedTest
    @ValueSource(
        strings = {"\uD83D", "\uDE00", "a\uD83Db", "a\uDE00b", "\uDE00\uD83D", "ends with high \uD83D", "\uD83D\uD83D\uDE00"})
    void validate_whenPropertyValueHasUnpairedSurrogate_reportsInvalidUnicodeOnTheProperty(String value) {
      assertOnlyViolation(event().eventProperty("note", value).build(), "event_properties.note", ValidationRule.INVALID_UNICODE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD83D\uDE00", "ok \uD83D\uDE00 ok", "\uD834\uDD1E", "caf\u00E9", "\u4E2D\u6587"})
    void validate_whenStringHasOnlyValidPairsAndBmpCharacters_passes(String value) {
      assertValid(event().eventProperty("note", value).build());
    }

    @Test
    void validate_whenIdHasUnpairedSurrogate_reportsInvalidUnicodeOnTheId() {
      assertOnlyViolation(event().userId("user-\uD800-1").build(), "user_id", ValidationRule.INVALID_UNICODE);
      assertOnlyViolation(DeviceRecord.builder("device-\uDC00").build(), "device_id", ValidationRule.INVALID_UNICODE);
    }

    @Test
    void validate_whenEventTypeHasUnpairedSurrogate_reportsInvalidUnicodeOnEventType() {
      assertOnlyViolation(
          EventRecord.builder("Order \uD83D").userId(USER_ID).build(), "event_type", ValidationRule.INVALID_UNICODE);
    }

    @Test
    void validate_whenPropertyNameHasUnpairedSurrogate_reportsInvalidUnicodeNamingTheProperty() {
      assertOnlyViolation(
          event().eventProperty("bad\uD83D", 1).build(), "event_properties.bad\uD83D", ValidationRule.INVALID_UNICODE);
    }

    @Test
    void validate_whenGroupPropertyOrFieldHasUnpairedSurrogate_reportsItsPath() {
      assertOnlyViolation(
          group().groupProperties(set("name", "Acme \uDE00")).build(),
          "group_properties.$set.name",
          ValidationRule.INVALID_UNICODE);
      assertOnlyViolation(user().city("Berlin\uD83D").build(), "city", ValidationRule.INVALID_UNICODE);
      assertOnlyViolation(event().plan(Plan.of("main", "\uDE00", null)).build(), "plan.source", ValidationRule.INVALID_UNICODE);
    }
  }

  @Nested
  class NestingTooDeep {
    // Depth counting: event_properties itself is level 1; {"deep": {...}} opens level 2 with the
    // map under "deep"; each further map or list nested inside opens the next level. Amplitude
    // accepts up to level 40.

    @Test
    void mapChain_helper_buildsTheDocumentedLevels() {
      // deepestLevel 3: event_properties(1) -> deep(2) -> a(3) -> leaf scalar
      assertThat(mapChain(3)).isEqualTo(Map.of("a", Map.of("leaf", "v")));
      assertThat(listChain(3)).isEqualTo(List.of(List.of("leaf")));
    }

    @Test
    void validate_whenMapsNestedExactly40Levels_passes() {
      assertValid(event().eventProperty("deep", mapChain(40)).build());
    }

    @Test
    void validate_whenMapsNested41Levels_reportsNestingTooDeepOnTheMapOpeningLevel41() {
      assertOnlyViolation(
          event().eventProperty("deep", mapChain(41)).build(),
          mapChainPath("event_properties.deep", 41),
          ValidationRule.NESTING_TOO_DEEP);
    }

    @Test
    void validate_whenListsNestedExactly40Levels_passes() {
      assertValid(event().eventProperty("deep", listChain(40)).build());
    }

    @Test
    void validate_whenListsNested41Levels_reportsNestingTooDeepOnTheIndexedPath() {
      assertOnlyViolation(
          event().eventProperty("deep", listChain(41)).build(),
          "event_properties.deep" + "[0]".repeat(39),
          ValidationRule.NESTING_TOO_DEEP);
    }

    @Test
    void validate_whenMixedMapsAndListsNested_countsListsAndMapsAlike() {
      // event_properties(1) -> "items" list (2) -> map at [0] (3) -> its "a" map (4) -> ...
      // mapChain(n) under "a" shifts each level by 2, so its innermost map opens n + 2.
      assertValid(event().eventProperty("items", List.of(Map.of("a", mapChain(38)))).build());
      assertOnlyViolation(
          event().eventProperty("items", List.of(Map.of("a", mapChain(39)))).build(),
          "event_properties.items[0].a" + ".a".repeat(41 - 4),
          ValidationRule.NESTING_TOO_DEEP);
    }

    @Test
    void validate_whenNestingTooDeep_stopsDescendingAndReportsOnce() {
      Map<String, Object> innermost = new LinkedHashMap<>();
      innermost.put("nan", Double.NaN);
      innermost.put("long", "x".repeat(2000));
      Map<String, Object> chain = innermost;
      for (int level = 44; level >= 2; level--) {
        chain = Map.of("a", chain);
      }

      assertViolations(event().eventProperty("deep", chain).build())
          .containsExactly(tuple(mapChainPath("event_properties.deep", 41), ValidationRule.NESTING_TOO_DEEP));
    }

    @Test
    void validate_userPropertiesUnderAnOperation_countTheOperationAsALevelOfItsOwn() {
      // {"$set":{...}} wraps the values one level deeper than event_properties: the stricter
      // reading of Amplitude's limit counts that level, so values under an operation may nest 39.
      assertValid(user().userProperties(set("deep", mapChain(39))).build());
      assertOnlyViolation(
          user().userProperties(set("deep", mapChain(40))).build(),
          mapChainPath("user_properties.$set.deep", 40),
          ValidationRule.NESTING_TOO_DEEP);
    }

    @Test
    void validate_groupPropertiesNested41LevelsCountingTheOperation_reportsNestingTooDeep() {
      assertValid(group().groupProperties(set("deep", listChain(39))).build());
      assertOnlyViolation(
          group().groupProperties(set("deep", listChain(40))).build(),
          "group_properties.$set.deep" + "[0]".repeat(38),
          ValidationRule.NESTING_TOO_DEEP);
    }
  }

  @Nested
  class NumberNotFinite {

    static Stream<Number> notFinite() {
      return Stream.of(
          Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
          Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
    }

    @ParameterizedTest
    @MethodSource("notFinite")
    void validate_whenPropertyNumberNotFinite_reportsNumberNotFiniteOnTheProperty(Number value) {
      assertOnlyViolation(event().eventProperty("score", value).build(), "event_properties.score", ValidationRule.NUMBER_NOT_FINITE);
    }

    @ParameterizedTest
    @MethodSource("notFinite")
    void validate_whenNestedListNumberNotFinite_reportsTheIndexedPath(Number value) {
      Map<String, Object> cart = Map.of("items", Arrays.asList(1, 2, value));

      assertOnlyViolation(event().eventProperty("cart", cart).build(), "event_properties.cart.items[2]", ValidationRule.NUMBER_NOT_FINITE);
    }

    @ParameterizedTest
    @MethodSource("notFinite")
    void validate_whenPriceNotFinite_reportsNumberNotFiniteOnPrice(Number value) {
      assertOnlyViolation(event().field(AmplitudeField.PRICE, value).build(), "price", ValidationRule.NUMBER_NOT_FINITE);
    }

    @ParameterizedTest
    @MethodSource("notFinite")
    void validate_whenOtherDecimalFieldsNotFinite_reportTheirWireNames(Number value) {
      assertViolations(
              event()
                  .field(AmplitudeField.REVENUE, value)
                  .field(AmplitudeField.LOCATION_LAT, value)
                  .field(AmplitudeField.LOCATION_LNG, value)
                  .build())
          .containsExactly(
              tuple("revenue", ValidationRule.NUMBER_NOT_FINITE),
              tuple("location_lat", ValidationRule.NUMBER_NOT_FINITE),
              tuple("location_lng", ValidationRule.NUMBER_NOT_FINITE));
    }

    @ParameterizedTest
    @MethodSource("notFinite")
    void validate_whenUserOrGroupPropertyNotFinite_reportsOperationPath(Number value) {
      assertOnlyViolation(user().userProperties(set("ltv", value)).build(), "user_properties.$set.ltv", ValidationRule.NUMBER_NOT_FINITE);
      assertOnlyViolation(
          group().groupProperties(PropertyOperations.builder().add("seats", value).build()).build(),
          "group_properties.$add.seats",
          ValidationRule.NUMBER_NOT_FINITE);
    }

    @Test
    void validate_whenNumbersAreFiniteExtremes_passes() {
      assertValid(
          event()
              .eventProperty("max", Double.MAX_VALUE)
              .eventProperty("tiny", -Double.MIN_VALUE)
              .eventProperty("fmax", Float.MAX_VALUE)
              .eventProperty("zero", -0.0d)
              .eventProperty("big", new BigDecimal("1E+400"))
              .field(AmplitudeField.PRICE, -19.99d)
              .build());
    }
  }

  @Nested
  class AddNotNumeric {

    private PropertyOperations addRaw(Object value) {
      return PropertyOperations.builder().put(PropertyOperation.ADD, "seats", value).build();
    }

    @Test
    void validate_whenUserAddValueIsAString_reportsAddNotNumericOnTheProperty() {
      List<Violation> violations = validate(user().userProperties(addRaw("x")).build());

      assertThat(violations).extracting(Violation::field, Violation::rule)
          .containsExactly(tuple("user_properties.$add.seats", ValidationRule.ADD_NOT_NUMERIC));
      assertThat(violations.get(0).message()).contains("$add").contains("String");
    }

    @Test
    void validate_whenGroupAddValueIsAString_reportsAddNotNumericOnTheGroupProperty() {
      assertOnlyViolation(group().groupProperties(addRaw("x")).build(), "group_properties.$add.seats", ValidationRule.ADD_NOT_NUMERIC);
    }

    @Test
    void validate_whenEventUserPropertyAddIsNotNumeric_reportsAddNotNumeric() {
      assertOnlyViolation(event().userProperties(addRaw(true)).build(), "user_properties.$add.seats", ValidationRule.ADD_NOT_NUMERIC);
    }

    @Test
    void validate_whenAddValueIsNullOrAList_reportsAddNotNumeric() {
      assertOnlyViolation(user().userProperties(addRaw(null)).build(), "user_properties.$add.seats", ValidationRule.ADD_NOT_NUMERIC);
      assertOnlyViolation(user().userProperties(addRaw(List.of(1))).build(), "user_properties.$add.seats", ValidationRule.ADD_NOT_NUMERIC);
    }

    @Test
    void validate_whenAddValuesAreNumbers_passes() {
      assertValid(
          user()
              .userProperties(
                  PropertyOperations.builder()
                      .add("a", 1)
                      .add("b", -3L)
                      .add("c", new BigDecimal("2.50"))
                      .add("d", 0.5d)
                      .build())
              .build());
    }

    @Test
    void validate_addNotNumericMessage_abbreviatesTheValue() {
      String value = "v".repeat(500);

      String message = validate(user().userProperties(addRaw(value)).build()).get(0).message();

      assertThat(message).doesNotContain(value).contains("v".repeat(37) + "...");
    }
  }

  @Nested
  class EventTypes {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "  \n  "})
    void validate_whenEventTypeBlank_reportsEventTypeBlank(String eventType) {
      assertOnlyViolation(EventRecord.builder(eventType).userId(USER_ID).build(), "event_type", ValidationRule.EVENT_TYPE_BLANK);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "[Amplitude] Start Session",
          "[Amplitude] End Session",
          "[Amplitude] Revenue",
          "[Amplitude] Revenue (Verified)",
          "[Amplitude] Revenue (Unverified)",
          "[Amplitude] Merged User",
          "$identify",
          "$groupidentify",
          "[AMPLITUDE] START SESSION",
          "[amplitude] end session",
          "[amplitude] REVENUE (verified)",
          "[Amplitude] merged user",
          "$IDENTIFY",
          "$Identify",
          "$groupIdentify",
          "$GROUPIDENTIFY",
          " $identify ",
          "\t[Amplitude] Revenue "
        })
    void validate_whenEventTypeReserved_reportsReservedEventTypeCaseInsensitively(String eventType) {
      assertOnlyViolation(EventRecord.builder(eventType).userId(USER_ID).build(), "event_type", ValidationRule.RESERVED_EVENT_TYPE);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "Revenue", "Start Session", "[Amplitude] Page Viewed", "identify", "$identify_user",
          "[Amplitude]Start Session", "Order Completed"
        })
    void validate_whenEventTypeOnlyResemblesAReservedOne_passes(String eventType) {
      assertValid(EventRecord.builder(eventType).userId(USER_ID).build());
    }
  }

  @Nested
  class Groups {

    @Test
    void validate_whenSixGroupTypes_reportsTooManyGroupTypesOnGroups() {
      EventRecord event =
          event().group("a", "1").group("b", "1").group("c", "1").group("d", "1").group("e", "1").group("f", "1").build();

      assertOnlyViolation(event, "groups", ValidationRule.TOO_MANY_GROUP_TYPES);
    }

    @Test
    void validate_whenFiveGroupTypes_passes() {
      assertValid(event().group("a", "1").group("b", "1").group("c", "1").group("d", "1").group("e", "1").build());
      assertValid(user().group("a", "1").group("b", "1").group("c", "1").group("d", "1").group("e", "1").build());
    }

    @Test
    void validate_whenUserHasSixGroupTypes_reportsTooManyGroupTypes() {
      Map<String, List<String>> groups = new LinkedHashMap<>();
      for (String type : List.of("a", "b", "c", "d", "e", "f")) {
        groups.put(type, List.of("1"));
      }

      assertOnlyViolation(user().groups(groups).build(), "groups", ValidationRule.TOO_MANY_GROUP_TYPES);
    }

    @Test
    void validate_whenElevenGroupValuesOverAllTypes_reportsTooManyGroupValuesOnGroups() {
      EventRecord event =
          event().group("company", "c1", "c2", "c3", "c4", "c5", "c6").group("team", "t1", "t2", "t3", "t4", "t5").build();

      assertOnlyViolation(event, "groups", ValidationRule.TOO_MANY_GROUP_VALUES);
    }

    @Test
    void validate_whenTenGroupValues_passes() {
      assertValid(event().group("company", "c1", "c2", "c3", "c4", "c5").group("team", "t1", "t2", "t3", "t4", "t5").build());
      assertValid(DeviceRecord.builder(DEVICE_ID).group("team", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10").build());
    }

    @Test
    void validate_whenSixTypesAndElevenValues_reportsBoth() {
      EventRecord event =
          event().group("a", "1", "2", "3", "4", "5", "6").group("b", "1").group("c", "1").group("d", "1").group("e", "1")
              .group("f", "1").build();

      assertViolations(event)
          .containsExactly(
              tuple("groups", ValidationRule.TOO_MANY_GROUP_TYPES),
              tuple("groups", ValidationRule.TOO_MANY_GROUP_VALUES));
    }
  }

  private static PropertyOperations setMany(int count) {
    PropertyOperations.Builder builder = PropertyOperations.builder();
    for (int i = 0; i < count; i++) {
      builder.set("p" + i, i);
    }
    return builder.build();
  }

  @Nested
  class GroupProperties {

    @Test
    void validate_when1025GroupProperties_reportsTooManyGroupPropertiesOnGroupProperties() {
      assertOnlyViolation(group().groupProperties(setMany(1025)).build(), "group_properties", ValidationRule.TOO_MANY_GROUP_PROPERTIES);
    }

    @Test
    void validate_when1024GroupProperties_passes() {
      assertValid(group().groupProperties(setMany(1024)).build());
    }

    @Test
    void validate_groupPropertyLimit_countsPropertiesOverAllOperations() {
      PropertyOperations.Builder builder = setMany(1000).toBuilder();
      for (int i = 0; i < 20; i++) {
        builder.add("a" + i, 1);
      }
      for (int i = 0; i < 5; i++) {
        builder.unset("u" + i);
      }

      assertOnlyViolation(group().groupProperties(builder.build()).build(), "group_properties", ValidationRule.TOO_MANY_GROUP_PROPERTIES);
    }

    @Test
    void validate_userPropertiesAreNotSubjectToTheGroupPropertyLimit() {
      assertValid(user().userProperties(setMany(1025)).build());
    }
  }

  @Nested
  class Currency {

    @ParameterizedTest
    @ValueSource(strings = {"eur", "EURO", "Eur", "EU", "E1R", "", " EUR", "EUR ", "\u20ACUR", "US$"})
    void validate_whenCurrencyIsNotThreeUpperCaseLetters_reportsInvalidCurrencyOnCurrency(String currency) {
      assertOnlyViolation(event().currency(currency).build(), "currency", ValidationRule.INVALID_CURRENCY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"EUR", "USD", "JPY", "XAU"})
    void validate_whenCurrencyIsThreeUpperCaseLetters_passes(String currency) {
      assertValid(event().currency(currency).build());
    }

    @Test
    void validate_invalidCurrencyMessage_quotesOnlyAShortPrefix() {
      String currency = "EURO".repeat(100);

      List<Violation> violations = validate(event().currency(currency).build());

      assertThat(violations).extracting(Violation::rule).containsExactly(ValidationRule.INVALID_CURRENCY);
      assertThat(violations.get(0).message()).doesNotContain(currency).hasSizeLessThan(200);
    }
  }

  @Nested
  class ValidRecords {

    @Test
    void validate_fullyPopulatedEvent_returnsEmptyList() {
      Map<String, Object> cart = new LinkedHashMap<>();
      cart.put("items", List.of("sku-7", "sku-9"));
      cart.put("total", new BigDecimal("59.97"));
      cart.put("coupon", null);
      EventRecord event =
          EventRecord.builder("Order Completed")
              .userId(USER_ID)
              .deviceId(DEVICE_ID)
              .time(Instant.parse("2024-03-01T12:30:00.123Z"))
              .insertId("orders:88231")
              .appVersion("4.2.0")
              .versionName("Orion")
              .platform("iOS")
              .osName("ios")
              .osVersion("17.4")
              .deviceBrand("Apple")
              .deviceManufacturer("Apple")
              .deviceModel("iPhone15,2")
              .carrier("Telekom")
              .country("Germany")
              .region("Berlin")
              .city("Berlin")
              .dma("n/a-dma")
              .language("de-DE")
              .price(new BigDecimal("-19.99"))
              .quantity(3L)
              .revenue(new BigDecimal("59.97"))
              .productId("sku-7")
              .revenueType("purchase")
              .currency("EUR")
              .location(new BigDecimal("52.520008"), new BigDecimal("13.404954"))
              .ip("203.0.113.7")
              .idfa("AEBE52E7-03EE-455A-B3C4-E57283966239")
              .idfv("BCCE52E7-03EE-455A-B3C4-E57283966239")
              .adid("38400000-8cf0-11bd-b23e-10b96e40000d")
              .androidId("9774d56d682e549c")
              .androidAppSetId("a1b2c3d4-app-set")
              .eventId(7L)
              .sessionId(-1L)
              .userAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)")
              .plan(new Plan("main", "ios", "12", "v-12"))
              .partnerId("partner-77")
              .library("amplitude-sync/0.1.0")
              .ingestionMetadata(new IngestionMetadata("amplitude-sync", "0.1.0"))
              .skipUserPropertiesSync(true)
              .eventProperty("cart", cart)
              .eventProperty("emoji", "\uD83D\uDE00")
              .eventProperty("none", null)
              .userProperties(
                  PropertyOperations.builder().set("plan", "pro").add("orders", 1).unset("trial").build())
              .group("company", "acme-corp")
              .group("team", "red", "blue")
              .build();

      assertThat(VALIDATOR.validate(event)).isEmpty();
    }

    @Test
    void validate_fullyPopulatedUser_returnsEmptyList() {
      UserRecord user =
          UserRecord.builder(USER_ID)
              .deviceId(DEVICE_ID)
              .time(Instant.parse("2024-03-01T12:30:00Z"))
              .insertId("users:1042:v3")
              .appVersion("4.2.0")
              .platform("iOS")
              .country("Germany")
              .region("Berlin")
              .city("Berlin")
              .language("de-DE")
              .paying("true")
              .startVersion("1.0.0")
              .library("amplitude-sync/0.1.0")
              .userProperties(
                  PropertyOperations.builder()
                      .set("plan", "pro")
                      .setOnce("first_seen", "2024-01-05T10:00:00Z")
                      .add("logins", 3)
                      .append("tags", List.of("a", "b"))
                      .prepend("recent", "x")
                      .preInsert("pre", "y")
                      .postInsert("post", "z")
                      .remove("old", "w")
                      .unset("trial_end")
                      .build())
              .group("company", "acme-corp")
              .build();

      assertValid(user);
    }

    @Test
    void validate_userClearingAllProperties_returnsEmptyList() {
      assertValid(user().userProperties(PropertyOperations.builder().clearAll().build()).build());
    }

    @Test
    void validate_fullyPopulatedDevice_returnsEmptyList() {
      DeviceRecord device =
          DeviceRecord.builder(DEVICE_ID)
              .userId(USER_ID)
              .platform("iOS")
              .osName("ios")
              .osVersion("17.4")
              .deviceBrand("Apple")
              .deviceManufacturer("Apple")
              .deviceModel("iPhone15,2")
              .carrier("Telekom")
              .userProperties(set("push_enabled", true))
              .group("company", "acme-corp")
              .build();

      assertValid(device);
    }

    @Test
    void validate_fullyPopulatedGroup_returnsEmptyList() {
      GroupRecord group =
          group()
              .groupProperties(
                  PropertyOperations.builder()
                      .set("name", "Acme Corp")
                      .setOnce("founded", 1999)
                      .add("seats", 5)
                      .append("regions", List.of("eu"))
                      .prepend("tiers", "gold")
                      .unset("legacy")
                      .build())
              .userId(USER_ID)
              .build();

      assertValid(group);
    }

    @Test
    void validate_minimalRecords_returnEmptyList() {
      assertValid(EventRecord.builder("Ping").deviceId(DEVICE_ID).build());
      assertValid(UserRecord.builder(USER_ID).build());
      assertValid(DeviceRecord.builder(DEVICE_ID).build());
      assertValid(GroupRecord.builder("company", "acme-corp").build());
    }
  }

  @Nested
  class MultipleViolations {

    @Test
    void validate_recordBreakingSeveralRules_reportsEveryViolationInFieldOrder() {
      EventRecord event =
          EventRecord.builder("$identify")
              .userId("abc")
              .deviceId("null")
              .currency("eur")
              .country("c".repeat(1025))
              .field(AmplitudeField.PRICE, Double.NaN)
              .eventProperty("score", Float.POSITIVE_INFINITY)
              .eventProperty("note", "bad \uD83D")
              .userProperties(PropertyOperations.builder().put(PropertyOperation.ADD, "seats", "x").build())
              .group("a", "1").group("b", "1").group("c", "1").group("d", "1").group("e", "1").group("f", " ")
              .build();

      assertViolations(event)
          .containsExactly(
              tuple("user_id", ValidationRule.ID_TOO_SHORT),
              tuple("device_id", ValidationRule.ID_REFUSED_VALUE),
              tuple("event_type", ValidationRule.RESERVED_EVENT_TYPE),
              tuple("country", ValidationRule.STRING_TOO_LONG),
              tuple("price", ValidationRule.NUMBER_NOT_FINITE),
              tuple("currency", ValidationRule.INVALID_CURRENCY),
              tuple("event_properties.score", ValidationRule.NUMBER_NOT_FINITE),
              tuple("event_properties.note", ValidationRule.INVALID_UNICODE),
              tuple("user_properties.$add.seats", ValidationRule.ADD_NOT_NUMERIC),
              tuple("groups", ValidationRule.TOO_MANY_GROUP_TYPES),
              tuple("groups.f", ValidationRule.ID_BLANK));
    }

    @Test
    void validate_severalBadPropertiesOfOneRecord_areEachReported() {
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("a", Double.NaN);
      properties.put("b", "x".repeat(1025));
      properties.put("c", List.of("ok", "\uDE00"));

      assertViolations(event().eventProperties(properties).build())
          .containsExactly(
              tuple("event_properties.a", ValidationRule.NUMBER_NOT_FINITE),
              tuple("event_properties.b", ValidationRule.STRING_TOO_LONG),
              tuple("event_properties.c[1]", ValidationRule.INVALID_UNICODE));
    }

    @Test
    void validate_groupRecordBreakingSeveralRules_reportsEveryViolation() {
      GroupRecord group =
          GroupRecord.builder(" ", "g".repeat(1025))
              .groupProperties(
                  PropertyOperations.builder().put(PropertyOperation.ADD, "seats", "x").set("n", Double.NaN).build())
              .userId("nil")
              .build();

      assertViolations(group)
          .containsExactly(
              tuple("group_type", ValidationRule.ID_BLANK),
              tuple("group_value", ValidationRule.STRING_TOO_LONG),
              tuple("group_properties.$set.n", ValidationRule.NUMBER_NOT_FINITE),
              tuple("group_properties.$add.seats", ValidationRule.ADD_NOT_NUMERIC),
              tuple("user_id", ValidationRule.ID_REFUSED_VALUE));
    }
  }

  @Nested
  class ResultAndViolation {

    @Test
    void validate_returnsAnUnmodifiableList() {
      List<Violation> none = validate(event().build());
      List<Violation> some = validate(event().userId("abc").build());
      Violation extra = new Violation("x", ValidationRule.ID_BLANK, "m");

      assertThatThrownBy(() -> none.add(extra)).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> some.add(extra)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void validate_null_throwsNpe() {
      assertThatThrownBy(() -> VALIDATOR.validate(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void validate_isRepeatableAndDoesNotDependOnEarlierCalls() {
      EventRecord bad = event().userId("abc").build();
      EventRecord good = event().build();

      List<Violation> first = validate(bad);
      assertThat(validate(good)).isEmpty();
      assertThat(validate(bad)).isEqualTo(first);
    }

    @Test
    void violation_toString_showsFieldMessageAndRule() {
      Violation violation = new Violation("user_id", ValidationRule.ID_BLANK, "user_id is blank");

      assertThat(violation).hasToString("user_id: user_id is blank [ID_BLANK]");
    }

    @Test
    void violation_withNullComponent_throwsNpeNamingIt() {
      assertThatThrownBy(() -> new Violation(null, ValidationRule.ID_BLANK, "m")).hasMessageStartingWith("field is null: ");
      assertThatThrownBy(() -> new Violation("f", null, "m")).hasMessageStartingWith("rule is null: ");
      assertThatThrownBy(() -> new Violation("f", ValidationRule.ID_BLANK, null)).hasMessageStartingWith("message is null: ");
    }

    @Test
    void limits_matchAmplitudesDocumentedValues() {
      assertThat(RecordValidator.MAX_STRING_LENGTH).isEqualTo(1024);
      assertThat(RecordValidator.MAX_NESTING_DEPTH).isEqualTo(40);
      assertThat(RecordValidator.MAX_GROUP_TYPES).isEqualTo(5);
      assertThat(RecordValidator.MAX_GROUP_VALUES).isEqualTo(10);
      assertThat(RecordValidator.MAX_GROUP_PROPERTIES).isEqualTo(1024);
    }
  }

}
