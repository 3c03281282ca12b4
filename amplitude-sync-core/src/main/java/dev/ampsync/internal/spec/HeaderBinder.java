package dev.ampsync.internal.spec;

import dev.ampsync.SyncJob;
import dev.ampsync.record.ObjectType;
import dev.ampsync.record.SyncBehavior;
import dev.ampsync.spec.SpecException;

/** Binds a spec's top-level {@code name}, {@code object} and {@code behavior}. */
public final class HeaderBinder {
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
