package dev.ampsync.internal.engine;

import dev.ampsync.mapping.Mapping;
import dev.ampsync.record.AmplitudeRecord;
import dev.ampsync.record.GroupRecord;
import dev.ampsync.source.Column;
import dev.ampsync.source.Columns;
import dev.ampsync.source.Row;
import java.util.List;

/**
 * A mapping compiled against a stream's columns: checks once that every mapped column exists, then
 * turns rows into records by the documented value rules. The parts: {@link CompiledMapping} (the
 * column check and positions), {@link RowKeys} (keys and insert ids), {@link RowDigest},
 * {@link RecordAssembler} (with {@link JsonProperties} and {@link Conversions}), {@link
 * RowFunctionMapper} for custom mappings and {@link ViolationSources} for messages.
 */
public final class RowMapper {
  /** What became of one row: a record, an invalid row with its reason, or a row skipped by a row function. */
  public sealed interface Mapped permits Mapped.Ready, Mapped.Invalid, Mapped.Skipped {
    /** A row that was skipped by a row function (it returned null). */
    Mapped SKIPPED = new Skipped();

    /** Returns the row's key, or null when it has none (skipped, or its identifiers are unreadable). */
    String key();

    /**
     * A row that became a record with this key; a group row with {@code members} also carries its
     * members (null otherwise), each of which becomes a membership of its own.
     */
    record Ready(AmplitudeRecord record, String key, List<Members.Member> members) implements Mapped {
      /** A row that became one record. */
      public Ready(AmplitudeRecord record, String key) {
        this(record, key, null);
      }
    }

    /** A row that cannot become a record; its key when the identifiers tell it. */
    record Invalid(String key, String reason) implements Mapped {}

    /** A row a row function skipped; see {@link #SKIPPED}. */
    record Skipped() implements Mapped {
      @Override
      public String key() {
        return null;
      }
    }
  }

  private final ViolationSources sources;
  /** The declarative mapping's parts; all null for a custom (row function) mapping. */
  private final CompiledMapping compiled;
  private final RowKeys keys;
  private final RecordAssembler assembler;
  /** Null for a declarative mapping. */
  private final RowFunctionMapper function;

  /**
   * Compiles a mapping.
   *
   * @throws IllegalArgumentException naming the mapping key and the missing column, with the
   *     columns the source has
   */
  public RowMapper(Mapping mapping, List<Column> columns, String syncName) {
    this(mapping, columns, syncName, key -> null);
  }

  /**
   * Compiles a mapping, naming a mapping key whose column is missing by where it was written.
   *
   * @param placeOf for a key path, where it was written, or null to name the key path alone; see
   *     {@link JobTexts#placeOf}
   * @throws IllegalArgumentException naming the mapping key and the missing column, with the
   *     columns the source has
   */
  public RowMapper(Mapping mapping, List<Column> columns, String syncName, java.util.function.Function<String, String> placeOf) {
    this.sources = new ViolationSources(mapping);
    if (mapping.function().isEmpty()) {
      this.compiled = new CompiledMapping(mapping, Columns.of(columns), placeOf);
      this.keys = new RowKeys(compiled, syncName);
      this.assembler = new RecordAssembler(compiled, keys);
      this.function = null;
    } else {
      this.compiled = null;
      this.keys = null;
      this.assembler = null;
      this.function = new RowFunctionMapper(mapping, syncName);
    }
  }

  /**
   * Returns the column that feeds an Amplitude field path named in a violation.
   *
   * @return a description such as {@code column 'plan'}, or null when no column feeds it
   * @see ViolationSources
   */
  public String sourceOf(String fieldPath) {
    return sources.sourceOf(fieldPath);
  }

  /** Maps one row; never throws for bad data. */
  public Mapped map(Row row) {
    return map(row, null);
  }

  /**
   * Maps one row whose {@link #keyOf} is already known, so that an event's derived insert id (a
   * SHA-256) is not computed twice; never throws for bad data.
   *
   * @param key what {@link #keyOf} returned for this row, or null
   */
  public Mapped map(Row row, String key) {
    if (function != null) {
      return function.map(row);
    }
    try {
      AmplitudeRecord record = assembler.assemble(row, key);
      if (compiled.members != null) { // a group's record: its own key, then its members
        return new Mapped.Ready(record, Keys.of(record), compiled.members.read(row, (GroupRecord) record));
      }
      return new Mapped.Ready(record, Keys.of(record));
    } catch (RowException e) {
      return new Mapped.Invalid(keys.reportedKeyOf(row), e.getMessage());
    } catch (RuntimeException e) {
      // A bad row never stops a run, whatever went wrong with it.
      return new Mapped.Invalid(keys.reportedKeyOf(row), e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /**
   * Returns the key the row's record would have (see {@link Keys#of}), reading only the identifier
   * columns: what the state is consulted with before a row is mapped in full.
   *
   * @return the key, or null when the row is custom-mapped or its identifiers cannot make one (the
   *     full mapping then says why)
   */
  public String keyOf(Row row) {
    return keys == null ? null : keys.keyOf(row);
  }

  /**
   * Tells whether a row gives a group and its members ({@code members}): the row then has several
   * keys, so the unchanged-row shortcut, which looks up one key per row, does not apply.
   */
  public boolean hasMembers() {
    return compiled != null && compiled.members != null;
  }

  /** Describes the members column, for messages; null without {@code members}. */
  String membersSource() {
    return hasMembers() ? compiled.members.describe() : null;
  }

  /** Tells whether rows have a {@link #digest}: not when a row function maps them. */
  public boolean hasDigest() {
    return compiled != null;
  }

  /**
   * Returns a 64-bit digest of the values of every column the mapping reads, stable across runs and
   * JVMs: a row whose digest equals the one stored with its key last time maps to the same record, so
   * it need not be mapped, validated or compared again (the mapping's own fingerprint is checked
   * once per run). The digest is a hash: two different rows share it with probability 2⁻⁶⁴.
   *
   * @return the digest; 0 for a custom-mapped row, which has none
   */
  public long digest(Row row) {
    return compiled == null ? 0 : compiled.digest.digest(row);
  }
}
