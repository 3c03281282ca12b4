package dev.ampsync.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ampsync.record.ObjectType;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.record.UserRecord;
import dev.ampsync.source.ArrayRow;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.Columns;
import dev.ampsync.source.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RowMapper.keyOf, hasDigest and digest: the key read from the identifier columns alone is the key
 * of the record the full mapping makes, and the digest changes exactly when a column the mapping
 * reads changes.
 */
class RowMapperKeyAndDigestTest {
  private static final String SYNC = "key-and-digest";

  // ------------------------------------------------------------------ helpers

  /** A mapping with its columns and a generator of varied rows for it. */
  private record Variant(String name, Mapping mapping, List<Column> columns, Function<Random, Object[]> values) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static List<Column> columns(String... labels) {
    List<Column> list = new ArrayList<>();
    for (String label : labels) {
      ColumnType type = label.equals("traits") ? ColumnType.JSON : ColumnType.OTHER;
      list.add(new Column(label, type));
    }
    return list;
  }

  private static Row row(List<Column> columns, Object... values) {
    return new ArrayRow(Columns.of(columns), values);
  }

  private static long digest(RowMapper mapper, List<Column> columns, Object... values) {
    return mapper.digest(row(columns, values));
  }

  /** An identifier in one of the representations a source may return, sometimes NULL or unusable. */
  private static Object id(Random random, String prefix, boolean nullable, boolean withBad) {
    int n = 100_000 + random.nextInt(900_000);
    int pick = random.nextInt(withBad ? 12 : 10);
    if (nullable && random.nextInt(8) == 0) {
      return null;
    }
    return switch (pick) {
      case 0, 1 -> (long) n;
      case 2 -> n;
      case 3, 4 -> prefix + n;
      case 5 -> new UUID(random.nextLong(), random.nextLong());
      case 6 -> new BigDecimal(n);
      case 7 -> new BigDecimal(n + ".000");
      case 8 -> new BigDecimal(BigInteger.valueOf(n * 1000L), -2); // 1.234E+10 style, still whole
      case 9 -> BigInteger.valueOf(n).multiply(BigInteger.TEN.pow(25));
      case 10 -> new BigDecimal(n + ".5"); // not whole: the mapping refuses it
      default -> random.nextBoolean() ? Boolean.TRUE : 1.5d; // not an identifier
    };
  }

  private static final Instant BASE = Instant.parse("2024-01-01T00:00:00Z");

  /** A time as a String ISO time, an Instant, epoch millis as a Long, or other accepted forms. */
  private static Object time(Random random, int style, boolean nullable) {
    if (nullable && random.nextInt(8) == 0) {
      return null;
    }
    Instant instant = BASE.plusMillis(random.nextInt(1_000_000_000)).plusNanos(random.nextInt(3) == 0 ? random.nextInt(1_000_000) : 0);
    int kind = style >= 0 ? style : random.nextInt(10);
    return switch (kind) {
      case 0 -> instant.toString();
      case 1 -> instant;
      case 2 -> instant.toEpochMilli();
      case 3 -> instant.atOffset(ZoneOffset.ofHours(random.nextInt(25) - 12));
      case 4 -> LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
      case 5 -> LocalDate.ofInstant(instant, ZoneOffset.UTC);
      case 6 -> Long.toString(instant.toEpochMilli());
      case 7 -> instant.toString().replace('T', ' ').replace("Z", "+02:00");
      case 8 -> BigDecimal.valueOf(instant.toEpochMilli());
      default -> random.nextInt(4) == 0 ? "not a time" : java.sql.Timestamp.from(instant);
    };
  }

  private static Object plan(Random random) {
    return switch (random.nextInt(5)) {
      case 0 -> null;
      case 1 -> "pro";
      case 2 -> new BigDecimal("12.50");
      case 3 -> List.of("a", random.nextInt(3));
      default -> "free";
    };
  }

  private static Object traits(Random random) {
    return switch (random.nextInt(6)) {
      case 0 -> null;
      case 1 -> "{\"tier\": \"gold\", \"score\": 1.50, \"none\": null}";
      case 2 -> Map.of("tier", "silver", "n", random.nextInt(10));
      case 3 -> "{not json";
      case 4 -> "[1, 2]";
      default -> "{}";
    };
  }

