package docplanner.gateway.ingest;

import docplanner.gateway.web.Problem;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The notification parser's fast path: reads the JSON that Docplanner actually sends straight from
 * the body's bytes and writes its RFC 8785 canonical form as it goes, without a tokenizer before it
 * or a tree after it. A string without escapes is already its own canonical form (JSON needs
 * escapes for exactly the characters RFC 8785 escapes), so it is copied; so is a plain integer; so
 * are keys and punctuation. Each object's members are put in canonical order as the object closes
 * ({@link CanonicalJson#orderMembers}), so when the body has been read the canonical document is
 * written and only its SHA-256 is left to take. On the Jackson path every string is decoded to
 * UTF-16 and encoded back, a tree is built and written out sorted, and the body is scanned once more
 * to make the stored copy (docs/performance.md).
 *
 * <p>It gives up (returns false) as soon as the input leaves that common case: malformed JSON, a
 * long number, an escape in a key or in an envelope field, a lone surrogate, a repeated key,
 * nesting deeper than {@link #MAX_DEPTH}, a key or string longer than Jackson's limits could matter
 * for. The caller then reads the body again with Jackson, which gives the precise error or the same
 * canonical form: what this reader accepts, it reads exactly as the Jackson path does (a
 * differential test and fuzzing hold it to that), so a notification's fingerprint never depends on
 * which path read it.
 *
 * <p>On the way it keeps what the envelope needs ({@link #name()}, whether {@code created_at} is a
 * string and {@code data} an object, {@code data.facility.id} and {@code data.doctor.id}) and makes the
 * compact copy that is stored (whitespace between tokens left out), so the body is scanned once.
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

  /** What {@link #value} keeps the text of, by where it is. */
  private static final int NOTHING = 0;
  private static final int NAME = 1;
  private static final int CREATED_AT = 2;
  private static final int FACILITY_ID = 3;
  private static final int DOCTOR_ID = 4;

  /** Where a member is, as far as the envelope cares ({@link #where}): the root's data, data's facility or doctor. */
  private static final int ELSEWHERE = 0;
  private static final int DATA = 1;
  private static final int FACILITY = 2;
  private static final int DOCTOR = 3;

  private final CanonicalJson canonical;
  private final KeyTable keys = new KeyTable();
  private final KeyTrail trail = new KeyTrail();
  /**
   * Where the member being read at depths 1 and 2 is ({@link #DATA}, {@link #FACILITY},
   * {@link #DOCTOR}, else {@link #ELSEWHERE}: {@link #placeOf}): codes, not the keys themselves, for the reason
   * {@link #memberNames} gives.
   */
  private final int[] where = new int[3];
  /**
   * The open objects' members, one stack for all: name and where it starts in the canonical form.
   * The names' array is made anew for each document: under G1, storing a reference into an array
   * that has reached the old generation costs a StoreLoad fence (the post-write barrier's card
   * check), and a notification stores one per member; into a young array it costs none. The
   * profile of the running gateway had this one store at 12 % of the parse (docs/performance.md,
   * thirty-first round).
   */
  private String[] memberNames;
  private int[] memberStarts = new int[64];
  private int members;
  private boolean rootIsObject;
  private boolean dataIsObject;
  private String name;
  private String lastName;
  private byte[] lastNameBytes;
  private String createdAt;
  private String facilityId;
  private String doctorId;
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

  /**
   * Writes the canonical form of {@code json[from, to)} into {@link CanonicalJson} (reset by the
   * caller); false when the Jackson path must decide. {@code json} must be the caller's own array,
   * never changed after: when it has no whitespace to leave out it becomes the {@link #compact()} copy.
   */
  boolean read(byte[] json, int from, int to) {
    in = json;
    pos = from;
    end = to;
    textStart = from;
    keptFrom = from;
    compact = null;
    compactLength = 0;
    compactText = null;
    members = 0;
    memberNames = new String[memberStarts.length];
    trail.restart();
    rootIsObject = false;
    dataIsObject = false;
    name = null;
    createdAt = null;
    facilityId = "";
    doctorId = "";
    try {
      skipWhitespace();
      rootIsObject = pos < end && in[pos] == '{';
      if (!value(0, null)) {
        return false;
      }
      skipWhitespace();
      if (pos != end) {
        return false;
      }
      if (compact == null) {
        // Nothing left out: the body is its own compact copy (the caller's array, not shared).
        compactText = from == 0 && to == json.length ? json : Arrays.copyOfRange(json, from, to);
      } else {
        leaveOut(end, end);
        compactText = compactLength == compact.length ? compact : Arrays.copyOf(compact, compactLength);
      }
      return true;
    } finally {
      in = null;
      compact = null;
      memberNames = null;
    }
  }

  /** Whether the document read is an object with the envelope's fields of the right types (else Jackson's path says what is wrong). */
  boolean isEnvelope() {
    return rootIsObject && name != null && !name.isEmpty() && dataIsObject && createdAt != null;
  }

  /** The root's {@code name}, when a string; null otherwise. */
  String name() {
    return name;
  }

  /** {@code data.facility.id} when a string or a number (as its canonical text); "" otherwise. */
  String facilityId() {
    return facilityId;
  }

  /** {@code data.doctor.id}, as {@link #facilityId()}. */
  String doctorId() {
    return doctorId;
  }

  private boolean value(int depth, String key) {
    if (pos >= end) {
      return false;
    }
    byte b = in[pos];
    switch (b) {
      case '{':
        if (depth == 1 && "data".equals(key)) {
          dataIsObject = true;
        }
        return depth < MAX_DEPTH && object(depth);
      case '[':
        return depth < MAX_DEPTH && array(depth);
      case '"':
        return string(kept(depth, key));
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return (b == '-' || (b >= '0' && b <= '9')) && number(kept(depth, key));
    }
  }

  /** Which envelope field the value at {@code depth} under {@code key} is, if any. */
  private int kept(int depth, String key) {
    if (depth == 1) {
      return "name".equals(key) ? NAME : "created_at".equals(key) ? CREATED_AT : NOTHING;
    }
    if (depth == 3 && "id".equals(key) && where[1] == DATA) {
      return where[2] == FACILITY ? FACILITY_ID : where[2] == DOCTOR ? DOCTOR_ID : NOTHING;
    }
    return NOTHING;
  }

  /** Where a member called {@code key} at {@code depth} (1 or 2) is, as {@link #where} keeps it. */
  private static int placeOf(int depth, String key) {
    if (depth == 1) {
      return "data".equals(key) ? DATA : ELSEWHERE;
    }
    return "facility".equals(key) ? FACILITY : "doctor".equals(key) ? DOCTOR : ELSEWHERE;
  }

  private void keep(int field, String text, boolean isString) {
    switch (field) {
      case NAME -> name = isString ? text : null;
      case CREATED_AT -> createdAt = isString ? text : null;
      case FACILITY_ID -> facilityId = text;
      case DOCTOR_ID -> doctorId = text;
      default -> { }
    }
  }

  private boolean object(int depth) {
    pos++; // {
    canonical.append('{');
    skipWhitespace();
    if (pos < end && in[pos] == '}') {
      pos++;
      canonical.append('}');
      return true;
    }
    int first = members;
    while (true) {
      if (pos >= end || in[pos] != '"') {
        return false;
      }
      String key;
      byte[] canonicalKey;
      int place = trail.next();
      int length = trail.matches(place, in, pos + 1, end);
      if (length >= 0) {
        pos += length + 2;
        key = trail.name(place);
        canonicalKey = trail.canonical(place);
      } else {
        int start = pos + 1;
        int slot = key();
        if (slot < 0) {
          return false;
        }
        // Both taken now: the value's own keys may take this slot over.
        key = keys.name(slot);
        canonicalKey = keys.canonical(slot);
        trail.remember(place, in, start, pos - 1, key, canonicalKey);
      }
      skipWhitespace();
      if (pos >= end || in[pos] != ':') {
        return false;
      }
      pos++;
      skipWhitespace();
      if (members > first) {
        canonical.append(',');
      }
      pushMember(key, canonical.length());
      if (canonicalKey == null) {
        canonicalKey = canonical.keyBytes(key);
      }
      canonical.append(canonicalKey, 0, canonicalKey.length);
      canonical.append(':');
      if (depth < 2) {
        where[depth + 1] = placeOf(depth + 1, key);
      }
      if (!value(depth + 1, key)) {
        return false;
      }
      skipWhitespace();
      if (pos >= end) {
        return false;
      }
      byte next = in[pos++];
      if (next == '}') {
        break;
      }
      if (next != ',') {
        return false;
      }
      skipWhitespace();
    }
    boolean ordered = canonical.orderMembers(memberNames, memberStarts, first, members - first);
    members = first;
    canonical.append('}');
    return ordered;
  }

  private void pushMember(String key, int start) {
    if (members == memberNames.length) {
      memberNames = Arrays.copyOf(memberNames, members * 2);
      memberStarts = Arrays.copyOf(memberStarts, members * 2);
    }
    memberNames[members] = key;
    memberStarts[members] = start;
    members++;
  }

  private boolean array(int depth) {
    pos++; // [
    canonical.append('[');
    skipWhitespace();
    if (pos < end && in[pos] == ']') {
      pos++;
      canonical.append(']');
      return true;
    }
    if (depth < 2) {
      where[depth + 1] = ELSEWHERE;
    }
    while (true) {
      if (!value(depth + 1, null)) {
        return false;
      }
      skipWhitespace();
      if (pos >= end) {
        return false;
      }
      byte next = in[pos++];
      if (next == ']') {
        canonical.append(']');
        return true;
      }
      if (next != ',') {
        return false;
      }
      canonical.append(',');
      skipWhitespace();
    }
  }

  /**
   * A key without escapes: its slot in the key table ({@link KeyTable#name}); -1 otherwise. Keys
   * are short: one byte loop finds the closing quote and hashes on the way.
   */
  private int key() {
    int start = pos + 1;
    int limit = Math.min(end, start + MAX_KEY + 1);
    int hash = 1;
    for (int i = start; i < limit; i++) {
      byte b = in[i];
      if (b == '"') {
        pos = i + 1;
        return keys.slot(in, start, i, hash);
      }
      if (b == '\\' || (b >= 0 && b < 0x20)) {
        return -1;
      }
      hash = 31 * hash + b;
    }
    return -1;
  }

  /** A string, its text kept when it is the envelope field {@code field}. */
  private boolean string(int field) {
    int start = pos + 1;
    int close = closingQuote(start);
    if (close >= 0) {
      pos = close + 1;
      if (close - start > MAX_STRING) {
        return false;
      }
      canonical.appendCanonicalString(in, start, close);
      if (field != NOTHING) {
        keep(field, field == NAME ? nameText(start, close) : new String(in, start, close - start, StandardCharsets.UTF_8), true);
      }
      return true;
    }
    return field == NOTHING && escapedString(start);
  }

  /**
   * The event name between {@code start} and {@code close}: the String of the last body's name when
   * the bytes are the same (notifications of one kind), so no String is made and its hash, which
   * the push's counters look it up by, is already known.
   */
  private String nameText(int start, int close) {
    if (close - start > MAX_KEY) {
      return new String(in, start, close - start, StandardCharsets.UTF_8); // not kept: a name is short
    }
    if (lastName == null || !Arrays.equals(in, start, close, lastNameBytes, 0, lastNameBytes.length)) {
      lastNameBytes = Arrays.copyOfRange(in, start, close);
      lastName = new String(lastNameBytes, StandardCharsets.UTF_8);
    }
    return lastName;
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
  private boolean escapedString(int start) {
    int n = 0;
    int i = start;
    while (true) {
      if (i >= end || i - start > MAX_STRING) {
        return false;
      }
      if (n + 2 > chars.length) {
        chars = Arrays.copyOf(chars, chars.length * 2);
      }
      int b = in[i] & 0xFF;
      if (b == '"') {
        break;
      }
      if (b < 0x20) {
        return false;
      }
      if (b == '\\') {
        if (i + 1 >= end) {
          return false;
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
              return false;
            }
            i += 4;
            chars[n++] = (char) unit;
          }
          default -> {
            return false;
          }
        }
      } else if (b < 0x80) {
        chars[n++] = (char) b;
        i++;
      } else { // a whole, well-formed sequence: BodyEncoding has checked
        int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        if (i + length > end) {
          return false;
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
      return false;
    }
    pos = i + 1;
    canonical.appendString(chars, 0, n);
    return true;
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
  private boolean number(int field) {
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
      return false;
    }
    boolean fraction = i < end && in[i] == '.';
    if (fraction) {
      int fractionStart = ++i;
      while (i < end && in[i] >= '0' && in[i] <= '9') {
        i++;
      }
      if (i == fractionStart) {
        return false;
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
        return false;
      }
    }
    if (i < end && in[i] >= '0' && in[i] <= '9') {
      return false; // a leading zero followed by digits: malformed
    }
    if (i - start > MAX_NUMBER) {
      return false;
    }
    pos = i;
    boolean negativeZero = negative && integerDigits == 1 && in[digitsStart] == '0';
    if (!fraction && !exponent && !negativeZero && integerDigits <= PLAIN_INTEGER_DIGITS) {
      int written = canonical.length();
      canonical.append(in, start, i - start);
      keepNumber(field, written);
      return true;
    }
    if (chars.length < i - start) {
      chars = new char[Math.max(chars.length * 2, i - start)];
    }
    for (int k = start; k < i; k++) {
      chars[k - start] = (char) in[k];
    }
    try {
      int written = canonical.length();
      canonical.appendNumber(chars, 0, i - start);
      keepNumber(field, written);
      return true;
    } catch (Problem absurdExponent) {
      // Jackson decides which problem comes first: a root-level number followed by junk, for one,
      // is malformed JSON before its value is looked at (found by fuzzing).
      return false;
    }
  }

  /** A number written from {@code written} on is the envelope field {@code field}: keep its canonical text. */
  private void keepNumber(int field, int written) {
    if (field != NOTHING) {
      keep(field, canonical.textFrom(written), false);
    }
  }

  /** true, false or null: its own canonical form. */
  private boolean literal(String word) {
    int length = word.length();
    if (pos + length > end) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (in[pos + k] != word.charAt(k)) {
        return false;
      }
    }
    canonical.append(in, pos, length);
    pos += length;
    return true;
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
   * The keys of the last document read, in the order they came: notifications of one kind repeat
   * their keys in the same order, so the key at each place is first compared with the one read at
   * that place last time, whose bytes lie side by side with the others' in one array, before it is
   * scanned, hashed and looked up in the {@link KeyTable} (whose entries are a pointer away each:
   * the table lookup was the parse's largest item in the running gateway's profile). A remembered
   * key is one the table accepted (no quote, escape or control character), so bytes that equal it
   * followed by a quote are that key, whatever the table holds by now.
   */
  private static final class KeyTrail {
    private static final int PLACES = 128;
    /** Bytes per place; a longer key is not remembered (it is scanned each time). */
    private static final int WIDTH = 32;
    private final byte[] bytes = new byte[PLACES * WIDTH];
    private final int[] lengths = new int[PLACES];
    private final String[] names = new String[PLACES];
    private final byte[][] canonicals = new byte[PLACES][];
    private int next;

    KeyTrail() {
      Arrays.fill(lengths, -1);
    }

    void restart() {
      next = 0;
    }

    /** The place of the key about to be read. */
    int next() {
      return next++;
    }

    /** The length of the key remembered at {@code place} when {@code in} holds it at {@code from}, then a quote; -1 otherwise. */
    int matches(int place, byte[] in, int from, int end) {
      if (place >= PLACES) {
        return -1;
      }
      int length = lengths[place];
      if (length < 0 || from + length >= end || in[from + length] != '"') {
        return -1;
      }
      int at = place * WIDTH;
      if (length <= 16 && from + 16 <= in.length) {
        // Most keys are 16 bytes or fewer: compared as two words, the bytes past the key masked off
        // (on both sides: the remembered place keeps whatever a longer key left after it).
        if ((((long) LONGS.get(in, from) ^ (long) LONGS.get(bytes, at)) & mask(length)) != 0) {
          return -1;
        }
        return length <= 8 || (((long) LONGS.get(in, from + 8) ^ (long) LONGS.get(bytes, at + 8)) & mask(length - 8)) == 0
            ? length : -1;
      }
      for (int i = 0; i < length; i++) {
        if (bytes[at + i] != in[from + i]) {
          return -1;
        }
      }
      return length;
    }

    /** The low {@code bytes} bytes of a little-endian word (all of it from 8 on). */
    private static long mask(int bytes) {
      return bytes >= 8 ? -1L : (1L << (bytes << 3)) - 1;
    }

    String name(int place) {
      return names[place];
    }

    byte[] canonical(int place) {
      return canonicals[place];
    }

    /** The key read at {@code place} was {@code in[from, to)}, the table's {@code name} (and canonical bytes, or null). */
    void remember(int place, byte[] in, int from, int to, String name, byte[] canonical) {
      if (place >= PLACES) {
        return;
      }
      int length = to - from;
      if (length > WIDTH) {
        lengths[place] = -1;
        return;
      }
      System.arraycopy(in, from, bytes, place * WIDTH, length);
      lengths[place] = length;
      names[place] = name;
      canonicals[place] = canonical;
    }
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

    /** The slot now holding the key in[from, to), whose {@link #hash} is given (replacing whatever key held it before). */
    int slot(byte[] in, int from, int to, int hash) {
      int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
      byte[] known = bytes[slot];
      if (known != null && same(known, in, from, to)) {
        return slot;
      }
      bytes[slot] = Arrays.copyOfRange(in, from, to);
      names[slot] = new String(in, from, to - from, StandardCharsets.UTF_8);
      // A key without escapes is its own canonical form between its quotes: no character of it
      // needs escaping. Kept for ASCII keys only (the writer encodes the others from the String).
      canonicals[slot] = ascii(in, from, to) ? Arrays.copyOfRange(in, from - 1, to + 1) : null;
      return slot;
    }

    /** Arrays.equals for a few bytes: a plain loop, where the vectorized mismatch costs more to set up than it saves. */
    private static boolean same(byte[] known, byte[] in, int from, int to) {
      if (known.length != to - from) {
        return false;
      }
      for (int i = 0; i < known.length; i++) {
        if (known[i] != in[from + i]) {
          return false;
        }
      }
      return true;
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
