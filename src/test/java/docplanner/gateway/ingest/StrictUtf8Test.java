package docplanner.gateway.ingest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ASCII runs are skipped 32 and then 8 bytes at a time: an ill-formed sequence is found at
 * whatever offset it sits, in bodies of every length around those strides, and well-formed
 * multi-byte characters at any offset pass.
 */
class StrictUtf8Test {

  private static final byte[][] ILL_FORMED = {
      {(byte) 0x80}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
      {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xE2, (byte) 0x82},
  };
  private static final byte[][] WELL_FORMED = {
      "\u00e9".getBytes(StandardCharsets.UTF_8), "\u20ac".getBytes(StandardCharsets.UTF_8),
      "\ud83d\ude00".getBytes(StandardCharsets.UTF_8),
  };

  @Test
  void anIllFormedSequenceIsFoundAtEveryOffset() {
    for (int length = 0; length <= 80; length++) {
      for (int at = 0; at <= length; at++) {
        for (byte[] bad : ILL_FORMED) {
          byte[] body = ascii(length + bad.length);
          System.arraycopy(bad, 0, body, at, bad.length);
          assertThat(StrictUtf8.firstInvalid(body, 0, body.length)).as("length %d, at %d", length, at).isEqualTo(at);
        }
      }
    }
  }

  @Test
  void wellFormedCharactersPassAtEveryOffsetAndTheRangeIsRespected() {
    for (int length = 0; length <= 80; length++) {
      assertThat(StrictUtf8.firstInvalid(ascii(length), 0, length)).isEqualTo(-1);
      for (int at = 0; at <= length; at++) {
        for (byte[] good : WELL_FORMED) {
          byte[] body = ascii(length + good.length);
          System.arraycopy(good, 0, body, at, good.length);
          assertThat(StrictUtf8.firstInvalid(body, 0, body.length)).as("length %d, at %d", length, at).isEqualTo(-1);
        }
      }
    }
    byte[] body = ascii(70);
    body[69] = (byte) 0x80;
    assertThat(StrictUtf8.firstInvalid(body, 0, 69)).isEqualTo(-1);
    assertThat(StrictUtf8.firstInvalid(body, 5, 70)).isEqualTo(69);
  }

  private static byte[] ascii(int length) {
    byte[] body = new byte[length];
    Arrays.fill(body, (byte) 'a');
    return body;
  }
}
