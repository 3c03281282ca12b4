package dev.ampsync.internal.engine;

import dev.ampsync.record.GroupRecord;
import dev.ampsync.record.UserRecord;
import dev.ampsync.source.ColumnType;
import dev.ampsync.source.Row;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads a group row's {@code members} column into one {@link Member} per element: a SQL array or a
 * list, a JSON array (a JSON column, or text starting with {@code [}). Each member is judged alone: an
 * element that is no user id (NULL, a decimal, an object, a list) is an invalid member naming the
 * group, the member and the column, and the others go on. Only a column that holds no array at all
 * makes the row invalid.
 */
final class Members {
  /**
   * One element of a member list.
   *
   * @param key the membership's key (group type, value and member), or the group's key when the
   *     element has no text to show
   * @param userId the member's user id, or null when the element is invalid
   * @param problem why the element is invalid, or null
   */
  record Member(String key, String userId, String problem) {
    /** The identification that adds this member to the group: what a group row with a user id sends today. */
    UserRecord membership(GroupRecord group) {
      return UserRecord.builder(userId).group(group.groupType(), group.groupValue()).build();
    }
  }

  private final Slot slot;

  Members(Slot slot) {
    this.slot = slot;
  }

  /** Describes the column, for messages: {@code column 'member_ids' (members)}. */
  String describe() {
    return slot.describe + " (members)";
  }

  /**
   * Reads the row's members of the group.
   *
   * @return the members in the column's order; empty for NULL or an empty array
   * @throws RowException naming the column when it holds no array
   */
  List<Member> read(Row row, GroupRecord group) throws RowException {
    Object raw = slot.read(row);
    if (raw == null) {
      return List.of();
    }
    Collection<?> elements = elements(raw);
    List<Member> members = new ArrayList<>(elements.size());
    int position = 0;
    for (Object element : elements) {
      position++;
      members.add(member(group, element, position));
    }
    return members;
  }

  private Collection<?> elements(Object raw) throws RowException {
    if (raw instanceof Collection<?> collection) {
      return collection;
    }
    if (raw instanceof Object[] array) {
      return Arrays.asList(array);
    }
    if (raw instanceof String text && (slot.type == ColumnType.JSON || text.stripLeading().startsWith("["))) {
      Object parsed = Conversions.json(text, describe());
      if (parsed instanceof List<?> list) {
        return list;
      }
      if (parsed == null) {
        return List.of(); // JSON null: no members, like SQL NULL
      }
    }
    throw new RowException(describe() + " must be an array of user ids (a SQL array, or a JSON array), got "
        + Conversions.describe(raw));
  }

  private Member member(GroupRecord group, Object element, int position) {
    String prefix = "member " + position + " of group " + group.groupType() + " '" + group.groupValue() + "' ("
        + describe() + "): ";
    if (element == null) {
      return new Member(Keys.group(group.groupType(), group.groupValue(), null), null, prefix + "NULL is not a user id");
    }
    if (element instanceof Map<?, ?> || element instanceof Collection<?> || element instanceof Boolean) {
      return new Member(Keys.group(group.groupType(), group.groupValue(), null), null,
          prefix + Conversions.describe(element) + " is not a user id (text or a whole number)");
    }
    try {
      String userId = Conversions.id(element, "member");
      return new Member(Keys.group(group.groupType(), group.groupValue(), userId), userId, null);
    } catch (RowException notAnId) {
      return new Member(Keys.group(group.groupType(), group.groupValue(), String.valueOf(element)), null,
          prefix + notAnId.getMessage());
    }
  }
}
