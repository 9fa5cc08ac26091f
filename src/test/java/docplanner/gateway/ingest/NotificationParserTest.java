package docplanner.gateway.ingest;

import docplanner.gateway.event.Notification;
import docplanner.gateway.support.Examples;
import docplanner.gateway.web.Problem;
import io.vertx.core.buffer.Buffer;
import org.erdtman.jcs.JsonCanonicalizer;
import org.erdtman.jcs.NumberToJSON;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationParserTest {

  private final NotificationParser parser = new NotificationParser();

  private Notification parse(String json) {
    return parser.parse(Buffer.buffer(json));
  }

  private static String referenceFingerprint(String json) throws Exception {
    byte[] canonical = new JsonCanonicalizer(json).getEncodedUTF8();
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
  }

  @Test
  void fingerprintOfEveryExampleIsSha256OfTheRfc8785ReferenceForm() throws Exception {
    for (Map.Entry<String, String> example : Examples.notifications().entrySet()) {
      assertThat(parse(example.getValue()).fingerprint()).as(example.getKey())
          .isEqualTo(referenceFingerprint(example.getValue()));
      assertThat(parser.canonicalBytes(Buffer.buffer(example.getValue())))
          .isEqualTo(new JsonCanonicalizer(example.getValue()).getEncodedUTF8());
    }
  }

  @Test
  void canonicalFormMatchesTheReferenceOnTrickyValues() throws Exception {
    String[] tricky = {
        // Numbers that are the shortest spelling of their double: RFC 8785's form is the exact value's.
        "{\"name\":\"x\",\"data\":{\"n\":[0,-0,1e21,1e-7,1.2345678901234568e+23,0.1,1.5e300,-2.5e-300,9007199254740992,333333333.3333333,1E400000000000000000000000000000000000000000000000000000000000000]},\"created_at\":\"t\"}",
        "{\"name\":\"x\",\"data\":{\"s\":\"\\u0000\\u001f\\\"\\\\/\\b\\f\\n\\r\\t\\u007f\\u2028\\ud83d\\ude00é€\"},\"created_at\":\"t\"}",
        "{\"name\":\"x\",\"data\":{\"\\u20ac\":1,\"\\r\":2,\"1\":3,\"\\ud83d\\ude00\":4,\"\\u0080\":5,\"\\u00f6\":6,\"a\":{\"b\":[true,false,null]}},\"created_at\":\"t\"}",
    };
    for (String json : tricky) {
      if (json.contains("1E4000")) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(Problem.class);
        continue;
      }
      assertThat(parse(json).fingerprint()).as(json).isEqualTo(referenceFingerprint(json));
    }
  }

  @Test
  void canonicalFormMatchesTheReferenceOnRandomNumbers() throws Exception {
    Random random = new Random(42);
    for (int i = 0; i < 2_000; i++) {
      double value = switch (i % 4) {
        case 0 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20);
        case 1 -> random.nextLong();
        case 2 -> Double.longBitsToDouble(random.nextLong());
        default -> random.nextInt(100000) / 100.0;
      };
      if (Double.isNaN(value) || Double.isInfinite(value)) {
        continue;
      }
      // As a JSON encoder writes it (the shortest spelling); Java 17's Double.toString is not always the shortest.
      String json = "{\"name\":\"n\",\"data\":{\"v\":" + NumberToJSON.serializeNumber(value) + "},\"created_at\":\"t\"}";
      assertThat(parse(json).fingerprint()).as(json).isEqualTo(referenceFingerprint(json));
    }
  }

  @Test
  void sameEventSpelledDifferentlyHasTheSameFingerprint() {
    String base = parse("{\"name\":\"slot-booked\",\"data\":{\"price\":50,\"who\":\"A\"},\"created_at\":\"2026-01-01T10:00:00+01:00\"}").fingerprint();
    String[] spellings = {
        "{\"created_at\":\"2026-01-01T10:00:00+01:00\",\"data\":{\"who\":\"A\",\"price\":50},\"name\":\"slot-booked\"}",
        "{ \"name\" : \"slot-booked\" ,\n\t\"data\" : { \"price\" : 50.0 , \"who\" : \"\\u0041\" } , \"created_at\" : \"2026-01-01T10:00:00+01:00\" }\n",
        "{\"name\":\"slot-booked\",\"data\":{\"price\":5e1,\"who\":\"A\"},\"created_at\":\"2026-01-01T10:00:00+01:00\"}",
        "{\"name\":\"slot-booked\",\"data\":{\"price\":500E-1,\"who\":\"A\"},\"created_at\":\"2026-01-01T10:00:00+01:00\"}",
        "\uFEFF{\"name\":\"slot-booked\",\"data\":{\"price\":50,\"who\":\"A\"},\"created_at\":\"2026-01-01T10:00:00+01:00\"}",
    };
    for (String s : spellings) {
      assertThat(parse(s).fingerprint()).as(s).isEqualTo(base);
    }
    assertThat(parse("{\"name\":\"slot-booked\",\"data\":{\"price\":51,\"who\":\"A\"},\"created_at\":\"2026-01-01T10:00:00+01:00\"}").fingerprint())
        .isNotEqualTo(base);
  }

  @Test
  void keepsTheOriginalMinusWhitespaceAndExtractsTheFilterIds() {
    Notification n = parse("{\n \"name\": \"booking-canceled\",\n \"data\": {\"facility\": {\"id\": \"12\"}, \"doctor\": {\"id\": 34},"
        + " \"note\": \"a b\\n\\\"c\\\"\", \"p\": 1.50}, \"created_at\": \"x\", \"extra\": [1, 2]\n}");
    assertThat(n.name()).isEqualTo("booking-canceled");
    assertThat(n.facilityId()).isEqualTo("12");
    assertThat(n.doctorId()).isEqualTo("34");
    assertThat(new String(n.body(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"name\":\"booking-canceled\",\"data\":{\"facility\":{\"id\":\"12\"},\"doctor\":{\"id\":34},"
            + "\"note\":\"a b\\n\\\"c\\\"\",\"p\":1.50},\"created_at\":\"x\",\"extra\":[1,2]}");
  }

  @Test
  void unknownEventNamesAndFieldsPassThrough() {
    Notification n = parse("{\"name\":\"brand-new-event\",\"data\":{},\"created_at\":\"t\",\"version\":71}");
    assertThat(n.name()).isEqualTo("brand-new-event");
    assertThat(n.facilityId()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "{", "{\"name\":}", "nul", "{\"name\":\"a\"} x", "{'name':'a'}", "{\"a\":\"\u0001\"}"})
  void malformedJsonIs400(String body) {
    assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(Problem.class, p -> {
      assertThat(p.status()).isEqualTo(400);
      assertThat(p.type()).isEqualTo("malformed-json");
    });
  }

  private String fingerprintOfNumber(String literal) {
    return parse("{\"name\":\"n\",\"data\":{\"v\":" + literal + "},\"created_at\":\"t\"}").fingerprint();
  }

  private String canonicalNumber(String literal) {
    String canonical = new String(parser.canonicalBytes(Buffer.buffer("{\"v\":" + literal + "}")), StandardCharsets.UTF_8);
    return canonical.substring(5, canonical.length() - 1);
  }

  /** Different exact values that round to the same double: RFC 8785 alone would merge each pair (issue 10.1). */
  @ParameterizedTest
  @CsvSource({
      "9007199254740993, 9007199254740992",
      "18446744073709551617, 18446744073709551616",
      "0.10000000000000001, 0.1",
      "1e-400, 0",
      "-1e-400, 0",
      "1e400, 1e401",
      "5e-324, 4e-324",
      "123456789012345678901234567890123456789012345678901234567890, 123456789012345678901234567890123456789012345678901234567891",
      "1.00000000000000000000000000000000000000000000000000000000000000000000001, 1",
      "1e999999999, 1e999999998",
      "333333333.33333329, 333333333.3333333"})
  void differentExactValuesNeverShareAFingerprint(String one, String other) {
    assertThat(fingerprintOfNumber(one)).as(one + " vs " + other).isNotEqualTo(fingerprintOfNumber(other));
  }

  /** Equal values, however spelled, are one event. */
  @ParameterizedTest
  @CsvSource({
      "50, 50.0, 5e1, 5E+1, 0.5e2, 500e-1, 50.000e0, 0.0000000005e11, 5000000000000000000000e-20",
      "0, -0, 0.0, 0e10, -0.0e-5, 0.000, 0E0, 0e-999999999, 0e999999999",
      "0.1, 1e-1, 0.10, 10e-2, 0.01e1, 1.0E-1, 0.1000, 100e-3, 1E-1",
      "9007199254740993, 9007199254740993.0, 9.007199254740993e15, 90071992547409930e-1, 9007199254740993e0, 0.9007199254740993e16, 9007199254740993.000, 9007199254740993E+0, 9007199254740993e-0",
      "-1.5e300, -15e299, -1.50e300, -150e298, -0.15e301, -1.5E+300, -1.5e+300, -1.500e300, -15.0e299"})
  void equalValuesSpelledDifferentlyShareAFingerprint(String a, String b, String c, String d, String e, String f, String g,
                                                       String h, String i) {
    String expected = fingerprintOfNumber(a);
    for (String spelling : new String[] {b, c, d, e, f, g, h, i}) {
      assertThat(fingerprintOfNumber(spelling)).as(a + " vs " + spelling).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @CsvSource({
      "50.0, 50", "5e1, 50", "1e21, 1e+21", "1e20, 100000000000000000000", "123e-9, 1.23e-7", "0.000001, 0.000001",
      "-0.0, 0", "1.5e300, 1.5e+300", "9007199254740993, 9007199254740993", "0.10000000000000001, 0.10000000000000001",
      "1e-400, 1e-400", "12.3400e1, 123.4", "100e-2, 1", "18446744073709551617, 18446744073709551617",
      "123456789012345678901234, 1.23456789012345678901234e+23"})
  void numbersAreWrittenAsTheirExactValueInTheEcmaScriptStyle(String literal, String canonical) {
    assertThat(canonicalNumber(literal)).isEqualTo(canonical);
  }

  @Test
  void anAbsurdExponentIs422NotACostlyComputation() {
    assertThatThrownBy(() -> fingerprintOfNumber("1e1000000000")).isInstanceOfSatisfying(Problem.class, p -> {
      assertThat(p.status()).isEqualTo(422);
      assertThat(p.type()).isEqualTo("number-out-of-range");
    });
    assertThatThrownBy(() -> fingerprintOfNumber("1" + "0".repeat(500))).isInstanceOfSatisfying(Problem.class,
        p -> assertThat(p.status()).isEqualTo(422));
  }

  /** Found by fuzzing: a canonical form must itself be accepted (its number can be longer than the literal). */
  @Test
  void theCanonicalFormOfAnAcceptedNumberIsAcceptedAgain() {
    for (String literal : new String[] {"1".repeat(397) + "e99", "1".repeat(390) + "e-400", "1e999999999", "9e-999999999",
        "0.00000" + "1".repeat(392), "1e20"}) {
      byte[] canonical = parser.canonicalBytes(Buffer.buffer("{\"v\":" + literal + "}"));
      assertThat(parser.canonicalBytes(Buffer.buffer(canonical))).as(literal).isEqualTo(canonical);
    }
    // 35e999999999 is 3.5e+1000000000: beyond the largest exponent the canonical form may carry.
    assertThatThrownBy(() -> fingerprintOfNumber("35e999999999")).isInstanceOfSatisfying(Problem.class,
        p -> assertThat(p.type()).isEqualTo("number-out-of-range"));
  }

  @Test
  void theStoredBodyKeepsTheNumbersAsSent() {
    Notification n = parse("{\"name\":\"n\",\"data\":{\"v\":9007199254740993,\"w\":0.5E+2},\"created_at\":\"t\"}");
    assertThat(new String(n.body(), StandardCharsets.UTF_8)).contains("9007199254740993").contains("0.5E+2");
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  private static byte[] withString(byte[] inside) {
    byte[] head = "{\"name\":\"x\",\"data\":{\"s\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\"},\"created_at\":\"t\"}".getBytes(StandardCharsets.UTF_8);
    byte[] out = new byte[head.length + inside.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(inside, 0, out, head.length, inside.length);
    System.arraycopy(tail, 0, out, head.length + inside.length, tail.length);
    return out;
  }

  private void assertRefused(byte[] body, String type, String detailPart) {
    assertThatThrownBy(() -> parser.parse(Buffer.buffer(body))).isInstanceOfSatisfying(Problem.class, p -> {
      assertThat(p.status()).isEqualTo(400);
      assertThat(p.type()).isEqualTo(type);
      assertThat(p.detail()).contains(detailPart);
    });
  }

  /** Ill-formed UTF-8 in a string (issue 10.2): each kind is named, with where it starts. */
  @ParameterizedTest
  @CsvSource({
      "C0 80, overlong", "C1 81, overlong", "E0 80 AF, overlong", "F0 80 80 AF, overlong",
      "ED A0 80, surrogate", "ED A0 BD ED B2 A9, surrogate", "ED BF BF, surrogate",
      "F4 90 80 80, above U+10FFFF", "F5 80 80 80, above U+10FFFF", "FF, never occurs",
      "80, continuation byte with no lead", "BF, continuation byte with no lead",
      "C3, cut short", "E2 82, cut short", "F0 9F 98, cut short", "C3 41, cut short"})
  void illFormedUtf8Is400(String bytes, String reason) {
    byte[] body = withString(hex(bytes));
    assertRefused(body, "invalid-utf8", reason);
    assertRefused(body, "invalid-utf8", "at offset 25 ");
  }

  @Test
  void aSequenceTruncatedByTheEndOfTheBodyIs400() {
    byte[] body = "{\"name\":\"x\",\"data\":{},\"created_at\":\"t\"}\u00e9".getBytes(StandardCharsets.UTF_8);
    assertRefused(java.util.Arrays.copyOf(body, body.length - 1), "invalid-utf8", "truncated by the end of the body");
  }

  @Test
  void wellFormedUtf8OfEveryLengthIsAccepted() {
    String text = "A\u00e9\u0800\uFFFD\uD7FF\uE000\uD83D\uDE00\uDBFF\uDFFF";
    Notification n = parser.parse(Buffer.buffer(withString(text.getBytes(StandardCharsets.UTF_8))));
    assertThat(new String(n.body(), StandardCharsets.UTF_8)).contains(text);
  }

  @Test
  void otherEncodingsAre400() {
    String json = "{\"name\":\"x\",\"data\":{},\"created_at\":\"t\"}";
    assertRefused(json.getBytes(StandardCharsets.UTF_16BE), "not-utf8", "zero bytes");
    assertRefused(json.getBytes(StandardCharsets.UTF_16LE), "not-utf8", "zero bytes");
    assertRefused(json.getBytes(StandardCharsets.UTF_16), "not-utf8", "UTF-16 byte order mark");
    assertRefused(concat(hex("FFFE"), json.getBytes(StandardCharsets.UTF_16LE)), "not-utf8", "UTF-16 byte order mark");
    assertRefused(json.getBytes(java.nio.charset.Charset.forName("UTF-32BE")), "not-utf8", "zero bytes");
    assertRefused(json.getBytes(java.nio.charset.Charset.forName("UTF-32LE")), "not-utf8", "zero bytes");
    assertRefused(concat(hex("0000FEFF"), json.getBytes(java.nio.charset.Charset.forName("UTF-32BE"))), "not-utf8", "UTF-32");
    assertRefused(concat(hex("FFFE0000"), json.getBytes(java.nio.charset.Charset.forName("UTF-32LE"))), "not-utf8", "UTF-32");
    assertRefused(concat(hex("EFBBBF"), json.getBytes(StandardCharsets.UTF_16BE)), "not-utf8", "zero bytes");
  }

  @Test
  void oneLeadingByteOrderMarkIsIgnoredAndNotStoredTwoAre400() {
    String json = "{\"name\":\"x\",\"data\":{},\"created_at\":\"t\"}";
    Notification plain = parse(json);
    Notification marked = parser.parse(Buffer.buffer(concat(hex("EFBBBF"), json.getBytes(StandardCharsets.UTF_8))));
    assertThat(marked.fingerprint()).isEqualTo(plain.fingerprint());
    assertThat(marked.body()).isEqualTo(plain.body());
    assertRefused(concat(hex("EFBBBF EFBBBF"), json.getBytes(StandardCharsets.UTF_8)), "invalid-utf8", "more than one byte order mark");
  }

  @Test
  void aByteOrderMarkInsideTheTextIsNotWhitespace() {
    assertThatThrownBy(() -> parse("{\uFEFF\"name\":\"x\",\"data\":{},\"created_at\":\"t\"}"))
        .isInstanceOfSatisfying(Problem.class, p -> assertThat(p.status()).isEqualTo(400));
  }

  /** The poisoned copy of issue 10.2: "\xc1\x81" is not "A", and it is refused rather than merged. */
  @Test
  void anOverlongLookAlikeCannotTurnTheCleanEventIntoADuplicate() {
    assertRefused(withString(hex("C1 81")), "invalid-utf8", "overlong");
    parser.parse(Buffer.buffer(withString("A".getBytes(StandardCharsets.UTF_8))));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void invalidUtf8Is400() {
    byte[] bytes = "{\"name\":\"x\",\"data\":{},\"created_at\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> parser.parse(Buffer.buffer(bytes))).isInstanceOfSatisfying(Problem.class,
        p -> assertThat(p.status()).isEqualTo(400));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[]", "\"text\"", "42", "null",
      "{\"data\":{},\"created_at\":\"t\"}",
      "{\"name\":7,\"data\":{},\"created_at\":\"t\"}",
      "{\"name\":\"\",\"data\":{},\"created_at\":\"t\"}",
      "{\"name\":\"a\",\"created_at\":\"t\"}",
      "{\"name\":\"a\",\"data\":[],\"created_at\":\"t\"}",
      "{\"name\":\"a\",\"data\":{}}",
      "{\"name\":\"a\",\"data\":{},\"created_at\":null}",
      "{\"name\":\"a\",\"name\":\"b\",\"data\":{},\"created_at\":\"t\"}",
      "{\"name\":\"a\",\"data\":{\"s\":\"\\ud800\"},\"created_at\":\"t\"}"})
  void notANotificationIs422WithAPointerWhereItHelps(String body) {
    assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(Problem.class, p -> {
      assertThat(p.status()).isEqualTo(422);
      assertThat(p.detail()).isNotBlank();
    });
  }

  @Test
  void missingFieldProblemsNameTheField() {
    assertThatThrownBy(() -> parse("{\"name\":\"a\",\"data\":{}}")).isInstanceOfSatisfying(Problem.class,
        p -> assertThat(p.pointer()).isEqualTo("/created_at"));
    assertThatThrownBy(() -> parse("{\"name\":\"a\",\"data\":1,\"created_at\":\"t\"}")).isInstanceOfSatisfying(Problem.class,
        p -> assertThat(p.pointer()).isEqualTo("/data"));
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    String deep = "{\"name\":\"a\",\"data\":" + "[".repeat(5000) + "]".repeat(5000) + ",\"created_at\":\"t\"}";
    assertThatThrownBy(() -> parse(deep)).isInstanceOfSatisfying(Problem.class,
        p -> assertThat(p.status()).isEqualTo(422));
  }
}
