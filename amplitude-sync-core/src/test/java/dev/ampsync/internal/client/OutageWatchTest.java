package dev.ampsync.internal.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The outage rule and the retry notices, on a fake clock. Source of the rule: issue 14 ("Retries and outages"). */
class OutageWatchTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(1_000 * SECOND);
  private final List<String> notices = new ArrayList<>();
  private final OutageWatch watch =
      new OutageWatch(URI.create("https://api2.amplitude.com"), Duration.ofMinutes(5), Duration.ofSeconds(5), now::get, notices::add);

  private void advance(long seconds) {
    now.addAndGet(seconds * SECOND);
  }

  @Test
  void hostAndPort_fillsInTheSchemesDefaultPort() {
    assertThat(OutageWatch.hostAndPort(URI.create("https://api2.amplitude.com"))).isEqualTo("api2.amplitude.com:443");
    assertThat(OutageWatch.hostAndPort(URI.create("http://127.0.0.1"))).isEqualTo("127.0.0.1:80");
    assertThat(OutageWatch.hostAndPort(URI.create("http://127.0.0.1:8089/base"))).isEqualTo("127.0.0.1:8089");
  }

  @Test
  void format_showsMinutesAndSeconds() {
    assertThat(OutageWatch.format(300 * SECOND)).isEqualTo("5m 0s");
    assertThat(OutageWatch.format(61 * SECOND + 900_000_000L)).isEqualTo("1m 1s");
    assertThat(OutageWatch.format(12 * SECOND)).isEqualTo("12s");
    assertThat(OutageWatch.format(450_000_000L)).isEqualTo("450ms");
  }

  @Test
  void aRequestGivingUpWithinTheBudget_failsAlone() {
    watch.failed("ConnectException: cannot connect");
    advance(299);

    Verdict.Retryable last = new Verdict.Retryable("no answer from api2.amplitude.com:443 (ConnectException: cannot connect)");
    assertThat(watch.givingUp(last)).isSameAs(last);
    assertThat(watch.hasGivenUp()).isFalse();
  }

  @Test
  void noSuccessForTheBudget_givesUpOnce_withOneMessageNamingHostPortCauseAndDuration() {
    watch.failed("ConnectException: cannot connect");
    advance(300);

    Verdict first = watch.givingUp(new Verdict.Retryable("x"));
    Verdict second = watch.givingUp(new Verdict.Retryable("y"));

    assertThat(first).isInstanceOf(Verdict.Fatal.class);
    assertThat(((Verdict.Fatal) first).exception().getMessage())
        .isEqualTo("no answer from api2.amplitude.com:443 for 5m 0s (ConnectException: cannot connect); gave up");
    assertThat(((Verdict.Fatal) second).exception()).isSameAs(((Verdict.Fatal) first).exception());
    assertThat(watch.hasGivenUp()).isTrue();
  }

  @Test
  void aSuccessInTheMeantime_restartsTheBudget() {
    watch.failed("HTTP 503 unavailable");
    advance(200);
    watch.succeeded();
    watch.failed("HTTP 503 unavailable");
    advance(200);

    Verdict.Retryable last = new Verdict.Retryable("HTTP 503 unavailable");
    assertThat(watch.givingUp(last)).isSameAs(last);

    advance(100);
    assertThat(((Verdict.Fatal) watch.givingUp(last)).exception().getMessage())
        .isEqualTo("no successful answer from api2.amplitude.com:443 for 5m 0s (HTTP 503 unavailable); gave up");
  }

  @Test
  void notices_comeWhenFailuresStart_thenEveryFewSeconds_andOnceOnRecovery() {
    watch.failed("ConnectException: cannot connect");
    advance(1);
    watch.failed("ConnectException: cannot connect");
    advance(1);
    watch.failed("ConnectException: cannot connect");
    advance(3);
    watch.failed("ConnectException: cannot connect");
    advance(2);
    watch.succeeded();
    watch.succeeded();

    assertThat(notices)
        .containsExactly(
            "requests to api2.amplitude.com:443 fail (ConnectException: cannot connect); retrying for up to 5m 0s",
            "requests to api2.amplitude.com:443 still fail (ConnectException: cannot connect); 3 retries in 5s,"
                + " giving up after 5m 0s without an answer",
            "requests to api2.amplitude.com:443 succeed again after 3 retries in 7s");
  }

  @Test
  void whileAnAttemptWaitsOutItsBackoff_theTimerRepeatsTheNotice_everyFewSeconds() {
    watch.failed("ConnectException: cannot connect");
    advance(1);
    watch.failed("ConnectException: cannot connect"); // then a 30 s backoff: no attempt fails before it ends
    advance(3);
    watch.tick();
    advance(1);
    watch.tick();
    advance(4);
    watch.tick();
    advance(1);
    watch.tick();
    watch.tick();

    assertThat(notices)
        .containsExactly(
            "requests to api2.amplitude.com:443 fail (ConnectException: cannot connect); retrying for up to 5m 0s",
            "requests to api2.amplitude.com:443 still fail (ConnectException: cannot connect); 1 retries in 5s,"
                + " giving up after 5m 0s without an answer",
            "requests to api2.amplitude.com:443 still fail (ConnectException: cannot connect); 1 retries in 10s,"
                + " giving up after 5m 0s without an answer");
  }

  @Test
  void theTimer_saysNothing_beforeFailures_afterRecovery_orOnceTheClientGaveUp() {
    advance(60);
    watch.tick();
    watch.failed("HTTP 503 unavailable");
    advance(2);
    watch.succeeded();
    advance(60);
    watch.tick();
    assertThat(notices).hasSize(2); // started, recovered: no repeat

    notices.clear();
    watch.failed("HTTP 503 unavailable");
    advance(300);
    watch.givingUp(new Verdict.Retryable("HTTP 503 unavailable"));
    advance(60);
    watch.tick();
    assertThat(notices).containsExactly(
        "requests to api2.amplitude.com:443 fail (HTTP 503 unavailable); retrying for up to 5m 0s");
  }

  @Test
  void successesAlone_sayNothing() {
    watch.succeeded();
    advance(600);
    watch.succeeded();

    assertThat(notices).isEmpty();
    Verdict.Retryable last = new Verdict.Retryable("HTTP 500");
    assertThat(watch.givingUp(last)).isSameAs(last);
  }
}
