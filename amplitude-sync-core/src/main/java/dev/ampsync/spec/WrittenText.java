package dev.ampsync.spec;

import dev.ampsync.internal.spec.SpecReader;
import dev.ampsync.internal.util.Text;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;

/**
 * A text setting of a spec both as it is used and as it was written: {@code select ... where plan <>
 * 'pg-Secret-42'} and {@code select ... where plan <> '${PGPASSWORD}'}. A {@link SourceProvider}
 * gets one for each text setting, so that what it shows (a description, a query in an error
 * message) is the text as written: a variable may hold a secret, and messages never expand it.
 *
 * <p>Immutable.
 */
public final class WrittenText {
  /** Shorter values are not hidden in other text: they would replace ordinary words. */
  static final int MIN_HIDDEN = 4;

  private final String value;
  private final String asWritten;
  private final Map<String, String> variables;
  /** Each substituted variable's place in the value and in the text as written; null when unknown. */
  private final List<Substitution> substitutions;
  /** Each variable's value (of {@value #MIN_HIDDEN} characters or more) to {@code ${NAME}}, longest first. */
  private final List<Map.Entry<String, String>> hidden;
  /** The file the text was written in, when each of its lines is a line of the file; null otherwise. */
  private final String file;
  /** The file's line of the text's first line; 0 when not known. */
  private final int firstLine;

  /** Where one {@code ${NAME}} sits: its expansion in the value, its text in the text as written. */
  private record Substitution(int valueStart, int valueEnd, int writtenStart, int writtenEnd) {}

  private WrittenText(String value, String asWritten, Map<String, String> variables) {
    this(value, asWritten, variables, null, 0);
  }

  private WrittenText(String value, String asWritten, Map<String, String> variables, String file, int firstLine) {
    this.file = file;
    this.firstLine = firstLine;
    this.value = value;
    this.asWritten = asWritten;
    this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    this.substitutions = value.equals(asWritten) ? List.of() : substitutions(value, asWritten, variables);
    List<Map.Entry<String, String>> hide = new ArrayList<>();
    this.variables.forEach((name, substituted) -> {
      if (substituted.length() >= MIN_HIDDEN) {
        hide.add(Map.entry(substituted, "${" + name + "}"));
      }
    });
    hide.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
    this.hidden = List.copyOf(hide);
  }

  /**
   * Returns a text that came from no variable: it is shown as it is.
   *
   * @param value the text
   * @return the text
   * @throws NullPointerException if null
   */
  public static WrittenText of(String value) {
    Objects.requireNonNull(value, "value is null: pass the setting's text");
    return new WrittenText(value, value, Map.of());
  }

  /**
   * Returns a text with the variables substituted into it.
   *
   * @param value the text, variables substituted
   * @param asWritten the text as the spec wrote it, with its {@code ${NAME}} and {@code
   *     ${NAME:-default}}
   * @param variables each variable substituted from the environment, name to value
   * @return the text
   * @throws NullPointerException if an argument is null
   */
  public static WrittenText of(String value, String asWritten, Map<String, String> variables) {
    Objects.requireNonNull(value, "value is null: pass the setting's text, variables substituted");
    Objects.requireNonNull(asWritten, "asWritten is null: pass the setting's text as the spec wrote it");
    Objects.requireNonNull(variables, "variables is null: pass the variables substituted, or an empty map");
    return new WrittenText(value, asWritten, variables);
  }

  /**
   * Returns this text, told where it was written line for line: each line of the text as written is
   * a line of {@code file}, the first at {@code firstLine}, as in a YAML literal block ({@code query:
   * |}). Messages that point into the text can then name the file's line ({@link #whereLine}).
   *
   * @param file the file's name, as messages give it
   * @param firstLine the 1-based line of the file that holds the text's first line
   * @return the text, so placed
   * @throws NullPointerException if the file is null
   * @throws IllegalArgumentException if the line is less than 1
   */
  public WrittenText writtenAt(String file, int firstLine) {
    Objects.requireNonNull(file, "file is null: pass the name of the file the text was written in");
    if (firstLine < 1) {
      throw new IllegalArgumentException("firstLine must be 1 or more, was " + firstLine);
    }
    return new WrittenText(value, asWritten, variables, file, firstLine);
  }

