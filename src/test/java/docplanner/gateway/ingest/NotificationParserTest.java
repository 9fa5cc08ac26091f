package docplanner.gateway.ingest;

import docplanner.gateway.event.Notification;
import docplanner.gateway.support.Examples;
import docplanner.gateway.web.Problem;
import io.vertx.core.buffer.Buffer;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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
        "{\"name\":\"x\",\"data\":{\"n\":[0,-0,1e21,1e-7,123456789012345678901234,0.1,1.5e300,-2.5e-300,9007199254740993,333333333.33333329,1E400000000000000000000000000000000000000000000000000000000000000]},\"created_at\":\"t\"}",
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
      String json = "{\"name\":\"n\",\"data\":{\"v\":" + value + "},\"created_at\":\"t\"}";
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
