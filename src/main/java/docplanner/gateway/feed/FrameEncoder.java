package docplanner.gateway.feed;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import docplanner.gateway.event.Verdict;
import docplanner.gateway.ingest.StrictUtf8;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Builds the delivery envelope of an entry, once:
 * <pre>{"id","name","source","received_at","fingerprint",["verdict","verdict_by",]"notification":{...}}</pre>
 * and its SSE frame ({@code id:}, {@code event:}, one {@code data:} line). The notification is
 * embedded as stored (compact JSON). Nothing from the payload can break the SSE framing: JSON
 * strings carry no raw line breaks, the event name is stripped of them, and a stray CR or LF in a
 * foreign entry's JSON (where it can only be whitespace) becomes a space.
 *
 * <p>Every live event is encoded once per feed loop before its first write, so this is on the
 * path of every delivery: the envelope and the frame are each written straight into one array of
 * their exact size (no builder, no string per field, no formatter for the time), the notification
 * copied once from the reply's buffer.
 */
public final class FrameEncoder {

  private static final byte[] ID = ascii("{\"id\":\"");
  private static final byte[] NAME = ascii("\",\"name\":\"");
  private static final byte[] SOURCE = ascii("\",\"source\":\"");
  private static final byte[] RECEIVED_AT = ascii("\",\"received_at\":\"");
  private static final byte[] FINGERPRINT = ascii("\",\"fingerprint\":\"");
  private static final byte[] NO_FIELDS = new byte[0];
  private static final byte[] NOTIFICATION = ascii("\",\"notification\":");
  private static final byte[] SSE_ID = ascii("id: ");
  private static final byte[] SSE_EVENT = ascii("\nevent: ");
  private static final byte[] SSE_DATA = ascii("\ndata: ");
  private static final byte[] SSE_END = ascii("\n\n");
  /** The format of {@code received_at}, for the times {@link #receivedAt} does not write itself. */
  private static final DateTimeFormatter RECEIVED_AT_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  /** 9999-12-31T23:59:59.999Z: past it (never, for a Redis clock) the year takes more than four digits. */
  private static final long LAST_FOUR_DIGIT_YEAR_MILLIS = 253_402_300_799_999L;

  private FrameEncoder() {
  }

