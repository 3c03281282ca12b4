package dev.ampsync.internal.spec;

import dev.ampsync.SyncJob;
import dev.ampsync.internal.util.SpecNames;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.SyncBehavior;
import dev.ampsync.spec.SpecException;
import dev.ampsync.spec.SpecKey;
import java.util.List;

/** Binds a spec's top-level {@code name}, {@code object} and {@code behavior}. */
public final class HeaderBinder {
  /**
   * The keys at the top of a spec: the binder and the JSON Schema both read this table. {@code
   * source:} and {@code state:} take the keys of their type's provider; see {@link SourceBinder} and
   * {@link StateBinder}.
   */
  public static final List<SpecKey> ROOT_KEYS = List.of(
      SpecKey.string("name", "the sync's name: letters, digits, '-', '_' and '.'").asRequired(),
      SpecKey.choice("object", SpecNames.namesOf(ObjectType.values(), ObjectType::specName), "what the sync writes")
          .asRequired(),
      SpecKey.choice("behavior", SpecNames.namesOf(SyncBehavior.values(), SyncBehavior::specName),
          "optional; must be the one the object supports (update_or_create, or create_only for events)"),
      SpecKey.of("source", SpecKey.Type.PROVIDED, "where the rows come from; its type decides its other keys")
          .asRequired(),
      new SpecKey("destination", SpecKey.Type.SECTION, List.of(), null, true, "the Amplitude project",
          DestinationBinder.KEYS),
      new SpecKey("mapping", SpecKey.Type.SECTION, List.of(), null, true, "how a row becomes a record",
          MappingBinder.KEYS),
      SpecKey.of("state", SpecKey.Type.PROVIDED, "where the sync remembers what it sent; its store decides its keys"),
      SpecKey.section("options", OptionsBinder.KEYS, "how the sync runs"));

  private HeaderBinder() {}

  /**
   * What a sync is called and what it writes.
   *
   * @param name the sync's name, one {@link SyncJob#builder(String)} accepts
   * @param object the object type
   */
  public record Header(String name, ObjectType object) {}

  /**
   * Reads the header; {@code behavior}, when given, must be the one the object type supports.
   *
   * @param root the spec's root section
   * @return the header
   * @throws SpecException if the name is missing or refused, or the object or behavior is unknown
   *     or does not fit
   */
  public static Header bind(SpecSection root) {
    String name = root.requiredText("name");
    root.check("name", () -> SyncJob.builder(name));
    String objectName = root.requiredText("object");
    ObjectType object = root.check("object", () -> ObjectType.fromSpecName(objectName));
    SyncBehavior behavior = root.choice("behavior", SyncBehavior::fromSpecName);
    SyncBehavior supported = SyncBehavior.of(object);
    if (behavior != null && behavior != supported) {
      throw root.error("behavior", root.text("behavior") + " does not apply to " + object.specName() + " syncs; "
          + object.specName() + " syncs are " + supported.specName());
    }
    return new Header(name, object);
  }
}
