package dev.ampsync.internal.engine;

import dev.ampsync.internal.util.Hashing;
import dev.ampsync.source.Row;

/**
 * The first stage with a state: a row's key, read from its identifier columns alone, and its digest,
 * which also covers the validator's settings (a row acknowledged under one {@code min_id_length} is
 * checked again under another) and the mapping (a row acknowledged under another mapping, e.g. by a
 * resync that stopped early, is mapped and diffed again, never taken as unchanged).
 */
final class KeyAndDigest {
  private final RowMapper mapper;
  private final int minIdLength;
  /** A hash of the mapping: a digest stored under another mapping never matches. */
  private final long mappingSeed;
  /** False when the stored state is not trusted in this run: no key is looked up. */
  private final boolean lookUp;

  KeyAndDigest(RowMapper mapper, int minIdLength, boolean lookUp, String mappingFingerprint) {
    this.mapper = mapper;
    this.minIdLength = minIdLength;
    this.mappingSeed = Hashing.fmix64(Hashing.chars(mappingFingerprint, 0x6d617070L));
    this.lookUp = lookUp;
  }

  /** Returns the row's digest. */
  long digest(Row row) {
    return (mapper.digest(row) * 31 + minIdLength) * 31 + mappingSeed;
  }

  /** Returns the key to look the row up with, or null (none, or nothing is looked up in this run). */
  String keyOf(Row row) {
    return lookUp ? mapper.keyOf(row) : null;
  }
}