  public static EncodedEvent encode(StreamEntry entry) {
    StreamEntry.Fields fields = entry.fields();
    byte[] json = envelope(entry.idText(), entry.id().millis(), fields);
    byte[] eventName = sseField(fields.name()).getBytes(StandardCharsets.UTF_8);
    byte[][] parts = {SSE_ID, ascii(entry.idText()), SSE_EVENT, eventName, SSE_DATA, json, SSE_END};
    byte[] frame = new byte[length(parts)];
    put(frame, parts);
    // Unreleasable: the same frame is written to many subscribers, and a write releases what it wrote.
    return new EncodedEvent(entry.id(), fields.name(), fields.facility(), fields.doctor(),
        BufferInternal.buffer(Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(frame))), json);
  }

  static byte[] envelope(String id, long receivedAtMillis, StreamEntry.Fields entry) {
    byte[] name = jsonString(entry.name());
    byte[] source = jsonString(entry.source().isEmpty() ? "push" : entry.source());
    byte[] fingerprint = jsonString(entry.fingerprint());
    byte[][] head = {ID, ascii(id), NAME, name, SOURCE, source, RECEIVED_AT, receivedAt(receivedAtMillis),
        FINGERPRINT, fingerprint, verdictFields(Verdict.decode(entry.verdict())), NOTIFICATION};
    Buffer body = entry.notification();
    int bodyLength = body.length();
    byte[] json = new byte[length(head) + bodyLength + 1];
    int bodyAt = put(json, head);
    body.getBytes(0, bodyLength, json, bodyAt);
    if (StrictUtf8.firstInvalid(json, bodyAt, bodyAt + bodyLength) >= 0) {
      // Stored before pushes were checked for UTF-8, or by another writer: one U+FFFD per bad
      // sequence, or every WebSocket subscriber would reject this frame, reconnect and get it again.
      return withBody(json, bodyAt, new String(json, bodyAt, bodyLength, StandardCharsets.UTF_8)
          .getBytes(StandardCharsets.UTF_8));
    }
    blankLineBreaks(json, bodyAt, bodyAt + bodyLength);
    json[json.length - 1] = '}';
    return json;
  }

  /** The verdict's two fields, for an approval gate's event (after the fingerprint's, whose string they close). */
  private static byte[] verdictFields(Verdict verdict) {
    return verdict == null ? NO_FIELDS
        : ascii("\",\"verdict\":\"" + verdict.decision() + "\",\"verdict_by\":\"" + verdict.decidedBy().wire());
  }

  /** The envelope's head (up to {@code "notification":}, {@code bodyAt} bytes) followed by {@code body}. */
  private static byte[] withBody(byte[] head, int bodyAt, byte[] body) {
    byte[] json = new byte[bodyAt + body.length + 1];
    System.arraycopy(head, 0, json, 0, bodyAt);
    System.arraycopy(body, 0, json, bodyAt, body.length);
    blankLineBreaks(json, bodyAt, bodyAt + body.length);
    json[json.length - 1] = '}';
    return json;
  }

  /** A line break in stored JSON can only be whitespace between tokens: a space keeps the frame one line. */
  private static void blankLineBreaks(byte[] json, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = json[i];
      if (b == '\n' || b == '\r') {
        json[i] = ' ';
      }
    }
  }

  /**
   * {@code millis} as {@code yyyy-MM-ddTHH:mm:ss.SSSZ} (UTC), written digit by digit: a formatter
   * allocates a dozen objects per call (a zone's rules among them) for the same 24 bytes.
   */
  static byte[] receivedAt(long millis) {
    if (millis < 0 || millis > LAST_FOUR_DIGIT_YEAR_MILLIS) {
      return RECEIVED_AT_FORMAT.format(Instant.ofEpochMilli(millis)).getBytes(StandardCharsets.UTF_8);
    }
    byte[] out = new byte[24];
    int ofDay = (int) (millis % 86_400_000L);
    LocalDate date = LocalDate.ofEpochDay(millis / 86_400_000L);
    int at = digits(out, 0, date.getYear(), 4);
    out[at++] = '-';
    at = digits(out, at, date.getMonthValue(), 2);
    out[at++] = '-';
    at = digits(out, at, date.getDayOfMonth(), 2);
    out[at++] = 'T';
    at = digits(out, at, ofDay / 3_600_000, 2);
    out[at++] = ':';
    at = digits(out, at, ofDay / 60_000 % 60, 2);
    out[at++] = ':';
    at = digits(out, at, ofDay / 1_000 % 60, 2);
    out[at++] = '.';
    at = digits(out, at, ofDay % 1_000, 3);
    out[at] = 'Z';
    return out;
  }

  private static int digits(byte[] out, int at, int value, int width) {
    for (int i = width - 1; i >= 0; i--) {
      out[at + i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return at + width;
  }

  private static int length(byte[][] parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    return length;
  }

  /** Writes {@code parts} one after the other from the start of {@code out}; the position after them. */
  private static int put(byte[] out, byte[][] parts) {
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return at;
  }

  /** The inside of a JSON string (escaped, UTF-8); the bytes of {@code text} itself when it needs no escaping. */
  private static byte[] jsonString(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return new String(JsonStringEncoder.getInstance().quoteAsString(text)).getBytes(StandardCharsets.UTF_8);
      }
    }
    return ascii(text);
  }

  /** For text known to be ASCII (stream ids, fixed words): Latin-1 is then a plain copy of its bytes. */
  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** An SSE field value must not contain CR or LF (it would end the field). */
  public static String sseField(String value) {
    if (value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
      return value;
    }
    return value.replace('\r', ' ').replace('\n', ' ');
  }
}
