package dev.ampsync.internal.client;

/**
 * The request budget of one bisection: the splits of a refused request (400 naming nothing, 403,
 * 413) and of its halves share it, so isolating the records Amplitude refuses costs a bounded number
 * of requests. A split sends two requests; once the budget cannot pay for one, the records of a
 * refused request are rejected together with Amplitude's reason instead of being split again.
 *
 * <p>The budget is the original request's record count plus enough to isolate one record
 * ({@code 2 * ceil(log2 n)}): every refused record of a request with a few of them is isolated
 * exactly (about {@code 2 log2 n} requests each), while a request whose every record is refused
 * stops at about half of the {@code 2n - 1} requests a full bisection would send. Together with the
 * original request, the records of one request cost at most about {@code n + 2 log2 n + 1}
 * requests: under twice the records. Owned by the dispatcher thread.
 */
final class Bisection {
  private final int budget;
  private int requestsLeft;

  /** Creates the budget of a bisection that starts from a request of {@code records} records. */
  Bisection(int records) {
    this.budget = budgetFor(records);
    this.requestsLeft = budget;
  }

  /** The requests a bisection starting from {@code records} records may send. */
  static int budgetFor(int records) {
    int log2 = records <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(records - 1); // ceil(log2 n)
    return records + 2 * log2;
  }

  /** Pays for one split (two requests); returns false, paying nothing, when the budget cannot. */
  boolean trySplit() {
    if (requestsLeft < 2) {
      return false;
    }
    requestsLeft -= 2;
    return true;
  }

  /** The budget this bisection started with, in requests. */
  int budget() {
    return budget;
  }
}
