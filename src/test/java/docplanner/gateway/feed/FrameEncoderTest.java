package docplanner.gateway.feed;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import docplanner.gateway.event.Verdict;
import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The encoder writes its bytes by hand; what it writes is pinned to the straightforward way of
 * writing them (a builder, Jackson's string escaping, java.time's formatter: the encoder as it was
 * before it was made to allocate once), over every kind of field a stored entry can hold.
 */
class FrameEncoderTest {

  private static final DateTimeFormatter RECEIVED_AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private static final String[] TEXTS = {
      "slot-booked", "", "push", "pull", "a\"quote", "back\\slash", "line\nbreak", "cr\rlf", "tab\there",
      "\u0001control", "del\u007f", "zażółć", "日本語", "emoji \uD83D\uDE00", "\uFFFD replaced"};
  private static final String[] VERDICTS = {
      "", Verdict.approve(Verdict.DecidedBy.POLICY).encode(), Verdict.deny(Verdict.DecidedBy.APPROVER, 7).encode(),
      Verdict.deny(Verdict.DecidedBy.TIMEOUT, 1).encode(), "foreign"};
  private static final byte[][] BODIES = {
      "{\"name\":\"slot-booked\",\"data\":{\"id\":\"é\"},\"created_at\":\"t\"}".getBytes(StandardCharsets.UTF_8),
      "{\"a\":1,\r\n\"b\":\n2}".getBytes(StandardCharsets.UTF_8),
      {'{', '"', 'x', '"', ':', '"', (byte) 0xC3, '"', '}'}, // a lone lead byte: stored by another writer
      {'{', '"', 'x', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '\n', '"', '}'},
      "null".getBytes(StandardCharsets.UTF_8),
      new byte[0]};

  @Test
  void writesWhatTheStraightforwardEncoderWrites() {
    Random random = new Random(42);
    for (int i = 0; i < 20_000; i++) {
      long millis = switch (i % 5) {
        case 0 -> random.nextLong(0, 4_102_444_800_000L); // 1970-2100
        case 1 -> random.nextLong(0, 253_402_300_800_000L); // up to 9999-12-31
        case 2 -> 253_402_300_799_999L - random.nextInt(1_000); // the last millis with a four-digit year
        case 3 -> 253_402_300_800_000L + random.nextInt(1_000_000); // past them
        default -> (long) random.nextInt(1_000) * 86_400_000L + random.nextInt(86_400_000); // day boundaries
      };
      String id = millis + "-" + random.nextInt(100);
      StreamEntry.Fields fields = new StreamEntry.Fields(pick(random, TEXTS), pick(random, TEXTS),
          random.nextBoolean() ? "" : "9f2c5e0d1b7a4c3e8f6d2a1b0c9e8d7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d",
          "f" + i, "d" + i, VERDICTS[random.nextInt(VERDICTS.length)], Buffer.buffer(BODIES[random.nextInt(BODIES.length)]));

      byte[] json = FrameEncoder.envelope(id, millis, fields);
      assertThat(json).as("envelope of %s at %d: %s", id, millis, fields).isEqualTo(referenceEnvelope(id, millis, fields));

      EncodedEvent event = FrameEncoder.encode(StreamEntry.of(id, fields));
      assertThat(event.json()).isEqualTo(json);
      assertThat(event.sseFrame().getBytes()).isEqualTo(referenceFrame(id, fields.name(), json));
    }
  }

  @Test
  void receivedAtIsUtcToTheMillisecond() {
    assertThat(new String(FrameEncoder.receivedAt(0), StandardCharsets.US_ASCII)).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(new String(FrameEncoder.receivedAt(1_764_300_973_028L), StandardCharsets.US_ASCII))
        .isEqualTo("2025-11-28T03:36:13.028Z");
    assertThat(new String(FrameEncoder.receivedAt(951_782_400_000L), StandardCharsets.US_ASCII))
        .isEqualTo("2000-02-29T00:00:00.000Z");
  }

  @Test
  void theFrameSurvivesBeingWrittenMoreThanOnce() {
    EncodedEvent event = FrameEncoder.encode(StreamEntry.of("1-0", new StreamEntry.Fields("slot-booked", "push", "fp", "", "",
        "", Buffer.buffer("{}"))));
    byte[] expected = event.sseFrame().getBytes();
    // A socket write releases what it is given: the shared frame must stay readable for the next subscriber.
    ByteBuf written = ((BufferInternal) event.sseFrame()).getByteBuf();
    written.release();
    ((BufferInternal) event.sseFrame()).getByteBuf().release();
    assertThat(event.sseFrame().getBytes()).isEqualTo(expected);
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  /** The encoder as it was written before (c858adb), kept as the definition of its output. */
  private static byte[] referenceEnvelope(String id, long receivedAtMillis, StreamEntry.Fields entry) {
    StringBuilder head = new StringBuilder(256)
        .append("{\"id\":\"").append(id)
        .append("\",\"name\":\"").append(escape(entry.name()))
        .append("\",\"source\":\"").append(escape(entry.source().isEmpty() ? "push" : entry.source()))
        .append("\",\"received_at\":\"").append(RECEIVED_AT.format(Instant.ofEpochMilli(receivedAtMillis)))
        .append("\",\"fingerprint\":\"").append(escape(entry.fingerprint())).append('"');
    Verdict verdict = Verdict.decode(entry.verdict());
    if (verdict != null) {
      head.append(",\"verdict\":\"").append(verdict.decision())
          .append("\",\"verdict_by\":\"").append(verdict.decidedBy().wire()).append('"');
    }
    head.append(",\"notification\":");
    byte[] prefix = head.toString().getBytes(StandardCharsets.UTF_8);
    byte[] body = entry.notification().getBytes();
    if (docplanner.gateway.ingest.StrictUtf8.firstInvalid(body, 0, body.length) >= 0) {
      body = new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
    }
    byte[] json = new byte[prefix.length + body.length + 1];
    System.arraycopy(prefix, 0, json, 0, prefix.length);
    for (int i = 0; i < body.length; i++) {
      byte b = body[i];
      json[prefix.length + i] = b == '\n' || b == '\r' ? (byte) ' ' : b;
    }
    json[json.length - 1] = '}';
    return json;
  }

  private static byte[] referenceFrame(String id, String name, byte[] json) {
    return Buffer.buffer().appendString("id: ").appendString(id)
        .appendString("\nevent: ").appendString(FrameEncoder.sseField(name))
        .appendString("\ndata: ").appendBytes(json)
        .appendString("\n\n").getBytes();
  }

  private static char[] escape(String text) {
    return JsonStringEncoder.getInstance().quoteAsString(text);
  }
}
