package dev.ampsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Silenced devices, throttles by count and by time, and daily quotas, without HTTP. */
class ThrottlesTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
  private final Throttles throttles = new Throttles(clock);

  private static List<String[]> ids(String... userAndDevice) {
    List<String[]> ids = new ArrayList<>();
    for (int i = 0; i < userAndDevice.length; i += 2) {
      ids.add(new String[] {userAndDevice[i], userAndDevice[i + 1]});
    }
    return ids;
  }

  private static JsonNode body(Reply reply) {
    return Wire.parse(reply.body());
  }

  @Test
  void nothingScripted_nothingApplies() {
    assertThat(throttles.silenced(ids("user-00001", "device-1"), 1000)).isNull();
    assertThat(throttles.throttle(ids("user-00001", "device-1"), 1000)).isNull();
  }

  @Test
  void aSilencedDevice_answers400NamingItsEvents() {
    throttles.silenceDevice("device-2");

    Reply reply = throttles.silenced(ids("user-00001", "device-1", "user-00002", "device-2"), 1000);

    assertThat(reply.status()).isEqualTo(400);
    assertThat(body(reply).get("silenced_devices").toString()).isEqualTo("[\"device-2\"]");
    assertThat(body(reply).get("silenced_events").toString()).isEqualTo("[1]");
  }

  @Test
  void aThrottleByCount_lastsThatManyRequests() {
    throttles.throttleUser("user-00001", 2);

    Reply first = throttles.throttle(ids("user-00001", null, "user-00002", null), 30);
    Reply second = throttles.throttle(ids("user-00001", null), 30);
    Reply third = throttles.throttle(ids("user-00001", null), 30);

    assertThat(first.status()).isEqualTo(429);
    assertThat(body(first).get("throttled_users").toString()).isEqualTo("{\"user-00001\":31}");
    assertThat(body(first).get("throttled_events").toString()).isEqualTo("[0]");
    assertThat(second.status()).isEqualTo(429);
    assertThat(third).isNull();
  }

  @Test
  void aThrottleByTime_endsWhenTheClockPassesIt() {
    throttles.throttleDeviceUntil("device-1", clock.instant().plus(Duration.ofSeconds(30)));

    assertThat(throttles.throttle(ids(null, "device-1"), 1000).status()).isEqualTo(429);
    clock.advance(Duration.ofSeconds(30));
    assertThat(throttles.throttle(ids(null, "device-1"), 1000)).isNull();
  }

  @Test
  void anIdOverItsDailyQuota_answers429UntilReset() {
    throttles.exceedQuotaForUser("user-00001");

    Reply reply = throttles.throttle(ids("user-00001", null), 1000);

    assertThat(reply.status()).isEqualTo(429);
    assertThat(body(reply).get("exceeded_daily_quota_users").get("user-00001").asInt())
        .isEqualTo(Throttles.QUOTA_COUNT);
    throttles.reset();
    assertThat(throttles.throttle(ids("user-00001", null), 1000)).isNull();
  }

  @Test
  void throttleEverything_namesEveryIdAndIndexOfTheRequest() {
    byte[] batch =
        "{\"events\":[{\"user_id\":\"user-00001\"},{\"device_id\":\"device-1\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    Reply reply = Throttles.throttleEverything(Wire.BATCH, batch);

    assertThat(reply.status()).isEqualTo(429);
    assertThat(body(reply).get("throttled_users").toString()).isEqualTo("{\"user-00001\":1001}");
    assertThat(body(reply).get("throttled_devices").toString()).isEqualTo("{\"device-1\":1001}");
    assertThat(body(reply).get("throttled_events").toString()).isEqualTo("[0,1]");
  }
}
