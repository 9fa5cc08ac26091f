package docplanner.gateway.ingest;

import docplanner.gateway.web.Problem;

/**
 * The canonical text of a JSON number: its exact decimal value, written the way ECMAScript writes
 * numbers (RFC 8785 §3.2.2.3), but from the literal's own digits instead of the nearest double.
 *
 * <p>Why not the double, as RFC 8785 does: two different values that round to the same double
 * (9007199254740993 and 9007199254740992, 0.10000000000000001 and 0.1, 1e-400 and 0) would share
 * a fingerprint, and the second, different event would be answered "duplicate" and lost. Written
 * from the exact digits, equal values ({@code 50}, {@code 50.0}, {@code 5e1}, {@code 0.5E+2}) still
 * give one text and different values never do. For every literal that is the shortest spelling of
 * its double (all the numbers a JSON encoder writes: prices, ids, coordinates) the text is
 * byte-for-byte what RFC 8785 gives, so those fingerprints are unchanged.
 *
 * <p>No BigDecimal and no double parsing: one scan of the literal (whose length the JSON parser
 * bounds), so a hostile literal cannot cost more than its own length. Absurd exponents are refused
 * with a 422.
 */
final class ExactNumber {

  /**
   * The largest exponent of the canonical form ({@code d.ddde±x}): {@code 1e999999999} is accepted,
   * {@code 1e1000000000} (or {@code 35e999999999}) is not; no real notification comes near. Bounding
   * the written exponent, not the literal's, keeps every canonical form a number this parser
   * accepts again (found by fuzzing).
   */
  static final long MAX_EXPONENT = 999_999_999L;
  /** Literal exponents with more significant digits than this are refused before any arithmetic. */
  private static final int MAX_EXPONENT_DIGITS = 18;

  private ExactNumber() {
  }

  /** Appends the canonical text of the JSON number literal {@code text[offset, offset+length)} to {@code out}. */
  static void write(char[] text, int offset, int length, StringBuilder out) {
    int end = offset + length;
    int i = offset;
    boolean negative = text[i] == '-';
    if (negative) {
      i++;
    }
    // The literal is digits D (the point skipped) with f of them after the point, and an exponent:
    // its value is D * 10^(exponent - f).
    int mantissaStart = i;
    int fractionDigits = 0;
    boolean inFraction = false;
    for (; i < end && text[i] != 'e' && text[i] != 'E'; i++) {
      if (text[i] == '.') {
        inFraction = true;
      } else if (inFraction) {
        fractionDigits++;
      }
    }
    int mantissaEnd = i;
    long exponent = exponent(text, i, end);

    // Significant digits: leading zeros change nothing, each trailing zero dropped adds one to the scale.
    int first = mantissaStart;
    while (first < mantissaEnd && (text[first] == '0' || text[first] == '.')) {
      first++;
    }
    if (first == mantissaEnd) {
      out.append('0'); // 0, -0, 0.000e5: ECMAScript writes every zero as 0
      return;
    }
    int last = mantissaEnd - 1;
    int trailingZeros = 0;
    while (text[last] == '0' || text[last] == '.') {
      if (text[last] == '0') {
        trailingZeros++;
      }
      last--;
    }
    int k = 0;
    for (int j = first; j <= last; j++) {
      if (text[j] != '.') {
        k++;
      }
    }
    // ECMAScript's n (Number::toString): value = 0.d1..dk * 10^n.
    long n = exponent - fractionDigits + trailingZeros + k;
    if (Math.abs(n - 1) > MAX_EXPONENT) {
      throw outOfRange();
    }
    if (negative) {
      out.append('-');
    }
    if (k <= n && n <= 21) {
      digits(text, first, last, -1, out);
      for (long z = k; z < n; z++) {
        out.append('0');
      }
    } else if (0 < n && n <= 21) {
      digits(text, first, last, (int) n, out);
    } else if (-6 < n && n <= 0) {
      out.append("0.");
      for (long z = n; z < 0; z++) {
        out.append('0');
      }
      digits(text, first, last, -1, out);
    } else {
      digits(text, first, last, k > 1 ? 1 : -1, out);
      long e = n - 1;
      out.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
    }
  }

  /** The significant digits, with a decimal point after the first {@code pointAfter} of them (none when negative). */
  private static void digits(char[] text, int first, int last, int pointAfter, StringBuilder out) {
    int written = 0;
    for (int j = first; j <= last; j++) {
      if (text[j] == '.') {
        continue;
      }
      if (written == pointAfter) {
        out.append('.');
      }
      out.append(text[j]);
      written++;
    }
  }

  private static long exponent(char[] text, int at, int end) {
    if (at >= end) {
      return 0;
    }
    int i = at + 1; // past the e
    boolean negative = false;
    if (text[i] == '+' || text[i] == '-') {
      negative = text[i] == '-';
      i++;
    }
    while (i < end - 1 && text[i] == '0') {
      i++;
    }
    if (end - i > MAX_EXPONENT_DIGITS) {
      throw outOfRange();
    }
    long value = 0;
    for (; i < end; i++) {
      value = value * 10 + (text[i] - '0');
    }
    return negative ? -value : value;
  }

  private static Problem outOfRange() {
    return Problem.invalid("number-out-of-range", "Number cannot be represented",
        "a number's magnitude is beyond 1e" + MAX_EXPONENT + " or below 1e-" + MAX_EXPONENT, null);
  }
}