  /**
   * Returns where a line of the text as written is in its file, when the text was {@linkplain
   * #writtenAt placed} there line for line.
   *
   * @param line a 1-based line of {@link #asWritten()}
   * @return such as {@code users.yaml line 12}; null when not known or the text has no such line
   */
  public String whereLine(int line) {
    if (file == null || line < 1 || line > asWritten.split("\n", -1).length) {
      return null;
    }
    return file + " line " + (firstLine + line - 1);
  }

  /**
   * Returns the text as it is used, variables substituted.
   *
   * @return the value
   */
  public String value() {
    return value;
  }

  /**
   * Returns the text as the spec wrote it: what messages show.
   *
   * @return the text as written
   */
  public String asWritten() {
    return asWritten;
  }

  /**
   * Returns the variables substituted from the environment into the text, name to value.
   *
   * @return the variables; empty when none
   */
  public Map<String, String> variables() {
    return variables;
  }

  /**
   * Replaces, in another text (a database's message quoting part of this one), each value a variable
   * gave this text by its {@code ${NAME}}. Values shorter than {@value #MIN_HIDDEN} characters are
   * left, as they would replace ordinary words.
   *
   * @param text a message
   * @return the message with the variables' values hidden; null for null
   */
  public String hide(String text) {
    return text == null || hidden.isEmpty() ? text : Text.replaceEach(text, hidden);
  }

  /**
   * Maps a place in {@link #value()} to the same place in {@link #asWritten()}: text outside the
   * variables moves by what the substitutions before it changed; a place inside a variable's value is
   * the start of its {@code ${NAME}}.
   *
   * @param index a char index in the value, from 0 to its length
   * @return the char index in the text as written, or -1 when the index is outside the value or the
   *     text as written does not expand to the value
   */
  public int asWrittenIndex(int index) {
    if (index < 0 || index > value.length() || substitutions == null) {
      return -1;
    }
    int shift = 0;
    for (Substitution substitution : substitutions) {
      if (index < substitution.valueStart()) {
        break;
      }
      if (index < substitution.valueEnd()) {
        return substitution.writtenStart();
      }
      shift = substitution.writtenEnd() - substitution.valueEnd();
    }
    return index + shift;
  }

  /**
   * Finds each variable of the text as written in the value, checking that the text expands to the
   * value as the spec reader expands it (a variable's value, else its default); null when it does
   * not.
   */
  private static List<Substitution> substitutions(String value, String asWritten, Map<String, String> variables) {
    List<Substitution> found = new ArrayList<>();
    Matcher matcher = SpecReader.VARIABLE.matcher(asWritten);
    int written = 0;
    int at = 0;
    while (matcher.find()) {
      int literal = matcher.start() - written;
      if (!asWritten.regionMatches(written, value, at, literal)) {
        return null;
      }
      at += literal;
      String expansion = variables.containsKey(matcher.group(1)) ? variables.get(matcher.group(1)) : matcher.group(3);
      if (expansion == null || !value.startsWith(expansion, at)) {
        return null;
      }
      found.add(new Substitution(at, at + expansion.length(), matcher.start(), matcher.end()));
      at += expansion.length();
      written = matcher.end();
    }
    int tail = asWritten.length() - written;
    if (value.length() - at != tail || !asWritten.regionMatches(written, value, at, tail)) {
      return null;
    }
    return List.copyOf(found);
  }

  /** The text as written (never the value, which may hold a secret). */
  @Override
  public String toString() {
    return asWritten;
  }
}
