package dev.ampsync.internal.client;

import dev.ampsync.client.AmplitudeException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Watches whether Amplitude answers at all, across every request of one client: when a request last
 * succeeded, what has failed since and how often. It decides when the client gives up (no request
 * succeeded for the retry duration: an outage, not a bad record) and tells a listener while requests
 * are being retried: once when failures start, then every {@code noticeEvery} while they go on, and
 * once when requests succeed again. The repeats come from {@link #tick()}, which the client calls
 * on a timer: the backoff between attempts grows to 30 s, and a notice waiting for the next failed
 * attempt left the user without news for that long.
 *
 * <p>Called from the HTTP threads. The success path is one volatile write and read; everything else
 * runs only while requests fail.
 */
final class OutageWatch {
  private final String where;
  private final long budgetNanos;
  private final long noticeEveryNanos;
  private final LongSupplier nanoTime;
  private final Consumer<String> notices;

  private volatile long lastSuccess;
  /** Whether a request failed since the last success (read on the success path). */
  private volatile boolean failing;
  // Guarded by this:
  private long failingSince;
  private long lastNotice;
  private int retries;
  private String lastCause;
  /** Set once the client gave up; every later give-up reports the same exception. */
  private volatile AmplitudeException gaveUp;

  /**
   * @param baseUri where requests go (only its host and port are shown)
   * @param budget how long without a successful request before the client gives up
   * @param noticeEvery how often a notice repeats while requests keep failing
   * @param nanoTime the time source ({@code System::nanoTime}; a fake one in tests)
   * @param notices where notices go (the CLI's progress display); must return quickly
   */
  OutageWatch(URI baseUri, Duration budget, Duration noticeEvery, LongSupplier nanoTime, Consumer<String> notices) {
    this.where = hostAndPort(baseUri);
    this.budgetNanos = budget.toNanos();
    this.noticeEveryNanos = noticeEvery.toNanos();
    this.nanoTime = nanoTime;
    this.notices = notices;
    this.lastSuccess = nanoTime.getAsLong();
  }

  /** Returns {@code host:port} of a base URL, with the scheme's default port when it names none. */
  static String hostAndPort(URI uri) {
    int port = uri.getPort();
    if (port < 0) {
      port = "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }
    return uri.getHost() + ":" + port;
  }

  /** Returns where requests go, as {@code host:port}. */
  String where() {
    return where;
  }

  /** A request got an answer that is not a transient failure. */
  void succeeded() {
    lastSuccess = nanoTime.getAsLong();
    if (failing) {
      recovered();
    }
  }

  /**
   * A request's attempt failed transiently and may be retried.
   *
   * @param cause what failed, in words (an exception, or an HTTP status)
   */
  void failed(String cause) {
    String notice = null;
    synchronized (this) {
      long now = nanoTime.getAsLong();
      lastCause = cause;
      if (!failing) {
        failing = true;
        failingSince = now;
        retries = 0;
        lastNotice = now;
        notice = "requests to " + where + " fail (" + cause + "); retrying for up to " + format(budgetNanos);
      } else {
        retries++;
        notice = dueNotice(now);
      }
    }
    if (notice != null) {
      notices.accept(notice);
    }
  }

  /**
   * Called on a timer (more often than {@code noticeEvery}): while requests keep failing and the
   * client has not given up, repeats the notice once {@code noticeEvery} has passed since the last,
   * also when no attempt failed in between (one is waiting out its backoff).
   */
  void tick() {
    if (!failing || gaveUp != null) {
      return; // the usual case: one volatile read
    }
    String notice;
    synchronized (this) {
      notice = failing && gaveUp == null ? dueNotice(nanoTime.getAsLong()) : null;
    }
    if (notice != null) {
      notices.accept(notice);
    }
  }

  /** The "still fail" notice when one is due at {@code now}, or null. Holds this. */
  private String dueNotice(long now) {
    if (now - lastNotice < noticeEveryNanos) {
      return null;
    }
    lastNotice = now;
    return "requests to " + where + " still fail (" + lastCause + "); " + retries + " retries in "
        + format(now - failingSince) + ", giving up after " + format(budgetNanos) + " without an answer";
  }

  private void recovered() {
    String notice;
    synchronized (this) {
      if (!failing) {
        return;
      }
      failing = false;
      notice = "requests to " + where + " succeed again after " + retries + " retries in "
          + format(nanoTime.getAsLong() - failingSince);
    }
    notices.accept(notice);
  }

  /** Tells whether the client has given up already (so no request should retry further). */
  boolean hasGivenUp() {
    return gaveUp != null;
  }

  /**
   * A request's retries are over. When no request has succeeded for the retry duration, the client
   * gives up: the answer becomes fatal, with one message naming the endpoint, the cause and how long
   * it tried. Otherwise the request alone failed, and its records fail with its reason.
   *
   * @param last the request's last transient failure
   * @return the verdict for the request's records
   */
  Verdict givingUp(Verdict.Retryable last) {
    AmplitudeException stop = gaveUp;
    if (stop != null) {
      return new Verdict.Fatal(stop);
    }
    long silent = nanoTime.getAsLong() - lastSuccess;
    if (silent < budgetNanos) {
      return last;
    }
    synchronized (this) {
      if (gaveUp == null) {
        String cause = lastCause != null ? lastCause : last.reason();
        String answered = cause.startsWith("HTTP ") ? "no successful answer from " : "no answer from ";
        gaveUp = new AmplitudeException(0, answered + where + " for " + format(silent) + " (" + cause + "); gave up");
      }
      return new Verdict.Fatal(gaveUp);
    }
  }

  /** Formats a duration as {@code 5m 0s}, {@code 12s} or {@code 450ms}. */
  static String format(long nanos) {
    long millis = nanos / 1_000_000;
    if (millis < 1000) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    return seconds < 60 ? seconds + "s" : seconds / 60 + "m " + seconds % 60 + "s";
  }
}
