package docplanner.gateway.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Well-formed UTF-8 as RFC 3629 / Unicode Table 3-7 define it: no overlong forms ({@code C0 80}),
 * no surrogates (CESU-8's {@code ED A0 80}), nothing above U+10FFFF, no truncated sequences.
 * Java's decoders and Jackson's parser let some of these through, and a body that is not UTF-8
 * would then be stored, fingerprinted as a look-alike of a clean event, and sent to subscribers as
 * frames their WebSocket stacks reject. Checked on the raw bytes before anything reads them.
 *
 * <p>The push path pays almost nothing for it: notifications are mostly ASCII, checked eight bytes
 * at a time; only the non-ASCII sequences take the byte-by-byte path.
 */
public final class StrictUtf8 {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private StrictUtf8() {
  }

  /** The index of the first byte of the first ill-formed sequence in {@code bytes[from, to)}, or -1 when it is all well-formed. */
  public static int firstInvalid(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      // ASCII runs 32 bytes per test, then 8: a notification is mostly one long ASCII run.
      while (i + 32 <= to && (((long) LONGS.get(bytes, i) | (long) LONGS.get(bytes, i + 8)
          | (long) LONGS.get(bytes, i + 16) | (long) LONGS.get(bytes, i + 24)) & HIGH_BITS) == 0) {
        i += 32;
      }
      while (i + 8 <= to && ((long) LONGS.get(bytes, i) & HIGH_BITS) == 0) {
        i += 8;
      }
      if (i >= to) {
        break;
      }
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      int length = sequenceLength(bytes, i, to);
      if (length < 0) {
        return i;
      }
      i += length;
    }
    return -1;
  }

  /** Why the sequence at {@code at} is ill-formed, for a problem detail (call only where {@link #firstInvalid} pointed). */
  public static String reason(byte[] bytes, int at, int to) {
    int lead = bytes[at] & 0xFF;
    if (lead >= 0x80 && lead <= 0xBF) {
      return "a continuation byte with no lead byte";
    }
    if (lead == 0xC0 || lead == 0xC1) {
      return "an overlong encoding (a character that has a shorter form)";
    }
    if (lead >= 0xF5) {
      return lead >= 0xF8 ? "a byte that never occurs in UTF-8" : "a code point above U+10FFFF";
    }
    int needed = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    for (int j = 1; j < needed; j++) {
      if (at + j >= to) {
        return "a sequence truncated by the end of the body";
      }
      int next = bytes[at + j] & 0xFF;
      if (j == 1) {
        if (lead == 0xE0 && next >= 0x80 && next < 0xA0 || lead == 0xF0 && next >= 0x80 && next < 0x90) {
          return "an overlong encoding (a character that has a shorter form)";
        }
        if (lead == 0xED && next >= 0xA0 && next <= 0xBF) {
          return "an encoded UTF-16 surrogate (CESU-8 or a lone surrogate), which UTF-8 forbids";
        }
        if (lead == 0xF4 && next >= 0x90 && next <= 0xBF) {
          return "a code point above U+10FFFF";
        }
      }
      if (next < 0x80 || next > 0xBF) {
        return "a sequence cut short (byte " + hex(next) + " where a continuation byte was due)";
      }
    }
    return "an ill-formed sequence";
  }

  /** A byte as {@code 0xC0}, for details. */
  static String hex(int b) {
    return String.format("0x%02X", b & 0xFF);
  }

  /** The length of the well-formed multi-byte sequence at {@code i}, or -1 (Unicode Table 3-7). */
  private static int sequenceLength(byte[] bytes, int i, int to) {
    int lead = bytes[i] & 0xFF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      return i + 1 < to && continuation(bytes[i + 1]) ? 2 : -1;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
      if (i + 2 >= to) {
        return -1;
      }
      int second = bytes[i + 1] & 0xFF;
      int low = lead == 0xE0 ? 0xA0 : 0x80;
      int high = lead == 0xED ? 0x9F : 0xBF;
      return second >= low && second <= high && continuation(bytes[i + 2]) ? 3 : -1;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      if (i + 3 >= to) {
        return -1;
      }
      int second = bytes[i + 1] & 0xFF;
      int low = lead == 0xF0 ? 0x90 : 0x80;
      int high = lead == 0xF4 ? 0x8F : 0xBF;
      return second >= low && second <= high && continuation(bytes[i + 2]) && continuation(bytes[i + 3]) ? 4 : -1;
    }
    return -1;
  }

  private static boolean continuation(byte b) {
    return (b & 0xC0) == 0x80;
  }
}
