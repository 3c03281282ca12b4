package dev.ampsync.internal.engine;

import dev.ampsync.internal.util.Hashing;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.PropertyOperation;
import dev.ampsync.record.PropertyOperations;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Finds the rows of a group sync that give a group other properties than an earlier row of the run.
 * A group's rows repeat its properties once per member (their keys differ by the member), so a repeat
 * with the same properties is a membership row, while different properties would let the last row
 * silently win.
 *
 * <p>Memory: per group, two 64-bit hashes in the run's {@link KeySet} (the group, and the group with
 * its properties), so it stays bounded with the keys. To name the property that differs, the property
 * values of the {@value #REMEMBERED} groups seen last are kept in heap, each value shortened to
 * {@value #SHOWN} characters; a conflict with a group seen longer ago says only that the group's
 * properties differ. Not thread-safe.
 */
final class GroupConflicts {
  static final int REMEMBERED = 1000;
  static final int SHOWN = 40;
  /** Seeds that keep a group's hashes apart from the keys' hashes in the shared set. */
  private static final long GROUP_SEED = 0x9e3779b97f4a7c15L;
  private static final long PROPERTIES_SEED = 0xc2b2ae3d27d4eb4fL;

  /** One property's value as an earlier row gave it: its hash, and the start of its text. */
  private record Shown(long hash, String text) {}

  private final KeySet seen;
  /** The last groups' property values by group; the eldest is dropped. */
  private final Map<String, Map<String, Shown>> remembered =
      new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Map<String, Shown>> eldest) {
          return size() > REMEMBERED;
        }
      };

  GroupConflicts(KeySet seen) {
    this.seen = seen;
  }

  /**
   * Admits the group's properties: the first row of a group sets them; later rows must repeat them.
   *
   * @return null when they agree with the earlier rows, else why the row is invalid
   */
  String conflict(GroupRecord record) {
    String group = record.groupType() + Keys.GROUP_SEPARATOR + record.groupValue();
    Map<String, Shown> properties = properties(record.groupProperties());
    long groupHash = Hashing.fmix64(Hashing.chars(group, GROUP_SEED));
    long propertiesHash = groupHash;
    for (Map.Entry<String, Shown> property : properties.entrySet()) { // order-free: a sum
      propertiesHash += Hashing.fmix64(Hashing.chars(property.getKey(), property.getValue().hash()));
    }
    propertiesHash = Hashing.fmix64(propertiesHash ^ PROPERTIES_SEED);
    if (seen.add(groupHash)) {
      seen.add(propertiesHash);
      remembered.put(group, properties);
      return null;
    }
    if (seen.contains(propertiesHash)) {
      return null;
    }
    return "conflicting rows for group " + record.groupType() + " '" + record.groupValue() + "': "
        + difference(properties, remembered.get(group));
  }

  /** Names the first property that differs, when the earlier row's properties are still remembered. */
  private static String difference(Map<String, Shown> here, Map<String, Shown> earlier) {
    if (earlier != null) {
      for (Map.Entry<String, Shown> property : here.entrySet()) {
        Shown before = earlier.get(property.getKey());
        if (before == null) {
          return "property " + property.getKey() + " is " + property.getValue().text()
              + " here and not set in an earlier row of this run";
        }
        if (before.hash() != property.getValue().hash()) {
          return "property " + property.getKey() + " is " + property.getValue().text() + " here and "
              + before.text() + " in an earlier row of this run";
        }
      }
      for (String name : earlier.keySet()) {
        if (!here.containsKey(name)) {
          return "property " + name + " is not set here and " + earlier.get(name).text()
              + " in an earlier row of this run";
        }
      }
    }
    return "its group properties differ from an earlier row of this run";
  }

  /** The properties by name, each with the hash and text of its operation and value. */
  private static Map<String, Shown> properties(PropertyOperations operations) {
    Map<String, Shown> properties = new LinkedHashMap<>();
    for (PropertyOperation operation : operations.operations()) {
      for (Map.Entry<String, Object> property : operations.get(operation).entrySet()) {
        String value = String.valueOf(property.getValue());
        long hash = Hashing.fmix64(Hashing.chars(value, Hashing.chars(operation.name(), PROPERTIES_SEED)));
        String text = "'" + (value.length() > SHOWN ? value.substring(0, SHOWN) + "…" : value) + "'";
        if (operation != PropertyOperation.SET) {
          text = text + " (" + operation.specName() + ")";
        }
        properties.put(property.getKey(), new Shown(hash, text));
      }
    }
    if (operations.clearsAll()) {
      properties.put("$clearAll", new Shown(Hashing.fmix64(PROPERTIES_SEED), "'(all cleared)'"));
    }
    return properties;
  }
}
