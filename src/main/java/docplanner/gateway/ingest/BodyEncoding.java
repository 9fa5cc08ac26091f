package docplanner.gateway.ingest;

import docplanner.gateway.web.Problem;

/**
 * Accepts only UTF-8 bodies (RFC 8259 §8.1), before the JSON parser sees them: the parser would
 * otherwise detect UTF-16 and UTF-32 on its own, skip more than one byte order mark, and let
 * ill-formed UTF-8 through. One leading UTF-8 byte order mark is ignored, as RFC 8259 allows a
 * receiver to do (it is not stored either: the stored body starts after it).
 */
final class BodyEncoding {

  private BodyEncoding() {
  }

  /** Where the JSON text of {@code body} starts (3 after a byte order mark, else 0); a 400 problem when it is not UTF-8. */
  static int textStart(byte[] body) {
    if (startsWith(body, 0, 0x00, 0x00, 0xFE, 0xFF) || startsWith(body, 0, 0xFF, 0xFE, 0x00, 0x00)) {
      throw notUtf8("the body starts with a UTF-32 byte order mark");
    }
    if (startsWith(body, 0, 0xFE, 0xFF) || startsWith(body, 0, 0xFF, 0xFE)) {
      throw notUtf8("the body starts with a UTF-16 byte order mark");
    }
    int start = startsWith(body, 0, 0xEF, 0xBB, 0xBF) ? 3 : 0;
    if (startsWith(body, start, 0xEF, 0xBB, 0xBF)) {
      throw new Problem(400, "invalid-utf8", "Body is not valid UTF-8 JSON",
          "the body starts with more than one byte order mark; at most one may precede the JSON text");
    }
    // A JSON text starts with ASCII characters: zero bytes among them mean UTF-16 or UTF-32.
    for (int i = start; i < Math.min(body.length, start + 4); i++) {
      if (body[i] == 0) {
        throw notUtf8("the body has zero bytes among its first characters, as UTF-16 or UTF-32 text does");
      }
    }
    int invalid = StrictUtf8.firstInvalid(body, start, body.length);
    if (invalid >= 0) {
      throw new Problem(400, "invalid-utf8", "Body is not valid UTF-8 JSON",
          "byte " + StrictUtf8.hex(body[invalid]) + " at offset " + invalid + " starts "
              + StrictUtf8.reason(body, invalid, body.length));
    }
    return start;
  }

  private static Problem notUtf8(String why) {
    return new Problem(400, "not-utf8", "Body is not UTF-8",
        why + "; notifications must be UTF-8 (RFC 8259 §8.1)");
  }

  private static boolean startsWith(byte[] body, int at, int... prefix) {
    if (body.length - at < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((body[at + i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
