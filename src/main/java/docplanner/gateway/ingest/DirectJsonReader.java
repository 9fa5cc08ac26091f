package docplanner.gateway.ingest;

import docplanner.gateway.web.Problem;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The notification parser's fast path: reads the JSON that Docplanner actually sends straight from
 * the body's bytes into {@link CanonicalJson}'s tree, without a tokenizer between. A string without
 * escapes is already its own canonical form (JSON needs escapes for exactly the characters RFC 8785
 * escapes), so it is copied; so is a plain integer. On the Jackson path every string is decoded to
 * UTF-16 and encoded back by the canonical writer, and the body is scanned once more to make the
 * stored copy: this path costs about three quarters of that (docs/performance.md).
 *
 * <p>It gives up (returns null) as soon as the input leaves that common case: malformed JSON, a
 * long number, an escape in a key or in an envelope field, a lone surrogate, nesting
 * deeper than {@link #MAX_DEPTH}, a key or string longer than Jackson's limits could matter for. The
 * caller then reads the body again with Jackson, which gives the precise error or the same tree: what
 * this reader accepts, it reads exactly as the Jackson path does (a differential test and fuzzing
 * hold it to that), so a notification's fingerprint never depends on which path read it.
 *
 * <p>It also makes the compact copy that is stored (whitespace between tokens left out), so the
 * body is scanned once.
 *
 * <p>Expects well-formed UTF-8 ({@link BodyEncoding} has checked the body). Not thread-safe: one per
 * parser.
 */
final class DirectJsonReader {

  /** Containers nested deeper than this are left to Jackson, which enforces the real limit. */
  static final int MAX_DEPTH = 32;
  /** Keys longer than this (bytes) are left to Jackson (its name-length limit is far above). */
  static final int MAX_KEY = 256;
  /** Strings longer than this (bytes) are left to Jackson (its string-length limit is far above). */
  static final int MAX_STRING = 1 << 20;
  /** Integers with more digits than this go through {@link ExactNumber}; all but -0 are their own canonical text. */
  private static final int PLAIN_INTEGER_DIGITS = 15;
  /** Numbers longer than this (characters) are left to Jackson, which bounds them. */
  private static final int MAX_NUMBER = 64;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
  private static final long SPACES = 0x2020202020202020L;

  private final CanonicalJson canonical;
  private final KeyTable keys = new KeyTable();
  private char[] chars = new char[256];
  private byte[] in;
  private int pos;
  private int end;
  private int textStart;
  /** The compact copy being made (null while no whitespace was left out), its length, and where the input not yet copied starts. */
  private byte[] compact;
  private int compactLength;
  private int keptFrom;
  private byte[] compactText;

  DirectJsonReader(CanonicalJson canonical) {
    this.canonical = canonical;
  }

  /** The tree of {@code json[from, to)}, as {@link CanonicalJson#read} makes it; null when the Jackson path must decide. */
  Object read(byte[] json, int from, int to, CanonicalJson.TextWanted keepText) {
    in = json;
    pos = from;
    end = to;
    textStart = from;
    keptFrom = from;
    compact = null;
    compactLength = 0;
    compactText = null;
    try {
      skipWhitespace();
      Object value = value(0, null, keepText);
      if (value == null) {
        return null;
      }
      skipWhitespace();
      if (pos != end) {
        return null;
      }
      if (compact == null) {
        compactText = Arrays.copyOfRange(json, from, to);
      } else {
        leaveOut(end, end);
        compactText = compactLength == compact.length ? compact : Arrays.copyOf(compact, compactLength);
      }
      return value;
    } finally {
      in = null;
      compact = null;
    }
  }

  private Object value(int depth, String key, CanonicalJson.TextWanted keepText) {
    if (pos >= end) {
      return null;
    }
    byte b = in[pos];
    switch (b) {
      case '{':
        return depth >= MAX_DEPTH ? null : object(depth, keepText);
      case '[':
        return depth >= MAX_DEPTH ? null : array(depth, keepText);
      case '"':
        return string(keepText.wanted(depth, key));
      case 't':
        return literal("true", CanonicalJson.TRUE);
      case 'f':
        return literal("false", CanonicalJson.FALSE);
      case 'n':
        return literal("null", CanonicalJson.NULL);
      default:
        return b == '-' || (b >= '0' && b <= '9') ? number(keepText.wanted(depth, key)) : null;
    }
  }

  private JsonObjectNode object(int depth, CanonicalJson.TextWanted keepText) {
    pos++; // {
    JsonObjectNode object = new JsonObjectNode();
    skipWhitespace();
    if (pos < end && in[pos] == '}') {
      pos++;
      return object;
    }
    while (true) {
      if (pos >= end || in[pos] != '"') {
        return null;
      }
      int slot = key();
      if (slot < 0) {
        return null;
      }
      // Both taken now: the value's own keys may take this slot over.
      String name = keys.name(slot);
      byte[] canonicalName = keys.canonical(slot);
      skipWhitespace();
      if (pos >= end || in[pos] != ':') {
        return null;
      }
      pos++;
      skipWhitespace();
      Object member = value(depth + 1, name, keepText);
      if (member == null) {
        return null;
      }
      object.put(name, canonicalName, member);
      skipWhitespace();
      if (pos >= end) {
        return null;
      }
      byte next = in[pos++];
      if (next == '}') {
        return object;
      }
      if (next != ',') {
        return null;
      }
      skipWhitespace();
    }
  }

  private List<Object> array(int depth, CanonicalJson.TextWanted keepText) {
    pos++; // [
    List<Object> list = new ArrayList<>();
    skipWhitespace();
    if (pos < end && in[pos] == ']') {
      pos++;
      return list;
    }
    while (true) {
      Object element = value(depth + 1, null, keepText);
      if (element == null) {
        return null;
      }
      list.add(element);
      skipWhitespace();
      if (pos >= end) {
        return null;
      }
      byte next = in[pos++];
      if (next == ']') {
        return list;
      }
      if (next != ',') {
        return null;
      }
      skipWhitespace();
    }
  }

  /** A key without escapes: its slot in the key table ({@link KeyTable#name}); -1 otherwise. */
  private int key() {
    int start = pos + 1;
    int close = closingQuote(start);
    if (close < 0 || close - start > MAX_KEY) {
      return -1;
    }
    pos = close + 1;
    return keys.slot(in, start, close);
  }

  private CanonicalJson.Scalar string(boolean keepText) {
    int start = pos + 1;
    int close = closingQuote(start);
    if (close >= 0) {
      pos = close + 1;
      return close - start > MAX_STRING ? null : canonical.canonicalString(in, start, close,
          keepText ? new String(in, start, close - start, StandardCharsets.UTF_8) : null);
    }
    return keepText ? null : escapedString(start);
  }

  /**
   * The index of the quote that closes a string starting at {@code from}; -1 when an escape comes
   * first (or a control character, or the end: the caller finds out which).
   */
  private int closingQuote(int from) {
    int i = from;
    while (i + 8 <= end && !mayEndString((long) LONGS.get(in, i))) {
      i += 8;
    }
    for (; i < end; i++) {
      byte b = in[i];
      if (b == '"') {
        return i;
      }
      if (b == '\\' || (b >= 0 && b < 0x20)) {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Whether any of eight bytes may be a quote, a backslash or a control character (bytes below
   * 0x20): the zero-byte test of the bytes XOR a quote, XOR a backslash, and the below-0x20 test.
   * A borrow can flag a byte above a true hit, never a word without one: false means none.
   */
  private static boolean mayEndString(long word) {
    long quotes = word ^ QUOTES;
    long backslashes = word ^ BACKSLASHES;
    long hits = ((quotes - ONES) & ~quotes) | ((backslashes - ONES) & ~backslashes) | ((word - SPACES) & ~word);
    return (hits & HIGH_BITS) != 0;
  }

  /** A string with escapes: decoded to UTF-16, then written canonically as the Jackson path does. */
  private CanonicalJson.Scalar escapedString(int start) {
    int n = 0;
    int i = start;
    while (true) {
      if (i >= end || i - start > MAX_STRING) {
        return null;
      }
      if (n + 2 > chars.length) {
        chars = Arrays.copyOf(chars, chars.length * 2);
      }
      int b = in[i] & 0xFF;
      if (b == '"') {
        break;
      }
      if (b < 0x20) {
        return null;
      }
      if (b == '\\') {
        if (i + 1 >= end) {
          return null;
        }
        int escaped = in[i + 1];
        i += 2;
        switch (escaped) {
          case '"', '\\', '/' -> chars[n++] = (char) escaped;
          case 'b' -> chars[n++] = '\b';
          case 'f' -> chars[n++] = '\f';
          case 'n' -> chars[n++] = '\n';
          case 'r' -> chars[n++] = '\r';
          case 't' -> chars[n++] = '\t';
          case 'u' -> {
            int unit = hex4(i);
            if (unit < 0) {
              return null;
            }
            i += 4;
            chars[n++] = (char) unit;
          }
          default -> {
            return null;
          }
        }
      } else if (b < 0x80) {
        chars[n++] = (char) b;
        i++;
      } else { // a whole, well-formed sequence: BodyEncoding has checked
        int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        if (i + length > end) {
          return null;
        }
        int codePoint = b & (0xFF >> (length + 1));
        for (int k = 1; k < length; k++) {
          codePoint = (codePoint << 6) | (in[i + k] & 0x3F);
        }
        n += Character.toChars(codePoint, chars, n);
        i += length;
      }
    }
    if (!surrogatesPaired(n)) {
      return null;
    }
    pos = i + 1;
    return canonical.string(chars, 0, n, null);
  }

  /** True when every surrogate in {@code chars[0, n)} is half of a pair (RFC 8785 refuses lone ones: Jackson's path says how). */
  private boolean surrogatesPaired(int n) {
    for (int k = 0; k < n; k++) {
      char c = chars[k];
      if (Character.isHighSurrogate(c) && k + 1 < n && Character.isLowSurrogate(chars[k + 1])) {
        k++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private int hex4(int at) {
    if (at + 4 > end) {
      return -1;
    }
    int value = 0;
    for (int k = at; k < at + 4; k++) {
      int digit = Character.digit(in[k], 16);
      if (digit < 0) {
        return -1;
      }
      value = (value << 4) | digit;
    }
    return value;
  }

  /**
   * A JSON number (RFC 8259 grammar); null for anything else. A plain integer is copied, any other
   * goes through {@link ExactNumber} as on the Jackson path; one it refuses is left to that path.
   */
  private CanonicalJson.Scalar number(boolean keepText) {
    int start = pos;
    int i = pos;
    boolean negative = in[i] == '-';
    if (negative) {
      i++;
    }
    int digitsStart = i;
    if (i < end && in[i] == '0') {
      i++;
    } else {
      while (i < end && in[i] >= '0' && in[i] <= '9') {
        i++;
      }
    }
    int integerDigits = i - digitsStart;
    if (integerDigits == 0) {
      return null;
    }
    boolean fraction = i < end && in[i] == '.';
    if (fraction) {
      int fractionStart = ++i;
      while (i < end && in[i] >= '0' && in[i] <= '9') {
        i++;
      }
      if (i == fractionStart) {
        return null;
      }
    }
    boolean exponent = i < end && (in[i] == 'e' || in[i] == 'E');
    if (exponent) {
      i++;
      if (i < end && (in[i] == '+' || in[i] == '-')) {
        i++;
      }
      int exponentStart = i;
      while (i < end && in[i] >= '0' && in[i] <= '9') {
        i++;
      }
      if (i == exponentStart) {
        return null;
      }
    }
    if (i < end && in[i] >= '0' && in[i] <= '9') {
      return null; // a leading zero followed by digits: malformed
    }
    if (i - start > MAX_NUMBER) {
      return null;
    }
    pos = i;
    boolean negativeZero = negative && integerDigits == 1 && in[digitsStart] == '0';
    if (!fraction && !exponent && !negativeZero && integerDigits <= PLAIN_INTEGER_DIGITS) {
      return canonical.canonicalNumber(in, start, i, keepText);
    }
    if (chars.length < i - start) {
      chars = new char[Math.max(chars.length * 2, i - start)];
    }
    for (int k = start; k < i; k++) {
      chars[k - start] = (char) in[k];
    }
    try {
      return canonical.number(chars, 0, i - start, keepText);
    } catch (Problem absurdExponent) {
      // Jackson decides which problem comes first: a root-level number followed by junk, for one,
      // is malformed JSON before its value is looked at (found by fuzzing).
      return null;
    }
  }

  private CanonicalJson.Scalar literal(String word, CanonicalJson.Scalar value) {
    int length = word.length();
    if (pos + length > end) {
      return null;
    }
    for (int k = 0; k < length; k++) {
      if (in[pos + k] != word.charAt(k)) {
        return null;
      }
    }
    pos += length;
    return value;
  }

  private void skipWhitespace() {
    int start = pos;
    while (pos < end) {
      byte b = in[pos];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        break;
      }
      pos++;
    }
    if (pos > start) {
      leaveOut(start, pos);
    }
  }

  /** Whitespace between tokens at {@code [from, to)}: the compact copy keeps what came before it, not it. */
  private void leaveOut(int from, int to) {
    if (compact == null) {
      compact = new byte[end - textStart];
    }
    System.arraycopy(in, keptFrom, compact, compactLength, from - keptFrom);
    compactLength += from - keptFrom;
    keptFrom = to;
  }

  /**
   * The text last read whole, minus the whitespace between tokens (what {@link JsonMinifier} makes
   * of it): number spellings, escapes and key order as sent.
   */
  byte[] compact() {
    return compactText;
  }

  /**
   * Keys as Strings, the same instance each time the same bytes come again (as Jackson's symbol
   * table gave them): notifications repeat a few dozen keys, and the canonical writer caches each
   * key's bytes by identity. Direct-mapped: a collision just replaces the slot.
   */
  private static final class KeyTable {
    private static final int SLOTS = 1024;
    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] names = new String[SLOTS];
    private final byte[][] canonicals = new byte[SLOTS][];

    /** The slot now holding the key in[from, to) (replacing whatever key held it before). */
    int slot(byte[] in, int from, int to) {
      int hash = 1;
      for (int i = from; i < to; i++) {
        hash = 31 * hash + in[i];
      }
      int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
      byte[] known = bytes[slot];
      if (known != null && Arrays.equals(known, 0, known.length, in, from, to)) {
        return slot;
      }
      bytes[slot] = Arrays.copyOfRange(in, from, to);
      names[slot] = new String(in, from, to - from, StandardCharsets.UTF_8);
      // A key without escapes is its own canonical form between its quotes: no character of it
      // needs escaping. Kept for ASCII keys only (the writer encodes the others from the String).
      canonicals[slot] = ascii(in, from, to) ? Arrays.copyOfRange(in, from - 1, to + 1) : null;
      return slot;
    }

    private static boolean ascii(byte[] in, int from, int to) {
      for (int i = from; i < to; i++) {
        if (in[i] < 0) {
          return false;
        }
      }
      return true;
    }

    /** The key as a String, the same instance each time its bytes come again. */
    String name(int slot) {
      return names[slot];
    }

    /** The key's RFC 8785 bytes (with its quotes), or null for the writer to make them. */
    byte[] canonical(int slot) {
      return canonicals[slot];
    }
  }
}