  static Stream<Arguments> variants() {
    List<Variant> variants = new ArrayList<>();

    variants.add(new Variant("user: user_id only",
        Mapping.builder(ObjectType.USER).userId(Value.column("uid")).build(),
        columns("uid"),
        r -> new Object[] {id(r, "user-", true, true)}));

    variants.add(new Variant("user: device, fields, properties, groups, json",
        Mapping.builder(ObjectType.USER)
            .userId(Value.column("uid"))
            .deviceId(Value.column("did"))
            .field("country", Value.column("country"))
            .property("plan", Value.column("plan"))
            .property("logins", Value.column("logins"), PropertyOperation.ADD)
            .property("source", Value.constant("warehouse"))
            .group("company", Value.column("company"))
            .propertiesJson("traits")
            .build(),
        columns("uid", "did", "country", "plan", "logins", "company", "traits", "unused"),
        r -> new Object[] {id(r, "user-", true, true), id(r, "device-", true, true),
            r.nextBoolean() ? "Germany" : null, plan(r), r.nextInt(4) == 0 ? "x" : (long) r.nextInt(5),
            r.nextBoolean() ? id(r, "co-", true, false) : List.of("a1", "b2"), traits(r), r.nextLong()}));

    variants.add(new Variant("device: device_id and owner",
        Mapping.builder(ObjectType.DEVICE)
            .deviceId(Value.column("did"))
            .userId(Value.column("uid"))
            .property("os", Value.column("os"))
            .field("platform", Value.column("platform"))
            .build(),
        columns("did", "uid", "os", "platform"),
        r -> new Object[] {id(r, "device-", true, true), id(r, "user-", true, true),
            r.nextBoolean() ? "ios" : null, r.nextInt(5) == 0 ? new Object() : "iOS"}));

    variants.add(new Variant("device: device_id only",
        Mapping.builder(ObjectType.DEVICE).deviceId(Value.column("did")).build(),
        columns("did"),
        r -> new Object[] {id(r, "device-", true, true)}));

    variants.add(new Variant("group: constant type, no member",
        Mapping.builder(ObjectType.GROUP)
            .groupType(Value.constant("company"))
            .groupValue(Value.column("gid"))
            .property("name", Value.column("name"))
            .build(),
        columns("gid", "name"),
        r -> new Object[] {id(r, "acme-", true, true), r.nextBoolean() ? "Acme" : null}));

    variants.add(new Variant("group: type column and member user_id",
        Mapping.builder(ObjectType.GROUP)
            .groupType(Value.column("gtype"))
            .groupValue(Value.column("gid"))
            .userId(Value.column("member"))
            .property("seats", Value.column("seats"), PropertyOperation.ADD)
            .property("plan", Value.column("plan"), PropertyOperation.SET_ONCE)
            .propertiesJson("traits")
            .build(),
        columns("gtype", "gid", "member", "seats", "plan", "traits"),
        r -> new Object[] {r.nextInt(10) == 0 ? null : r.nextBoolean() ? "company" : (Object) 7L,
            id(r, "acme-", true, true), id(r, "user-", true, true), (long) r.nextInt(9), plan(r), traits(r)}));

    variants.add(new Variant("event: insert_id column",
        Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Order Completed"))
            .userId(Value.column("uid"))
            .insertId(Value.column("iid"))
            .time(Value.column("at"))
            .property("amount", Value.column("amount"))
            .build(),
        columns("iid", "uid", "at", "amount"),
        r -> new Object[] {id(r, "order-", false, false), id(r, "user-", true, true), time(r, -1, true),
            new BigDecimal(r.nextInt(10_000)).movePointLeft(2)}));

    variants.add(new Variant("event: insert_id column NULL on some rows",
        Mapping.builder(ObjectType.EVENT)
            .eventType(Value.column("etype"))
            .userId(Value.column("uid"))
            .deviceId(Value.column("did"))
            .insertId(Value.column("iid"))
            .time(Value.column("at"))
            .field("price", Value.column("price"))
            .userProperty("last_order", Value.column("at"), PropertyOperation.SET)
            .group("company", Value.column("company"))
            .propertiesJson("traits")
            .build(),
        columns("etype", "uid", "did", "iid", "at", "price", "company", "traits"),
        r -> new Object[] {r.nextInt(12) == 0 ? null : r.nextBoolean() ? "Order Completed" : "Refund",
            id(r, "user-", true, true), id(r, "device-", true, true), id(r, "order-", true, true),
            time(r, -1, true), r.nextInt(6) == 0 ? "abc" : "19.99", id(r, "co-", true, false), traits(r)}));

    String[] timeStyles = {"String ISO time", "Instant", "epoch millis Long"};
    for (int style = 0; style < timeStyles.length; style++) {
      int s = style;
      variants.add(new Variant("event: derived insert_id, time as " + timeStyles[style],
          Mapping.builder(ObjectType.EVENT)
              .eventType(Value.constant("Page Viewed"))
              .userId(Value.column("uid"))
              .deviceId(Value.column("did"))
              .time(Value.column("at"))
              .property("path", Value.column("path"))
              .build(),
          columns("uid", "did", "at", "path"),
          r -> new Object[] {id(r, "user-", true, true), id(r, "device-", true, true), time(r, s, true), "/p/" + r.nextInt(5)}));
    }

    variants.add(new Variant("event: derived insert_id, time in every accepted form",
        Mapping.builder(ObjectType.EVENT)
            .eventType(Value.column("etype"))
            .deviceId(Value.column("did"))
            .time(Value.column("at"))
            .build(),
        columns("etype", "did", "at"),
        r -> new Object[] {r.nextInt(10) == 0 ? null : "Type " + r.nextInt(3), id(r, "device-", true, true), time(r, -1, true)}));

    variants.add(new Variant("event: derived insert_id, time now",
        Mapping.builder(ObjectType.EVENT)
            .eventType(Value.constant("Signed Up"))
            .userId(Value.column("uid"))
            .timeNow()
            .build(),
        columns("uid"),
        r -> new Object[] {id(r, "user-", true, true)}));

    return variants.stream().map(Arguments::of);
  }

