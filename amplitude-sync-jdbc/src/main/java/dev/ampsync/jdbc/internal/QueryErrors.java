package dev.ampsync.jdbc.internal;

import java.util.function.IntFunction;
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
  /** PostgreSQL's own line for the position, which the caret replaces. */
  private static final Pattern POSITION_LINE = Pattern.compile("\\R[ \\t]*Position: \\d+[ \\t]*(?=\\R|$)");
  private static final Pattern NEAR = Pattern.compile("near '(.*?)' at line (\\d+)", Pattern.DOTALL);
  /** How MariaDB and MySQL end a {@code near '...'} text they cut short. */
  private static final String CUT = "...";

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
    int inStatement = -1;
    Matcher position = POSITION.matcher(message);
    Matcher near = NEAR.matcher(message);
    if (position.find()) {
      try {
        inStatement = statement.offsetByCodePoints(0, Integer.parseInt(position.group(1)) - 1);
      } catch (NumberFormatException | IndexOutOfBoundsException notInTheStatement) {
        return -1;
      }
    } else if (near.find()) {
      try {
        inStatement = near(statement, Integer.parseInt(near.group(2)), near.group(1));
      } catch (NumberFormatException tooLong) {
        return -1;
      }
    }
    int inQuery = inStatement - queryStart;
    return inStatement >= 0 && inQuery >= 0 && inQuery <= query.length() ? inQuery : -1;
  }

  /**
   * The place MariaDB's {@code near 'TEXT' at line LINE} names in the statement. TEXT is the rest of
   * the statement from the place (cut to some 80 characters, then ending in {@code ...}), so the place
   * is where the rest of the statement is TEXT; an empty TEXT is the statement's end. A word that
   * occurs twice on the line ({@code id = id id}) is thus told apart; when the rest does not match
   * (the driver sent a parameter's value in place of a {@code ?}), the place on the line where the
   * most of TEXT matches is taken.
   */
  private static int near(String statement, int line, String text) {
    if (text.isEmpty()) {
      return statement.stripTrailing().length(); // the parser reached the end
    }
    int lineStart = 0;
    for (int i = 1; i < line; i++) {
      lineStart = statement.indexOf('\n', lineStart) + 1;
      if (lineStart == 0) {
        return -1;
      }
    }
    int lineEnd = statement.indexOf('\n', lineStart);
    lineEnd = lineEnd < 0 ? statement.length() : lineEnd;
    boolean cut = text.endsWith(CUT);
    String head = cut ? text.substring(0, text.length() - CUT.length()) : text;
    for (int at = lineStart; at < lineEnd; at++) {
      if (statement.startsWith(text, at) && statement.substring(at + text.length()).isBlank()
          || cut && !head.isEmpty() && statement.startsWith(head, at)) {
        return at;
      }
    }
    // The statement was not sent as written (a parameter's value stands for its ?): take the place
    // on the line where the most of TEXT matches.
    int best = -1;
    int longest = 0;
    for (int at = lineStart; at < lineEnd; at++) {
      int matching = 0;
      while (matching < head.length() && at + matching < statement.length()
          && statement.charAt(at + matching) == head.charAt(matching)) {
        matching++;
      }
      if (matching > longest) {
        best = at;
        longest = matching;
      }
    }
    return best;
  }

  /**
   * Removes PostgreSQL's {@code Position: N} line from its message, for a message shown with the
   * caret that says the same.
   *
   * @param message the message
   * @return the message without that line; null for null
   */
  public static String withoutPosition(String message) {
    return message == null ? null : POSITION_LINE.matcher(message).replaceFirst("");
  }

  /**
   * Returns the query's line holding a place, with a caret under it.
   *
   * @param query the query as shown
   * @param offset a char index in it
   * @return the lines, each starting with a line break; empty when the index is outside the query
   */
  public static String excerpt(String query, int offset) {
    return excerpt(query, offset, line -> null);
  }

  /**
   * Returns the query's line holding a place, with a caret under it, and where that line was written
   * when that is known.
   *
   * @param query the query as shown
   * @param offset a char index in it
   * @param whereLine for a 1-based line of the query, where it was written ({@code users.yaml line
   *     12}), or null when not known
   * @return the lines, each starting with a line break; empty when the index is outside the query
   */
  public static String excerpt(String query, int offset, IntFunction<String> whereLine) {
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
    String written = whereLine.apply(lineNumber);
    return "\n  at line " + lineNumber + ", column " + (column + 1) + " of the query"
        + (written == null ? "" : " (" + written + ")") + ":\n    " + line
        + "\n    " + " ".repeat(column) + "^";
  }
}
