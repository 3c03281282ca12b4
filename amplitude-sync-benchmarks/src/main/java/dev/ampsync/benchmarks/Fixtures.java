package dev.ampsync.benchmarks;

import dev.ampsync.record.ObjectType;
import dev.ampsync.mapping.Mapping;
import dev.ampsync.mapping.Value;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.source.ArrayRow;
import dev.ampsync.source.Column;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.Columns;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * The two benchmark tables (events and users, ten columns each), their mappings, and in-memory rows
 * with exactly the Java types {@code JdbcSource} returns for them from PostgreSQL (bigint: Long,
 * numeric: BigDecimal, timestamptz: Instant, jsonb: String of kind JSON).
 */
public final class Fixtures {
  private Fixtures() {}

  /** The API key every benchmark request carries (the sink ignores it). */
  public static final String API_KEY = "bench0123456789abcdef0123456789ab";

  public static final String[] EVENT_TYPES = {"Order Completed", "Page Viewed", "Subscription Renewed", "Button Clicked"};
  public static final String[] CURRENCIES = {"USD", "EUR", "GBP"};
  public static final String[] PLATFORMS = {"Web", "iOS", "Android"};
  public static final String[] COUNTRIES = {"US", "DE", "FR", "GB", "JP"};
  public static final String[] PLANS = {"free", "team", "business", "enterprise"};
  public static final String[] ROLES = {"admin", "member", "viewer"};
  private static final long EPOCH_2024 = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();

  /** Columns of the events table, as JdbcSource reports them for PostgreSQL. */
  public static final List<Column> EVENT_COLUMNS =
      List.of(
          new Column("id", ColumnType.INTEGER),
          new Column("user_id", ColumnType.STRING),
          new Column("device_id", ColumnType.STRING),
          new Column("event_type", ColumnType.STRING),
          new Column("occurred_at", ColumnType.TIMESTAMP),
          new Column("revenue", ColumnType.DECIMAL),
          new Column("currency", ColumnType.STRING),
          new Column("platform", ColumnType.STRING),
          new Column("country", ColumnType.STRING),
          new Column("props", ColumnType.JSON));

  /** Columns of the users table, as JdbcSource reports them for PostgreSQL. */
  public static final List<Column> USER_COLUMNS =
      List.of(
          new Column("user_id", ColumnType.STRING),
          new Column("email", ColumnType.STRING),
          new Column("plan", ColumnType.STRING),
          new Column("country", ColumnType.STRING),
          new Column("lifetime_value", ColumnType.DECIMAL),
          new Column("created_at", ColumnType.TIMESTAMP),
          new Column("last_active", ColumnType.TIMESTAMP),
          new Column("seats", ColumnType.INTEGER),
          new Column("is_trial", ColumnType.BOOLEAN),
          new Column("attributes", ColumnType.JSON));

  public static final String EVENT_SELECT =
      "select id, user_id, device_id, event_type, occurred_at, revenue, currency, platform, country, props from ";
  public static final String USER_SELECT =
      "select user_id, email, plan, country, lifetime_value, created_at, last_active, seats, is_trial, attributes from ";

  /** Events: ids, type, time, four fields, and the JSON column's keys as event properties. */
  public static Mapping eventMapping() {
    return Mapping.builder(ObjectType.EVENT)
        .insertId(Value.column("id"))
        .userId(Value.column("user_id"))
        .deviceId(Value.column("device_id"))
        .eventType(Value.column("event_type"))
        .time(Value.column("occurred_at"))
        .field("revenue", Value.column("revenue"))
        .field("currency", Value.column("currency"))
        .field("platform", Value.column("platform"))
        .field("country", Value.column("country"))
        .propertiesJson("props")
        .build();
  }

  /** Users: a field, seven properties (one set_once), and the JSON column's keys as properties. */
  public static Mapping userMapping() {
    return Mapping.builder(ObjectType.USER)
        .userId(Value.column("user_id"))
        .field("country", Value.column("country"))
        .property("email", Value.column("email"))
        .property("plan", Value.column("plan"))
        .property("lifetime_value", Value.column("lifetime_value"))
        .property("created_at", Value.column("created_at"), PropertyOperation.SET_ONCE)
        .property("last_active", Value.column("last_active"))
        .property("seats", Value.column("seats"))
        .property("is_trial", Value.column("is_trial"))
        .propertiesJson("attributes")
        .build();
  }