  // ------------------------------------------------------------------ keyOf

  @ParameterizedTest(name = "{0}")
  @MethodSource("variants")
  void keyOf_equalsTheKeyOfTheMappedRecord_forEveryRowTheMappingAccepts(Variant variant) {
    RowMapper mapper = new RowMapper(variant.mapping(), variant.columns(), SYNC);
    Random random = new Random(variant.name().hashCode());
    int mapped = 0;
    int refused = 0;
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      Row row = row(variant.columns(), variant.values().apply(random));
      RowMapper.Mapped result = mapper.map(row);
      String[] key = new String[1];
      assertThatCode(() -> key[0] = mapper.keyOf(row)).as("keyOf(%s)", row).doesNotThrowAnyException();
      if (result instanceof RowMapper.Mapped.Ready) {
        mapped++;
        assertThat(result.key()).isNotNull();
        if (!result.key().equals(key[0])) {
          mismatches.add(row + ": keyOf " + key[0] + ", mapped key " + result.key());
        }
      } else {
        refused++;
      }
    }
    assertThat(mismatches).isEmpty();
    assertThat(mapped).as("rows mapped").isGreaterThan(100);
    assertThat(refused).as("rows refused").isPositive();
  }

  @Test
  void keyOf_readsIdentifiersInEveryRepresentation() {
    Mapping users = Mapping.builder(ObjectType.USER).userId(Value.column("uid")).build();
    List<Column> columns = columns("uid");
    RowMapper mapper = new RowMapper(users, columns, SYNC);
    UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");

    assertThat(mapper.keyOf(row(columns, 1234567L))).isEqualTo("1234567");
    assertThat(mapper.keyOf(row(columns, "user-1"))).isEqualTo("user-1");
    assertThat(mapper.keyOf(row(columns, uuid))).isEqualTo("123e4567-e89b-12d3-a456-426614174000");
    assertThat(mapper.keyOf(row(columns, new BigDecimal("1234567")))).isEqualTo("1234567");
    assertThat(mapper.keyOf(row(columns, new BigDecimal("1234567.000")))).isEqualTo("1234567");
    assertThat(mapper.keyOf(row(columns, new BigDecimal("1.2E+6")))).isEqualTo("1200000");
    assertThat(mapper.keyOf(row(columns, new BigDecimal("1234567.000")))).isEqualTo(mapper.map(row(columns, new BigDecimal("1234567.000"))).key());
  }

  @Test
  void keyOf_ofAGroup_joinsTypeValueAndMemberAsTheRecordKeyDoes() {
    Mapping groups = Mapping.builder(ObjectType.GROUP)
        .groupType(Value.constant("company"))
        .groupValue(Value.column("gid"))
        .userId(Value.column("member"))
        .build();
    List<Column> columns = columns("gid", "member");
    RowMapper mapper = new RowMapper(groups, columns, SYNC);

    Row withMember = row(columns, 42L, "user-0001");
    Row withoutMember = row(columns, 42L, null);

    assertThat(mapper.keyOf(withMember)).isEqualTo("company" + Keys.GROUP_SEPARATOR + "42" + Keys.GROUP_SEPARATOR + "user-0001");
    assertThat(mapper.keyOf(withoutMember)).isEqualTo("company" + Keys.GROUP_SEPARATOR + "42");
    assertThat(mapper.keyOf(withMember)).isEqualTo(mapper.map(withMember).key());
    assertThat(mapper.keyOf(withoutMember)).isEqualTo(mapper.map(withoutMember).key());
  }

  @Test
  void keyOf_ofAnEventWithoutInsertId_isTheDerivedInsertId_whateverFormTheTimeHas() {
    Mapping events = Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Page Viewed"))
        .userId(Value.column("uid"))
        .time(Value.column("at"))
        .build();
    List<Column> columns = columns("uid", "at");
    RowMapper mapper = new RowMapper(events, columns, SYNC);
    Instant at = Instant.parse("2024-01-01T00:00:00Z");
    String expected = Keys.insertId(SYNC, "Page Viewed", "user-0001", null, at);

    assertThat(mapper.keyOf(row(columns, "user-0001", "2024-01-01T00:00:00Z"))).isEqualTo(expected);
    assertThat(mapper.keyOf(row(columns, "user-0001", at))).isEqualTo(expected);
    assertThat(mapper.keyOf(row(columns, "user-0001", at.toEpochMilli()))).isEqualTo(expected);
    assertThat(mapper.keyOf(row(columns, "user-0001", OffsetDateTime.parse("2024-01-01T02:00:00+02:00")))).isEqualTo(expected);
    assertThat(mapper.keyOf(row(columns, "user-0001", null)))
        .isEqualTo(Keys.insertId(SYNC, "Page Viewed", "user-0001", null, null));
    assertThat(mapper.map(row(columns, "user-0001", null)))
        .as("a NULL mapped time is an invalid row, not an event stamped on arrival")
        .isInstanceOf(RowMapper.Mapped.Invalid.class);
  }

  @Test
  void keyOf_ofAnEventWithAnInsertIdColumn_isTheColumn_andDerivedWhenItIsNull() {
    Mapping events = Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Order Completed"))
        .userId(Value.column("uid"))
        .insertId(Value.column("iid"))
        .timeNow()
        .build();
    List<Column> columns = columns("uid", "iid");
    RowMapper mapper = new RowMapper(events, columns, SYNC);

    assertThat(mapper.keyOf(row(columns, "user-0001", 88231L))).isEqualTo("88231");
    assertThat(mapper.keyOf(row(columns, "user-0001", null)))
        .isEqualTo(Keys.insertId(SYNC, "Order Completed", "user-0001", null, null))
        .isEqualTo(mapper.map(row(columns, "user-0001", null)).key());
  }

  @Test
  void keyOf_neverThrows_forRowsTheMappingRefuses() {
    Mapping events = Mapping.builder(ObjectType.EVENT)
        .eventType(Value.column("etype"))
        .userId(Value.column("uid"))
        .deviceId(Value.column("did"))
        .time(Value.column("at"))
        .build();
    List<Column> columns = columns("etype", "uid", "did", "at");
    RowMapper mapper = new RowMapper(events, columns, SYNC);
    List<Object[]> refused = List.of(
        new Object[] {null, "user-0001", null, null},
        new Object[] {"T", null, null, null},
        new Object[] {"T", new BigDecimal("1.5"), null, null},
        new Object[] {"T", true, null, null},
        new Object[] {"T", "user-0001", null, "yesterday"},
        new Object[] {"T", "user-0001", null, new Object()},
        new Object[] {"T", "user-0001", null, "2024-02-30T00:00:00Z"},
        new Object[] {new byte[] {1}, "user-0001", null, null},
        new Object[] {"T", List.of("a"), Map.of(), 1.5d});

    for (Object[] values : refused) {
      Row row = row(columns, values);
      assertThat(mapper.map(row)).as("%s", row).isInstanceOf(RowMapper.Mapped.Invalid.class);
      assertThatCode(() -> mapper.keyOf(row)).as("%s", row).doesNotThrowAnyException();
    }
    Mapping users = Mapping.builder(ObjectType.USER).userId(Value.column("uid")).build();
    RowMapper userMapper = new RowMapper(users, columns("uid"), SYNC);
    assertThat(userMapper.keyOf(row(columns("uid"), (Object) null))).isNull();
    assertThat(userMapper.keyOf(row(columns("uid"), new BigDecimal("2.5")))).isNull();
    assertThat(userMapper.keyOf(row(columns("uid"), new Object()))).isNull();
  }

  // ------------------------------------------------------------------ custom mappings

  @Test
  void aCustomMapping_hasNoDigestAndNoKeyBeforeMapping() {
    Mapping custom = Mapping.custom(ObjectType.USER, row -> UserRecord.builder(String.valueOf(row.get("uid"))).build());
    List<Column> columns = columns("uid");
    RowMapper mapper = new RowMapper(custom, columns, SYNC);
    Row row = row(columns, "user-0001");

    assertThat(mapper.hasDigest()).isFalse();
    assertThat(mapper.keyOf(row)).isNull();
    assertThat(mapper.digest(row)).isZero();
    assertThat(mapper.map(row).key()).isEqualTo("user-0001");
  }

  @Test
  void declarativeMappings_haveADigest() {
    for (Arguments arguments : variants().toList()) {
      Variant variant = (Variant) arguments.get()[0];
      assertThat(new RowMapper(variant.mapping(), variant.columns(), SYNC).hasDigest()).as(variant.name()).isTrue();
    }
  }

  // ------------------------------------------------------------------ digest

  private static final Mapping DIGEST_MAPPING = Mapping.builder(ObjectType.USER)
      .userId(Value.column("uid"))
      .deviceId(Value.column("did"))
      .field("country", Value.column("country"))
      .property("plan", Value.column("plan"))
      .property("ltv", Value.column("ltv"))
      .property("seen", Value.column("seen"))
      .property("tags", Value.column("tags"))
      .property("meta", Value.column("meta"))
      .property("source", Value.constant("warehouse"))
      .group("company", Value.column("company"))
      .propertiesJson("traits")
      .build();

  private static final List<Column> DIGEST_COLUMNS =
      columns("uid", "did", "country", "plan", "ltv", "seen", "tags", "meta", "company", "traits", "unread", "unread2");

  /** Fresh objects on every call: equal values, never the same instances. */
  private static Object[] digestRow() {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put(new String("a"), 1L);
    meta.put(new String("b"), new ArrayList<>(List.of(new BigDecimal("2.50"), new String("x"))));
    return new Object[] {
      new String("user-0001"),
      UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
      new String("Germany"),
      new String("pro"),
      new BigDecimal("1.50"),
      Instant.ofEpochSecond(1_700_000_000L, 123_456_789),
      new ArrayList<>(List.of(new String("a"), new String("b"))),
      meta,
      Long.valueOf(987654321L),
      new String("{\"tier\": \"gold\"}"),
      new String("ignored"),
      Long.valueOf(5)
    };
  }

  private static int index(String label) {
    for (int i = 0; i < DIGEST_COLUMNS.size(); i++) {
      if (DIGEST_COLUMNS.get(i).label().equals(label)) {
        return i;
      }
    }
    throw new AssertionError(label);
  }

  private static Object[] with(String label, Object value) {
    Object[] values = digestRow();
    values[index(label)] = value;
    return values;
  }

  @Test
  void digest_isEqualForRowsWithEqualValues_inFreshObjects() {
    RowMapper mapper = new RowMapper(DIGEST_MAPPING, DIGEST_COLUMNS, SYNC);
    RowMapper another = new RowMapper(DIGEST_MAPPING, DIGEST_COLUMNS, "another-sync");

    long first = digest(mapper, DIGEST_COLUMNS, digestRow());

    assertThat(digest(mapper, DIGEST_COLUMNS, digestRow())).isEqualTo(first);
    assertThat(digest(another, DIGEST_COLUMNS, digestRow())).isEqualTo(first);
  }

  @Test
  void digest_isEqualForEqualRowsOfEveryValueType() {
    RowMapper mapper = new RowMapper(DIGEST_MAPPING, DIGEST_COLUMNS, SYNC);
    List<java.util.function.Supplier<Object>> values = List.of(
        () -> null,
        () -> new String("text"),
        () -> Long.valueOf(123_456_789_012L),
        () -> Integer.valueOf(7),
        () -> new BigDecimal("12.3400"),
        () -> new BigInteger("123456789012345678901234567890"),
        () -> Double.valueOf(1.25),
        () -> Boolean.TRUE,
        () -> Instant.ofEpochSecond(-5, 7),
        () -> OffsetDateTime.parse("2024-01-01T10:00:00+02:00"),
        () -> LocalDateTime.parse("2024-01-01T10:00:00.5"),
        () -> LocalDate.parse("2024-02-29"),
        () -> new UUID(1, 2),
        () -> new byte[] {1, 2, 3},
        () -> new Object[] {"a", 1L, null},
        () -> new ArrayList<>(Arrays.asList("a", null, List.of(1))),
        () -> new LinkedHashMap<>(Map.of("k", List.of("v"))),
        () -> java.time.ZonedDateTime.parse("2024-01-01T10:00:00+01:00[Europe/Paris]"),
        () -> new StringBuilder("builder"));
    for (java.util.function.Supplier<Object> value : values) {
      long one = digest(mapper, DIGEST_COLUMNS, with("plan", value.get()));
      long two = digest(mapper, DIGEST_COLUMNS, with("plan", value.get()));
      assertThat(two).as("%s", value.get()).isEqualTo(one);
    }
  }

  static Stream<Arguments> changes() {
    return Stream.of(
        Arguments.of("uid", "user-0002"),
        Arguments.of("did", UUID.fromString("123e4567-e89b-12d3-a456-426614174001")),
        Arguments.of("did", "123e4567-e89b-12d3-a456-426614174000"), // same text, now a String
        Arguments.of("country", "France"),
        Arguments.of("country", null),
        Arguments.of("plan", "Pro"),
        Arguments.of("plan", ""),
        Arguments.of("plan", null),
        Arguments.of("ltv", new BigDecimal("1.5")), // same value, other scale
        Arguments.of("ltv", new BigDecimal("1.51")),
        Arguments.of("ltv", "1.50"),
        Arguments.of("ltv", 1.5d),
        Arguments.of("seen", Instant.ofEpochSecond(1_700_000_000L, 123_456_790)), // 1 ns later
        Arguments.of("seen", Instant.ofEpochSecond(1_700_000_001L, 123_456_789)),
        Arguments.of("seen", "2023-11-14T22:13:20.123456789Z"),
        Arguments.of("tags", List.of("b", "a")),
        Arguments.of("tags", List.of("ab")),
        Arguments.of("tags", List.of("a", "b", "c")),
        Arguments.of("tags", new Object[] {"a", "b"}),
        Arguments.of("meta", Map.of("a", 1L)),
        Arguments.of("meta", Map.of("a", "1", "b", List.of(new BigDecimal("2.50"), "x"))),
        Arguments.of("company", "987654321"), // String "…" vs Long
        Arguments.of("company", 987654322L),
        Arguments.of("traits", "{\"tier\": \"gold\" }"),
        Arguments.of("traits", null));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("changes")
  void digest_changesWhenAMappedColumnChanges(String label, Object value) {
    RowMapper mapper = new RowMapper(DIGEST_MAPPING, DIGEST_COLUMNS, SYNC);

    assertThat(digest(mapper, DIGEST_COLUMNS, with(label, value)))
        .isNotEqualTo(digest(mapper, DIGEST_COLUMNS, digestRow()));
  }

  @Test
  void digest_distinguishesTheExactPairsOfTheContract() {
    Mapping mapping = Mapping.builder(ObjectType.USER).userId(Value.column("uid")).property("p", Value.column("p")).build();
    List<Column> columns = columns("uid", "p");
    RowMapper mapper = new RowMapper(mapping, columns, SYNC);
    Instant instant = Instant.parse("2024-01-01T00:00:00Z");

    assertThat(digest(mapper, columns, "u-1", "1")).isNotEqualTo(digest(mapper, columns, "u-1", 1L));
    assertThat(digest(mapper, columns, "u-1", new BigDecimal("1.5"))).isNotEqualTo(digest(mapper, columns, "u-1", new BigDecimal("1.50")));
    assertThat(digest(mapper, columns, "u-1", instant)).isNotEqualTo(digest(mapper, columns, "u-1", instant.plusNanos(1)));
    assertThat(digest(mapper, columns, "u-1", null)).isNotEqualTo(digest(mapper, columns, "u-1", ""));
    assertThat(digest(mapper, columns, "u-1", true)).isNotEqualTo(digest(mapper, columns, "u-1", false));
    assertThat(digest(mapper, columns, "u-1", new byte[] {1})).isNotEqualTo(digest(mapper, columns, "u-1", new byte[] {2}));
    assertThat(digest(mapper, columns, "u-1", LocalDate.of(2024, 1, 1))).isNotEqualTo(digest(mapper, columns, "u-1", LocalDate.of(2024, 1, 2)));
    assertThat(digest(mapper, columns, "u-1", 0.1d)).isNotEqualTo(digest(mapper, columns, "u-1", 0.1f));
  }

  @Test
  void digest_dependsOnWhichColumnHoldsWhichValue() {
    Mapping mapping = Mapping.builder(ObjectType.USER)
        .userId(Value.column("uid"))
        .property("a", Value.column("a"))
        .property("b", Value.column("b"))
        .build();
    List<Column> columns = columns("uid", "a", "b");
    RowMapper mapper = new RowMapper(mapping, columns, SYNC);

    assertThat(digest(mapper, columns, "u-1", "x", "y")).isNotEqualTo(digest(mapper, columns, "u-1", "y", "x"));
    assertThat(digest(mapper, columns, "u-1", "x", null)).isNotEqualTo(digest(mapper, columns, "u-1", null, "x"));
    assertThat(digest(mapper, columns, "u-1", "ab", "c")).isNotEqualTo(digest(mapper, columns, "u-1", "a", "bc"));
    assertThat(digest(mapper, columns, "u-1", "", "x")).isNotEqualTo(digest(mapper, columns, "u-1", "x", ""));
    assertThat(digest(mapper, columns, "u-1", List.of("a"), List.of())).isNotEqualTo(digest(mapper, columns, "u-1", List.of(), List.of("a")));
  }

  @Test
  void digest_isUnchangedWhenAColumnTheMappingDoesNotReadChanges() {
    RowMapper mapper = new RowMapper(DIGEST_MAPPING, DIGEST_COLUMNS, SYNC);
    long original = digest(mapper, DIGEST_COLUMNS, digestRow());

    assertThat(digest(mapper, DIGEST_COLUMNS, with("unread", "something else"))).isEqualTo(original);
    assertThat(digest(mapper, DIGEST_COLUMNS, with("unread", null))).isEqualTo(original);
    assertThat(digest(mapper, DIGEST_COLUMNS, with("unread2", new Object()))).isEqualTo(original);
    assertThat(digest(mapper, DIGEST_COLUMNS, with("unread2", List.of(1, 2, 3)))).isEqualTo(original);
  }

  @Test
  void digest_ofEveryMappedColumnOfEveryObjectType_changesWithThatColumn() {
    for (Arguments arguments : variants().toList()) {
      Variant variant = (Variant) arguments.get()[0];
      RowMapper mapper = new RowMapper(variant.mapping(), variant.columns(), SYNC);
      Random random = new Random(3);
      Object[] base = variant.values().apply(random);
      long original = mapper.digest(row(variant.columns(), base.clone()));
      for (int i = 0; i < base.length; i++) {
        Object[] changed = base.clone();
        changed[i] = base[i] == null ? "now set" : base[i] instanceof String s ? s + "!" : null;
        long digest = mapper.digest(row(variant.columns(), changed));
        boolean read = !variant.columns().get(i).label().equals("unused");
        if (read) {
          assertThat(digest).as("%s, column %s", variant.name(), variant.columns().get(i).label()).isNotEqualTo(original);
        } else {
          assertThat(digest).as("%s, column %s", variant.name(), variant.columns().get(i).label()).isEqualTo(original);
        }
      }
    }
  }
}
