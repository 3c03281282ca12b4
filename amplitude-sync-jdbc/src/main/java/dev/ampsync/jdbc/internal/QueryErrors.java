package dev.ampsync.jdbc.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Points at the place in a query that the database's error names: PostgreSQL's {@code Position: 188}
 * (a 1-based character offset into the statement) or MariaDB/MySQL's {@code near '...' at line 3}.
 * The query's line is shown whole with a caret under the place, with its line number in the query,
 * since a one-line abbreviation of a long query rarely shows the spot.
 */
public final class QueryErrors {
  private static final Pattern POSITION = Pattern.compile("Position: (\\d+)");
  private static final Pattern NEAR = Pattern.compile("near '(.*?)' at line (\\d+)", Pattern.DOTALL);

  private QueryErrors() {}

  /**
   * Returns the lines that show where in the query the error is, or an empty string when the
   * message names no place in it.
   *
   * @param message the database's message
   * @param statement the statement that was sent
   * @param queryStart where the user's query starts in {@code statement} (0 when it was sent as is)
   * @param query the user's query
   * @return the lines, each starting with a line break; or empty
   */
  public static String pointAt(String message, String statement, int queryStart, String query) {
    return query == null ? "" : excerpt(query, placeIn(message, statement, queryStart, query));
  }

  /**
   * Returns the place in the query that the database's message names.
   *
   * @param message the database's message
   * @param statement the statement that was sent
   * @param queryStart where the user's query starts in {@code statement} (0 when it was sent as is)
   * @param query the user's query
   * @return the char index in {@code query}, or -1 when the message names no place in it
   */
  public static int placeIn(String message, String statement, int queryStart, String query) {
    if (message == null || query == null) {
      return -1;
    }
    Matcher position = POSITION.matcher(message);
    if (position.find()) {
      try {
        int codePoints = Integer.parseInt(position.group(1)) - 1;
        int inStatement = statement.offsetByCodePoints(0, codePoints);
        int inQuery = inStatement - queryStart;
        return inQuery >= 0 && inQuery <= query.length() ? inQuery : -1;
      } catch (NumberFormatException | IndexOutOfBoundsException notInTheStatement) {
        return -1;
      }
    }
    Matcher near = NEAR.matcher(message);
    if (near.find() && queryStart == 0) {
      String[] lines = query.split("\n", -1);
      int line = Integer.parseInt(near.group(2));
      String text = near.group(1);
      if (line >= 1 && line <= lines.length && !text.isEmpty()) {
        int column = lines[line - 1].indexOf(text.lines().findFirst().orElse(text));
        if (column >= 0) {
          int offset = 0;
          for (int i = 0; i < line - 1; i++) {
            offset += lines[i].length() + 1;
          }
          return offset + column;
        }
      }
    }
    return -1;
  }

  /**
   * Returns the query's line holding a place, with a caret under it.
   *
   * @param query the query as shown
   * @param offset a char index in it
   * @return the lines, each starting with a line break; empty when the index is outside the query
   */
  public static String excerpt(String query, int offset) {
    if (offset < 0 || offset > query.length()) {
      return "";
    }
    int lineStart = query.lastIndexOf('\n', offset - 1) + 1;
    int lineEnd = query.indexOf('\n', offset);
    if (lineEnd < 0) {
      lineEnd = query.length();
    }
    int lineNumber = 1;
    for (int i = 0; i < lineStart; i++) {
      if (query.charAt(i) == '\n') {
        lineNumber++;
      }
    }
    // Tabs become one space each, so the caret lines up whatever the terminal's tab width.
    String line = query.substring(lineStart, lineEnd).replace('\t', ' ').replace("\r", "");
    int column = query.codePointCount(lineStart, offset);
    return "\n  at line " + lineNumber + ", column " + (column + 1) + " of the query:\n    " + line
        + "\n    " + " ".repeat(column) + "^";
  }
}
