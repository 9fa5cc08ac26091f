package docplanner.gateway.ingest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import docplanner.gateway.event.Notification;
import docplanner.gateway.feed.StoredFrames;
import docplanner.gateway.support.Examples;
import docplanner.gateway.support.HostileCase;
import docplanner.gateway.web.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing (Jazzer) of the whole ingest path: body -> strict UTF-8 and JSON parse ->
 * canonical form -> fingerprint -> stored body -> feed envelope -> SSE frame and WebSocket text.
 * For any bytes at all:
 * <ul>
 *   <li>the parser's fast path and its Jackson path give the same notification or the same problem;</li>
 *   <li>the only exception is a 4xx {@link Problem} with a detail;</li>
 *   <li>an accepted body's fingerprint is the SHA-256 of its canonical bytes, the canonical form is
 *       its own canonical form, and the stored (minified) body is the same event;</li>
 *   <li>two inputs with equal fingerprints have equal canonical bytes;</li>
 *   <li>the envelope is valid UTF-8 JSON and the SSE frame is exactly three fields.</li>
 * </ul>
 *
 * <p>{@code mvn verify} runs it in regression mode: once over every input under
 * {@code IngestPathFuzzTestInputs/ingestPath} (the upstream's examples and the hostile corpus,
 * plus the reproducers of what fuzzing found), and {@link #everyExampleAndHostileCasePasses} over
 * the live examples and corpus. A real fuzzing run of five minutes (other lengths: docs/hostile-input.md):
 * {@code JAZZER_FUZZ=1 mvn -B test -Dtest=IngestPathFuzzTest#ingestPath}.
 */
class IngestPathFuzzTest {

  private static final NotificationParser PARSER = new NotificationParser();
  /** Fingerprint -> canonical bytes of the inputs seen in this run (bounded). */
  private static final Map<String, byte[]> SEEN = new LinkedHashMap<>(1024, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
      return size() > 200_000;
    }
  };

  @FuzzTest(maxDuration = "5m")
  void ingestPath(byte[] body) throws Exception {
    check(body);
  }

  @Test
  void everyExampleAndHostileCasePasses() throws Exception {
    for (String example : Examples.notifications().values()) {
      check(example.getBytes(StandardCharsets.UTF_8));
    }
    for (HostileCase c : HostileCase.all()) {
      check(c.body());
    }
  }

  /** Entries stored before ingest checked UTF-8 (or by another writer) must not break WebSocket subscribers. */
  @Test
  void aStoredBodyThatIsNotUtf8StillGivesUtf8Frames() {
    byte[] poisoned = "{\"name\":\"x\",\"data\":{\"s\":\"\u00c1\u0081|\u00ed\u00a0\u0080|\u00c3\"},\"created_at\":\"t\"}"
        .getBytes(StandardCharsets.ISO_8859_1); // C1 81, ED A0 80, C3: overlong, surrogate, truncated
    StoredFrames.Frames frames = StoredFrames.ofRawBody("1764300000000-0", "x", poisoned);
    assertThat(StrictUtf8.firstInvalid(frames.webSocketText(), 0, frames.webSocketText().length)).isEqualTo(-1);
    assertThat(StrictUtf8.firstInvalid(frames.sse(), 0, frames.sse().length)).isEqualTo(-1);
    assertThat(new JsonObject(Buffer.buffer(frames.webSocketText())).getJsonObject("notification").getJsonObject("data")
        .getString("s")).contains("\uFFFD").contains("|");
  }

  static void check(byte[] body) throws Exception {
    DirectJsonReaderTest.assertAgree(PARSER, body);
    Notification notification;
    try {
      notification = PARSER.parse(Buffer.buffer(body));
    } catch (Problem problem) {
      assertThat(problem.status()).isBetween(400, 499);
      assertThat(problem.detail()).isNotBlank();
      assertThat(StrictUtf8.firstInvalid(problem.toJson().toBuffer().getBytes(), 0, problem.toJson().toBuffer().length()))
          .isEqualTo(-1);
      return;
    }
    byte[] canonical = PARSER.canonicalBytes(Buffer.buffer(body));
    assertThat(notification.fingerprint()).isEqualTo(sha256(canonical));
    assertThat(StrictUtf8.firstInvalid(canonical, 0, canonical.length)).isEqualTo(-1);
    assertThat(PARSER.canonicalBytes(Buffer.buffer(canonical))).as("canonical form of the canonical form").isEqualTo(canonical);
    assertThat(PARSER.parse(Buffer.buffer(notification.body())).fingerprint()).as("stored body").isEqualTo(notification.fingerprint());
    byte[] before = SEEN.putIfAbsent(notification.fingerprint(), canonical);
    if (before != null) {
      assertThat(canonical).as("canonical bytes of two inputs with one fingerprint").isEqualTo(before);
    }

    StoredFrames.Frames frames = StoredFrames.of("1764300000000-0", notification, "approved:policy");
    byte[] envelope = frames.webSocketText();
    assertThat(StrictUtf8.firstInvalid(envelope, 0, envelope.length)).as("envelope is UTF-8").isEqualTo(-1);
    JsonObject json = new JsonObject(Buffer.buffer(envelope));
    assertThat(json.getString("fingerprint")).isEqualTo(notification.fingerprint());
    assertThat(json.getJsonObject("notification").getString("name")).isEqualTo(notification.name());
    String sse = new String(frames.sse(), StandardCharsets.UTF_8);
    assertThat(sse).endsWith("\n\n");
    String[] lines = sse.substring(0, sse.length() - 2).split("[\r\n]", -1);
    assertThat(lines).as(sse).hasSize(3);
    assertThat(lines[0]).startsWith("id: ");
    assertThat(lines[1]).startsWith("event: ");
    assertThat(lines[2]).startsWith("data: ");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
