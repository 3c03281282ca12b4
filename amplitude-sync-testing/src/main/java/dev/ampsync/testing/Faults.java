package dev.ampsync.testing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The faults the fake will impose: a first-in-first-out script of planned faults, seeded random
 * faults that apply when the script is empty, and how many of each kind were applied. Thread-safe:
 * every method holds this object's monitor.
 */
final class Faults {
  private static final int[] SERVER_ERRORS = {500, 502, 503, 504};

  /**
   * One fault for one request.
   *
   * @param kind what happens
   * @param status the status it answers with, 0 when none
   * @param delay how long a {@link FaultKind#DELAY} holds the request
   * @param random whether it was drawn at random (a random 413 spares one-record requests)
   */
  record Planned(FaultKind kind, int status, Duration delay, boolean random) {
    Planned(FaultKind kind, int status, Duration delay) {
      this(kind, status, delay, false);
    }
  }

  private record RandomFaults(double rate, Random random, List<FaultKind> kinds, Duration delay) {
    Planned draw() {
      if (random.nextDouble() >= rate) {
        return null;
      }
      FaultKind kind = kinds.get(random.nextInt(kinds.size()));
      return switch (kind) {
        case SERVER_ERROR ->
            new Planned(kind, SERVER_ERRORS[random.nextInt(SERVER_ERRORS.length)], Duration.ZERO);
        case ACCEPT_THEN_FAIL -> new Planned(kind, 500, Duration.ZERO);
        case THROTTLE -> new Planned(kind, 429, Duration.ZERO);
        case TOO_LARGE -> new Planned(kind, 413, Duration.ZERO, true);
        case DELAY -> new Planned(kind, 0, delay);
        case RESET -> new Planned(kind, 0, Duration.ZERO);
      };
    }
  }

  private final ArrayDeque<Planned> script = new ArrayDeque<>();
  private RandomFaults randomFaults;
  private final EnumMap<FaultKind, Long> counts = new EnumMap<>(FaultKind.class);

  /** Appends {@code n} copies of {@code fault} to the script. */
  synchronized void add(int n, Planned fault) {
    for (int i = 0; i < n; i++) {
      script.add(fault);
    }
  }

  /** Replaces the random faults: probability {@code rate}, kinds drawn uniformly, seeded. */
  synchronized void random(double rate, long seed, List<FaultKind> kinds, Duration delay) {
    randomFaults = new RandomFaults(rate, new Random(seed), kinds, delay);
  }

  /** The fault of the next request (counted), or null when it is to be served normally. */
  synchronized Planned next() {
    Planned fault = script.poll();
    if (fault == null && randomFaults != null) {
      fault = randomFaults.draw();
    }
    if (fault != null) {
      counts.merge(fault.kind(), 1L, Long::sum);
    }
    return fault;
  }

  /** Takes back the count of a drawn fault that was not applied after all. */
  synchronized void uncount(FaultKind kind) {
    counts.merge(kind, -1L, Long::sum);
  }

  /** How many faults of each kind were applied; every kind present. */
  synchronized Map<FaultKind, Long> counts() {
    Map<FaultKind, Long> copy = new EnumMap<>(FaultKind.class);
    for (FaultKind kind : FaultKind.values()) {
      copy.put(kind, counts.getOrDefault(kind, 0L));
    }
    return copy;
  }

  /** Forgets the script, the random faults and the counts. */
  synchronized void reset() {
    script.clear();
    randomFaults = null;
    counts.clear();
  }
}