  /** Row {@code i} of the events table, exactly as the SQL generator makes it. */
  public static Object[] eventValues(long i) {
    return new Object[] {
      i,
      "user-" + pad(i % 200_000),
      "device-" + pad(i % 300_000),
      EVENT_TYPES[(int) (i % 4)],
      Instant.ofEpochSecond(EPOCH_2024 + i),
      BigDecimal.valueOf(i % 10_000, 2),
      CURRENCIES[(int) (i % 3)],
      PLATFORMS[(int) (i % 3)],
      COUNTRIES[(int) (i % 5)],
      // jsonb's own text form (keys ordered by length, then bytes)
      "{\"path\": \"/products/" + (i % 5000) + "\", \"items\": [\"sku-" + (i % 100) + "\", \"sku-" + (i % 37)
          + "\"], \"coupon\": \"SPRING24\", \"cart_size\": " + (i % 7) + "}"
    };
  }

  /** Row {@code i} of the users table, exactly as the SQL generator makes it. */
  public static Object[] userValues(long i) {
    return new Object[] {
      "user-" + pad(i),
      "user" + i + "@example.com",
      PLANS[(int) (i % 4)],
      COUNTRIES[(int) (i % 5)],
      BigDecimal.valueOf(i % 100_000, 2),
      Instant.ofEpochSecond(EPOCH_2024 - 86_400L * 365 + i),
      Instant.ofEpochSecond(EPOCH_2024 + i),
      (int) (1 + i % 50),
      i % 3 == 0,
      "{\"role\": \"" + ROLES[(int) (i % 3)] + "\", \"score\": " + (i % 100) + ", \"company\": \"company-"
          + (i % 1000) + "\"}"
    };
  }

  public static ArrayRow eventRow(long i) {
    return new ArrayRow(Columns.of(EVENT_COLUMNS), eventValues(i));
  }

  public static ArrayRow userRow(long i) {
    return new ArrayRow(Columns.of(USER_COLUMNS), userValues(i));
  }

  static String pad(long n) {
    String s = Long.toString(n);
    return s.length() >= 8 ? s : "00000000".substring(s.length()) + s;
  }

  /** SQL that creates and fills the events table with {@code rows} rows (PostgreSQL). */
  public static String eventsDdl(String table, long rows) {
    return "create unlogged table " + table + " (id bigint not null, user_id text not null, device_id text not null,"
        + " event_type text not null, occurred_at timestamptz not null, revenue numeric(12,2), currency text,"
        + " platform text, country text, props jsonb);\n"
        + "insert into " + table + " select i,"
        + " 'user-' || lpad((i % 200000)::text, 8, '0'),"
        + " 'device-' || lpad((i % 300000)::text, 8, '0'),"
        + " (array['Order Completed','Page Viewed','Subscription Renewed','Button Clicked'])[1 + i % 4],"
        + " to_timestamp(" + EPOCH_2024 + " + i),"
        + " ((i % 10000) / 100.0)::numeric(12,2),"
        + " (array['USD','EUR','GBP'])[1 + i % 3],"
        + " (array['Web','iOS','Android'])[1 + i % 3],"
        + " (array['US','DE','FR','GB','JP'])[1 + i % 5],"
        + " jsonb_build_object('cart_size', i % 7, 'coupon', 'SPRING24', 'path', '/products/' || (i % 5000),"
        + " 'items', jsonb_build_array('sku-' || (i % 100), 'sku-' || (i % 37)))"
        + " from generate_series(1::bigint, " + rows + "::bigint) i";
  }

  /** SQL that creates and fills the users table with {@code rows} rows (PostgreSQL). */
  public static String usersDdl(String table, long rows) {
    return "create unlogged table " + table + " (user_id text not null, email text, plan text, country text,"
        + " lifetime_value numeric(12,2), created_at timestamptz, last_active timestamptz, seats integer,"
        + " is_trial boolean, attributes jsonb);\n"
        + "insert into " + table + " select 'user-' || lpad(i::text, 8, '0'),"
        + " 'user' || i || '@example.com',"
        + " (array['free','team','business','enterprise'])[1 + i % 4],"
        + " (array['US','DE','FR','GB','JP'])[1 + i % 5],"
        + " ((i % 100000) / 100.0)::numeric(12,2),"
        + " to_timestamp(" + (EPOCH_2024 - 86_400L * 365) + " + i),"
        + " to_timestamp(" + EPOCH_2024 + " + i),"
        + " (1 + i % 50)::integer,"
        + " i % 3 = 0,"
        + " jsonb_build_object('company', 'company-' || (i % 1000), 'role', (array['admin','member','viewer'])[1 + i % 3],"
        + " 'score', i % 100)"
        + " from generate_series(1::bigint, " + rows + "::bigint) i";
  }
}
