package docplanner.gateway.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import docplanner.gateway.web.Problem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 (JSON Canonicalization Scheme) in one pass over the parser's tokens: every scalar is
 * written in its canonical form as it is read (strings with the minimal escapes, numbers as
 * ECMAScript prints them, from their exact value: {@link ExactNumber}), into one reusable buffer, and the tree only keeps where each one
 * is. Writing the canonical document is then sorting each object's keys (UTF-16 code units, which
 * is String order) and copying bytes; a key repeated in an object shows up as two neighbours.
 *
 * <p>{@link DirectJsonReader} needs no tree: it writes the whole document into the same buffer in
 * arrival order (keys, punctuation and scalars alike) and has each object's members put in
 * canonical order as the object closes ({@link #orderMembers}), so the buffer ends up holding the
 * canonical form itself ({@link #written()}, {@link #fingerprintOfWritten()}).
 *
 * <p>Reuses its buffers and digest: one instance belongs to one thread (one per event loop).
 */
final class CanonicalJson {

  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final int KEY_CACHE_LIMIT = 4096;

  static final Scalar TRUE = Scalar.constant(Scalar.BOOLEAN, "true");
  static final Scalar FALSE = Scalar.constant(Scalar.BOOLEAN, "false");
  static final Scalar NULL = Scalar.constant(Scalar.NULL_KIND, "null");

  /** Where a scalar's canonical bytes are; {@code text} is kept only for the envelope fields. */
  static final class Scalar {
    static final int STRING = 0;
    static final int NUMBER = 1;
    static final int BOOLEAN = 2;
    static final int NULL_KIND = 3;

    final int kind;
    final int offset;
    final int length;
    final String text;
    final byte[] constant;

    Scalar(int kind, int offset, int length, String text) {
      this.kind = kind;
      this.offset = offset;
      this.length = length;
      this.text = text;
      this.constant = null;
    }

    private Scalar(int kind, byte[] constant) {
      this.kind = kind;
      this.offset = 0;
      this.length = constant.length;
      this.text = null;
      this.constant = constant;
    }

    static Scalar constant(int kind, String canonical) {
      return new Scalar(kind, canonical.getBytes(StandardCharsets.US_ASCII));
    }
  }

  private final MessageDigest sha256;
  private final StringBuilder numberText = new StringBuilder(32);
  private final Map<String, byte[]> keyBytes = new IdentityHashMap<>();
  private final KeyOrders orders = new KeyOrders();
  private byte[] scalars = new byte[4096];
  private int scalarsLength;
  private byte[] out = new byte[4096];
  private int outLength;
  /** Where {@link #orderMembers} copies an object's members from while it writes them back sorted. */
  private byte[] moved = new byte[4096];

  CanonicalJson() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }

  /** Starts a new document (forgets the scalars of the previous one). */
  void reset() {
    scalarsLength = 0;
  }

  /**
   * Reads the value starting at {@code token}. Objects become {@link JsonObjectNode}, arrays
   * {@link List}, scalars {@link Scalar}; the text of a string is kept when {@code keepText}
   * says so for its (depth, key).
   */
  Object read(JsonParser parser, JsonToken token, int depth, String key, TextWanted keepText) throws IOException {
    switch (token) {
      case START_OBJECT: {
        JsonObjectNode object = new JsonObjectNode();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
          String name = parser.currentName();
          object.put(name, read(parser, parser.nextToken(), depth + 1, name, keepText));
        }
        return object;
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
          list.add(read(parser, t, depth + 1, null, keepText));
        }
        return list;
      }
      case VALUE_STRING:
        return string(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(),
            keepText.wanted(depth, key) ? parser.getText() : null);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return number(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength(), keepText.wanted(depth, key));
      case VALUE_TRUE:
        return TRUE;
      case VALUE_FALSE:
        return FALSE;
      case VALUE_NULL:
        return NULL;
      default:
        throw Problem.malformed("unexpected token " + token);
    }
  }

  /** Which strings' text the caller needs (the envelope's), by depth (the root object's members are 1) and key. */
  interface TextWanted {
    boolean wanted(int depth, String key);
  }

  /** SHA-256 (lower-case hex) of the canonical form of {@code tree}, read since the last {@link #reset()}. */
  String fingerprint(Object tree) {
    outLength = 0;
    write(tree);
    return sha256Hex(out, outLength);
  }

  /** SHA-256 (lower-case hex) of the canonical document written since the last {@link #reset()}. */
  String fingerprintOfWritten() {
    return sha256Hex(scalars, scalarsLength);
  }

  /** The canonical document written since the last {@link #reset()} (a copy). */
  byte[] written() {
    return Arrays.copyOf(scalars, scalarsLength);
  }

  private String sha256Hex(byte[] bytes, int length) {
    sha256.update(bytes, 0, length);
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
    outLength = 0;
    write(tree);
    return Arrays.copyOf(out, outLength);
  }

  private void write(Object value) {
    if (value instanceof Scalar scalar) {
      if (scalar.constant != null) {
        emit(scalar.constant, 0, scalar.length);
      } else {
        emit(scalars, scalar.offset, scalar.length);
      }
    } else if (value instanceof JsonObjectNode object) {
      int[] order = orders.of(object);
      if (order == null) {
        throw Problem.invalid("duplicate-key", "Object has a repeated key",
            "an object repeats a key, which makes the notification's identity ambiguous (RFC 8785 needs I-JSON)", null);
      }
      emit((byte) '{');
      for (int i = 0; i < order.length; i++) {
        if (i > 0) {
          emit((byte) ',');
        }
        byte[] key = object.canonicalKey(order[i]);
        if (key == null) {
          key = keyBytes(object.key(order[i]));
        }
        emit(key, 0, key.length);
        emit((byte) ':');
        write(object.value(order[i]));
      }
      emit((byte) '}');
    } else {
      List<?> list = (List<?>) value;
      emit((byte) '[');
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          emit((byte) ',');
        }
        write(list.get(i));
      }
      emit((byte) ']');
    }
  }

  /** A key's canonical bytes ("..."), cached: keys repeat across notifications and arrive as the same String. */
  byte[] keyBytes(String key) {
    byte[] cached = keyBytes.get(key);
    if (cached == null) {
      if (keyBytes.size() >= KEY_CACHE_LIMIT) {
        keyBytes.clear();
      }
      int mark = scalarsLength;
      char[] chars = key.toCharArray();
      string(chars, 0, chars.length);
      cached = Arrays.copyOfRange(scalars, mark, scalarsLength);
      scalarsLength = mark;
      keyBytes.put(key, cached);
    }
    return cached;
  }

  /** A string scalar from its decoded characters; {@code text} is kept when the caller wants it. */
  Scalar string(char[] chars, int offset, int length, String text) {
    int start = scalarsLength;
    string(chars, offset, length);
    return new Scalar(Scalar.STRING, start, scalarsLength - start, text);
  }

  /** Writes a string from its decoded characters: see {@link #string(char[], int, int, String)}. */
  void appendString(char[] chars, int offset, int length) {
    string(chars, offset, length);
  }

  /**
   * Writes a string from the bytes between its quotes, when those bytes are already its canonical
   * form: well-formed UTF-8 without escapes (which JSON needs for quotes, backslashes and control
   * characters, so none of those is there either).
   */
  void appendCanonicalString(byte[] utf8, int from, int to) {
    ensure(to - from + 2);
    scalars[scalarsLength++] = '"';
    System.arraycopy(utf8, from, scalars, scalarsLength, to - from);
    scalarsLength += to - from;
    scalars[scalarsLength++] = '"';
  }

  /** A number as its exact value written the ECMAScript way: see {@link ExactNumber} for why not the double. */
  Scalar number(char[] literal, int offset, int length, boolean keepText) {
    int start = scalarsLength;
    appendNumber(literal, offset, length);
    return new Scalar(Scalar.NUMBER, start, scalarsLength - start, keepText ? textFrom(start) : null);
  }

  /** Writes a number from its literal: see {@link #number}. */
  void appendNumber(char[] literal, int offset, int length) {
    numberText.setLength(0);
    ExactNumber.write(literal, offset, length, numberText);
    ensure(numberText.length());
    for (int i = 0; i < numberText.length(); i++) {
      scalars[scalarsLength++] = (byte) numberText.charAt(i);
    }
  }

  /** What was written from {@code start} on, as text (a number's: ASCII). */
  String textFrom(int start) {
    return new String(scalars, start, scalarsLength - start, StandardCharsets.US_ASCII);
  }

  /** How much has been written since the last {@link #reset()}: where the next byte goes. */
  int length() {
    return scalarsLength;
  }

  /** Writes bytes that are canonical as they are (a key's canonical bytes, a literal, a plain integer: see {@link DirectJsonReader}). */
  void append(byte[] bytes, int from, int length) {
    ensure(length);
    System.arraycopy(bytes, from, scalars, scalarsLength, length);
    scalarsLength += length;
  }

  /** Writes one byte of punctuation. */
  void append(char c) {
    put(c);
  }

  /**
   * Puts the members of the object being written in canonical order, in place: its {@code count}
   * members start at {@code starts[from, from + count)} (each at its key's opening quote, one comma
   * between neighbours, the last one ending where the writing is now) and are called
   * {@code names[from, from + count)}. Most objects arrive sorted and are only checked; the others
   * are copied aside and written back in order. Returns false, changing nothing, when a key is
   * repeated (left for the tree path to refuse with its problem).
   */
  boolean orderMembers(String[] names, int[] starts, int from, int count) {
    boolean sorted = true;
    for (int i = from + 1; i < from + count; i++) {
      int order = names[i - 1].compareTo(names[i]);
      if (order == 0) {
        return false;
      }
      sorted &= order < 0;
    }
    if (sorted) {
      return true;
    }
    int[] order = orders.of(names, from, count);
    if (order == null) {
      return false;
    }
    int regionStart = starts[from];
    int regionLength = scalarsLength - regionStart;
    if (moved.length < regionLength) {
      moved = new byte[Math.max(moved.length * 2, regionLength)];
    }
    System.arraycopy(scalars, regionStart, moved, 0, regionLength);
    int at = regionStart;
    for (int k = 0; k < count; k++) {
      int member = from + order[k];
      int start = starts[member] - regionStart;
      int end = (member + 1 < from + count ? starts[member + 1] - 1 : scalarsLength) - regionStart;
      if (k > 0) {
        scalars[at++] = ',';
      }
      System.arraycopy(moved, start, scalars, at, end - start);
      at += end - start;
    }
    return true;
  }

  /** A string in canonical form, quotes included: minimal escapes, UTF-8, no lone surrogates. */
  private void string(char[] chars, int offset, int length) {
    ensure(length + 2);
    scalars[scalarsLength++] = '"';
    int end = offset + length;
    int i = offset;
    // The common case first: printable ASCII without quotes or backslashes is copied as it is.
    while (i < end) {
      char c = chars[i];
      if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') {
        break;
      }
      scalars[scalarsLength++] = (byte) c;
      i++;
    }
    for (; i < end; i++) {
      char c = chars[i];
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\') {
          put(c);
        } else {
          escape(c);
        }
      } else if (c < 0x800) {
        ensure(2);
        scalars[scalarsLength++] = (byte) (0xC0 | (c >> 6));
        scalars[scalarsLength++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
        int cp = Character.toCodePoint(c, chars[++i]);
        ensure(4);
        scalars[scalarsLength++] = (byte) (0xF0 | (cp >> 18));
        scalars[scalarsLength++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        scalars[scalarsLength++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        scalars[scalarsLength++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        throw Problem.invalid("lone-surrogate", "String is not valid Unicode",
            "a string contains an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(c) + "), which RFC 8785 forbids", null);
      } else {
        ensure(3);
        scalars[scalarsLength++] = (byte) (0xE0 | (c >> 12));
        scalars[scalarsLength++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        scalars[scalarsLength++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    put('"');
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
        ensure(2);
        scalars[scalarsLength++] = HEX[(c >> 4) & 0xF];
        scalars[scalarsLength++] = HEX[c & 0xF];
      }
    }
  }

  private void ascii(String s) {
    ensure(s.length());
    for (int i = 0; i < s.length(); i++) {
      scalars[scalarsLength++] = (byte) s.charAt(i);
    }
  }

  private void put(char c) {
    ensure(1);
    scalars[scalarsLength++] = (byte) c;
  }

  private void ensure(int more) {
    if (scalarsLength + more > scalars.length) {
      scalars = Arrays.copyOf(scalars, Math.max(scalars.length * 2, scalarsLength + more));
    }
  }

  private void emit(byte b) {
    if (outLength == out.length) {
      out = Arrays.copyOf(out, out.length * 2);
    }
    out[outLength++] = b;
  }

  private void emit(byte[] bytes, int offset, int length) {
    if (outLength + length > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, outLength + length));
    }
    System.arraycopy(bytes, offset, out, outLength, length);
    outLength += length;
  }
}
