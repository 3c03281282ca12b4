package dev.ampsync;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * How many problem rows a run tolerates before it counts as {@link SyncStatus#PARTIAL}: one {@link
 * Limit} each for invalid, rejected and failed rows, a count or a percentage of the rows read. (A
 * group mapping with {@code members} turns a row into one record per member, each with its own
 * outcome; there the counts and the percentage are of records.) A run
 * is PARTIAL only when some count is <em>above</em> its limit; at or below every limit it {@link
 * SyncStatus#SUCCEEDED succeeded}. The problems are counted and listed in the {@link SyncResult}
 * either way, and {@link SyncResult#thresholdsExceeded()} says which limit was passed. A run that
 * could not proceed is {@link SyncStatus#FAILED} whatever the thresholds say.
 *
 * <p>The default, {@link #of()}, tolerates none: any problem row makes the run PARTIAL. Immutable;
 * each {@code ...Above} method returns a copy.
 *
 * <pre>{@code
 * SyncJob job = SyncJob.builder("users")
 *     ...
 *     .failWhen(FailureThresholds.of()
 *         .invalidAbove(FailureThresholds.Limit.percent(5))     // up to 5% of rows read may be invalid
 *         .rejectedAbove(FailureThresholds.Limit.count(10)))    // up to 10 rows may be rejected
 *     .build();
 * }</pre>
 *
 * <p>In a YAML spec: {@code options: {fail_when: {invalid: 5%, rejected: 10}}}.
 */
public final class FailureThresholds {
  private static final FailureThresholds ANY =
      new FailureThresholds(Limit.NONE, Limit.NONE, Limit.NONE);

  private final Limit invalid;
  private final Limit rejected;
  private final Limit failed;

  private FailureThresholds(Limit invalid, Limit rejected, Limit failed) {
    this.invalid = invalid;
    this.rejected = rejected;
    this.failed = failed;
  }

  /**
   * Returns the default thresholds: any invalid, rejected or failed row makes a run PARTIAL.
   *
   * @return thresholds of count 0 each
   */
  public static FailureThresholds of() {
    return ANY;
  }

  /**
   * Tolerates invalid rows (rows that could not become valid records) up to this limit.
   *
   * @param limit the most invalid rows that still count as success
   * @return a copy with this limit
   * @throws NullPointerException if {@code limit} is null
   */
  public FailureThresholds invalidAbove(Limit limit) {
    return new FailureThresholds(required(limit, "invalid"), rejected, failed);
  }

  /**
   * Tolerates rejected rows (rows Amplitude refused) up to this limit.
   *
   * @param limit the most rejected rows that still count as success
   * @return a copy with this limit
   * @throws NullPointerException if {@code limit} is null
   */
  public FailureThresholds rejectedAbove(Limit limit) {
    return new FailureThresholds(invalid, required(limit, "rejected"), failed);
  }

  /**
   * Tolerates failed rows (rows that could not be delivered) up to this limit.
   *
   * @param limit the most failed rows that still count as success
   * @return a copy with this limit
   * @throws NullPointerException if {@code limit} is null
   */
  public FailureThresholds failedAbove(Limit limit) {
    return new FailureThresholds(invalid, rejected, required(limit, "failed"));
  }

  private static Limit required(Limit limit, String outcome) {
    return Objects.requireNonNull(limit, () -> "the " + outcome + " limit is null: pass FailureThresholds.Limit.count(n)"
        + " or FailureThresholds.Limit.percent(p), or leave it unset to tolerate no " + outcome + " rows");
  }

  /** @return the limit for invalid rows */
  public Limit invalid() {
    return invalid;
  }

  /** @return the limit for rejected rows */
  public Limit rejected() {
    return rejected;
  }

  /** @return the limit for failed rows */
  public Limit failed() {
    return failed;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FailureThresholds other && invalid.equals(other.invalid)
        && rejected.equals(other.rejected) && failed.equals(other.failed);
  }

  @Override
  public int hashCode() {
    return Objects.hash(invalid, rejected, failed);
  }

  @Override
  public String toString() {
    return "FailureThresholds{invalid=" + invalid + ", rejected=" + rejected + ", failed=" + failed + "}";
  }

  /**
   * The most rows of one outcome that a run tolerates: a count ({@code 10}) or a percentage of the rows
   * read ({@code 0.5%}). Immutable.
   */
  public static final class Limit {
    static final Limit NONE = new Limit(false, BigDecimal.ZERO);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final boolean percent;
    private final BigDecimal value;

    private Limit(boolean percent, BigDecimal value) {
      this.percent = percent;
      this.value = value;
    }

    /**
     * Tolerates up to this many rows.
     *
     * @param rows zero or more; 0 tolerates none (the default)
     * @return the limit
     * @throws IllegalArgumentException if negative
     */
    public static Limit count(long rows) {
      if (rows < 0) {
        throw new IllegalArgumentException("a threshold count must be 0 or more, was " + rows);
      }
      return new Limit(false, BigDecimal.valueOf(rows));
    }

    /**
     * Tolerates up to this percentage of the rows read.
     *
     * @param percent from 0 to 100, fractions allowed ({@code 0.5} is half a percent)
     * @return the limit
     * @throws IllegalArgumentException if not a number from 0 to 100
     */
    public static Limit percent(double percent) {
      if (Double.isNaN(percent) || percent < 0 || percent > 100) {
        throw new IllegalArgumentException("a threshold percentage must be from 0 to 100, was " + percent);
      }
      return new Limit(true, BigDecimal.valueOf(percent).stripTrailingZeros());
    }

    /** @return true for a percentage of the rows read, false for a count of rows */
    public boolean isPercent() {
      return percent;
    }

    /** @return the count, or the percentage (from 0 to 100) */
    public BigDecimal value() {
      return value;
    }

    /**
     * Tells whether a count of rows is above this limit. Exact: no rounding of the percentage.
     *
     * @param rows the rows of the outcome
     * @param rowsRead the rows the run read
     * @return true when {@code rows} is more than the limit allows
     */
    public boolean isExceededBy(long rows, long rowsRead) {
      if (!percent) {
        return BigDecimal.valueOf(rows).compareTo(value) > 0;
      }
      // rows / rowsRead > value / 100, multiplied out so no division rounds
      return BigDecimal.valueOf(rows).multiply(HUNDRED).compareTo(value.multiply(BigDecimal.valueOf(rowsRead))) > 0;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Limit other && percent == other.percent && value.compareTo(other.value) == 0;
    }

    @Override
    public int hashCode() {
      return Objects.hash(percent, value.stripTrailingZeros());
    }

    /** @return as a spec writes it: {@code 10} or {@code 0.5%} */
    @Override
    public String toString() {
      return value.stripTrailingZeros().toPlainString() + (percent ? "%" : "");
    }
  }
}
