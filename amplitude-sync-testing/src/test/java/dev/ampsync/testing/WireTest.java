package dev.ampsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading requests: forms, media types, the identification field and the ids of a request. */
class WireTest {
  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parseForm_decodesEachField_keepsTheFirstOfARepeatedName_andRefusesBadEscapes() {
    assertThat(Wire.parseForm(bytes("api_key=k&identification=%7B%22a%22%3A1%7D&api_key=other")))
        .containsExactly(
            Map.entry("api_key", "k"), Map.entry("identification", "{\"a\":1}"));
    assertThat(Wire.parseForm(bytes(""))).isEmpty();
    assertThat(Wire.parseForm(bytes("a=%zz"))).isNull();
  }

  @Test
  void hasMediaType_ignoresParametersAndCase() {
    assertThat(Wire.hasMediaType("Application/JSON; charset=utf-8", Wire.JSON)).isTrue();
    assertThat(Wire.hasMediaType("text/plain", Wire.JSON)).isFalse();
    assertThat(Wire.hasMediaType(null, Wire.JSON)).isFalse();
  }

  @Test
  void identifications_acceptAnObjectOrANonEmptyArray() {
    assertThat(Wire.identifications("{\"user_id\":\"user-00001\"}")).hasSize(1);
    assertThat(Wire.identifications("[{\"user_id\":\"a\"},{\"user_id\":\"b\"}]")).hasSize(2);
    assertThat(Wire.identifications("[]")).isNull();
    assertThat(Wire.identifications("not json")).isNull();
    assertThat(Wire.identifications(" ")).isNull();
  }

  @Test
  void requestIds_readEventsAndIdentifications_andAnUnreadableBodyHasNone() {
    byte[] batch = bytes("{\"events\":[{\"user_id\":\"u1\"},{\"device_id\":\"d1\"},{\"user_id\":7}]}");
    byte[] identify = bytes("identification=" + URLEncoder.encode("[{\"user_id\":\"u1\",\"device_id\":\"d1\"}]", StandardCharsets.UTF_8));

    assertThat(Wire.requestIds(Wire.BATCH, batch))
        .containsExactly(new String[] {"u1", null}, new String[] {null, "d1"}, new String[] {null, null});
    assertThat(Wire.requestIds(Wire.IDENTIFY, identify)).containsExactly(new String[] {"u1", "d1"});
    assertThat(Wire.itemCount(Wire.HTTP_API, bytes("{"))).isZero();
    assertThat(Wire.itemCount(Wire.GROUP_IDENTIFY, null)).isZero();
  }
}
