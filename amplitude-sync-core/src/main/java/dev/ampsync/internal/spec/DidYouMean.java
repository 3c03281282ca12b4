package dev.ampsync.internal.spec;

import java.util.Collection;
import java.util.Locale;

/** Suggests the allowed key a misspelt key was probably meant to be. */
public final class DidYouMean {
  /** Suggestions are at most two edits away: further than that, a suggestion is a guess. */
  private static final int MAX_EDITS = 2;

  private DidYouMean() {}

  /**
   * Returns the allowed key nearest to the given one, if it is at most two edits away.
   *
   * @param key the key as written
   * @param allowed the keys allowed here
   * @return the nearest allowed key (the first of equally near ones), or null if none is near
   */
  public static String closest(String key, Collection<String> allowed) {
    String written = key.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = MAX_EDITS + 1;
    for (String candidate : allowed) {
      int distance = distance(written, candidate);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return best;
  }

  /** Levenshtein distance: insertions, deletions and substitutions each count one. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
