package dev.ampsync.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ampsync.record.ObjectType;
import dev.ampsync.record.PropertyOperation;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * A mapping's fingerprint is stored in every sync's state and decides a full resync: these values
 * were computed by release 0.1 (from {@code toString}s) and must never change, or every user of a
 * stored state would resend every row once on upgrade.
 */
class MappingFingerprintTest {

  static Mapping users() {
    return Mapping.builder(ObjectType.USER)
        .userId(Value.column("id"))
        .field("country", Value.column("country"))
        .property("plan", Value.column("plan"))
        .property("first_seen", Value.column("created_at"), PropertyOperation.SET_ONCE)
        .property("logins", Value.column("login_count"), PropertyOperation.ADD)
        .property("source", Value.constant("warehouse"))
        .group("company", Value.column("company_id"))
        .nulls(Nulls.UNSET)
        .build();
  }

  static Mapping events() {
    return Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Order Completed"))
        .userId(Value.column("user_id"))
        .insertId(Value.column("order_id"))
        .time(Value.column("ordered_at"))
        .field("revenue", Value.column("amount"))
        .property("items", Value.constant(new BigDecimal("2.50")))
        .property("gift", Value.constant(true))
        .property("day", Value.constant(LocalDate.of(2024, 3, 1)))
        .userProperty("last_order", Value.column("ordered_at"), PropertyOperation.SET)
        .propertiesJson("attrs")
        .build();
  }

  @Test
  void fingerprintsOfRelease01AreKept() {
    assertThat(users().fingerprint()).isEqualTo("fad233334d93d078");
    assertThat(events().fingerprint()).isEqualTo("81e02eb5168b084e");
    assertThat(Mapping.builder(ObjectType.GROUP)
            .groupType(Value.constant("company"))
            .groupValue(Value.column("id"))
            .userId(Value.column("member"))
            .property("name", Value.column("name"))
            .property("seats", Value.constant(12))
            .build()
            .fingerprint())
        .isEqualTo("b2eceed1cdc5a45e");
    assertThat(Mapping.builder(ObjectType.DEVICE)
            .deviceId(Value.column("device_id"))
            .userId(Value.column("owner"))
            .field("platform", Value.column("platform"))
            .build()
            .fingerprint())
        .isEqualTo("7b0e34e4779b91a8");
    assertThat(Mapping.custom(ObjectType.USER, row -> null).fingerprint()).isEqualTo("094d3672ea758234");
  }

  @Test
  void versionOneTextIsWrittenFromNamesAndValues() {
    assertThat(MappingEncoding.VERSION).isEqualTo(1);
    assertThat(users().toString())
        .isEqualTo("Mapping{USER|{user_id=id}|{COUNTRY=country}|"
            + "[PropertyMapping[name=plan, value=plan, operation=SET], "
            + "PropertyMapping[name=first_seen, value=created_at, operation=SET_ONCE], "
            + "PropertyMapping[name=logins, value=login_count, operation=ADD], "
            + "PropertyMapping[name=source, value={const: warehouse}, operation=SET]]"
            + "|[]|null|{company=company_id}|UNSET|}");
  }

  @Test
  void everyMappedPartChangesTheFingerprint() {
    String base = users().fingerprint();
    Mapping.Builder changed = Mapping.builder(ObjectType.USER)
        .userId(Value.column("id"))
        .field("country", Value.column("country"))
        .property("plan", Value.column("plan"))
        .property("first_seen", Value.column("created_at"), PropertyOperation.SET_ONCE)
        .property("logins", Value.column("login_count"), PropertyOperation.ADD)
        .property("source", Value.constant("warehouse"))
        .group("company", Value.column("company_id"));
    assertThat(changed.nulls(Nulls.SKIP).build().fingerprint()).isNotEqualTo(base);
    assertThat(Mapping.builder(ObjectType.USER).userId(Value.column("id")).build().fingerprint())
        .isNotEqualTo(Mapping.builder(ObjectType.USER).userId(Value.column("uid")).build().fingerprint())
        .isNotEqualTo(Mapping.builder(ObjectType.USER).userId(Value.constant("id")).build().fingerprint());
    assertThat(Mapping.builder(ObjectType.USER).userId(Value.column("id"))
            .property("p", Value.column("c"), PropertyOperation.SET).build().fingerprint())
        .isNotEqualTo(Mapping.builder(ObjectType.USER).userId(Value.column("id"))
            .property("p", Value.column("c"), PropertyOperation.SET_ONCE).build().fingerprint());
  }

  @Test
  void aTimeNowMapping_hasItsOwnText_endingInNow() {
    Mapping now = Mapping.builder(ObjectType.EVENT)
        .eventType(Value.constant("Beat"))
        .userId(Value.column("user_id"))
        .timeNow()
        .build();
    assertThat(now.toString()).isEqualTo("Mapping{EVENT|{event_type={const: Beat}, user_id=user_id}|{}|[]|[]|null|{}|SKIP||now}");
    assertThat(now.fingerprint()).isEqualTo("8eff6a24d3c7ac9d");
    assertThat(Mapping.customTimeNow(row -> null).fingerprint())
        .isEqualTo("451f0e34b7b9b92b")
        .isNotEqualTo(Mapping.custom(ObjectType.EVENT, row -> null).fingerprint());
  }

  @Test
  void equalMappingsHaveEqualFingerprints() {
    assertThat(users().fingerprint()).isEqualTo(users().fingerprint());
    assertThat(users()).isEqualTo(users()).hasSameHashCodeAs(users());
  }
}
