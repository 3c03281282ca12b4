package dev.ampsync.internal.engine;

import dev.ampsync.FailureThresholds;
import dev.ampsync.FailureThresholds.Limit;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides which {@link FailureThresholds} a run's counts pass, and says so in one line each, such as
 * {@code invalid 7 of 100 rows (7.0%) is above fail_when.invalid 5%}: the status follows from it, and
 * the report shows it. Counts are of records: one per row, except for a group mapping with {@code
 * members}, whose row becomes one record per member; then the share is of the records too, so that it
 * can never pass 100%.
 */
final class ThresholdCheck {
  private ThresholdCheck() {}

  /** @return one line per outcome whose count is above its limit; empty when the run is within all */
  static List<String> exceeded(FailureThresholds thresholds, long rowsRead, long records, long invalid, long rejected, long failed) {
    String unit = records == rowsRead ? "rows" : "records";
    List<String> lines = new ArrayList<>(3);
    check(lines, "invalid", invalid, records, unit, thresholds.invalid());
    check(lines, "rejected", rejected, records, unit, thresholds.rejected());
    check(lines, "failed", failed, records, unit, thresholds.failed());
    return List.copyOf(lines);
  }

  private static void check(List<String> lines, String outcome, long count, long total, String unit, Limit limit) {
    if (limit.isExceededBy(count, total)) {
      lines.add(outcome + " " + count + " of " + total + " " + unit + " (" + share(count, total, limit) + ") is above fail_when."
          + outcome + " " + limit + (limit.equals(Limit.count(0))
              ? " (the default: any " + outcome + " " + unit.substring(0, unit.length() - 1) + ")" : ""));
    }
  }

  /**
   * The share as a percentage to one decimal, or more where needed so that a share just above a
   * percentage limit (5.04% above 5%) never shows as equal to it.
   */
  private static String share(long rows, long rowsRead, Limit limit) {
    if (rowsRead == 0) {
      return "of none";
    }
    BigDecimal exact = BigDecimal.valueOf(rows).multiply(BigDecimal.valueOf(100));
    BigDecimal shown = exact.divide(BigDecimal.valueOf(rowsRead), 1, RoundingMode.HALF_UP);
    for (int decimals = 2; limit.isPercent() && shown.compareTo(limit.value()) <= 0 && decimals <= 6; decimals++) {
      shown = exact.divide(BigDecimal.valueOf(rowsRead), decimals, RoundingMode.HALF_UP);
    }
    return shown.toPlainString() + "%";
  }
}
