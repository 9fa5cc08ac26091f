package docplanner.gateway.ingest;

import docplanner.gateway.web.Problem;
import org.erdtman.jcs.NumberToJSON;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a parsed JSON tree in its RFC 8785 (JSON Canonicalization Scheme) form and hashes it:
 * object members sorted by key (UTF-16 code units), numbers (parsed as doubles) formatted the
 * ECMAScript way, strings with the minimal escapes. Reuses its buffer and
 * digest, so one instance belongs to one thread (one per event loop).
 */
final class CanonicalJson {

  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final double EXACT_INTEGER_LIMIT = 9007199254740992d; // 2^53

  private final MessageDigest sha256;
  private byte[] buf = new byte[4096];
  private int len;

  CanonicalJson() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }

  /** SHA-256 (lower-case hex) of the canonical form of {@code tree}. */
  String fingerprint(Object tree) {
    len = 0;
    write(tree);
    sha256.update(buf, 0, len);
    byte[] digest = sha256.digest();
    char[] hex = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      hex[2 * i] = (char) HEX[(digest[i] >> 4) & 0xF];
      hex[2 * i + 1] = (char) HEX[digest[i] & 0xF];
    }
    return new String(hex);
  }

  /** The canonical bytes of {@code tree} (tests and benchmarks compare them with the reference). */
  byte[] canonical(Object tree) {
    len = 0;
    write(tree);
    return Arrays.copyOf(buf, len);
  }

  private void write(Object value) {
    if (value == null) {
      ascii("null");
    } else if (value instanceof String s) {
      string(s);
    } else if (value instanceof JsonObjectNode object) {
      int[] order = object.sortedOrder();
      if (order == null) {
        throw Problem.invalid("duplicate-key", "Object has a repeated key",
            "an object repeats a key, which makes the notification's identity ambiguous (RFC 8785 needs I-JSON)", null);
      }
      put('{');
      for (int i = 0; i < order.length; i++) {
        if (i > 0) {
          put(',');
        }
        string(object.key(order[i]));
        put(':');
        write(object.value(order[i]));
      }
      put('}');
    } else if (value instanceof List<?> list) {
      put('[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          put(',');
        }
        write(list.get(i));
      }
      put(']');
    } else if (value instanceof Double d) {
      number(d);
    } else if (value instanceof Boolean b) {
      ascii(b ? "true" : "false");
    } else {
      throw new IllegalArgumentException("not a JSON tree value: " + value.getClass());
    }
  }

  private void number(double d) {
    if (d == 0) {
      put('0'); // also -0, as ECMAScript prints it
    } else if (d == Math.rint(d) && Math.abs(d) < EXACT_INTEGER_LIMIT) {
      ascii(Long.toString((long) d)); // every digit is significant below 2^53: same as ES6
    } else {
      try {
        ascii(NumberToJSON.serializeNumber(d));
      } catch (IOException e) {
        throw Problem.invalid("number-out-of-range", "Number cannot be represented",
            "a number is outside the range of IEEE 754 doubles (RFC 8785 / I-JSON)", null);
      }
    }
  }

  private void string(String s) {
    int n = s.length();
    ensure(n + 2);
    buf[len++] = '"';
    if (isPlainAscii(s, n)) {
      // The common case: printable ASCII without quotes or backslashes is copied as it is.
      s.getBytes(0, n, buf, len);
      len += n;
      buf[len++] = '"';
      return;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          put((byte) c);
        } else {
          escape(c);
        }
      } else if (c < 0x800) {
        ensure(2);
        buf[len++] = (byte) (0xC0 | (c >> 6));
        buf[len++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        ensure(4);
        buf[len++] = (byte) (0xF0 | (cp >> 18));
        buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        buf[len++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        throw Problem.invalid("lone-surrogate", "String is not valid Unicode",
            "a string contains an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(c) + "), which RFC 8785 forbids", null);
      } else {
        ensure(3);
        buf[len++] = (byte) (0xE0 | (c >> 12));
        buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[len++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    put('"');
  }

  private static boolean isPlainAscii(String s, int n) {
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private void escape(char c) {
    put('\\');
    switch (c) {
      case '"' -> put('"');
      case '\\' -> put('\\');
      case '\b' -> put('b');
      case '\f' -> put('f');
      case '\n' -> put('n');
      case '\r' -> put('r');
      case '\t' -> put('t');
      default -> {
        ascii("u00");
        put(HEX[(c >> 4) & 0xF]);
        put(HEX[c & 0xF]);
      }
    }
  }

  private void ascii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private void put(char c) {
    put((byte) c);
  }

  private void put(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
