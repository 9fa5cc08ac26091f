package docplanner.gateway.ingest;

import docplanner.gateway.event.Notification;
import docplanner.gateway.support.Examples;
import docplanner.gateway.web.Problem;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The parser's fast path ({@link DirectJsonReader}) against its Jackson path: for any body, both give
 * the same notification (fingerprint, name, ids, stored body) or the same problem, so a fingerprint
 * never depends on which path read the body; and what Docplanner sends takes the fast path.
 */
class DirectJsonReaderTest {

  private final NotificationParser parser = new NotificationParser();

  @Test
  void everyUpstreamExampleAndTheBenchBodyTakeTheFastPathAndAgree() throws IOException {
    for (Map.Entry<String, String> example : Examples.notifications().entrySet()) {
      byte[] body = example.getValue().getBytes(StandardCharsets.UTF_8);
      assertThat(parser.readsDirectly(Buffer.buffer(body))).as(example.getKey()).isTrue();
      assertAgree(body);
    }
    String bench = benchBody();
    assertThat(parser.readsDirectly(Buffer.buffer(bench))).isTrue();
    assertAgree(bench.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void randomDocumentsReadTheSameWayMostlyOnTheFastPath() {
    Random random = new Random(8785);
    int direct = 0;
    int documents = 20_000;
    for (int i = 0; i < documents; i++) {
      byte[] body = RandomJson.notification(random).getBytes(StandardCharsets.UTF_8);
      assertAgree(body);
      if (readsDirectly(body)) {
        direct++;
      }
    }
    // The generator puts escapes in keys and envelope fields and lone surrogates often, which leave
    // the fast path; what matters is that both paths are exercised thousands of times.
    assertThat(direct).as("documents read by the fast path").isGreaterThan(documents / 10);
    assertThat(documents - direct).as("documents left to Jackson").isGreaterThan(documents / 10);
  }

  @Test
  void mutatedExamplesGiveTheSameNotificationOrTheSameProblem() {
    Random random = new Random(20261202);
    byte[] alphabet = "{}[]\":,\\ \n0123456789-+.eEtrufalsn\u00e9\u20ac".getBytes(StandardCharsets.UTF_8);
    for (String example : Examples.notifications().values()) {
      byte[] original = example.getBytes(StandardCharsets.UTF_8);
      for (int m = 0; m < 600; m++) {
        byte[] body = original.clone();
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
          body = mutate(body, alphabet, random);
        }
        assertAgree(body);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"name\":\"x\",\"data\":{\"a\":01},\"created_at\":\"t\"}",
      "{\"name\":\"x\",\"data\":{\"a\":1.},\"created_at\":\"t\"}",
      "{\"name\":\"x\",\"data\":{\"a\":-},\"created_at\":\"t\"}",
      "{\"name\":\"x\",\"data\":{\"a\":1e},\"created_at\":\"t\"}",
      "{\"name\":\"x\",\"data\":{\"a\":1e99999999999,\"b\":},\"created_at\":\"t\"}",
      "-43e88888888888888888*8",
      "{\"name\":\"x\",\"data\":{\"a\":1e+},\"created_at\":\"t\"}",
      "{\"name\":\"x\",\"data\":{\"a\":\"\\u00\"},\"created_at\":\"t\"}",
      "{\"name\":\"x\",\"data\":{\"a\":\"\\ud800\"},\"created_at\":\"t\"}",
      "{\"name\":\"x\",\"data\":{\"a\":\"\\x\"},\"created_at\":\"t\"}",
      "{\"name\":\"x\",\"data\":{\"a\":\"tab\there\"},\"created_at\":\"t\"}",
      "{\"name\":\"x\",\"data\":{\"\\u0061\":1},\"created_at\":\"t\"}",
      "{\"name\":\"x\\/y\",\"data\":{},\"created_at\":\"t\"}",
      "{\"name\":\"x\",\"data\":{\"a\":[1,]},\"created_at\":\"t\"}",
      "{\"name\":\"x\",\"data\":{\"a\":tru},\"created_at\":\"t\"}",
      "{\"name\":\"x\",\"data\":{},\"created_at\":\"t\"} {}",
      "{\"name\":\"x\",\"data\":{},\"created_at\":\"t\"",
      "",
      "   ",
  })
  void whatTheFastPathLeavesGoesToJacksonWithTheSameAnswer(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    assertThat(readsDirectly(body)).as(json).isFalse();
    assertAgree(body);
  }

  @Test
  void nestingBeyondTheFastPathsDepthIsLeftToJackson() {
    String deep = "[".repeat(DirectJsonReader.MAX_DEPTH + 1) + "]".repeat(DirectJsonReader.MAX_DEPTH + 1);
    String shallow = "[".repeat(DirectJsonReader.MAX_DEPTH - 2) + "]".repeat(DirectJsonReader.MAX_DEPTH - 2);
    String deepBody = "{\"name\":\"x\",\"data\":{\"a\":" + deep + "},\"created_at\":\"t\"}";
    String shallowBody = "{\"name\":\"x\",\"data\":{\"a\":" + shallow + "},\"created_at\":\"t\"}";
    assertThat(readsDirectly(deepBody.getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(readsDirectly(shallowBody.getBytes(StandardCharsets.UTF_8))).isTrue();
    assertAgree(deepBody.getBytes(StandardCharsets.UTF_8));
    assertAgree(shallowBody.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void escapesAndNonAsciiInValuesStayOnTheFastPath() {
    String json = "{\"name\":\"x\",\"data\":{\"s\":\"\\u0000\\u001f\\\"\\\\\\/\\b\\f\\n\\r\\t\\u007f\\u2028\\ud83d\\ude00"
        + "\u00e9\u20ac\",\"z\u00f3\u0142w\":\"\u017c\u00f3\u0142\u0107 \ud83d\ude00\",\"n\":[0,-0,0.50,-12.500,1234567890123456789,7,1e3,-2.5E-7,1E+400]},"
        + "\"created_at\":\"t\"}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    assertThat(readsDirectly(body)).isTrue();
    assertAgree(body);
  }

  /**
   * A key whose value holds a key of the same slot in the reader's key table (which replaces the
   * slot): the outer key must keep its own canonical bytes. Found by the random documents above.
   */
  @Test
  void aNestedKeyTakingTheSameKeyTableSlotLeavesTheOuterKeyAlone() {
    String outer = "outer";
    String inner = null;
    for (int i = 0; inner == null; i++) {
      if (keySlot("k" + i) == keySlot(outer)) {
        inner = "k" + i;
      }
    }
    for (String nested : new String[] {"{\"" + inner + "\":1}", "[{\"" + inner + "\":2}]"}) {
      assertFastPathWrites("{\"name\":\"x\",\"data\":{\"" + outer + "\":" + nested + ",\"z\":3},\"created_at\":\"t\"}",
          "{\"created_at\":\"t\",\"data\":{\"" + outer + "\":" + nested + ",\"z\":3},\"name\":\"x\"}");
    }
  }

  /**
   * Each key is first compared with the one read at the same place in the document before: a key
   * that is a prefix or an extension of the remembered one, the same bytes followed by an escape,
   * an empty key, keys longer than what is remembered, keys that differ in one byte of the words
   * they are compared by, and documents with more keys than places are all read as themselves, one
   * document after the other through the same parser.
   */
  @Test
  void aKeyDifferentFromTheOneAtItsPlaceLastTimeIsReadAsItself() {
    String longKey = "k".repeat(40);
    String manyKeys = java.util.stream.IntStream.range(0, 150).mapToObj(i -> "\"m" + (1000 + i) + "\":" + i)
        .collect(java.util.stream.Collectors.joining(","));
    String[][] documents = {
        {"{\"name\":\"x\",\"data\":{\"id\":1},\"created_at\":\"t\"}",
            "{\"created_at\":\"t\",\"data\":{\"id\":1},\"name\":\"x\"}"},
        {"{\"name\":\"x\",\"data\":{\"idx\":1},\"created_at\":\"t\"}",
            "{\"created_at\":\"t\",\"data\":{\"idx\":1},\"name\":\"x\"}"},
        {"{\"name\":\"x\",\"data\":{\"i\":1},\"created_at\":\"t\"}",
            "{\"created_at\":\"t\",\"data\":{\"i\":1},\"name\":\"x\"}"},
        {"{\"name\":\"x\",\"data\":{\"\":1},\"created_at\":\"t\"}",
            "{\"created_at\":\"t\",\"data\":{\"\":1},\"name\":\"x\"}"},
        {"{\"name\":\"x\",\"data\":{\"\":2,\"id\":[{\"" + longKey + "\":3}]},\"created_at\":\"t\"}",
            "{\"created_at\":\"t\",\"data\":{\"\":2,\"id\":[{\"" + longKey + "\":3}]},\"name\":\"x\"}"},
        {"{\"name\":\"x\",\"data\":{\"\":2,\"id\":[{\"" + longKey + "\":3}]},\"created_at\":\"t\"}",
            "{\"created_at\":\"t\",\"data\":{\"\":2,\"id\":[{\"" + longKey + "\":3}]},\"name\":\"x\"}"},
        {"{\"name\":\"x\",\"data\":{\"\":2,\"id\":[{\"" + longKey + "k\":3}]},\"created_at\":\"t\"}",
            "{\"created_at\":\"t\",\"data\":{\"\":2,\"id\":[{\"" + longKey + "k\":3}]},\"name\":\"x\"}"},
        {"{\"name\":\"x\",\"data\":{" + manyKeys + "},\"created_at\":\"t\"}",
            "{\"created_at\":\"t\",\"data\":{" + manyKeys + "},\"name\":\"x\"}"},
        {"{\"name\":\"x\",\"data\":{" + manyKeys + "},\"created_at\":\"t\"}",
            "{\"created_at\":\"t\",\"data\":{" + manyKeys + "},\"name\":\"x\"}"},
        {"{\"created_at\":\"t\",\"data\":{\"z\u00f3\u0142w\":1,\"b\":2},\"name\":\"x\"}",
            "{\"created_at\":\"t\",\"data\":{\"b\":2,\"z\u00f3\u0142w\":1},\"name\":\"x\"}"},
        {"{\"created_at\":\"t\",\"data\":{\"z\u00f3\u0142w\":1,\"b\":2},\"name\":\"x\"}",
            "{\"created_at\":\"t\",\"data\":{\"b\":2,\"z\u00f3\u0142w\":1},\"name\":\"x\"}"},
    };
    for (String[] document : documents) {
      assertFastPathWrites(document[0], document[1]);
    }
    // Keys of up to 16 bytes are compared a word at a time: differences in either word, at its first
    // or last byte, and keys that end inside the word the remembered one filled.
    for (String key : new String[] {"abcdefghijkl", "abcdefghijkm", "abcdefgh", "abcdefghi", "abcdefgh", "abcdefg",
        "abcdefghijklmnop", "abcdefghijklmnoq", "bbcdefghijklmnoq", "abcdefghijklmnopq", "abcdefghijklmnop"}) {
      assertFastPathWrites("{\"name\":\"x\",\"data\":{\"" + key + "\":1},\"created_at\":\"t\"}",
          "{\"created_at\":\"t\",\"data\":{\"" + key + "\":1},\"name\":\"x\"}");
    }
    // The remembered bytes followed by an escape: not the key, and an escaped key leaves the fast path.
    byte[] escaped = "{\"created_at\":\"t\",\"data\":{\"z\u00f3\u0142w\\u0041\":1},\"name\":\"x\"}"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(readsDirectly(escaped)).isFalse();
    assertAgree(escaped);
  }

  /** {@code json} takes the fast path, which writes {@code canonical} for it, and both paths agree on it. */
  private void assertFastPathWrites(String json, String canonical) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    assertThat(readsDirectly(body)).as(json).isTrue();
    assertThat(new String(parser.canonicalBytes(Buffer.buffer(body)), StandardCharsets.UTF_8)).isEqualTo(canonical);
    assertAgree(body);
  }

  /**
   * The fast path writes the canonical form as it reads and sorts each object's members in place as
   * it closes: unsorted objects inside unsorted objects, inside arrays, next to empty ones, all end
   * up in RFC 8785 order, the same bytes the tree path writes.
   */
  @Test
  void objectsAreSortedInPlaceAtEveryLevel() {
    assertFastPathWrites(
        "{\"name\":\"x\",\"data\":{\"z\":{\"b\":[{\"y\":1,\"x\":{}},[],{\"d\":{\"f\":true,\"e\":null},\"c\":\"s\"}],"
            + "\"a\":-0.50},\"m\":{},\"k\":[3,2,1],\"aa\":\"v\",\"a\":\"w\"},\"created_at\":\"t\"}",
        "{\"created_at\":\"t\",\"data\":{\"a\":\"w\",\"aa\":\"v\",\"k\":[3,2,1],\"m\":{},"
            + "\"z\":{\"a\":-0.5,\"b\":[{\"x\":{},\"y\":1},[],{\"c\":\"s\",\"d\":{\"e\":null,\"f\":true}}]}},\"name\":\"x\"}");
  }

  /** RFC 8785 orders keys by UTF-16 code units: U+1F600 (a surrogate pair, D83D) before U+FF01, unlike UTF-8's byte order. */
  @Test
  void keysAreOrderedByUtf16CodeUnitsNotByTheirUtf8Bytes() {
    assertFastPathWrites("{\"name\":\"x\",\"data\":{\"\uff01\":1,\"\ud83d\ude00\":2,\"\u00e9\":3,\"a\":4},\"created_at\":\"t\"}",
        "{\"created_at\":\"t\",\"data\":{\"a\":4,\"\u00e9\":3,\"\ud83d\ude00\":2,\"\uff01\":1},\"name\":\"x\"}");
  }

  /** A repeated key, next to its twin or not, at any depth: the fast path leaves it, the tree path refuses it. */
  @Test
  void aRepeatedKeyLeavesTheFastPathAndIsRefused() {
    String[] repeats = {"\"a\":1,\"a\":2", "\"b\":1,\"a\":2,\"b\":3", "\"l\":[{\"k\":{\"q\":1,\"p\":2,\"q\":1}}]"};
    for (String members : repeats) {
      assertRefusedAsRepeated("{\"name\":\"x\",\"data\":{" + members + "},\"created_at\":\"t\"}");
    }
    assertRefusedAsRepeated("{\"name\":\"x\",\"data\":{},\"name\":\"x\",\"created_at\":\"t\"}");
  }

  private void assertRefusedAsRepeated(String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    assertThat(readsDirectly(body)).as(json).isFalse();
    assertThat(outcome(() -> parser.parse(Buffer.buffer(body)))).as(json).startsWith("problem 422 duplicate-key");
    assertAgree(body);
  }

  /** The envelope the fast path keeps: the ids only at data.facility.id and data.doctor.id, a number's as its canonical text. */
  @Test
  void theIdsAreTakenFromTheirPlaceOnly() {
    String json = "{\"name\":\"x\",\"created_at\":\"t\",\"data\":{\"other\":{\"id\":\"o\"},\"facility\":{\"id\":12.50},"
        + "\"doctor\":[{\"id\":\"d\"}],\"list\":[{\"facility\":{\"id\":\"f\"}}]}}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    assertThat(readsDirectly(body)).isTrue();
    Notification notification = parser.parse(Buffer.buffer(body));
    assertThat(notification.facilityId()).isEqualTo("12.5");
    assertThat(notification.doctorId()).isEmpty();
    assertThat(notification.name()).isEqualTo("x");
    assertAgree(body);
  }

  /** The slot DirectJsonReader's key table gives an ASCII key (its hash, folded to 1,024 slots). */
  private static int keySlot(String key) {
    int hash = 1;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      hash = 31 * hash + b;
    }
    return (hash ^ (hash >>> 16)) & 1023;
  }

  @Test
  void aQuoteBackslashOrControlCharacterIsFoundAtEveryOffsetOfAWord() {
    String[] specials = {"\\n", "\\\"", "\\\\", "\t", "\u0001", "\u00e9", "\u20ac", "\ud83d\ude00", "\u007f", "\u001f"};
    for (String special : specials) {
      for (int at = 0; at < 24; at++) {
        String text = "a".repeat(at) + special + "b".repeat(23 - at);
        byte[] body = ("{\"name\":\"x\",\"data\":{\"s\":\"" + text + "\",\"t\":\"" + "c".repeat(at) + "\"},\"created_at\":\"t\"}")
            .getBytes(StandardCharsets.UTF_8);
        assertAgree(body);
      }
    }
  }

  /** The assertion of this class; {@link IngestPathFuzzTest} makes it on every fuzzed input too. */
  static void assertAgree(NotificationParser parser, byte[] body) {
    String both = outcome(() -> parser.parse(Buffer.buffer(body)));
    String jackson = outcome(() -> parser.parseWithJackson(Buffer.buffer(body)));
    assertThat(both).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(jackson);
  }

  private void assertAgree(byte[] body) {
    assertAgree(parser, body);
  }

  private boolean readsDirectly(byte[] body) {
    try {
      return parser.readsDirectly(Buffer.buffer(body));
    } catch (Problem notUtf8) {
      return false;
    }
  }

  private static String outcome(Supplier<Notification> parse) {
    try {
      Notification n = parse.get();
      return "notification " + n.fingerprint() + " " + n.name() + " facility=" + n.facilityId() + " doctor=" + n.doctorId()
          + " body=" + HexFormat.of().formatHex(n.body());
    } catch (Problem problem) {
      return "problem " + problem.status() + " " + problem.type() + " " + problem.detail() + " " + problem.pointer();
    }
  }

  private static byte[] mutate(byte[] body, byte[] alphabet, Random random) {
    int at = random.nextInt(body.length + 1);
    byte b = alphabet[random.nextInt(alphabet.length)];
    return switch (random.nextInt(3)) {
      case 0 -> at == body.length ? body : splice(body, at, 1, new byte[0]);
      case 1 -> splice(body, at, 0, new byte[] {b});
      default -> at == body.length ? body : splice(body, at, 1, new byte[] {b});
    };
  }

  private static byte[] splice(byte[] body, int at, int remove, byte[] insert) {
    byte[] out = new byte[body.length - remove + insert.length];
    System.arraycopy(body, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(body, at + remove, out, at + insert.length, body.length - at - remove);
    return out;
  }

  /** The bench's body (bench/payload), placeholders filled in as bench/wrk/push.lua fills them. */
  private static String benchBody() throws IOException {
    return Files.readString(Path.of("bench/payload/slot-booked.json")).trim()
        .replace("${ID}", "r1764669600-0-42").replace("${FACILITY}", "43").replace("${DOCTOR}", "142")
        .replace("${START}", "2026-12-01T21:00:00+01:00").replace("${END}", "2026-12-01T21:30:00+01:00")
        .replace("${BOOKED}", "2026-12-01T10:00:00+01:00").replace("${CREATED}", "2026-12-01T10:00:01+01:00")
        .replace("${EXTRA}", "");
  }

  /** Random notification-shaped JSON with every kind of escape, number and spacing. */
  static final class RandomJson {
    private static final String[] WORDS = {"id", "name", "status", "a", "b", "price", "\u017c\u00f3\u0142\u0107", "z\u00f3\u0142w",
        "\\u20ac", "\\n", "\ud83d\ude00", "created_at", "data", "A", "aa", "\u00e9", "\\ud83d\\ude00"};
    private static final String[] PIECES = {"Sample hospital", "x", " ", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\b", "\\f",
        "\\r", "\\u0001", "\\u001F", "\\u00e9", "\\u20AC", "\\ud83d\\ude00", "\u00e9", "\u20ac", "\ud83d\ude00", "\u007f",
        "\\u2028", "2026-12-02T10:00:00+01:00", "\\ud800"};
    private static final String[] NUMBERS = {"0", "-0", "7", "-42", "50", "123456789012345", "-123456789012345",
        "1234567890123456", "12345678901234567890123", "0.5", "-0.50", "1.000", "50.0", "1e3", "1E-7", "2.5e+10",
        "0.000001", "0.0000001", "9007199254740993", "0.1", "100000000000000000000", "1000000000000000000000"};
    private static final String[] SPACE = {"", "", "", " ", "\n", "\t ", "\r\n  "};

    static String notification(Random random) {
      StringBuilder out = new StringBuilder();
      if (random.nextInt(20) == 0) {
        value(random, out, 0);
        return out.toString();
      }
      out.append('{').append(space(random)).append("\"name\"").append(space(random)).append(':').append(space(random));
      string(random, out, random.nextInt(4) == 0 ? 3 : 1);
      out.append(',').append(space(random)).append("\"data\":");
      object(random, out, 1);
      out.append(",\"created_at\":").append(space(random));
      string(random, out, 1);
      return out.append(space(random)).append('}').toString();
    }

    private static void value(Random random, StringBuilder out, int depth) {
      int kind = random.nextInt(depth > 5 ? 4 : 6);
      switch (kind) {
        case 0 -> string(random, out, 1 + random.nextInt(4));
        case 1 -> out.append(NUMBERS[random.nextInt(NUMBERS.length)]);
        case 2 -> out.append(random.nextBoolean() ? "true" : random.nextBoolean() ? "false" : "null");
        case 3 -> string(random, out, 1);
        case 4 -> object(random, out, depth + 1);
        default -> {
          out.append('[').append(space(random));
          int n = random.nextInt(5);
          for (int i = 0; i < n; i++) {
            if (i > 0) {
              out.append(',').append(space(random));
            }
            value(random, out, depth + 1);
          }
          out.append(space(random)).append(']');
        }
      }
    }

    private static void object(Random random, StringBuilder out, int depth) {
      out.append('{').append(space(random));
      int n = random.nextInt(7);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          out.append(',').append(space(random));
        }
        String key = WORDS[random.nextInt(WORDS.length)];
        if (random.nextInt(3) > 0) {
          key = key.replace("\\", "") + i; // mostly distinct, escape-free keys, as real bodies have
        }
        out.append('"').append(key).append('"').append(space(random)).append(':').append(space(random));
        value(random, out, depth);
      }
      out.append(space(random)).append('}');
    }

    private static void string(Random random, StringBuilder out, int pieces) {
      out.append('"');
      for (int i = 0; i < pieces; i++) {
        String piece = PIECES[random.nextInt(PIECES.length)];
        if (piece.equals("\\ud800") && random.nextInt(10) > 0) {
          piece = "x"; // a lone surrogate now and then
        }
        out.append(piece);
      }
      out.append('"');
    }

    private static String space(Random random) {
      return SPACE[random.nextInt(SPACE.length)];
    }
  }
}
